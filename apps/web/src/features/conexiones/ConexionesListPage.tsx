import { Card, Code, Group, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { ENLACE_ESTADO_LABELS, ENLACE_ESTADOS } from '@troncal/domain/enums';
import { useCallback, useState } from 'react';
import { AccionesFila } from '../../components/AccionesFila';
import { CampoBusqueda } from '../../components/CampoBusqueda';
import { FiltroSelect } from '../../components/FiltroSelect';
import { paginaConsulta } from '../../components/Paginacion';
import { ResultadosLista } from '../../components/ResultadosLista';
import tabla from '../../components/tabla.module.css';
import { formatMbps, SIN_DATO } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useUrlState } from '../../lib/url-state';
import { usePuedeOperar } from '../auth';
import { UtilizadoCelda } from '../monitoreo/UsoConexion';
import { BotonNuevo, CabeceraLista } from '../referencia/lista';
import { AjustarBwModal, type AjusteBwObjetivo, accionesBw } from './AjustarBwModal';
import { EnlaceEstadoPill } from './comun';
import { ubicacionEnlace } from './ubicacion';

/** /conexiones: the links sold to clients, 10 a page, with search and estado in the URL. */
export default function ConexionesListPage() {
  const [filtros, setFiltros] = useUrlState({ page: 1, q: '', estado: '' });
  const [ajuste, setAjuste] = useState<AjusteBwObjetivo | null>(null);
  const puedeOperar = usePuedeOperar();
  const onSearch = useCallback((q: string) => setFiltros({ q }, { replace: true }), [setFiltros]);

  const lista = trpc.conexiones.list.useQuery(
    { ...paginaConsulta(filtros.page), search: filtros.q || undefined, estado: filtros.estado || undefined },
    { placeholderData: keepPreviousData },
  );
  const nuevo = <BotonNuevo ruta="/conexiones/nueva">Nueva servicio cliente</BotonNuevo>;

  return (
    <>
      <CabeceraLista
        titulo="Conexiones"
        descripcion="Enlaces vendidos a clientes corporativos y el servicio de proveedor que los respalda."
        exportar={{ ruta: '/v1/conexiones', filtros: { search: filtros.q, estado: filtros.estado } }}
        importar="conexiones"
        nuevo={nuevo}
      />

      <Card withBorder padding="md" mb="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <CampoBusqueda
            label="Búsqueda"
            placeholder="CID, cliente, RUC, ubicación, servicio…"
            value={filtros.q}
            onSearch={onSearch}
          />
          <FiltroSelect
            label="Estado"
            data={ENLACE_ESTADOS.map((e) => ({ value: e, label: ENLACE_ESTADO_LABELS[e] }))}
            value={filtros.estado || null}
            onChange={(v) => setFiltros({ estado: v ?? '' })}
            w={{ base: '100%', sm: 200 }}
          />
        </Group>
      </Card>

      <ResultadosLista
        query={lista}
        titulo="Conexiones"
        filtrado={Boolean(filtros.q || filtros.estado)}
        onLimpiar={() => setFiltros({ q: '', estado: '' })}
        ninguno="Ninguna conexión coincide con el filtro"
        ningunoDetalle="Cambie la búsqueda o el estado."
        vacio="Aún no hay conexiones"
        vacioDetalle="Una conexión necesita al menos un nodo y un servicio de proveedor registrados."
        nuevo={nuevo}
        minWidth={960}
        columnas={[
          'CID',
          'Tipo de servicio',
          'Cliente y ubicación',
          { titulo: 'Contratado', derecha: true },
          { titulo: 'Disponible', derecha: true },
          { titulo: 'Utilizado', derecha: true },
          'Estado',
          { titulo: 'Acciones', acciones: true },
        ]}
        fila={(c) => (
          <Table.Tr key={c.enlace_id} data-cid={c.cid_enlace ?? ''}>
            <Table.Td>
              <Code fz="sm">{c.cid_enlace ?? SIN_DATO}</Code>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{c.tipo_enlace ?? SIN_DATO}</Text>
              <Text size="xs" c="dimmed">
                {c.modalidad_enlace ?? ''}
              </Text>
            </Table.Td>
            <Table.Td>
              <Stack gap={0}>
                <Text size="sm" fw={600}>
                  {c.cliente_razon_social ?? SIN_DATO}
                </Text>
                <Text size="xs" c="dimmed" data-col="ubicacion">
                  {ubicacionEnlace(c) ?? SIN_DATO}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td ta="right" data-col="contratado" className={tabla.cifra}>
              {formatMbps(c.bw_contratado)}
            </Table.Td>
            <Table.Td
              ta="right"
              data-col="disponible"
              c={c.bw_disponible < 0 ? 'red' : undefined}
              className={tabla.cifra}
            >
              {formatMbps(c.bw_disponible)}
            </Table.Td>
            <Table.Td ta="right" data-col="utilizado" className={tabla.cifra}>
              <UtilizadoCelda c={c} />
            </Table.Td>
            <Table.Td>
              <EnlaceEstadoPill estado={c.enlace_estado} />
            </Table.Td>
            <AccionesFila
              ver={`/conexiones/${c.enlace_id}`}
              editar={puedeOperar ? `/conexiones/${c.enlace_id}/editar` : null}
              acciones={accionesBw(c, setAjuste)}
            />
          </Table.Tr>
        )}
        page={filtros.page}
        onPageChange={(page) => setFiltros({ page })}
      />

      <AjustarBwModal objetivo={ajuste} onClose={() => setAjuste(null)} />
    </>
  );
}
