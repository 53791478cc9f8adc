const LOCALE = 'es-PE';
const TIME_ZONE = 'America/Lima';
/** Shown for missing values so a table cell is never blank. */
export const SIN_DATO = '—';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, options);
    numberFormats.set(key, format);
  }
  return format;
}

function toNumber(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A number as es-PE writes it (bandwidth has up to 3 decimals, so that is the default). */
export function formatNumber(
  value: number | string | null | undefined,
  options: Intl.NumberFormatOptions = { maximumFractionDigits: 3 },
): string {
  const n = toNumber(value);
  return n === null ? SIN_DATO : numberFormat(options).format(n);
}

/** Bandwidth in Mbps, e.g. `formatMbps(1234.5)` → "1,234.5 Mbps" (es-PE). Numeric strings from the API are accepted. */
export function formatMbps(value: number | string | null | undefined): string {
  const n = toNumber(value);
  return n === null ? SIN_DATO : `${formatNumber(n)} Mbps`;
}

/** A ratio (0.25) as a percentage ("25 %" in es-PE). */
/** A change of Mbps with its sign: "+100 Mbps", "-50 Mbps". */
export const formatDeltaMbps = (n: number): string => `${n > 0 ? '+' : ''}${formatMbps(n)}`;

export function formatPorcentaje(ratio: number | null | undefined, maximumFractionDigits = 1): string {
  const n = toNumber(ratio);
  return n === null ? SIN_DATO : numberFormat({ style: 'percent', maximumFractionDigits }).format(n);
}

const SOLO_FECHA = /^(\d{4})-(\d{2})-(\d{2})$/;

type FechaInput = Date | string | number | null | undefined;

function toDate(value: FechaInput): { date: Date; soloFecha: boolean } | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') {
    // A bare calendar date ("2025-01-15") is a day, not an instant: parsed as UTC midnight it would
    // show as the 14th in Lima, so keep it in UTC.
    const m = SOLO_FECHA.exec(value);
    if (m) return { date: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))), soloFecha: true };
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : { date, soloFecha: false };
}

const fechaFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const fechaUtcFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: 'UTC',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const fechaHoraFormat = new Intl.DateTimeFormat(LOCALE, {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "25/11/2025" — the day in Lima. */
export function formatFecha(value: FechaInput): string {
  const parsed = toDate(value);
  if (!parsed) return SIN_DATO;
  return (parsed.soloFecha ? fechaUtcFormat : fechaFormat).format(parsed.date);
}

/** "25/11/2025, 11:30 a. m." — date and time in Lima. A bare date shows as a date. */
export function formatFechaHora(value: FechaInput): string {
  const parsed = toDate(value);
  if (!parsed) return SIN_DATO;
  return parsed.soloFecha ? fechaUtcFormat.format(parsed.date) : fechaHoraFormat.format(parsed.date);
}

/** A count with its noun in the right number: "1 muestra", "2 muestras", "1,250 muestras". */
export function formatCantidad(n: number, singular: string, plural: string): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}
