import { Alert, Box, Group, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ObjetoMonitoreo } from '@troncal/domain/schemas';
import { type ReactNode, useMemo, useState } from 'react';
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { LoadingState } from '../../components/StateViews';
import { formatFechaHora, formatMbps, formatNumber } from '../../lib/format';
import { ejeTiempo, TOOLTIP_MBPS } from '../../lib/graficos';
import { trpc } from '../../lib/trpc';
import { AvisoSinFuente, NOMBRE_FUENTE } from './comun';

export const RANGOS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type Rango = keyof typeof RANGOS;

const HORA_MS = 3_600_000;

/** The two directions drawn: name and colour. */
const SENTIDOS = [
  ['Entrada', '#12b886'],
  ['Salida', '#7950f2'],
] as const;
const HORA = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', hour: '2-digit', minute: '2-digit' });
const DIA = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', day: '2-digit', month: '2-digit' });

export interface Referencia {
  /** "Comprada", "Vendida", "Contratado". */
  label: string;
  valor: number;
  color: string;
}

export interface UsoMedidoChartProps {
  objeto: ObjetoMonitoreo;
  id: number;
  /** Horizontal lines the traffic is drawn against (comprada and vendida, or bw_contratado). */
  referencias: Referencia[];
  /** Where the binding is edited, for the "no data yet" text. */
  editarEn: string;
  /** Shown under the notice when there is nothing measured (e.g. the capacity-change samples). */
  sinDatos?: ReactNode;
}

/**
 * "Uso en el tiempo" from the stored measured series (GET …/uso): entrada and salida against the
 * record's reference capacities, with the range's 95th percentile, a 24 h / 7 d / 30 d selector,
 * the source and the time of the last reading. Served from Troncal's storage, never from the source.
 */
export function UsoMedidoChart({ objeto, id, referencias, editarEn, sinDatos }: UsoMedidoChartProps) {
  const [rango, setRango] = useState<Rango>('24h');
  // Rounded to the minute so a re-render does not make a new query key.
  const desde = useMemo(() => {
    const ahora = Math.floor(Date.now() / 60_000) * 60_000;
    return new Date(ahora - RANGOS[rango] * HORA_MS).toISOString();
  }, [rango]);
  const uso = trpc.monitoreo.uso.useQuery({ objeto, id, desde }, { staleTime: 60_000 });
  const estado = trpc.monitoreo.estado.useQuery(undefined, { staleTime: 60_000 });

  const datos = useMemo(
    () =>
      (uso.data?.serie ?? []).map((p) => ({
        t: new Date(p.t).getTime(),
        Entrada: p.entrada_mbps,
        Salida: p.salida_mbps,
      })),
    [uso.data],
  );

  const selector = (
    <SegmentedControl
      size="xs"
      value={rango}
      onChange={(v) => setRango(v as Rango)}
      data={[
        { value: '24h', label: '24 h' },
        { value: '7d', label: '7 d' },
        { value: '30d', label: '30 d' },
      ]}
      aria-label="Rango del gráfico de uso"
    />
  );

  if (uso.isPending) return <LoadingState label="Cargando uso medido…" />;
  if (uso.isError) {
    return (
      <Alert color="red" variant="light">
        No se pudo leer el uso medido: {uso.error.message}
      </Alert>
    );
  }
  const u = uso.data;
  const fuentes = estado.data?.fuentes ?? [];
  const pie = (
    <Text size="xs" c="dimmed" data-testid="uso-fuente">
      {u.fuente
        ? `Fuente: ${NOMBRE_FUENTE[u.fuente]} · última lectura ${u.actualizado_en ? formatFechaHora(u.actualizado_en) : 'aún ninguna'}`
        : 'Sin vínculo de monitoreo: la serie guardada es la de la carga de demostración o de un vínculo anterior.'}
      {u.estado && u.estado !== 'OK' ? ` · ${u.estado}: ${u.mensaje ?? ''}` : ''}
    </Text>
  );

  if (datos.length === 0) {
    return (
      <Stack gap="xs" data-testid="uso-medido-vacio">
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Sin tráfico medido en este rango.
          </Text>
          {selector}
        </Group>
        {fuentes.length === 0 ? (
          <AvisoSinFuente />
        ) : !u.fuente ? (
          <Text size="sm" c="dimmed">
            Vincúlelo a {fuentes.map((f) => NOMBRE_FUENTE[f]).join(' o ')} en <b>{editarEn}</b> → sección Monitoreo para
            medir su tráfico.
          </Text>
        ) : (
          pie
        )}
        {sinDatos}
      </Stack>
    );
  }

  const span = (datos[datos.length - 1]?.t ?? 0) - (datos[0]?.t ?? 0);
  const etiqueta = span <= 36 * HORA_MS ? HORA.format : DIA.format;
  const maxSerie = Math.max(0, ...datos.map((d) => Math.max(d.Entrada ?? 0, d.Salida ?? 0)));
  const maxY = Math.max(maxSerie, ...referencias.map((r) => r.valor), u.p95_mbps ?? 0) * 1.08 || 1;

  return (
    <Box
      role="img"
      aria-label={`Uso medido: percentil 95 ${formatMbps(u.p95_mbps)}, máximo ${formatMbps(u.max_mbps)}.`}
      data-testid="grafico-uso-medido"
    >
      <Group justify="space-between" mb="xs">
        {pie}
        {selector}
      </Group>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={datos} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...ejeTiempo(etiqueta)} />
          <YAxis
            domain={[0, maxY]}
            tickFormatter={(v: number) => formatNumber(v, { maximumFractionDigits: 0 })}
            fontSize={11}
            width={64}
          />
          <Tooltip {...TOOLTIP_MBPS} />
          <Legend />
          {SENTIDOS.map(([sentido, color]) => (
            <Line
              key={sentido}
              dataKey={sentido}
              stroke={color}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
          {referencias.map((r) => (
            <ReferenceLine
              key={r.label}
              y={r.valor}
              stroke={r.color}
              strokeWidth={1.5}
              label={{
                value: `${r.label} ${formatMbps(r.valor)}`,
                position: 'insideTopLeft',
                fontSize: 11,
                fill: r.color,
              }}
            />
          ))}
          {u.p95_mbps !== null ? (
            <ReferenceLine
              y={u.p95_mbps}
              stroke="#e8590c"
              strokeDasharray="6 4"
              label={{
                value: `P95 ${formatMbps(u.p95_mbps)}`,
                position: 'insideTopRight',
                fontSize: 11,
                fill: '#e8590c',
              }}
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
      <SimpleGrid cols={{ base: 2, sm: 4 }} mt="xs" data-testid="uso-cifras">
        <Cifra label={u.p95_exacto ? 'Percentil 95' : 'Percentil 95 (cota)'} valor={formatMbps(u.p95_mbps)} />
        <Cifra label="Máximo" valor={formatMbps(u.max_mbps)} />
        <Cifra label="Promedio" valor={formatMbps(u.promedio_mbps)} />
        <Cifra label="Muestras de 5 min" valor={formatNumber(u.muestras)} />
      </SimpleGrid>
    </Box>
  );
}

function Cifra({ label, valor }: { label: string; valor: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {valor}
      </Text>
    </Stack>
  );
}
