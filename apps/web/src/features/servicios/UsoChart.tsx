import { Box, Text } from '@mantine/core';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '../../components/StateViews';
import { formatCantidad, formatMbps, formatNumber } from '../../lib/format';
import { ejeTiempo, TOOLTIP_MBPS } from '../../lib/graficos';

const DIA_MS = 24 * 60 * 60 * 1000;
const HORA = new Intl.DateTimeFormat('es-PE', {
  timeZone: 'America/Lima',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const FECHA = new Intl.DateTimeFormat('es-PE', { timeZone: 'America/Lima', day: '2-digit', month: '2-digit' });

/** The three figures drawn, bottom layer first: name, colour, fill opacity. */
const SERIES = [
  ['Comprada', '#868e96', 0.08],
  ['Vendida', '#4c6ef5', 0.2],
  ['Utilizada', '#12b886', 0.35],
] as const;

export interface MuestraGrafico {
  muestra_id: number;
  capacidad_comprada: number;
  capacidad_vendida: number;
  capacidad_utilizada: number;
  created_at: string;
}

/**
 * Usage over time, drawn only from the recorded `muestras_uso` (one per capacity change, later one per
 * monitoring poll): nothing is simulated, so a service without samples shows an honest empty state.
 */
export function UsoChart({ muestras }: { muestras: MuestraGrafico[] }) {
  if (muestras.length === 0) {
    return (
      <EmptyState
        title="Aún no hay muestras de uso"
        description="Aún no hay muestras de uso registradas para este servicio. Se registran con cada cambio de capacidad y, cuando esté conectado, con el monitoreo."
      />
    );
  }
  const datos = muestras.map((m) => ({
    t: new Date(m.created_at).getTime(),
    Comprada: m.capacidad_comprada,
    Vendida: m.capacidad_vendida,
    Utilizada: m.capacidad_utilizada,
  }));
  const ultima = muestras[muestras.length - 1];
  const primera = datos[0]?.t ?? 0;
  // Samples of one day read better as times; longer spans as dates.
  const etiqueta = (datos[datos.length - 1]?.t ?? 0) - primera < DIA_MS ? HORA.format : FECHA.format;
  return (
    <Box
      role="img"
      aria-label={`Gráfico de uso: ${formatCantidad(muestras.length, 'muestra', 'muestras')}; última utilizada ${formatMbps(ultima?.capacidad_utilizada)} de ${formatMbps(ultima?.capacidad_comprada)} comprados.`}
      data-testid="grafico-uso"
    >
      <ResponsiveContainer width="100%" height={260}>
        <AreaChart data={datos} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...ejeTiempo(etiqueta)} />
          <YAxis tickFormatter={(v: number) => formatNumber(v)} fontSize={11} width={64} />
          <Tooltip {...TOOLTIP_MBPS} />
          <Legend />
          {SERIES.map(([serie, color, opacidad]) => (
            <Area
              key={serie}
              type="stepAfter"
              dataKey={serie}
              stroke={color}
              fill={color}
              fillOpacity={opacidad}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
      <Text size="xs" c="dimmed" ta="right">
        {formatCantidad(muestras.length, 'muestra registrada', 'muestras registradas')}
      </Text>
    </Box>
  );
}
