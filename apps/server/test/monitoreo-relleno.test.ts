/**
 * Filling a new binding's window backwards (docs/monitoreo.md, "Filling the window"), against
 * Debian's real prometheus: the first read covers the last 15 minutes, the backfill the rest, a
 * few hours per round while the cycle has time; what the backfill fails to read changes no state
 * and is read again by the next cycle. A stand-in proxy in front of prometheus refuses the older
 * ranges on demand.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { percentil95 } from '@troncal/domain/capacity';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { crearFuentes } from '../src/services/monitoreo/config';
import { quePasoToca } from '../src/services/monitoreo/programador';
import { rellenar, sincronizar } from '../src/services/monitoreo/sincronizar';
import { bearerAs, testApp, testEnv } from './helpers/app';
import { createTestDb, type TestDatabase } from './helpers/db';
import { DIA_CONOCIDO, diaConocido, relojDiaConocido } from './helpers/monitoreo';
import { bwUtilizado, HORAS_GUARDADAS, insertarConexion, insertarServicio } from './helpers/monitoreo-datos';
import {
  bindingGauge,
  levantarPrometheus,
  lineasGauge,
  type PrometheusPrueba,
  sinPrometheus,
} from './helpers/prometheus';

const razon = sinPrometheus();
const { B, CICLO, iso } = relojDiaConocido();
const DIA = diaConocido();
/** The busier direction of each 5-minute sample, in kbps (what Troncal stores and ranks). */
const kbps = DIA.map((m) => Math.max(m.entrada_mbps, m.salida_mbps) * 1000);

function openMetrics(): string {
  // c2 has readings only in the window's first six hours: nothing recent.
  const antiguo = Array.from({ length: 72 }, (_, b) => ({ t: B + b * 300, entrada_mbps: 80, salida_mbps: 10 }));
  return `${[
    '# TYPE troncal_if_bps gauge',
    ...lineasGauge(
      'c1',
      DIA.map((m, b) => ({ t: B + b * 300, ...m })),
    ),
    ...lineasGauge('c2', antiguo),
    '# EOF',
  ].join('\n')}\n`;
}

/** Forwards to prometheus; while `desdeMinimo` is set, a query_range starting before it gets a 503. */
function proxy(destino: string) {
  const estado = { desdeMinimo: null as number | null, rechazadas: 0, pedidos: [] as number[] };
  const servidor: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', destino);
    const cuerpo = await new Promise<Buffer>((ok) => {
      const partes: Buffer[] = [];
      req.on('data', (p: Buffer) => partes.push(p));
      req.on('end', () => ok(Buffer.concat(partes)));
    });
    const params = new URLSearchParams(req.method === 'POST' ? cuerpo.toString() : url.search);
    const start = Number(params.get('start'));
    if (url.pathname.endsWith('/query_range')) estado.pedidos.push(start);
    if (estado.desdeMinimo !== null && url.pathname.endsWith('/query_range') && start < estado.desdeMinimo) {
      estado.rechazadas++;
      res.writeHead(503, { 'content-type': 'text/plain' }).end('mantenimiento');
      return;
    }
    const r = await fetch(url, {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? 'text/plain') },
      body: req.method === 'POST' ? cuerpo : undefined,
    });
    res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  return { servidor, estado };
}

/** A cycle's answer while no backfill is done: c1 OK, c2 SIN_DATOS, both windows incomplete. */
const SIN_RELLENO = {
  ok: true,
  consultados: 2,
  actualizados: 1,
  errores_total: 1,
  rellenados: 0,
  ventana_incompleta: 2,
};

