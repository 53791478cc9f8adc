import {
  type Muestra5Min,
  maximo,
  percentil95,
  promedio,
  SEGUNDOS_HORA,
  SEGUNDOS_MUESTRA,
} from '@troncal/domain/capacity';
import type { ObjetoMonitoreo } from '@troncal/domain/schemas';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { CODIGO_OBJETO, listaEnteros, OBJETO_DE_CODIGO } from './objetos';

/**
 * What Troncal keeps of measured traffic (docs/monitoreo.md): per object and UTC hour, the hour's
 * twelve 5-minute samples per direction in kbps, for 35 days; then one summary row per day for
 * 400 days. Everything here is plain SQL that PGlite and PostgreSQL both run.
 */
export const MUESTRAS_POR_HORA = SEGUNDOS_HORA / SEGUNDOS_MUESTRA;
export const RETENCION_HORARIA_DIAS = 35;
export const RETENCION_DIARIA_DIAS = 400;
const SEGUNDOS_DIA = 86_400;
/** int4: ~2.1 Tbps. A port beyond it is stored at the ceiling (docs/monitoreo.md). */
export const KBPS_MAX = 2_147_483_647;

export const aKbps = (bps: number | null): number | null =>
  bps === null ? null : Math.min(KBPS_MAX, Math.max(0, Math.round(bps / 1000)));

export const pisoHora = (t: number) => Math.floor(t / SEGUNDOS_HORA) * SEGUNDOS_HORA;
export const pisoDia = (t: number) => Math.floor(t / SEGUNDOS_DIA) * SEGUNDOS_DIA;

export interface HoraUso {
  /** Unix seconds, start of the UTC hour. */
  hora: number;
  /** kbps per 5-minute slot; null where nothing was measured. */
  entrada: (number | null)[];
  salida: (number | null)[];
}

/** 5-minute samples (bps) → hourly rows of slots (kbps). */
export function horasDesdeMuestras(muestras: readonly Muestra5Min[]): HoraUso[] {
  const horas = new Map<number, HoraUso>();
  for (const m of muestras) {
    const hora = pisoHora(m.t);
    let h = horas.get(hora);
    if (!h) {
      h = { hora, entrada: Array(MUESTRAS_POR_HORA).fill(null), salida: Array(MUESTRAS_POR_HORA).fill(null) };
      horas.set(hora, h);
    }
    const slot = (m.t - hora) / SEGUNDOS_MUESTRA;
    h.entrada[slot] = aKbps(m.entrada_bps);
    h.salida[slot] = aKbps(m.salida_bps);
  }
  return [...horas.values()].sort((a, b) => a.hora - b.hora);
}

/** An hour of slots from its two `array_to_json(…)::text` columns; null if either is missing. */
export function horaDeJson(hora: number | null, e: unknown, s: unknown): HoraUso | null {
  if (hora === null || typeof e !== 'string' || typeof s !== 'string') return null;
  return { hora, entrada: JSON.parse(e) as (number | null)[], salida: JSON.parse(s) as (number | null)[] };
}

/** max(entrada, salida) of each measured slot of an hour with `desde < t <= hasta`, kbps (the window's samples). */
export function valoresHora(h: HoraUso, desde = -Infinity, hasta = Infinity): number[] {
  const valores: number[] = [];
  for (let i = 0; i < MUESTRAS_POR_HORA; i++) {
    const t = h.hora + i * SEGUNDOS_MUESTRA;
    const e = h.entrada[i] ?? null;
    const s = h.salida[i] ?? null;
    if (t > desde && t <= hasta && (e !== null || s !== null)) valores.push(Math.max(e ?? 0, s ?? 0));
  }
  return valores;
}

/** An hour as the window sees it: max(entrada, salida) per slot, null where neither was measured. */
export function maximosHora(h: HoraUso): HoraUso {
  const entrada: (number | null)[] = [];
  for (let i = 0; i < MUESTRAS_POR_HORA; i++) {
    const e = h.entrada[i] ?? null;
    const s = h.salida[i] ?? null;
    entrada.push(e === null && s === null ? null : Math.max(e ?? 0, s ?? 0));
  }
  return { hora: h.hora, entrada, salida: [] };
}

