import { Card, Code, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import {
  type DepartamentoProvincia,
  type DepartamentoProvinciaDetalle,
  DepartamentoProvinciaSelect,
  DistritoAutocomplete,
} from '../../components/UbigeoSelect';
import type { UbigeoItem } from '../../lib/ubigeo';

function Fila({ nivel, item, texto }: { nivel: string; item: UbigeoItem | null; texto?: string }) {
  return (
    <Table.Tr>
      <Table.Th scope="row">{nivel}</Table.Th>
      <Table.Td>{item?.nombre ?? texto ?? '—'}</Table.Td>
      <Table.Td>
        {item ? <Code data-testid={`codigo-${nivel.toLowerCase()}`}>{item.codigo}</Code> : <Text c="dimmed">—</Text>}
      </Table.Td>
    </Table.Tr>
  );
}

export default function UbigeoPage() {
  const [value, setValue] = useState<DepartamentoProvincia>({ departamento: null, provincia: null });
  const [detalle, setDetalle] = useState<DepartamentoProvinciaDetalle>({ departamento: null, provincia: null });
  const [distrito, setDistrito] = useState('');
  const [distritoItem, setDistritoItem] = useState<UbigeoItem | null>(null);

  return (
    <>
      <PageHeader
        title="Ubigeo del Perú"
        description="Departamentos, provincias y distritos según los códigos del INEI."
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg">
          <Stack gap="md">
            <DepartamentoProvinciaSelect
              value={value}
              onChange={(next, nextDetalle) => {
                if (next.provincia !== value.provincia || next.departamento !== value.departamento) {
                  setDistrito('');
                  setDistritoItem(null);
                }
                setValue(next);
                setDetalle(nextDetalle);
              }}
            />
            <DistritoAutocomplete
              provincia={detalle.provincia?.codigo ?? null}
              value={distrito}
              onChange={(texto, item) => {
                setDistrito(texto);
                setDistritoItem(item);
              }}
            />
          </Stack>
        </Card>
        <Card withBorder padding="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>Selección</Text>
          </Group>
          <Table aria-label="Códigos de ubigeo elegidos">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Nivel</Table.Th>
                <Table.Th>Nombre</Table.Th>
                <Table.Th>Código</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Fila nivel="Departamento" item={detalle.departamento} />
              <Fila nivel="Provincia" item={detalle.provincia} />
              <Fila nivel="Distrito" item={distritoItem} texto={distrito || undefined} />
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </>
  );
}
