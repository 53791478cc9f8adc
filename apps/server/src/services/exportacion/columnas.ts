/**
 * What an exported column is: its header (the `/v1` field name, the same one the import templates
 * read) and how its cells are typed, so the XLSX writer can emit numbers, dates and booleans rather
 * than text, and the CSV writer knows which cells are text that must be neutralised.
 */
export type TipoColumna = 'texto' | 'numero' | 'fecha' | 'fechaHora' | 'booleano' | 'lista';

export interface ColumnaExportacion<F = Record<string, unknown>> {
  /** Header cell: the `/v1` field name. */
  campo: string;
  /** Default 'texto'. 'lista' joins an array with `|` (e.g. `equipos_seriales`). */
  tipo?: TipoColumna;
  /** XLSX width in characters; derived from the header and the type when absent. */
  ancho?: number;
  /** XLSX only: wrap long text (the Instrucciones sheet). */
  envolver?: boolean;
  /** Reads the cell from the row; default `fila[campo]`. */
  valor?: (fila: F) => unknown;
}

export type FilasExportacion<F> = Iterable<F> | AsyncIterable<F>;

export function leerValor<F>(col: ColumnaExportacion<F>, fila: F): unknown {
  return col.valor ? col.valor(fila) : (fila as Record<string, unknown>)[col.campo];
}

const NUMERO_TEXTO = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/** A finite number, or a numeric string as drivers return `numeric` columns ("500.000"); else null. */
export function aNumero(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && NUMERO_TEXTO.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Wall-clock parts of a date or timestamp, as a person in Lima reads them. */
export interface PartesFecha {
  y: number;
  m: number;
  d: number;
  hh: number;
  mi: number;
  ss: number;
}

const FECHA = /^(\d{4})-(\d{2})-(\d{2})$/;
const FECHA_HORA = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function partesDeMs(ms: number, desfaseMinutos: number): PartesFecha {
  const d = new Date(ms + desfaseMinutos * 60_000);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    ss: d.getUTCSeconds(),
  };
}

/**
 * Spreadsheets have no time zones, so an instant is written as the wall time of `desfaseMinutos`
 * (Lima is UTC−5 all year). A timestamp without an offset is already a wall time and is kept as is.
 */
export function partesFecha(v: unknown, desfaseMinutos: number): PartesFecha | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : partesDeMs(v.getTime(), desfaseMinutos);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const f = FECHA.exec(s);
  if (f) return validas({ y: +f[1]!, m: +f[2]!, d: +f[3]!, hh: 0, mi: 0, ss: 0 });
  const t = FECHA_HORA.exec(s);
  if (!t) return null;
  const partes = validas({ y: +t[1]!, m: +t[2]!, d: +t[3]!, hh: +t[4]!, mi: +t[5]!, ss: +(t[6] ?? 0) });
  if (!partes || !t[7]) return partes;
  const ms = Date.parse(s.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : partesDeMs(ms, desfaseMinutos);
}

function validas(p: PartesFecha): PartesFecha | null {
  const d = new Date(Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mi, p.ss));
  return d.getUTCFullYear() === p.y && d.getUTCMonth() === p.m - 1 && d.getUTCDate() === p.d && p.hh < 24 ? p : null;
}

/** Excel's serial day number (1900 system): days since 1899-12-30, the fraction being the time. */
export function serialExcel(p: PartesFecha): number {
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mi, p.ss) / 86_400_000 + 25_569;
}

const dos = (n: number) => (n < 10 ? `0${n}` : String(n));
export const isoFecha = (p: PartesFecha): string => `${p.y}-${dos(p.m)}-${dos(p.d)}`;
export const isoFechaHora = (p: PartesFecha): string => `${isoFecha(p)}T${dos(p.hh)}:${dos(p.mi)}:${dos(p.ss)}`;

/** Text of a non-typed cell: arrays joined by `|`, objects as JSON (never "[object Object]"). */
export function aTexto(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v == null) return '';
  if (Array.isArray(v)) return v.map(aTexto).join('|');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** XLSX column width: the header plus room for the type's usual content, within 8..60. */
export function anchoColumna(col: ColumnaExportacion<never>): number {
  if (col.ancho) return col.ancho;
  const porTipo: Record<TipoColumna, number> = {
    texto: 16,
    numero: 12,
    fecha: 12,
    fechaHora: 20,
    booleano: 8,
    lista: 20,
  };
  return Math.min(60, Math.max(8, col.campo.length + 2, porTipo[col.tipo ?? 'texto']));
}