/** Slot by slot and direction by direction, `nueva`'s readings over `base`'s (as FUSIONAR_HORA does). */
export function fusionarHora(base: HoraUso | null, nueva: HoraUso): HoraUso {
  if (!base) return nueva;
  const entrada: (number | null)[] = [];
  const salida: (number | null)[] = [];
  for (let i = 0; i < MUESTRAS_POR_HORA; i++) {
    entrada.push(nueva.entrada[i] ?? base.entrada[i] ?? null);
    salida.push(nueva.salida[i] ?? base.salida[i] ?? null);
  }
  return { hora: nueva.hora, entrada, salida };
}

/**
 * Where a binding's hours go after a reading (docs/monitoreo.md, "What is stored"): the cycle's
 * current hour stays in the binding's row, merged over what the row held for it (or over the
 * table's row of that hour, written before rows held one); every earlier hour read goes to
 * `uso_horario`, and so does the hour the row held when it is not the current one any more.
 */
export function repartirHoras(
  leidas: readonly HoraUso[],
  guardada: HoraUso | null,
  enTabla: HoraUso | null,
  horaActual: number,
): { volcar: HoraUso[]; actual: HoraUso | null } {
  let actual = guardada?.hora === horaActual ? guardada : enTabla ? { ...enTabla, hora: horaActual } : null;
  let anterior = guardada && guardada.hora !== horaActual ? guardada : null;
  const volcar: HoraUso[] = [];
  for (const h of leidas) {
    if (h.hora === horaActual) actual = fusionarHora(actual, h);
    else if (anterior && h.hora === anterior.hora) {
      volcar.push(fusionarHora(anterior, h));
      anterior = null;
    } else volcar.push(h);
  }
  if (anterior) volcar.push(anterior);
  const vacia = (h: HoraUso) => h.entrada.every((x) => x === null) && h.salida.every((x) => x === null);
  return { volcar: volcar.sort((a, b) => a.hora - b.hora), actual: actual && !vacia(actual) ? actual : null };
}

/**
 * What an upsert into `uso_horario` does with a row already there: a slot the new row has replaces
 * the stored one; a slot it has not (history already housekept at the source) keeps what was
 * stored. An hour written again unchanged writes no new row version (no dead tuple, no WAL).
 */
const FUSIONAR_HORA = sql`on conflict (objeto, objeto_id, hora) do update set
    entrada_kbps = (select array_agg(coalesce(n, v) order by i)
                      from unnest(excluded.entrada_kbps, uso_horario.entrada_kbps) with ordinality as x(n, v, i)),
    salida_kbps = (select array_agg(coalesce(n, v) order by i)
                     from unnest(excluded.salida_kbps, uso_horario.salida_kbps) with ordinality as x(n, v, i))
  where (uso_horario.entrada_kbps, uso_horario.salida_kbps)
        is distinct from (excluded.entrada_kbps, excluded.salida_kbps)`;

/**
 * Upserts hours (FUSIONAR_HORA). One JSON parameter per 5,000 rows, so a first cycle's backfill of
 * a month is a few statements, not thousands of parameters.
 */
export async function guardarHoras(
  db: DbOrTx,
  filas: readonly { objeto: 1 | 2; id: number; horas: readonly HoraUso[] }[],
): Promise<void> {
  const planas = filas.flatMap((f) =>
    f.horas.map((h) => ({ o: f.objeto, id: f.id, h: h.hora, e: h.entrada, s: h.salida })),
  );
  for (let i = 0; i < planas.length; i += 5000) {
    const json = JSON.stringify(planas.slice(i, i + 5000));
    await db.execute(
      sql`insert into uso_horario (objeto, objeto_id, hora, entrada_kbps, salida_kbps)
          select r.o, r.id, to_timestamp(r.h), r.e, r.s
            from json_to_recordset(${json}::json) as r(o smallint, id int, h bigint, e int[], s int[])
          ${FUSIONAR_HORA}`,
    );
  }
}

/**
 * Moves a binding's hour being measured (vinculos_monitoreo.hora_actual) into `uso_horario`, for a
 * binding about to be removed or pointed elsewhere: its history stays, as the hours before it do.
 */
