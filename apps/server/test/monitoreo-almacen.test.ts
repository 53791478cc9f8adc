/**
 * Bounded storage: hours older than 35 days become one row per day with the day's exact
 * nearest-rank p95 (as the domain computes it), daily rows older than 400 days go, and a series
 * reaching into summarised days says its p95 is an upper bound.
 */
import { agruparMuestras5Min, maximo, type PuntoTrafico, percentil95, promedio } from '@troncal/domain/capacity';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { guardarHoras, horasDesdeMuestras, podar, repartirHoras } from '../src/services/monitoreo/almacen';
import { desdeParaLeer, rangoRelleno } from '../src/services/monitoreo/lectura';
import { usoDe } from '../src/services/monitoreo/uso';
import { createTestDb, type TestDatabase } from './helpers/db';
import { insertarConexion, insertarServicio } from './helpers/monitoreo-datos';

const DIA = 86_400;
const AHORA = new Date();
const HOY = Math.floor(AHORA.getTime() / 1000 / DIA) * DIA;
/** Days −40 … −36 are past the 35-day hourly retention (it keeps −35 on); −34, −33, −2 and −1 are not. */
const DIAS = [-40, -39, -38, -37, -36, -35, -34, -33, -2, -1];

/** A deterministic pseudo-random walk, kbps-exact values in bps, with a few gaps. */
function puntosDelDia(inicio: number, semilla: number): PuntoTrafico[] {
  let x = semilla;
  const azar = () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
  const puntos: PuntoTrafico[] = [];
  for (let b = 0; b < 288; b++) {
    if (b % 37 === 5) continue; // a missed poll: no sample, not a zero
    const e = Math.round(azar() * 900_000) * 1000;
    puntos.push({
      t: inicio + b * 300,
      entrada_bps: e,
      salida_bps: b % 11 === 0 ? null : Math.round(azar() * 400_000) * 1000,
    });
  }
  return puntos;
}

