/**
 * Measured utilisation: raw traffic readings → 5-minute samples → the 95th percentile carriers bill.
 *
 * Definitions (docs/ repeats them for operators):
 * - A raw point is `{ t, entrada_bps, salida_bps }`, `t` in Unix seconds, rates in bits per second.
 *   A missing, negative or non-finite rate is "no reading" (a counter wrap or a failed poll), never 0.
 * - 5-minute sample: the points with `t` in [k·300, k·300 + 300) are averaged per direction; the
 *   sample is stamped `k·300` (the bucket start) and its value is `max(entrada, salida)` — the
 *   busier direction, as 95th-percentile billing measures a port.
 * - p95, nearest-rank: sort the N sample values ascending and take the one at 1-based rank
 *   ⌈0.95·N⌉. That is exactly "drop the top ⌊0.05·N⌋ samples and take the highest remaining"
 *   (⌈0.95·N⌉ = N − ⌊0.05·N⌋ for integer N). 24 h = 288 samples → the 14 highest are dropped; a
 *   30-day month = 8,640 samples → 432 dropped. No interpolation: the result is always a sample
 *   that was really measured.
 * - max and average are over the same per-sample `max(entrada, salida)` values.
 * - Mbps = bps / 1,000,000 (decimal, as interfaces and contracts count), rounded to 3 decimals.
 */
import { redondearMbps } from '../validators.js';

export const SEGUNDOS_MUESTRA = 300;
export const SEGUNDOS_HORA = 3600;
export const PERCENTIL_FACTURACION = 95;

export interface PuntoTrafico {
  /** Unix seconds. */
  t: number;
  entrada_bps: number | null;
  salida_bps: number | null;
}

export interface Muestra5Min {
  /** Unix seconds, start of the 5-minute bucket. */
  t: number;
  entrada_bps: number | null;
  salida_bps: number | null;
  /** max(entrada, salida) over the directions that have a reading. */
  bps: number;
}

const lectura = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;

/** The busier direction; null when neither has a reading. */
export function maxDirecciones(entrada: number | null, salida: number | null): number | null {
  const e = lectura(entrada);
  const s = lectura(salida);
  if (e === null) return s;
  if (s === null) return e;
  return Math.max(e, s);
}

/**
 * Buckets raw points into aligned samples of `segundos` (default 300), averaging each direction
 * over the points that have a reading. Buckets with no reading at all are left out (a gap is not a
 * zero), so N counts only measured samples. Output is sorted by `t`.
 */
export function agruparMuestras5Min(
  puntos: readonly PuntoTrafico[],
  segundos: number = SEGUNDOS_MUESTRA,
): Muestra5Min[] {
  if (!(Number.isInteger(segundos) && segundos > 0)) throw new RangeError('segundos debe ser un entero positivo');
  const cubetas = new Map<number, { se: number; ne: number; ss: number; ns: number }>();
  for (const p of puntos) {
    if (!Number.isFinite(p.t)) continue;
    const e = lectura(p.entrada_bps);
    const s = lectura(p.salida_bps);
    if (e === null && s === null) continue;
    const t = Math.floor(p.t / segundos) * segundos;
    let c = cubetas.get(t);
    if (!c) {
      c = { se: 0, ne: 0, ss: 0, ns: 0 };
      cubetas.set(t, c);
    }
    if (e !== null) {
      c.se += e;
      c.ne += 1;
    }
    if (s !== null) {
      c.ss += s;
      c.ns += 1;
    }
  }
  const salida: Muestra5Min[] = [];
  for (const [t, c] of cubetas) {
    const entrada_bps = c.ne > 0 ? c.se / c.ne : null;
    const salida_bps = c.ns > 0 ? c.ss / c.ns : null;
    // At least one direction had a reading, so this is never null.
    salida.push({ t, entrada_bps, salida_bps, bps: maxDirecciones(entrada_bps, salida_bps) as number });
  }
  return salida.sort((a, b) => a.t - b.t);
}

/** 1-based nearest rank of the p-th percentile among n values: ⌈p·n/100⌉, in exact integer steps. */
export function rangoPercentil(n: number, p: number = PERCENTIL_FACTURACION): number {
  if (!(Number.isInteger(p) && p >= 1 && p <= 100)) throw new RangeError('p debe ser un entero entre 1 y 100');
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError('n debe ser un entero ≥ 0');
  // p·n is an exact integer, so the quotient is correctly rounded and ceil cannot overshoot.
  return Math.ceil((p * n) / 100);
}

/** Nearest-rank percentile (see the module comment); null for no values. Does not mutate `valores`. */
export function percentil(valores: readonly number[], p: number = PERCENTIL_FACTURACION): number | null {
  const rango = rangoPercentil(valores.length, p);
  if (rango === 0) return null;
  const ordenados = Float64Array.from(valores).sort();
  return ordenados[rango - 1] as number;
}

