import { Button, Group, Select, Table } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import {
  ESTADO_EQUIPO_LABELS,
  ESTADOS_EQUIPO,
  type EstadoEquipo,
  TIPO_EQUIPO_LABELS,
  TIPOS_EQUIPO,
  type TipoEquipo,
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

export default function EquiposListPage() {
  const [f, setF, reset] = useUrlState({ page: 1, q: '', tipo: '', estado: '' });
  const estado = (ESTADOS_EQUIPO as readonly string[]).includes(f.estado) ? (f.estado as EstadoEquipo) : undefined;
  const tipo = (TIPOS_EQUIPO as readonly string[]).includes(f.tipo) ? (f.tipo as TipoEquipo) : undefined;
  const query = trpc.equipos.list.useQuery(
    { limit: TAMANO_PAGINA, offset: (f.page - 1) * TAMANO_PAGINA, search: f.q || undefined, estado, tipo },
    { placeholderData: keepPreviousData },
  );
  const onSearch = useCallback((q: string) => setF({ q }, { replace: true }), [setF]);
  const filtrado = Boolean(f.q || estado || tipo);
  const nuevo = (
    <SoloOperador>
      <Button component={Link} to="/equipos/nuevo" leftSection={<IconPlus size={16} />}>
        Nuevo equipo
      </Button>
    </SoloOperador>
  );

  return (
    <>
      <PageHeader
        title="Equipos"
        description="Routers, switches, ONT, radios y firewalls."
        actions={
          <>
            <Exportar ruta="/v1/equipos" filtros={{ search: f.q, estado, tipo }} />
            <BotonImportar entidad="equipos" />
            {nuevo}
          </>
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <CampoBusqueda value={f.q} onSearch={onSearch} placeholder="Serie, marca o modelo" />
        <Select
          label="Tipo"
          placeholder="Todos"
          data={opciones(TIPOS_EQUIPO, TIPO_EQUIPO_LABELS)}
          value={tipo ?? null}
          onChange={(v) => setF({ tipo: v ?? '' })}
          clearable
          w={180}
        />
        <Select
          label="Estado"
          placeholder="Todos"
          data={opciones(ESTADOS_EQUIPO, ESTADO_EQUIPO_LABELS)}
          value={estado ?? null}
          onChange={(v) => setF({ estado: v ?? '' })}
          clearable
          w={180}
        />
      </Group>
      <ResultadosReferencia
        query={query}
        plural="equipos"
        titulo="Equipos"
        ninguno="Ningún equipo coincide"
        filtrado={filtrado}
        onLimpiar={reset}
        nuevo={nuevo}
        page={f.page}
        onPageChange={(page) => setF({ page })}
        columnas={['Serie', 'Tipo', 'Marca', 'Modelo', 'Estado', 'Conexión']}
        fila={(e) => (
          <Table.Tr key={e.equipo_id}>
            <Table.Td>
              <EnlaceDetalle to={`/equipos/${e.equipo_id}`}>{e.serial}</EnlaceDetalle>
            </Table.Td>
            <Table.Td>{TIPO_EQUIPO_LABELS[e.tipo]}</Table.Td>
            <Table.Td>{e.marca}</Table.Td>
            <Table.Td>{e.modelo}</Table.Td>
            <Table.Td>
              <EstadoPill estado={e.estado} label={ESTADO_EQUIPO_LABELS[e.estado]} />
            </Table.Td>
            <Table.Td>{e.cid_enlace ?? SIN_DATO}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
