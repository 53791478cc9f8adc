import { Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { CabeceraRegistro } from '../../components/CabeceraRegistro';
import { Ficha } from '../../components/Ficha';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { formatFechaHora, formatMbps, formatNumber, formatPorcentaje, SIN_DATO } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { usePuedeOperar } from '../auth';
import { HistorialCambios } from '../cambios/HistorialCambios';
import { AjusteCapacidadModal, accionesCapacidad, type ModoAjuste } from './AjusteCapacidadModal';
import { CondicionPill, KpiTile, ModalidadBadge } from './comun';
import { Conciliacion, ConexionesDelServicio, HistorialCapacidad, UsoDelServicio } from './detalle';

export default function ServicioDetallePage() {
  const params = useParams();
  const id = Number(params.id);
  const valido = Number.isInteger(id) && id > 0;
  const puedeOperar = usePuedeOperar();
  const [modo, setModo] = useState<ModoAjuste | null>(null);

  const detalle = trpc.servicios.detalle.useQuery({ servicio_id: id }, { enabled: valido });

  if (!valido) return <ErrorState title="Servicio no válido" error={new Error('El identificador no es válido.')} />;
  if (detalle.isPending) return <LoadingState />;
  if (detalle.isError) return <ErrorState error={detalle.error} onRetry={() => detalle.refetch()} />;

  const { servicio: s, kpi, conciliacion } = detalle.data;

  return (
    <>
      <CabeceraRegistro
        titulo={
          <>
            <span>Servicio</span>
            <Code fz="xl" ff="monospace">
              {s.cid_interno ?? SIN_DATO}
            </Code>
          </>
        }
        estado={<CondicionPill condicion={s.condicion} />}
        descripcion={`${s.proveedor_nombre}${s.ubicacion_servicio ? ` — ${s.ubicacion_servicio}` : ''}`}
        volver={['/servicios', 'Enlaces por proveedor']}
        editar={puedeOperar ? `/servicios/editar/${s.servicio_id}` : null}
        acciones={accionesCapacidad(setModo, 16)}
      />

      <Stack gap="lg">
        <Ficha
          datos={[
            { label: 'Proveedor', value: s.proveedor_nombre },
            { label: 'Modalidad', value: <ModalidadBadge modalidad={s.modalidad} /> },
            { label: 'Ubicación del servicio', value: s.ubicacion_servicio },
            { label: 'Condición', value: <CondicionPill condicion={s.condicion} /> },
            {
              label: 'Capacidad disponible',
              value: (
                <Text span c={s.capacidad_disponible < 0 ? 'red' : undefined} fw={600}>
                  {formatMbps(s.capacidad_disponible)}
                </Text>
              ),
            },
            { label: 'Observación', value: s.observacion },
            { label: 'CID del proveedor', value: s.cid_proveedor ? <Code>{s.cid_proveedor}</Code> : null },
            {
              label: 'Nodo',
              value: s.nodo_id ? (
                <>
                  {`${s.nodo_nombre ?? `Nodo ${s.nodo_id}`}${s.tipo_nodo ? ` (${s.tipo_nodo})` : ''}`}
                  {s.direccion ? (
                    <Text span display="block" size="xs" c="dimmed">
                      {s.direccion}
                    </Text>
                  ) : null}
                </>
              ) : null,
            },
            {
              label: 'Límite de sobreventa',
              value:
                s.limite_sobreventa_pct === null ? 'Política general' : `${formatNumber(s.limite_sobreventa_pct)} %`,
            },
            { label: 'Registrado', value: formatFechaHora(s.created_at) },
          ]}
        />

        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <KpiTile label="Comprada" value={kpi.capacidad_comprada} testId="detalle-comprada" />
          <KpiTile
            label="Vendida"
            value={kpi.capacidad_vendida}
            hint={`${formatPorcentaje(kpi.pct_vendida / 100)} de lo comprado`}
            testId="detalle-vendida"
          />
          <KpiTile label="Utilizada" value={kpi.capacidad_utilizada} testId="detalle-utilizada" />
          <KpiTile
            label="Disponible"
            value={kpi.capacidad_disponible}
            negativo={kpi.capacidad_disponible < 0}
            hint={kpi.capacidad_disponible < 0 ? 'Sobrevendido' : undefined}
            testId="detalle-disponible"
          />
        </SimpleGrid>

        <UsoDelServicio d={detalle.data} />
        <ConexionesDelServicio d={detalle.data} />
        <Conciliacion c={conciliacion} />
        <HistorialCapacidad servicio_id={s.servicio_id} />
      </Stack>
      <HistorialCambios entidad="servicio" id={s.servicio_id} />

      <AjusteCapacidadModal servicio={modo ? s : null} modo={modo ?? 'AUMENTAR'} onClose={() => setModo(null)} />
    </>
  );
}