export const percentil95 = (valores: readonly number[]): number | null => percentil(valores, 95);

export function maximo(valores: readonly number[]): number | null {
  let m: number | null = null;
  for (const v of valores) if (m === null || v > m) m = v;
  return m;
}

export function promedio(valores: readonly number[]): number | null {
  if (valores.length === 0) return null;
  let suma = 0;
  for (const v of valores) suma += v;
  return suma / valores.length;
}

/** bits per second → Mbps (10^6), rounded to the product's 3 decimals. */
export function bpsAMbps(bps: number): number {
  return redondearMbps(bps / 1_000_000);
}

export const bpsAMbpsONulo = (bps: number | null): number | null => (bps === null ? null : bpsAMbps(bps));

export interface ResumenUso {
  /** Number of 5-minute samples measured. */
  n: number;
  p95_bps: number | null;
  max_bps: number | null;
  promedio_bps: number | null;
}

export interface ResumenUsoMbps {
  n: number;
  p95_mbps: number | null;
  max_mbps: number | null;
  promedio_mbps: number | null;
}

/** p95/max/average of max(entrada, salida) over the samples given (the caller picks the window). */
export function resumirUso(muestras: readonly Pick<Muestra5Min, 'bps'>[]): ResumenUso {
  const valores = muestras.map((m) => m.bps);
  return {
    n: valores.length,
    p95_bps: percentil95(valores),
    max_bps: maximo(valores),
    promedio_bps: promedio(valores),
  };
}

export function resumenEnMbps(r: ResumenUso): ResumenUsoMbps {
  return {
    n: r.n,
    p95_mbps: bpsAMbpsONulo(r.p95_bps),
    max_mbps: bpsAMbpsONulo(r.max_bps),
    promedio_mbps: bpsAMbpsONulo(r.promedio_bps),
  };
}

/** Raw points straight to the summary: bucket into 5-minute samples, then p95/max/average. */
export const resumirPuntos = (puntos: readonly PuntoTrafico[]): ResumenUso => resumirUso(agruparMuestras5Min(puntos));

export interface AgregadoHorario {
  /** Unix seconds, start of the hour (UTC). */
  hora: number;
  /** 5-minute samples in the hour (≤ 12). */
  n: number;
  /** Nearest-rank p95 of the hour's max(entrada, salida). With n ≤ 19 it equals `max_bps`. */
  p95_bps: number;
  max_bps: number;
  avg_bps: number;
  /** Per direction, for the chart; null when that direction had no reading all hour. */
  entrada_avg_bps: number | null;
  entrada_max_bps: number | null;
  salida_avg_bps: number | null;
  salida_max_bps: number | null;
  /** The hour's sample values, only when asked for: makes `p95DesdeAgregados` exact. */
  muestras_bps?: number[];
}

/** Groups 5-minute samples by UTC hour. Sorted by `hora`. */
export function agregadosHorarios(
  muestras: readonly Muestra5Min[],
  opciones: { conMuestras?: boolean } = {},
): AgregadoHorario[] {
  const horas = new Map<number, Muestra5Min[]>();
  for (const m of muestras) {
    const hora = Math.floor(m.t / SEGUNDOS_HORA) * SEGUNDOS_HORA;
    const lista = horas.get(hora);
    if (lista) lista.push(m);
    else horas.set(hora, [m]);
  }
  const salida: AgregadoHorario[] = [];
  for (const [hora, lista] of horas) {
    const valores = lista.map((m) => m.bps);
    const entradas = lista.flatMap((m) => (m.entrada_bps === null ? [] : [m.entrada_bps]));
    const salidas = lista.flatMap((m) => (m.salida_bps === null ? [] : [m.salida_bps]));
    const agregado: AgregadoHorario = {
      hora,
      n: valores.length,
      p95_bps: percentil95(valores) as number,
      max_bps: maximo(valores) as number,
      avg_bps: promedio(valores) as number,
      entrada_avg_bps: promedio(entradas),
      entrada_max_bps: maximo(entradas),
      salida_avg_bps: promedio(salidas),
      salida_max_bps: maximo(salidas),
    };
    if (opciones.conMuestras) agregado.muestras_bps = valores;
    salida.push(agregado);
  }
  return salida.sort((a, b) => a.hora - b.hora);
}

export interface P95Ventana {
  /** 5-minute samples in the window. */
  n: number;
  /** The true p95 of the window's samples is guaranteed to lie in [p95_min_bps, p95_max_bps]. */
  p95_min_bps: number | null;
  p95_max_bps: number | null;
  /** True when every hour carried its samples, so min = max = the exact p95. */
  exacto: boolean;
}

