import { Button, Group, Select, Table } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import {
  ESTADO_REGISTRO_LABELS,
  ESTADOS_REGISTRO,
  type EstadoRegistro,
  TIPO_NODO_COLORS,
  TIPO_NODO_LABELS,
  TIPOS_NODO,
  type TipoNodo,
} from '@troncal/domain/enums';
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

export default function NodosListPage() {
  const [f, setF, reset] = useUrlState({ page: 1, q: '', tipo: '', estado: '' });
  const estado = (ESTADOS_REGISTRO as readonly string[]).includes(f.estado) ? (f.estado as EstadoRegistro) : undefined;
  const tipo = (TIPOS_NODO as readonly string[]).includes(f.tipo) ? (f.tipo as TipoNodo) : undefined;
  const query = trpc.nodos.list.useQuery(
    { limit: TAMANO_PAGINA, offset: (f.page - 1) * TAMANO_PAGINA, search: f.q || undefined, estado, tipo },
    { placeholderData: keepPreviousData },
  );
  const onSearch = useCallback((q: string) => setF({ q }, { replace: true }), [setF]);
  const filtrado = Boolean(f.q || estado || tipo);
  const nuevo = (
    <SoloOperador>
      <Button component={Link} to="/nodos/nuevo" leftSection={<IconPlus size={16} />}>
        Nuevo nodo
      </Button>
    </SoloOperador>
  );

  return (
    <>
      <PageHeader
        title="Nodos"
        description="Sitios de la red y su ubicación."
        actions={
          <>
            <Exportar ruta="/v1/nodos" filtros={{ search: f.q, estado, tipo }} />
            <BotonImportar entidad="nodos" />
            {nuevo}
          </>
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <CampoBusqueda value={f.q} onSearch={onSearch} placeholder="Nombre o dirección" />
        <Select
          label="Tipo"
          placeholder="Todos"
          data={opciones(TIPOS_NODO, TIPO_NODO_LABELS)}
          value={tipo ?? null}
          onChange={(v) => setF({ tipo: v ?? '' })}
          clearable
          w={180}
        />
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
        plural="nodos"
        titulo="Nodos"
        ninguno="Ningún nodo coincide"
        filtrado={filtrado}
        onLimpiar={reset}
        nuevo={nuevo}
        page={f.page}
        onPageChange={(page) => setF({ page })}
        columnas={['Nombre', 'Tipo', 'Ubicación', 'Dirección', 'Estado']}
        fila={(n) => (
          <Table.Tr key={n.nodo_id}>
            <Table.Td>
              <EnlaceDetalle to={`/nodos/${n.nodo_id}`}>{n.nombre}</EnlaceDetalle>
            </Table.Td>
            <Table.Td>
              <EstadoPill
                estado={n.tipo}
                colores={TIPO_NODO_COLORS}
                label={TIPO_NODO_LABELS[n.tipo]}
                variant="outline"
              />
            </Table.Td>
            <Table.Td>{n.ubigeo_nombre ?? SIN_DATO}</Table.Td>
            <Table.Td>{n.direccion ?? SIN_DATO}</Table.Td>
            <Table.Td>
              <EstadoPill estado={n.estado} label={ESTADO_REGISTRO_LABELS[n.estado]} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
