import { rangoPercentil } from '@troncal/domain/capacity';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import {
  type HoraUso,
  horaDeJson,
  MUESTRAS_POR_HORA,
  maximosHora,
  pisoHora,
  type ResumenKbps,
  valoresHora,
} from './almacen';
import { listaEnteros } from './objetos';

/**
 * The window's p95/max/average without reading its whole hours every cycle (docs/monitoreo.md,
 * "The window's whole hours"). The window (ahora − ventana, ahora] is its first hour P (partly
 * inside), the hour now U (up to now), and the whole hours between. The p95 is the k-th largest
 * sample with k = N − ⌈0.95·N⌉ + 1 ≤ 0.05·N + 1, so of the whole hours only their sample count, sum,
 * max and their K largest values matter (K ≥ the largest k a window can need). Per binding the
 * cycle keeps that for the hours between P and U (`ventana_a`, valid for the hour U it was made in)
 * and, built a share of bindings per cycle during the hour, the same for the next hour without its
 * last (`ventana_b`, the hours from P + 2 h to U − 1 h). Each cycle then reads two hourly rows per
 * binding (P and U) instead of ~25; the first cycle of an hour makes the new `ventana_a` from
 * `ventana_b` and the hour just ended. Whatever does not hold (a first reading, a missed hour,
 * hours written again inside a summary's range, the backfill) is computed from all its hours.
 */

/**
 * [first hour, last hour (Unix s; the whole hours it covers, none when first > last), samples,
 * Σ kbps, max kbps or null, the K largest kbps descending…].
 */
export type Resumida = (number | null)[];

export interface CacheVentana {
  a: Resumida | null;
  /** Only its first two elements (its hours) when the cycle did not need its values (lotes.ts). */
  b: Resumida | null;
  /**
   * The window's first hour P as `uso_horario` has it (`maximosHora`: max(entrada, salida) per slot,
   * none when it has no row), kept so the cycles of an hour read it once. Absent: not known.
   */
  p?: HoraUso | null;
}

export interface ItemVentana {
  id: number;
  cache: CacheVentana;
  /** The hours this batch wrote for the binding (Unix s, first and last), null if none. */
  escritas: { desde: number; hasta: number } | null;
  /** The current hour's slots as the binding's row keeps them after this batch (almacen.ts, repartirHoras). */
  actual: HoraUso | null;
  /**
   * The hour this batch moved out of the binding's row into uso_horario, whole (the row held it all
   * hour), so the hour's first cycle adds it to `ventana_b` without reading it back.
   */
  terminada?: HoraUso | null;
  /**
   * A new binding (VinculoCiclo.nuevo: nothing stored from the window's first hour on before this
   * batch): the hours this batch wrote to uso_horario, which are then all its window has there.
   */
  nuevas?: HoraUso[] | undefined;
}

export interface OpcionesVentana {
  ahora: number;
  ventanaS: number;
  /** Share of the bindings still without next hour's summary that make it in this batch (0 … 1). */
  fraccionB: number;
}

/** The largest values a summary keeps: enough for the k of any window of `ventanaS` (12·(H + 1) samples at most). */
export const valoresResumidos = (ventanaS: number) => Math.ceil(0.05 * MUESTRAS_POR_HORA * (ventanaS / 3600 + 1)) + 1;

/**
 * What the cycle's time allows for `ventana_b` this batch: bindings are spread over the cycles left
 * in the hour, so the work is even and complete by its end. With an interval over an hour there
 * is no next cycle within the hour to use it: none.
 */
export function fraccionSiguiente(ahora: number, intervaloS: number): number {
  if (intervaloS > 3600) return 0;
  const restantes = Math.floor((pisoHora(ahora) + 3600 - ahora) / intervaloS);
  return 1 / Math.max(1, restantes);
}

interface Pieza {
  id: number;
  t: 'a' | 'b';
  /** Added to the hours [h1, h2]; the result covers [desde, h2]. */
  base: Resumida | null;
  desde: number;
  h1: number;
  h2: number;
}

/**
 * The largest `cuantos` of a summary's values (descending, from index 5) and `nuevos` (sorted here,
 * descending), merged: the summary's are already in order, so nothing but the few new ones is sorted.
 */
export function mayores(r: Resumida, nuevos: number[], cuantos: number): number[] {
  nuevos.sort((x, y) => y - x);
  const salida: number[] = [];
  let i = 5;
  let j = 0;
  while (salida.length < cuantos && (i < r.length || j < nuevos.length)) {
    if (j >= nuevos.length || (i < r.length && (r[i] as number) >= (nuevos[j] as number)))
      salida.push(r[i++] as number);
    else salida.push(nuevos[j++] as number);
  }
  return salida;
}