type AgregadoParaVentana = Pick<AgregadoHorario, 'n' | 'p95_bps' | 'max_bps' | 'avg_bps' | 'muestras_bps'>;

// Float slack: upper-bound counts may only be rounded up and lower-bound counts only down.
const HOLGURA = 1e-9;

/**
 * The window's p95 from hourly aggregates, honestly: a stored hour keeps n, max, avg and p95 but not
 * its samples, so the exact p95 is generally unknowable. What is certain, for every threshold x,
 * about the count of the hour's samples ≥ x:
 *   at most:  0 if x > max; n − r if x > p95 (r = the hour's p95 rank); ⌊n·avg / x⌋ (Markov: samples
 *             are ≥ 0 and sum to n·avg); n.
 *   at least: n if x ≤ 0; n − r + 1 if x ≤ p95; 1 if x ≤ max; ⌈n·(avg − x)/(max − x)⌉ for x < avg
 *             (the sum cannot be reached otherwise, each sample being ≤ max).
 * The window p95 v is the (k+1)-th largest of its N samples, k = ⌊0.05·N⌋, so v ≥ x exactly when at
 * least k+1 samples are ≥ x. Summing the per-hour counts gives the largest x that surely has k+1
 * samples above it (the lower bound) and the largest x that possibly has (the upper bound). For
 * capacity alarms use `p95_max_bps`: it never under-reports. With `muestras_bps` on every hour the
 * answer is exact.
 */
export function p95DesdeAgregados(agregados: readonly AgregadoParaVentana[]): P95Ventana {
  const horas = agregados.filter((a) => a.n > 0);
  const n = horas.reduce((s, a) => s + a.n, 0);
  if (n === 0) return { n: 0, p95_min_bps: null, p95_max_bps: null, exacto: true };
  if (horas.every((a) => a.muestras_bps && a.muestras_bps.length === a.n)) {
    const exacto = percentil95(horas.flatMap((a) => a.muestras_bps as number[]));
    return { n, p95_min_bps: exacto, p95_max_bps: exacto, exacto: true };
  }
  const necesarias = n - rangoPercentil(n) + 1; // k + 1

  const cotaSuperior = (x: number): number => {
    let total = 0;
    for (const a of horas) {
      if (x > a.max_bps) continue;
      let c = a.n;
      if (x > a.p95_bps) c = Math.min(c, a.n - rangoPercentil(a.n));
      if (x > 0) c = Math.min(c, Math.floor(((a.n * a.avg_bps) / x) * (1 + HOLGURA)));
      total += c;
    }
    return total;
  };
  const cotaInferior = (x: number): number => {
    let total = 0;
    for (const a of horas) {
      if (x <= 0) {
        total += a.n;
        continue;
      }
      let c = x <= a.max_bps ? 1 : 0;
      if (x <= a.p95_bps) c = Math.max(c, a.n - rangoPercentil(a.n) + 1);
      if (x < a.avg_bps && x < a.max_bps) {
        const f = (a.n * (a.avg_bps - x)) / (a.max_bps - x);
        c = Math.max(c, Math.min(a.n, Math.ceil(f - HOLGURA * Math.max(1, f))));
      }
      total += c;
    }
    return total;
  };

  // Both counts only step at these thresholds, so the extreme x is one of them.
  const candidatosSup: number[] = [];
  const candidatosInf: number[] = [0];
  for (const a of horas) {
    candidatosSup.push(a.max_bps, a.p95_bps);
    candidatosInf.push(a.max_bps, a.p95_bps);
    for (let j = 1; j <= a.n; j++) {
      candidatosSup.push((a.n * a.avg_bps) / j);
      if (j < a.n) {
        const x = (a.n * a.avg_bps - j * a.max_bps) / (a.n - j);
        if (x > 0) candidatosInf.push(x);
      }
    }
  }
  return {
    n,
    p95_min_bps: mayorQueCumple(candidatosInf, (x) => cotaInferior(x) >= necesarias) ?? 0,
    p95_max_bps: mayorQueCumple(candidatosSup, (x) => cotaSuperior(x) >= necesarias),
    exacto: false,
  };
}

/** Largest candidate satisfying a predicate that is monotone (true up to some x, false after). */
function mayorQueCumple(candidatos: number[], cumple: (x: number) => boolean): number | null {
  const orden = Float64Array.from(candidatos.filter(Number.isFinite)).sort();
  let lo = 0;
  let hi = orden.length - 1;
  let mejor: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = orden[mid] as number;
    if (cumple(x)) {
      mejor = x;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return mejor;
}