export async function volcarHoraActual(db: DbOrTx, objeto: ObjetoMonitoreo, id: number): Promise<void> {
  await db.execute(
    sql`insert into uso_horario (objeto, objeto_id, hora, entrada_kbps, salida_kbps)
        select ${CODIGO_OBJETO[objeto]}::smallint, objeto_id, hora_actual, actual_entrada_kbps, actual_salida_kbps
          from vinculos_monitoreo
         where objeto = ${objeto} and objeto_id = ${id} and hora_actual is not null
        ${FUSIONAR_HORA}`,
  );
}

export interface MuestraGuardada {
  /** Unix seconds, start of the 5-minute slot. */
  t: number;
  entrada: number | null;
  salida: number | null;
}

type FilaHora = { objeto_id: number; h: number | string; e: string; s: string };

/** Stored samples of these objects with `desde < t <= hasta` (Unix seconds), by id, ascending. */
export async function leerMuestras(
  db: DbOrTx,
  objeto: 1 | 2,
  ids: readonly number[],
  desde: number,
  hasta: number,
): Promise<Map<number, MuestraGuardada[]>> {
  const porId = new Map<number, MuestraGuardada[]>();
  if (ids.length === 0) return porId;
  const idsSql = listaEnteros(ids);
  const rango = sql`>= to_timestamp(${pisoHora(desde)})`;
  // As JSON text: postgres-js and PGlite do not read NULL array elements alike; JSON says null.
  const filas = await execRows<FilaHora>(
    db,
    sql`select objeto_id, extract(epoch from hora)::bigint as h, array_to_json(entrada_kbps)::text as e,
               array_to_json(salida_kbps)::text as s
          from uso_horario
         where objeto = ${objeto} and objeto_id = any(${idsSql}::int[])
           and hora ${rango} and hora <= to_timestamp(${hasta})`,
  );
  // The hour each binding is measuring lives in its binding row until the next hour (hora_actual).
  const actuales = await execRows<FilaHora>(
    db,
    sql`select objeto_id, extract(epoch from hora_actual)::bigint as h,
               array_to_json(actual_entrada_kbps)::text as e, array_to_json(actual_salida_kbps)::text as s
          from vinculos_monitoreo
         where objeto = ${OBJETO_DE_CODIGO[objeto]} and objeto_id = any(${idsSql}::int[])
           and hora_actual ${rango} and hora_actual <= to_timestamp(${hasta})`,
  );
  const horas = new Map<string, HoraUso & { id: number }>();
  for (const f of [...filas, ...actuales]) {
    const id = Number(f.objeto_id);
    const h = horaDeJson(Number(f.h), f.e, f.s) as HoraUso;
    const clave = `${id}:${h.hora}`;
    // The binding's slots over the table's where both have one (the same reading, or a newer one).
    horas.set(clave, { id, ...fusionarHora(horas.get(clave) ?? null, h) });
  }
  for (const h of [...horas.values()].sort((a, b) => a.id - b.id || a.hora - b.hora)) {
    let lista = porId.get(h.id);
    if (!lista) {
      lista = [];
      porId.set(h.id, lista);
    }
    for (let i = 0; i < MUESTRAS_POR_HORA; i++) {
      const t = h.hora + i * SEGUNDOS_MUESTRA;
      const e = h.entrada[i] ?? null;
      const s = h.salida[i] ?? null;
      if ((e === null && s === null) || t <= desde || t > hasta) continue;
      lista.push({ t, entrada: e, salida: s });
    }
  }
  return porId;
}

/** max(entrada, salida) of a stored sample, kbps. */
export const valorMuestra = (m: MuestraGuardada): number => Math.max(m.entrada ?? 0, m.salida ?? 0);

export interface ResumenKbps {
  n: number;
  p95: number | null;
  max: number | null;
  promedio: number | null;
}

/** Nearest-rank p95, max and average of max(entrada, salida), the domain's definitions, in kbps. */
export function resumirMuestras(muestras: readonly MuestraGuardada[]): ResumenKbps {
  const valores = muestras.map(valorMuestra);
  return { n: valores.length, p95: percentil95(valores), max: maximo(valores), promedio: promedio(valores) };
}

