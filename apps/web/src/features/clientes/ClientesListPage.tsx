import { Button, Group, Select, Table } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { ESTADO_REGISTRO_LABELS, ESTADOS_REGISTRO, type EstadoRegistro } from '@troncal/domain/enums';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { EstadoPill } from '../../components/EstadoPill';
import { Exportar } from '../../components/Exportar';
import { PageHeader } from '../../components/PageHeader';
import { TAMANO_PAGINA } from '../../components/Paginacion';
import { SIN_DATO } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useUrlState } from '../../lib/url-state';
import { BotonImportar } from '../importacion/BotonImportar';
import { CampoBusqueda, EnlaceDetalle, opciones, ResultadosReferencia, SoloOperador } from '../referencia/comun';

export default function ClientesListPage() {
  const [f, setF, reset] = useUrlState({ page: 1, q: '', estado: '' });
  const estado = (ESTADOS_REGISTRO as readonly string[]).includes(f.estado) ? (f.estado as EstadoRegistro) : undefined;
  const query = trpc.clientes.list.useQuery(
    { limit: TAMANO_PAGINA, offset: (f.page - 1) * TAMANO_PAGINA, search: f.q || undefined, estado },
    { placeholderData: keepPreviousData },
  );
  const onSearch = useCallback((q: string) => setF({ q }, { replace: true }), [setF]);
  const filtrado = Boolean(f.q || estado);
  const nuevo = (
    <SoloOperador>
      <Button component={Link} to="/clientes/nuevo" leftSection={<IconPlus size={16} />}>
        Nuevo cliente
      </Button>
    </SoloOperador>
  );

  return (
    <>
      <PageHeader
        title="Clientes"
        description="Clientes corporativos a los que vendemos enlaces."
        actions={
          <>
            <Exportar ruta="/v1/clientes" filtros={{ search: f.q, estado }} />
            <BotonImportar entidad="clientes" />
            {nuevo}
          </>
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <CampoBusqueda value={f.q} onSearch={onSearch} placeholder="Razón social, RUC, contacto o correo" />
        <Select
          label="Estado"
          placeholder="Todos"
          data={opciones(ESTADOS_REGISTRO, ESTADO_REGISTRO_LABELS)}
          value={estado ?? null}
          onChange={(v) => setF({ estado: v ?? '' })}
          clearable
          w={180}
        />
      </Group>
      <ResultadosReferencia
        query={query}
        plural="clientes"
        titulo="Clientes"
        ninguno="Ningún cliente coincide"
        filtrado={filtrado}
        onLimpiar={reset}
        nuevo={nuevo}
        page={f.page}
        onPageChange={(page) => setF({ page })}
        columnas={['Razón social', 'RUC', 'Contacto', 'Teléfono', 'Correo', 'Estado']}
        fila={(p) => (
          <Table.Tr key={p.cliente_id}>
            <Table.Td>
              <EnlaceDetalle to={`/clientes/${p.cliente_id}`}>{p.razon_social}</EnlaceDetalle>
            </Table.Td>
            <Table.Td>{p.ruc}</Table.Td>
            <Table.Td>{p.contacto ?? SIN_DATO}</Table.Td>
            <Table.Td>{p.telefono ?? SIN_DATO}</Table.Td>
            <Table.Td>{p.email ?? SIN_DATO}</Table.Td>
            <Table.Td>
              <EstadoPill estado={p.estado} label={ESTADO_REGISTRO_LABELS[p.estado]} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