describe('almacenamiento acotado del uso medido', () => {
  let database: TestDatabase;
  let id = 0;
  const porDia = new Map<number, number[]>();

  beforeAll(async () => {
    database = await createTestDb();
    id = await insertarConexion(database.db, { servicio_id: await insertarServicio(database.db) });
    for (const [i, d] of DIAS.entries()) {
      const muestras = agruparMuestras5Min(puntosDelDia(HOY + d * DIA, 7 + i));
      porDia.set(
        HOY + d * DIA,
        muestras.map((m) => Math.round(m.bps / 1000)),
      );
      await guardarHoras(database.db, [{ objeto: 1, id, horas: horasDesdeMuestras(muestras) }]);
    }
    await database.db.execute(
      sql`insert into uso_diario (objeto, objeto_id, dia, muestras, p95_kbps, max_kbps, promedio_kbps)
          values (1, ${id}, (now() - interval '401 days')::date, 288, 1, 1, 1)`,
    );
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  it('podar: each day past 35 days becomes one row with its exact p95, max and average; older than 400 days go', async () => {
    const r = await podar(database.db, AHORA);
    expect(r).toEqual({ horas: 5 * 24, dias: 1 });
    const horas = await execRows<{ min: string }>(
      database.db,
      sql`select min(extract(epoch from hora))::bigint as min from uso_horario`,
    );
    expect(Number(horas[0]?.min)).toBe(HOY - 35 * DIA);
    const dias = await execRows<Record<string, number>>(
      database.db,
      sql`select extract(epoch from dia::timestamp)::bigint as t, muestras, p95_kbps, max_kbps, promedio_kbps
            from uso_diario order by dia`,
    );
    expect(dias).toHaveLength(5);
    for (const d of dias) {
      const valores = porDia.get(Number(d.t)) as number[];
      expect(valores.length).toBe(280);
      expect({
        muestras: Number(d.muestras),
        p95: Number(d.p95_kbps),
        max: Number(d.max_kbps),
        prom: Number(d.promedio_kbps),
      }).toEqual({
        muestras: valores.length,
        p95: percentil95(valores),
        max: maximo(valores),
        prom: Math.round(promedio(valores) as number),
      });
    }
    // Nothing left to move: a second pass changes nothing.
    expect(await podar(database.db, AHORA)).toEqual({ horas: 0, dias: 0 });
  });

  it('a 45-day series: daily points where only summaries remain, p95 an honest upper bound', async () => {
    const uso = await usoDe(
      database.db,
      'conexion',
      id,
      { desde: new Date((HOY - 41 * DIA) * 1000), hasta: new Date((HOY + DIA) * 1000) },
      AHORA,
    );
    const todos = [...porDia.values()].flat();
    expect(uso.resolucion_s).toBe(3600);
    expect(uso.muestras).toBe(todos.length);
    expect(uso.p95_exacto).toBe(false);
    expect(uso.p95_mbps as number).toBeGreaterThanOrEqual((percentil95(todos) as number) / 1000);
    expect(uso.max_mbps).toBe((maximo(todos) as number) / 1000);
    // 5 daily points, then the hourly ones of the 5 days still kept by the hour.
    expect(uso.serie).toHaveLength(5 + 5 * 24);
    expect(uso.serie[0]?.t).toBe(new Date((HOY - 40 * DIA) * 1000).toISOString());
    expect(uso.serie[5]?.t).toBe(new Date((HOY - 35 * DIA) * 1000).toISOString());

    // Within the hourly retention the figures are exact again.
    const reciente = await usoDe(
      database.db,
      'conexion',
      id,
      { desde: new Date((HOY - 2 * DIA) * 1000), hasta: new Date(HOY * 1000) },
      AHORA,
    );
    const dosDias = [...(porDia.get(HOY - 2 * DIA) as number[]), ...(porDia.get(HOY - DIA) as number[])];
    expect(reciente).toMatchObject({
      resolucion_s: 300,
      p95_exacto: true,
      muestras: dosDias.length,
      p95_mbps: (percentil95(dosDias) as number) / 1000,
    });
  });

  it('what a cycle asks the source for: the last 15 minutes when new, then from the newest sample on, and the window backwards', () => {
    const ahora = 1_750_003_000; // 15:56:40 UTC
    const hora = ahora - (ahora % 3600);
    // New: from the first 5-minute step of the last 15 minutes (15:45, three samples); the rest of
    // the window comes from the backfill. Right after the hour: from the previous hour's last steps.
    expect(desdeParaLeer(null, ahora, DIA)).toBe(hora + 45 * 60);
    expect(desdeParaLeer(null, hora + 300, DIA)).toBe(hora - 600);
    expect(desdeParaLeer(null, hora + 120, 1800)).toBe(hora - 600);
    expect(desdeParaLeer(null, hora + 120, 60)).toBe(hora); // a window this short: never before its hour
    // From the newest stored sample, read again (it may have been incomplete).
    expect(desdeParaLeer(hora + 1500, ahora, DIA)).toBe(hora + 1500);
    // Right after the hour turns: the previous hour's last 5-minute sample again.
    expect(desdeParaLeer(hora - 300, hora + 60, DIA)).toBe(hora - 300);
    // After a three-hour outage: from where it stopped; after a week: the window only.
    expect(desdeParaLeer(hora - 3 * 3600 + 600, ahora, DIA)).toBe(hora - 3 * 3600 + 600);
    expect(desdeParaLeer(hora - 7 * DIA, ahora, DIA)).toBe(hora - DIA);

    // Backfill: six hours before what was read, up to the second before it, never before the window.
    expect(rangoRelleno(hora - 3600, ahora, DIA)).toEqual({ desde: hora - 7 * 3600, hasta: hora - 3601 });
    expect(rangoRelleno(hora - 21 * 3600, ahora, DIA)).toEqual({ desde: hora - DIA, hasta: hora - 21 * 3600 - 1 });
    expect(rangoRelleno(hora - DIA, ahora, DIA)).toBeNull();
    expect(rangoRelleno(hora - 2 * DIA, ahora, DIA)).toBeNull();
    // A longer window (the setting changed): the older hours are read too.
    expect(rangoRelleno(hora - DIA, ahora, 7 * DIA)).toEqual({ desde: hora - DIA - 6 * 3600, hasta: hora - DIA - 1 });
  });
});

describe('where the hours of a reading go (repartirHoras)', () => {
  const H = 1_772_409_600;
  const hora = (h: number, e: (number | null)[], s: (number | null)[] = e) => ({
    hora: h,
    entrada: [...e, ...Array(12 - e.length).fill(null)],
    salida: [...s, ...Array(12 - s.length).fill(null)],
  });

  it('the current hour stays in the row, merged slot by slot; earlier hours and the hour the row held go to uso_horario', () => {
    // Within the hour: the newest sample read again (changed) and a new one, over what the row holds.
    const dentro = repartirHoras([hora(H, [null, 7, 8])], hora(H, [5, 6]), null, H);
    expect(dentro).toEqual({ volcar: [], actual: hora(H, [5, 7, 8]) });
    // The hour turns: the last sample of the hour before and the first of this one.
    const vuelta = repartirHoras(
      [hora(H, [null, null, null, null, null, null, null, null, null, null, null, 12]), hora(H + 3600, [1])],
      hora(H, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
      null,
      H + 3600,
    );
    expect(vuelta).toEqual({
      volcar: [hora(H, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])],
      actual: hora(H + 3600, [1]),
    });
    // After an outage the read starts at the row's hour's last sample and nothing is newer yet:
    // the row's hour goes, the row holds none. The backfill's older hours go as they are.
    expect(repartirHoras([hora(H - 7200, [3])], hora(H - 3600, [4]), null, H)).toEqual({
      volcar: [hora(H - 7200, [3]), hora(H - 3600, [4])],
      actual: null,
    });
    // A current hour written to uso_horario before rows kept one: merged into the row, nothing lost;
    // one direction at a time, as the table's upsert merges.
    expect(repartirHoras([hora(H, [null, 9], [null, null])], null, hora(0, [1, 2], [3, 4]), H)).toEqual({
      volcar: [],
      actual: hora(H, [1, 9], [3, 4]),
    });
    expect(repartirHoras([], null, null, H)).toEqual({ volcar: [], actual: null });
  });
});
