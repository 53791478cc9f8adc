import { Card, Code, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
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
import { BotonNuevo, CabeceraLista } from '../referencia/lista';
import {
  AjusteCapacidadModal,
  accionesCapacidad,
  type ModoAjuste,
  type ServicioAjustable,
} from './AjusteCapacidadModal';
import { CondicionPill, KpiTile, ModalidadBadge } from './comun';

/** Nothing reaches the URL (and the server) until the search has 2 characters. */
const MIN_BUSQUEDA = 2;

export default function ServiciosListPage() {
  const [filtros, setFiltros] = useUrlState({ page: 1, q: '', proveedor: '', cid: '' });
  const [ajuste, setAjuste] = useState<{ servicio: ServicioAjustable; modo: ModoAjuste } | null>(null);
  const puedeOperar = usePuedeOperar();
  const onSearch = useCallback((q: string) => setFiltros({ q }, { replace: true }), [setFiltros]);

  const lista = trpc.servicios.list.useQuery(
    {
      ...paginaConsulta(filtros.page),
      search: filtros.q || undefined,
      proveedor_id: filtros.proveedor ? Number(filtros.proveedor) : undefined,
      cid: filtros.cid || undefined,
    },
    { placeholderData: keepPreviousData },
  );

  const datos = lista.data;
  const opcionesProveedor = (datos?.opciones.proveedores ?? []).map((p) => ({
    value: String(p.proveedor_id),
    label: p.nombre,
  }));
  // Keep the chosen value selectable even when the result set no longer holds it.
  if (filtros.proveedor && !opcionesProveedor.some((o) => o.value === filtros.proveedor)) {
    opcionesProveedor.unshift({ value: filtros.proveedor, label: `Proveedor ${filtros.proveedor}` });
  }
  const opcionesCid = [...(datos?.opciones.cids ?? [])];
  if (filtros.cid && !opcionesCid.includes(filtros.cid)) opcionesCid.unshift(filtros.cid);

  const kpi = datos?.kpi;
  const nuevo = <BotonNuevo ruta="/servicios/crear">Nuevo servicio</BotonNuevo>;

  return (
    <>
      <CabeceraLista
        titulo="Enlaces por proveedor"
        descripcion="Servicios comprados a proveedores: capacidad comprada, vendida, utilizada y disponible."
        exportar={{
          ruta: '/v1/servicios-proveedor',
          filtros: { search: filtros.q, proveedor_id: filtros.proveedor, cid: filtros.cid },
        }}
        importar="servicios-proveedor"
        nuevo={nuevo}
      />

      <Card withBorder padding="md" mb="md">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <CampoBusqueda
              label="Búsqueda"
              placeholder="Proveedor, CID, modalidad o ubicación"
              description={`Desde ${MIN_BUSQUEDA} caracteres.`}
              minimo={MIN_BUSQUEDA}
              espera={350}
              value={filtros.q}
              onSearch={onSearch}
            />
            <FiltroSelect
              label="Proveedor"
              data={opcionesProveedor}
              value={filtros.proveedor || null}
              onChange={(v) => setFiltros({ proveedor: v ?? '' })}
              buscable
              nothingFoundMessage="Sin proveedores"
            />
            <FiltroSelect
              label="CID"
              data={opcionesCid}
              value={filtros.cid || null}
              onChange={(v) => setFiltros({ cid: v ?? '' })}
              buscable
              nothingFoundMessage="Sin CID de proveedor"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" aria-label="Totales del filtro">
            <KpiTile label="Comprada" value={kpi?.capacidad_comprada} testId="kpi-comprada" />
            <KpiTile label="Vendida" value={kpi?.capacidad_vendida} testId="kpi-vendida" />
            <KpiTile label="Utilizada" value={kpi?.capacidad_utilizada} testId="kpi-utilizada" />
            <KpiTile
              label="Disponible"
              value={kpi?.capacidad_disponible}
              negativo={(kpi?.capacidad_disponible ?? 0) < 0}
              testId="kpi-disponible"
            />
          </SimpleGrid>
        </Stack>
      </Card>

      <ResultadosLista
        query={lista}
        titulo="Servicios de proveedor"
        filtrado={Boolean(filtros.q || filtros.proveedor || filtros.cid)}
        onLimpiar={() => setFiltros({ q: '', proveedor: '', cid: '' })}
        ninguno="Ningún servicio coincide con el filtro"
        ningunoDetalle="Cambie la búsqueda o los filtros."
        vacio="Aún no hay servicios"
        vacioDetalle="Registre el primer servicio de proveedor."
        nuevo={nuevo}
        minWidth={860}
        columnas={[
          'CID',
          'Proveedor + Destino',
          'Modalidad',
          'Capacidades',
          'Estado',
          { titulo: 'Acciones', acciones: true },
        ]}
        fila={(s) => (
          <Table.Tr key={s.servicio_id} data-servicio={s.cid_interno ?? ''}>
            <Table.Td>
              <Code ff="monospace" fz="sm">
                {s.cid_interno ?? SIN_DATO}
              </Code>
            </Table.Td>
            <Table.Td>
              <Text fw={600} size="sm">
                {s.proveedor_nombre}
              </Text>
              <Text size="xs" c="dimmed">
                {s.ubicacion_servicio ?? SIN_DATO}
              </Text>
            </Table.Td>
            <Table.Td>
              <ModalidadBadge modalidad={s.modalidad} />
            </Table.Td>
            <Table.Td className={tabla.cifra}>
              <Text size="sm">
                <Text span c="dimmed" size="xs">
                  Contratada:{' '}
                </Text>
                {formatMbps(s.capacidad_comprada)}
              </Text>
              <Text size="sm" c={s.capacidad_disponible < 0 ? 'red' : undefined}>
                <Text span c="dimmed" size="xs">
                  Actual:{' '}
                </Text>
                {formatMbps(s.capacidad_disponible)}
              </Text>
            </Table.Td>
            <Table.Td>
              <CondicionPill condicion={s.condicion} />
            </Table.Td>
            <AccionesFila
              ver={`/servicios/detalle/${s.servicio_id}`}
              editar={puedeOperar ? `/servicios/editar/${s.servicio_id}` : null}
              acciones={accionesCapacidad((modo) => setAjuste({ servicio: s, modo }))}
            />
          </Table.Tr>
        )}
        page={filtros.page}
        onPageChange={(page) => setFiltros({ page })}
      />

      <AjusteCapacidadModal
        servicio={ajuste?.servicio ?? null}
        modo={ajuste?.modo ?? 'AUMENTAR'}
        onClose={() => setAjuste(null)}
      />
    </>
  );
}