describe.skipIf(razon)('relleno de la ventana hacia atrás, con un prometheus real', () => {
  let prom: PrometheusPrueba;
  let database: TestDatabase;
  let app: FastifyInstance;
  let operador: { authorization: string };
  let delante: ReturnType<typeof proxy>;
  let url = '';
  const ids = { s1: 0, c1: 0, c2: 0 };

  beforeAll(async () => {
    prom = await levantarPrometheus(openMetrics());
    delante = proxy(prom.url);
    await new Promise<void>((ok) => delante.servidor.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(delante.servidor.address() as AddressInfo).port}`;
    database = await createTestDb();
    app = await testApp(database, { TRONCAL_PROMETHEUS_URL: url });
    operador = await bearerAs(database, 'operador');
    ids.s1 = await insertarServicio(database.db, 1000);
    ids.c1 = await insertarConexion(database.db, { servicio_id: ids.s1, bw_contratado: 300 });
    ids.c2 = await insertarConexion(database.db, { servicio_id: ids.s1, bw_contratado: 100 });
    for (const c of ['c1', 'c2'] as const) {
      const r = await app.inject({
        method: 'PUT',
        url: `/v1/conexiones/${ids[c]}/monitoreo`,
        headers: operador,
        payload: bindingGauge(c),
      });
      expect(r.statusCode, r.body).toBe(200);
    }
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    delante?.servidor.close();
    prom?.cerrar();
  });

  const env = () => testEnv({ TRONCAL_PROMETHEUS_URL: url });
  const deps = () => {
    const e = env();
    return { db: database.db, kind: database.kind, config: e, fuentes: crearFuentes(e) };
  };
  const ciclo = (plazoRellenoS?: number) =>
    sincronizar(deps(), { origen: 'manual', ahora: new Date(CICLO * 1000), plazoRellenoS });
  const vinculo = async (id: number) =>
    (await app.inject({ url: `/v1/conexiones/${id}/monitoreo`, headers: operador })).json().data;
  const horas = async (id: number) =>
    Number(
      (
        await execRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from ${HORAS_GUARDADAS} where objeto = 1 and objeto_id = ${id}`,
        )
      )[0]?.n,
    );

  it('first cycle without backfill time: the last 15 minutes only, figures over them, the window marked as read from there', async () => {
    const r = await ciclo(0);
    expect(r).toMatchObject(SIN_RELLENO);
    // c1: from the first step of the 15 minutes before the cycle (B + 23 h 45 min) = the day's last 3 samples.
    const ultimas = kbps.slice(-3);
    expect(await vinculo(ids.c1)).toMatchObject({
      estado: 'OK',
      muestras: 3,
      p95_mbps: (percentil95(ultimas) as number) / 1000,
      max_mbps: Math.max(...ultimas) / 1000,
      leido_desde: iso(B + 285 * 300),
      ultima_muestra_en: iso(B + 287 * 300),
    });
    // The cycle's own hour, in the binding's row.
    expect(await horas(ids.c1)).toBe(1);
    // c2 has nothing recent: SIN_DATOS for now, but read from the same step on.
    expect(await vinculo(ids.c2)).toMatchObject({ estado: 'SIN_DATOS', leido_desde: iso(B + 285 * 300) });
    expect(delante.estado.pedidos.every((start) => start >= B + 285 * 300)).toBe(true);
  });

  it('a backfill the source refuses changes no state, reports nothing and moves nothing: the next cycle reads it again', async () => {
    delante.estado.desdeMinimo = B + 285 * 300;
    const antes = await vinculo(ids.c1);
    const r = await ciclo();
    expect(delante.estado.rechazadas).toBeGreaterThan(0);
    // The current read worked: its figures and states as before, no error for the backfill.
    expect(r).toMatchObject(SIN_RELLENO);
    expect(r.errores.map((e) => e.id)).toEqual([ids.c2]);
    const despues = await vinculo(ids.c1);
    expect(despues).toMatchObject({
      estado: 'OK',
      mensaje: null,
      muestras: 3,
      p95_mbps: antes.p95_mbps,
      leido_desde: iso(B + 285 * 300),
    });
    expect(await horas(ids.c1)).toBe(1);
    delante.estado.desdeMinimo = null;
  });

  it('a backfill run between cycles: the whole window, round after round; the older samples turn SIN_DATOS into OK', async () => {
    delante.estado.pedidos = [];
    const r = await rellenar(deps(), { ahora: new Date(CICLO * 1000) });
    // Two bindings, five rounds each; nothing left.
    expect(r).toMatchObject({ rellenados: 10, ventana_incompleta: 0 });
    expect(await vinculo(ids.c1)).toMatchObject({
      estado: 'OK',
      muestras: DIA_CONOCIDO.n,
      p95_mbps: DIA_CONOCIDO.p95_mbps,
      max_mbps: DIA_CONOCIDO.max_mbps,
      promedio_mbps: DIA_CONOCIDO.promedio_mbps,
      // The window (CICLO − 24 h, CICLO] starts a second before B: its first hour is B − 1 h.
      leido_desde: iso(B - 3600),
    });
    expect(await horas(ids.c1)).toBe(24);
    expect(await bwUtilizado(database.db, ids.c1)).toBe(DIA_CONOCIDO.p95_mbps);
    // c2: found in the window's first hours by the backfill.
    expect(await vinculo(ids.c2)).toMatchObject({
      estado: 'OK',
      mensaje: null,
      // 72 readings, and the step at B + 6 h that prometheus fills from the last one (lookback).
      muestras: 73,
      p95_mbps: 80,
      leido_desde: iso(B - 3600),
    });
    expect(await bwUtilizado(database.db, ids.c2)).toBe(80);
    // No current reads: six hours per backfill read back to the window's first hour (the one read
    // from B + 23 h 45 min first gets the rest of its hour and the five before), 18, 12, 6, 0 and
    // −1 hours after B.
    const starts = [...new Set(delante.estado.pedidos)].sort((a, b) => b - a);
    expect(starts).toEqual([B + 18 * 3600, B + 12 * 3600, B + 6 * 3600, B, B - 3600]);
  });

  it('a complete window is not read again; /v1/monitoreo/estado counts the bindings still filling and shows the last backfill run', async () => {
    delante.estado.pedidos = [];
    expect(await ciclo()).toMatchObject({ consultados: 2, rellenados: 0, ventana_incompleta: 0 });
    // Each from its newest sample (read again), no backfill: c1's day ends at B + 23 h 55 min; c2's
    // is at B + 6 h: prometheus answers the step at B + 6 h with the reading five minutes before (its lookback).
    expect([...new Set(delante.estado.pedidos)].sort((a, b) => b - a)).toEqual([B + 23 * 3600 + 3300, B + 6 * 3600]);
    const estado = () =>
      app.inject({ url: '/v1/monitoreo/estado', headers: operador }).then((r) => r.json().ventana_incompleta);
    expect((await app.inject({ url: '/v1/monitoreo/estado', headers: operador })).json().ultimo_relleno).toMatchObject({
      rellenados: 10,
      terminado_en: expect.any(String),
    });
    // The pinned cycles are two days old: against the real clock both windows start after B.
    expect(await estado()).toBe(0);
    await database.db.execute(
      sql`update vinculos_monitoreo set leido_desde = now() - interval '2 hours' where objeto_id = ${ids.c1}`,
    );
    expect(await estado()).toBe(1);
  });
});