/** kbps → Mbps with the product's 3 decimals (kbps are whole, so only averages round). */
export const kbpsAMbps = (kbps: number | null): number | null => (kbps === null ? null : Math.round(kbps) / 1000);

/**
 * Moves hours older than 35 days (whole UTC days) into `uso_diario`, a batch of objects at a time,
 * and drops daily rows older than 400 days. Stops after `presupuestoMs` and goes on next cycle:
 * the first cycle after midnight has one day of every object to move. The day's p95 is
 * percentile_disc(0.95), which is the nearest rank ⌈0.95·N⌉ like the rest.
 */
export async function podar(db: DbOrTx, ahora: Date, presupuestoMs = 20_000): Promise<{ horas: number; dias: number }> {
  const fin = Date.now() + presupuestoMs;
  const corte = pisoDia(Math.floor(ahora.getTime() / 1000)) - RETENCION_HORARIA_DIAS * SEGUNDOS_DIA;
  let horas = 0;
  while (Date.now() < fin) {
    const viejas = await execRows<{ objeto: number; objeto_id: number }>(
      db,
      sql`select objeto, objeto_id from uso_horario where hora < to_timestamp(${corte}) order by hora limit 5000`,
    );
    if (viejas.length === 0) break;
    const claves = [...new Map(viejas.map((v) => [`${v.objeto}:${v.objeto_id}`, v])).values()];
    const json = JSON.stringify(claves.map((c) => ({ o: Number(c.objeto), id: Number(c.objeto_id) })));
    const movidas = await enTransaccion(db, (tx) =>
      execRows<{ n: number | string }>(
        tx,
        sql`with claves as (select * from json_to_recordset(${json}::json) as k(o smallint, id int)),
             viejas as (
               delete from uso_horario u using claves k
                where u.objeto = k.o and u.objeto_id = k.id and u.hora < to_timestamp(${corte})
            returning u.objeto, u.objeto_id, u.hora, u.entrada_kbps, u.salida_kbps),
             muestras as (
               select objeto, objeto_id, (hora at time zone 'UTC')::date as dia, x.e, x.s, greatest(x.e, x.s) as v
                 from viejas, unnest(viejas.entrada_kbps, viejas.salida_kbps) as x(e, s)),
             dias as (
               select objeto, objeto_id, dia, count(*) as n,
                      percentile_disc(0.95) within group (order by v) as p95, max(v) as mx, round(avg(v)) as prom,
                      round(avg(e)) as e_prom, max(e) as e_max, round(avg(s)) as s_prom, max(s) as s_max
                 from muestras where v is not null group by objeto, objeto_id, dia),
             ins as (
               insert into uso_diario (objeto, objeto_id, dia, muestras, p95_kbps, max_kbps, promedio_kbps,
                                       entrada_prom_kbps, entrada_max_kbps, salida_prom_kbps, salida_max_kbps)
               select objeto, objeto_id, dia, n, p95, mx, prom, e_prom, e_max, s_prom, s_max from dias
               on conflict (objeto, objeto_id, dia) do update set
                 -- a day met twice (never by design) merges conservatively: p95 and max can only rise.
                 p95_kbps = greatest(uso_diario.p95_kbps, excluded.p95_kbps),
                 max_kbps = greatest(uso_diario.max_kbps, excluded.max_kbps),
                 promedio_kbps = round((uso_diario.promedio_kbps::numeric * uso_diario.muestras
                                 + excluded.promedio_kbps * excluded.muestras) / (uso_diario.muestras + excluded.muestras)),
                 muestras = uso_diario.muestras + excluded.muestras
               returning 1)
            select count(*) as n from viejas`,
      ),
    );
    horas += Number(movidas[0]?.n ?? 0);
  }
  const corteDiario = pisoDia(Math.floor(ahora.getTime() / 1000)) - RETENCION_DIARIA_DIAS * SEGUNDOS_DIA;
  const borrados = await execRows(
    db,
    sql`delete from uso_diario where dia < (to_timestamp(${corteDiario}) at time zone 'UTC')::date returning 1`,
  );
  return { horas, dias: borrados.length };
}
