import { formatFechaHora, formatMbps } from './format';

/** The time axis of the usage charts (samples keyed `t`, epoch ms), labelled by `etiqueta`. */
export const ejeTiempo = (etiqueta: (t: number) => string) => ({
  dataKey: 't',
  type: 'number' as const,
  scale: 'time' as const,
  domain: ['dataMin', 'dataMax'] as [string, string],
  tickFormatter: (t: number) => etiqueta(t),
  minTickGap: 48,
  fontSize: 11,
});

/** The tooltip of the usage charts: the sample's date and time, each figure in Mbps. */
export const TOOLTIP_MBPS = {
  labelFormatter: (t: unknown) => formatFechaHora(Number(t)),
  formatter: (v: unknown) => formatMbps(Number(v)),
};