describe('what the in-server timer does next', () => {
  const min = 60_000;
  const base = { ahora: 1_000 * min, intervalo: 5 * min, finRelleno: null, duracionRelleno: 0, incompletas: 0 };

  it('a cycle when none has finished or the last one is an interval old; else waits for it', () => {
    expect(quePasoToca({ ...base, finCiclo: null })).toEqual({ paso: 'ciclo' });
    expect(quePasoToca({ ...base, finCiclo: base.ahora - 5 * min })).toEqual({ paso: 'ciclo' });
    expect(quePasoToca({ ...base, finCiclo: base.ahora - 2 * min })).toEqual({ paso: 'esperar', ms: 3 * min });
  });

  it('backfill runs between cycles while windows are incomplete: after the pause, never within a minute of the next cycle', () => {
    const finCiclo = base.ahora - min;
    expect(quePasoToca({ ...base, finCiclo, incompletas: 5 })).toEqual({ paso: 'relleno' });
    // A run of 40 s ended 10 s ago: 30 s more of pause.
    expect(
      quePasoToca({ ...base, finCiclo, incompletas: 5, finRelleno: base.ahora - 10_000, duracionRelleno: 40_000 }),
    ).toEqual({ paso: 'esperar', ms: 30_000 });
    // The next cycle is due in 50 s: no run.
    expect(quePasoToca({ ...base, finCiclo: base.ahora - 4 * min - 10_000, incompletas: 5 })).toEqual({
      paso: 'esperar',
      ms: 50_000,
    });
    // A pause that would end within a minute of the cycle: wait for the cycle.
    expect(
      quePasoToca({
        ...base,
        finCiclo: base.ahora - 3 * min,
        incompletas: 5,
        finRelleno: base.ahora,
        duracionRelleno: 70_000,
      }),
    ).toEqual({ paso: 'esperar', ms: 2 * min });
  });
});