/** `base` (a summary ending the hour before `h`) and the whole hour `h`: the summary from `desde` to `h`. */
export function sumarHora(base: Resumida, h: HoraUso, desde: number, k: number): Resumida {
  const nuevos = valoresHora(h);
  let suma = 0;
  for (const v of nuevos) suma += v;
  const valores = mayores(base, nuevos, k);
  const max = valores.length > 0 ? (valores[0] as number) : null;
  const r: Resumida = [desde, h.hora, Number(base[2]) + nuevos.length, Number(base[3]) + suma, max];
  for (const v of valores) r.push(v);
  return r;
}

/** `base` (or nothing) and the whole hours `horas`: the summary of the hours from `desde` to `hasta`. */
function sumarHoras(
  base: Resumida | null,
  horas: Iterable<HoraUso>,
  desde: number,
  hasta: number,
  k: number,
): Resumida {
  let r: Resumida = base ?? [desde, desde - 3600, 0, 0, null];
  for (const h of horas) r = sumarHora(r, h, desde, k);
  return [desde, hasta, ...r.slice(2)];
}

/**
 * A new binding's summaries from the hours it has stored (`ItemVentana.nuevas`), made here rather
 * than read back: `ventana_a` (P + 1 h … U − 1 h) and `ventana_b` (P + 2 h … U − 1 h).
 */
function resumirNuevas(horas: readonly HoraUso[], P: number, U: number, k: number): CacheVentana {
  const desde = (inicio: number) =>
    sumarHoras(
      null,
      horas.filter((h) => h.hora >= inicio && h.hora < U),
      inicio,
      U - 3600,
      k,
    );
  return { a: desde(P + 3600), b: desde(P + 7200) };
}

/**
 * Hours [h1, h2] whole, added to `base` (or alone), summarised to K values. One statement per call
 * reads the rows; the summing and sorting happen here, in the cycle's process at its lower
 * priority, rather than in PostgreSQL at the API's (unnesting and sorting ~264 samples per binding
 * there cost ~5× the rows' read).
 */
async function resumirHoras(db: DbOrTx, objeto: 1 | 2, piezas: Pieza[], k: number) {
  const salida = new Map<string, Resumida>();
  if (piezas.length === 0) return salida;
  const filas = await execRows<{ id: number; t: string; h: number | string; e: string; s: string }>(
    db,
    sql`select r.id, r.t, extract(epoch from u.hora)::bigint as h,
               array_to_json(u.entrada_kbps)::text as e, array_to_json(u.salida_kbps)::text as s
          from json_to_recordset(${JSON.stringify(piezas.map(({ id, t, h1, h2 }) => ({ id, t, h1, h2 })))}::json)
            as r(id int, t text, h1 bigint, h2 bigint)
          join uso_horario u on u.objeto = ${objeto} and u.objeto_id = r.id
                            and u.hora >= to_timestamp(r.h1) and u.hora <= to_timestamp(r.h2)`,
  );
  const horas = new Map<string, HoraUso[]>();
  for (const f of filas) {
    const clave = `${f.id}:${f.t}`;
    const h = horaDeJson(Number(f.h), f.e, f.s) as HoraUso;
    const lista = horas.get(clave);
    if (lista) lista.push(h);
    else horas.set(clave, [h]);
  }
  for (const p of piezas) {
    const clave = `${p.id}:${p.t}`;
    salida.set(clave, sumarHoras(p.base, horas.get(clave) ?? [], p.desde, p.h2, k));
  }
  return salida;
}

/**
 * p95/max/average over the window for a batch of bindings of one kind, and their summaries to keep.
 * Bindings without samples in the window are absent from `resumenes`; `completas` counts those whose
 * whole hours were all read.
 */
