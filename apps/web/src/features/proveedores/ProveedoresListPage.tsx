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

export default function ProveedoresListPage() {
  const [f, setF, reset] = useUrlState({ page: 1, q: '', estado: '' });
  const estado = (ESTADOS_REGISTRO as readonly string[]).includes(f.estado) ? (f.estado as EstadoRegistro) : undefined;
  const query = trpc.proveedores.list.useQuery(
    { limit: TAMANO_PAGINA, offset: (f.page - 1) * TAMANO_PAGINA, search: f.q || undefined, estado },
    { placeholderData: keepPreviousData },
  );
  const onSearch = useCallback((q: string) => setF({ q }, { replace: true }), [setF]);
  const filtrado = Boolean(f.q || estado);
  const nuevo = (
    <SoloOperador>
      <Button component={Link} to="/proveedores/nuevo" leftSection={<IconPlus size={16} />}>
        Nuevo proveedor
      </Button>
    </SoloOperador>
  );

  return (
    <>
      <PageHeader
        title="Proveedores"
        description="Operadores a los que compramos capacidad."
        actions={
          <>
            <Exportar ruta="/v1/proveedores" filtros={{ search: f.q, estado }} />
            <BotonImportar entidad="proveedores" />
            {nuevo}
          </>
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <CampoBusqueda value={f.q} onSearch={onSearch} placeholder="Nombre, RUC, contacto o correo" />
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
        plural="proveedores"
        titulo="Proveedores"
        ninguno="Ningún proveedor coincide"
        filtrado={filtrado}
        onLimpiar={reset}
        nuevo={nuevo}
        page={f.page}
        onPageChange={(page) => setF({ page })}
        columnas={['Nombre', 'RUC', 'Contacto', 'Teléfono', 'Correo', 'Estado']}
        fila={(p) => (
          <Table.Tr key={p.proveedor_id}>
            <Table.Td>
              <EnlaceDetalle to={`/proveedores/${p.proveedor_id}`}>{p.nombre}</EnlaceDetalle>
            </Table.Td>
            <Table.Td>{p.ruc ?? SIN_DATO}</Table.Td>
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