export async function resumirVentanasGuardadas(
  db: DbOrTx,
  objeto: 1 | 2,
  items: readonly ItemVentana[],
  o: OpcionesVentana,
): Promise<{
  resumenes: Map<number, ResumenKbps>;
  caches: Map<number, CacheVentana>;
  /** Bindings whose whole hours were all read (no summary held). */
  completas: number;
  /** Bindings whose `ventana_a` was made from `ventana_b` and the hour just ended without reading it. */
  sumadas: number;
  /** Bindings whose first hour was read from `uso_horario` (not kept, or written again by this batch). */
  primerasLeidas: number;
}> {
  const U = pisoHora(o.ahora);
  const P = pisoHora(o.ahora - o.ventanaS);
  const k = valoresResumidos(o.ventanaS);
  // A summary holds for the hours it says, while none of them was written again in this batch.
  const reescritas = (it: ItemVentana, h1: number, h2: number) =>
    it.escritas !== null && it.escritas.desde <= h2 && it.escritas.hasta >= h1;
  const vigente = (r: Resumida | null, h1: number, h2: number, it: ItemVentana): r is Resumida =>
    r !== null && r[0] === h1 && r[1] === h2 && !reescritas(it, h1, h2);

  const piezas: Pieza[] = [];
  const caches = new Map<number, CacheVentana>();
  const sinB: ItemVentana[] = [];
  let sumadas = 0;
  for (const it of items) {
    if (it.nuevas) {
      // A new binding's first hour is among what it wrote, if anywhere.
      const primera = it.nuevas.find((h) => h.hora === P);
      caches.set(it.id, { ...resumirNuevas(it.nuevas, P, U, k), p: primera ? maximosHora(primera) : sinFila(P) });
      continue;
    }
    const { a, b } = it.cache;
    let nuevoA: Resumida | null = null;
    // The whole hours between P and U: kept; last hour's next-hour summary and the hour just ended
    // (here when this batch moved that hour out of the binding's row, else read); all read.
    const aGuardada = vigente(a, P + 3600, U - 3600, it);
    if (aGuardada) nuevoA = a;
    // (A `ventana_b` read without its values, lotes.ts, is not this hour's: with `ventana_a` current, it
    // is null or the next hour's. The length check keeps it from ever being summed.)
    else if (vigente(b, P + 3600, U - 7200, it) && b.length >= 5) {
      if (it.terminada?.hora === U - 3600) {
        nuevoA = sumarHora(b, it.terminada, P + 3600, k);
        sumadas++;
      } else piezas.push({ id: it.id, t: 'a', base: b, desde: P + 3600, h1: U - 3600, h2: U - 3600 });
    } else piezas.push({ id: it.id, t: 'a', base: null, desde: P + 3600, h1: P + 3600, h2: U - 3600 });
    // Next hour's, but its last: P + 2 h … U − 1 h.
    const bVigente = vigente(b, P + 7200, U - 3600, it) ? b : null;
    // A binding whose `ventana_a` is being made in this batch (the hour's first cycle, a whole read)
    // leaves its `ventana_b` to the hour's later cycles, unless this is the hour's last chance.
    if (!bVigente && o.fraccionB > 0 && (aGuardada || o.fraccionB >= 1)) sinB.push(it);
    // The first hour as kept, unless this batch wrote it again.
    const p = it.cache.p?.hora === P && !reescritas(it, P, P) ? it.cache.p : null;
    caches.set(it.id, { a: nuevoA, b: bVigente, p });
  }
  for (const it of sinB.slice(0, Math.ceil(sinB.length * o.fraccionB))) {
    piezas.push({ id: it.id, t: 'b', base: null, desde: P + 7200, h1: P + 7200, h2: U - 3600 });
  }
  const completas = piezas.filter((p) => p.t === 'a' && p.base === null).length;
  const hechas = await resumirHoras(db, objeto, piezas, k);
  for (const [clave, r] of hechas) {
    const [id, t] = clave.split(':');
    const c = caches.get(Number(id)) as CacheVentana;
    if (t === 'a') c.a = r;
    else c.b = r;
  }

  // The window: the summary of its whole hours, the first hour's samples inside it (uso_horario,
  // read where not kept) and the current hour's (the binding's row, as this batch leaves it).
  const resumenes = new Map<number, ResumenKbps>();
  if (items.length === 0) return { resumenes, caches, completas, sumadas, primerasLeidas: 0 };
  const leer = items.filter((it) => !caches.get(it.id)?.p).map((it) => it.id);
  const filas =
    leer.length === 0
      ? []
      : await execRows<{ id: number; e: string; s: string }>(
          db,
          sql`select objeto_id as id, array_to_json(entrada_kbps)::text as e, array_to_json(salida_kbps)::text as s
                from uso_horario
               where objeto = ${objeto} and hora = to_timestamp(${P}) and objeto_id = any(${listaEnteros(leer)}::int[])`,
        );
  for (const id of leer) (caches.get(id) as CacheVentana).p = sinFila(P);
  for (const f of filas) (caches.get(Number(f.id)) as CacheVentana).p = maximosHora(horaDeJson(P, f.e, f.s) as HoraUso);
  const desde = o.ahora - o.ventanaS;
  for (const it of items) {
    const c = caches.get(it.id) as CacheVentana;
    const medio = c.a as Resumida;
    const nuevos = [
      ...valoresHora(c.p as HoraUso, desde, o.ahora),
      ...(it.actual?.hora === U ? valoresHora(it.actual, desde, o.ahora) : []),
    ];
    const n = Number(medio[2]) + nuevos.length;
    if (n === 0) continue;
    // The p95 is the (n − rank + 1)-th largest: merged from the kept values and the new ones.
    const i95 = n - rangoPercentil(n, 95);
    const valores = mayores(medio, nuevos, i95 + 1);
    let suma = Number(medio[3]);
    for (const v of nuevos) suma += v;
    const max = medio[4] === null ? (valores[0] as number) : Math.max(Number(medio[4]), valores[0] as number);
    resumenes.set(it.id, { n, p95: valores[i95] as number, max, promedio: suma / n });
  }
  return { resumenes, caches, completas, sumadas, primerasLeidas: leer.length };
}

/** The first hour when `uso_horario` has no row for it. */
const sinFila = (hora: number): HoraUso => ({ hora, entrada: [], salida: [] });
