/**
 * The monitoring cycle end to end against Debian's real prometheus: known series written by the
 * test, bindings made over /v1, a cycle at a pinned time, then exact bw_utilizado,
 * capacidad_utilizada, binding figures and the stored series over /v1 and tRPC.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { crearFuentes, leerConfigMonitoreo } from '../src/services/monitoreo/config';
import { depsCiclo, fuentesDe } from '../src/services/monitoreo/entorno';
import { MENSAJE_EN_CURSO, sincronizar } from '../src/services/monitoreo/sincronizar';
import { exigirUtilizadoNoMedido } from '../src/services/monitoreo/vinculos';
import { bearerAs, callerAs, testApp, testEnv } from './helpers/app';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { DIA_CONOCIDO, diaConocido, relojDiaConocido } from './helpers/monitoreo';
import { bwUtilizado, HORAS_GUARDADAS, insertarConexion, insertarServicio, utilizada } from './helpers/monitoreo-datos';
import {
  bindingGauge,
  levantarPrometheus,
  lineasGauge,
  type PrometheusPrueba,
  sinPrometheus,
} from './helpers/prometheus';

const razon = sinPrometheus();
/** A cycle's answer without its timings (duracion_ms, pasos_ms), which differ between runs. */
const sinTiempos = ({ duracion_ms: _, pasos_ms: __, ...r }: Awaited<ReturnType<typeof sincronizar>>) => r;
const { AHORA, B, CICLO, iso } = relojDiaConocido();

function openMetrics(): string {
  const dia = diaConocido().map((m, b) => ({ t: B + b * 300, ...m }));
  const constante = (entrada_mbps: number, salida_mbps: number) =>
    Array.from({ length: 288 }, (_, b) => ({ t: B + b * 300, entrada_mbps, salida_mbps }));
  // Every minute over the last two hours, for a cycle at the real "now".
  const reciente = Array.from({ length: 120 }, (_, i) => ({
    t: AHORA - 7200 + i * 60,
    entrada_mbps: 55,
    salida_mbps: 20,
  }));
  return `${[
    '# TYPE troncal_if_bps gauge',
    ...lineasGauge('c1', dia),
    ...lineasGauge('c2', constante(40, 15)),
    ...lineasGauge('c4', constante(100, 100)),
    ...lineasGauge('s2', constante(700, 650)),
    ...lineasGauge('c7', reciente),
    '# EOF',
  ].join('\n')}\n`;
}

describe.skipIf(razon)('ciclo de monitoreo con un prometheus real', () => {
  let prom: PrometheusPrueba;
  let database: TestDatabase;
  let app: FastifyInstance;
  let env: ReturnType<typeof testEnv>;
  let operador: { authorization: string };
  const ids = { s1: 0, s2: 0, c1: 0, c2: 0, c3: 0, c4: 0, c5: 0, c6: 0, c7: 0 };

  beforeAll(async () => {
    prom = await levantarPrometheus(openMetrics());
    database = await createTestDb();
    env = testEnv({ TRONCAL_PROMETHEUS_URL: prom.url });
    // On PostgreSQL the app's cycles run in a child process on this URL (proceso.ts), as in production.
    app = await testApp(database, {
      TRONCAL_PROMETHEUS_URL: prom.url,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    });
    operador = await bearerAs(database, 'operador');
    const db = database.db;
    ids.s1 = await insertarServicio(db, 1000);
    ids.s2 = await insertarServicio(db, 1000);
    ids.c1 = await insertarConexion(db, { servicio_id: ids.s1, bw_contratado: 300 });
    ids.c2 = await insertarConexion(db, { servicio_id: ids.s1, bw_contratado: 50 });
    ids.c3 = await insertarConexion(db, { servicio_id: ids.s1, bw_utilizado: 12.5 });
    ids.c4 = await insertarConexion(db, { servicio_id: ids.s1, estado: 'BAJA' });
    ids.c5 = await insertarConexion(db, { servicio_id: ids.s2, bw_utilizado: 30 });
    ids.c6 = await insertarConexion(db, { servicio_id: ids.s1, bw_utilizado: 5 });
    ids.c7 = await insertarConexion(db, { servicio_id: ids.s2, bw_contratado: 60 });
    const vincular = (ruta: string, cuerpo: object) =>
      app.inject({ method: 'PUT', url: `/v1/${ruta}/monitoreo`, headers: operador, payload: cuerpo });
    for (const c of ['c1', 'c2', 'c4', 'c7'] as const) {
      const r = await vincular(`conexiones/${ids[c]}`, bindingGauge(c));
      expect(r.statusCode, r.body).toBe(200);
    }
    await vincular(`conexiones/${ids.c6}`, bindingGauge('no-existe'));
    const r = await vincular(`servicios-proveedor/${ids.s2}`, bindingGauge('s2'));
    expect(r.json()).toMatchObject({
      ok: true,
      message: `El servicio de proveedor ${ids.s2} queda vinculado a Prometheus, entrada «troncal_if_bps{enlace="s2",dir="in"}», salida «troncal_if_bps{enlace="s2",dir="out"}»; el próximo ciclo lo medirá.`,
      data: { objeto: 'servicio', id: ids.s2, estado: null, p95_mbps: null },
    });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    prom?.cerrar();
  });

  const ciclo = (ahora: Date) =>
    sincronizar(
      { db: database.db, kind: database.kind, config: env, fuentes: fuentesDe(env) },
      { origen: 'manual', ahora },
    );

  it('one cycle: exact p95 per binding, bw_utilizado of bound connections, capacidad_utilizada of both services', async () => {
    const r = await ciclo(new Date(CICLO * 1000));
    expect(r).toMatchObject({ ok: true, consultados: 6, actualizados: 4, errores_total: 2 });
    expect(r.errores).toEqual([
      {
        objeto: 'conexion',
        id: ids.c6,
        estado: 'SIN_DATOS',
        message: expect.stringMatching(/^Prometheus no tiene datos para estas expresiones entre/),
      },
      // c7's data is from the last two hours, after the pinned cycle's window.
      { objeto: 'conexion', id: ids.c7, estado: 'SIN_DATOS', message: expect.any(String) },
    ]);
    const db = database.db;
    expect(await bwUtilizado(db, ids.c1)).toBe(DIA_CONOCIDO.p95_mbps);
    expect(await bwUtilizado(db, ids.c2)).toBe(40);
    expect(await bwUtilizado(db, ids.c3)).toBe(12.5);
    expect(await bwUtilizado(db, ids.c4)).toBe(100);
    expect(await bwUtilizado(db, ids.c6)).toBe(5);
    // s1: Σ of its live connections, measured (277, 40) and typed (12.5, 5); c4 is BAJA.
    expect(await utilizada(db, ids.s1)).toBe(334.5);
    // s2 is bound: its own uplink, not its connections' 30.
    expect(await utilizada(db, ids.s2)).toBe(700);

    const v = await app.inject({ url: `/v1/conexiones/${ids.c1}/monitoreo`, headers: operador });
    expect(v.json()).toEqual({
      ok: true,
      data: expect.objectContaining({
        objeto: 'conexion',
        id: ids.c1,
        monitoreo: bindingGauge('c1'),
        estado: 'OK',
        mensaje: null,
        p95_mbps: 277,
        max_mbps: 2000,
        promedio_mbps: 165.125,
        muestras: 288,
        medido_en: iso(CICLO),
        ultima_muestra_en: iso(B + 287 * 300),
      }),
    });
  });

  it('the stored series over /v1: 288 five-minute points and the same figures', async () => {
    const r = await app.inject({
      url: `/v1/conexiones/${ids.c1}/uso?desde=${iso(B)}&hasta=${iso(B + 86_400)}`,
      headers: operador,
    });
    expect(r.statusCode, r.body).toBe(200);
    const uso = r.json();
    expect(uso).toMatchObject({
      ok: true,
      resolucion_s: 300,
      p95_mbps: 277,
      max_mbps: 2000,
      promedio_mbps: 165.125,
      muestras: 288,
      p95_exacto: true,
      fuente: 'prometheus',
      estado: 'OK',
      actualizado_en: iso(CICLO),
    });
    expect(uso.serie).toHaveLength(288);
    expect(uso.serie[0]).toEqual({ t: iso(B), entrada_mbps: 1, salida_mbps: 0.25 });
    const dia = diaConocido();
    expect(uso.serie.map((p: { entrada_mbps: number }) => p.entrada_mbps)).toEqual(dia.map((m) => m.entrada_mbps));
    expect(uso.serie.map((p: { salida_mbps: number }) => p.salida_mbps)).toEqual(dia.map((m) => m.salida_mbps));

    // Eight days: hourly points (24 hours of data), same p95.
    const semana = await app.inject({
      url: `/v1/conexiones/${ids.c1}/uso?desde=${iso(B - 6 * 86_400)}&hasta=${iso(B + 2 * 86_400)}`,
      headers: operador,
    });
    expect(semana.json()).toMatchObject({ resolucion_s: 3600, p95_mbps: 277, muestras: 288 });
    expect(semana.json().serie).toHaveLength(24);

    // The service's own series through tRPC.
    const lector = await callerAs(database, 'lector', { TRONCAL_PROMETHEUS_URL: prom.url });
    const s2 = await lector.monitoreo.uso({
      objeto: 'servicio',
      id: ids.s2,
      desde: iso(B) as never,
      hasta: iso(B + 86_400) as never,
    });
    expect(s2).toMatchObject({ p95_mbps: 700, max_mbps: 700, promedio_mbps: 700, muestras: 288 });
    expect(s2.serie[5]).toEqual({ t: iso(B + 1500), entrada_mbps: 700, salida_mbps: 650 });

    // The default range is the last 24 hours of the real clock: nothing stored there for c1.
    const hoy = await app.inject({ url: `/v1/conexiones/${ids.c1}/uso`, headers: operador });
    expect(hoy.json()).toMatchObject({ serie: [], p95_mbps: null, muestras: 0, estado: 'OK' });
  });

  it('a second cycle at the same time re-reads the current and previous hours and changes nothing', async () => {
    const antes = await execRows(database.db, sql`select * from ${HORAS_GUARDADAS} order by objeto, objeto_id, hora`);
    expect(antes.filter((h) => Number(h.objeto_id) === ids.c1)).toHaveLength(24);
    const r = await ciclo(new Date(CICLO * 1000));
    expect(r).toMatchObject({ consultados: 6, actualizados: 4 });
    expect(await execRows(database.db, sql`select * from ${HORAS_GUARDADAS} order by objeto, objeto_id, hora`)).toEqual(
      antes,
    );
    expect(await bwUtilizado(database.db, ids.c1)).toBe(277);
    expect(await utilizada(database.db, ids.s1)).toBe(334.5);
  });

  it('one request at a time: bindings with the same start go together (1, 2, 4 … per request), same figures', async () => {
    const antes = await execRows(database.db, sql`select * from ${HORAS_GUARDADAS} order by objeto, objeto_id, hora`);
    const primero = await ciclo(new Date(CICLO * 1000));
    let pedidos = 0;
    const contar: typeof fetch = (url, init) => {
      pedidos++;
      return fetch(url, init);
    };
    const fuentes = crearFuentes(leerConfigMonitoreo({ TRONCAL_PROMETHEUS_URL: prom.url }), { fetch: contar });
    const r = await sincronizar(
      { db: database.db, kind: database.kind, config: { ...env, TRONCAL_MONITOREO_CONCURRENCIA: 1 }, fuentes },
      { origen: 'manual', ahora: new Date(CICLO * 1000) },
    );
    expect(sinTiempos(r)).toEqual(sinTiempos(primero));
    // c1, c2, c4, s2 start at their last sample's hour, c6 and c7 at the window's: c1 alone (two
    // queries), c2 + c4 in one, s2 alone (the last of its start), c6 + c7 in one: 6, not 12.
    expect(pedidos).toBe(6);
    expect(await execRows(database.db, sql`select * from ${HORAS_GUARDADAS} order by objeto, objeto_id, hora`)).toEqual(
      antes,
    );
    expect(await bwUtilizado(database.db, ids.c1)).toBe(277);
    expect(await utilizada(database.db, ids.s2)).toBe(700);
  });

  it.runIf(onPostgres())(
    'on PostgreSQL a cycle runs in a child process with its own pool: the same answer, state and log; a busy lock is the same 409',
    async () => {
      const estado = () =>
        execRows(
          database.db,
          sql`select v.*, (select array_agg(row(u.*)::text order by u.hora) from uso_horario u
                            where u.objeto_id = v.objeto_id and u.objeto = case v.objeto when 'conexion' then 1 else 2 end) as horas
                from vinculos_monitoreo v order by v.objeto, v.objeto_id`,
        );
      const entorno = { ...env, DATABASE_URL: database.url };
      const lineas: { o: object; msg?: string }[] = [];
      const log = { info: (o: object, msg?: string) => lineas.push({ o, msg }), warn: () => {}, error: () => {} };
      const deps = depsCiclo(database.db, database.kind, entorno, log);
      expect(deps.proceso?.url).toBe(database.url);

      const aqui = await ciclo(new Date(CICLO * 1000));
      const antes = await estado();
      const enProceso = await sincronizar(deps, { origen: 'manual', ahora: new Date(CICLO * 1000) });
      expect(sinTiempos(enProceso)).toEqual(sinTiempos(aqui));
      expect(enProceso).toMatchObject({ consultados: 6, actualizados: 4 });
      // Only the time of the attempt moves: the same hours, figures and states.
      const sinIntento = (filas: Record<string, unknown>[]) => filas.map(({ intentado_en: _, ...f }) => f);
      expect(sinIntento(await estado())).toEqual(sinIntento(antes));
      expect(lineas).toEqual([
        { o: expect.objectContaining({ consultados: 6, actualizados: 4 }), msg: 'monitoreo: ciclo terminado' },
      ]);

      // Another process holds the cycle's advisory lock: the child process's 409 reaches the caller as one.
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${0x54524e4c}::int, 13)`);
        await expect(sincronizar(deps, { origen: 'manual', ahora: new Date(CICLO * 1000) })).rejects.toMatchObject({
          name: 'DomainError',
          code: 'CONFLICTO',
          message: MENSAJE_EN_CURSO,
        });
      });
    },
    60_000,
  );

  it('a manual bw_utilizado of a bound connection is refused (422 rule); the value it has, or unbound ones, pass', async () => {
    const db = database.db;
    await db.transaction(async (tx) => {
      await expect(exigirUtilizadoNoMedido(tx, ids.c1, 50)).rejects.toMatchObject({
        code: 'REGLA_NEGOCIO',
        message: expect.stringMatching(
          /^El BW utilizado de esta conexión lo mide el monitoreo \(Prometheus, entrada «troncal_if_bps\{enlace="c1",dir="in"\}».*\): no se escribe a mano \(vale 277 Mbps\)\. Quite el vínculo de monitoreo para escribirlo\.$/,
        ),
        issues: [{ path: 'bw_utilizado', message: expect.any(String) }],
      });
      await exigirUtilizadoNoMedido(tx, ids.c1, 277);
      await exigirUtilizadoNoMedido(tx, ids.c1, undefined);
      await exigirUtilizadoNoMedido(tx, ids.c1, 50, null);
      await exigirUtilizadoNoMedido(tx, ids.c3, 50);
      await expect(exigirUtilizadoNoMedido(tx, null, 10, bindingGauge('x'))).rejects.toMatchObject({
        code: 'REGLA_NEGOCIO',
      });
      await exigirUtilizadoNoMedido(tx, null, 0, bindingGauge('x'));
      await expect(exigirUtilizadoNoMedido(tx, ids.c3, 50, bindingGauge('x'))).rejects.toMatchObject({
        code: 'REGLA_NEGOCIO',
      });
    });
  });

  it('POST /v1/monitoreo/sincronizar at the real time: c7 measured; the old ones SIN_DATOS keeping their last values', async () => {
    const r = await app.inject({ method: 'POST', url: '/v1/monitoreo/sincronizar', headers: operador });
    expect(r.statusCode, r.body).toBe(200);
    const cuerpo = r.json();
    expect(cuerpo).toMatchObject({ ok: true, consultados: 6, actualizados: 1, errores_total: 5 });
    expect(cuerpo.errores.map((e: { estado: string }) => e.estado)).toEqual(Array(5).fill('SIN_DATOS'));
    expect(await bwUtilizado(database.db, ids.c7)).toBe(55);
    expect(await bwUtilizado(database.db, ids.c1)).toBe(277);
    // s2's own measure is kept (SIN_DATOS keeps it), so c7's 55 does not move it.
    expect(await utilizada(database.db, ids.s2)).toBe(700);
    const c1 = (await app.inject({ url: `/v1/conexiones/${ids.c1}/monitoreo`, headers: operador })).json().data;
    expect(c1).toMatchObject({
      estado: 'SIN_DATOS',
      // Prometheus repeats a gauge's last value for 5 minutes (its lookback), so the window's
      // first step may bring one stale point from before the window.
      mensaje: expect.stringMatching(/^(Prometheus no tiene datos|Sin muestras en la ventana de utilización)/),
      p95_mbps: 277,
      medido_en: iso(CICLO),
    });
    expect(Date.parse(c1.intentado_en)).toBeGreaterThan(Date.now() - 120_000);

    const lista = await app.inject({ url: '/v1/monitoreo/vinculos?estado=SIN_DATOS&limit=100', headers: operador });
    expect(lista.json()).toMatchObject({
      ok: true,
      total: 5,
      resumen: { OK: 1, SIN_DATOS: 5, ERROR: 0, PENDIENTE: 0 },
    });
    const estado = await app.inject({ url: '/v1/monitoreo/estado', headers: operador });
    expect(estado.json()).toMatchObject({
      ok: true,
      fuentes: ['prometheus'],
      intervalo_s: 300,
      ventana_h: 24,
      ultimo_ciclo: { origen: 'manual', consultados: 6, actualizados: 1, errores: 5 },
    });
  });

  it('Probar: the current values of a binding, or the source saying why not', async () => {
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/monitoreo/probar',
      headers: operador,
      payload: { objeto: 'conexion', id: ids.c7 },
    });
    expect(ok.json()).toMatchObject({
      ok: true,
      fuente: 'prometheus',
      estado: 'OK',
      entrada_mbps: 55,
      salida_mbps: 20,
    });
    const mal = await app.inject({
      method: 'POST',
      url: '/v1/monitoreo/probar',
      headers: operador,
      payload: { monitoreo: { ...bindingGauge('c7'), entrada: 'sum(rate(x[5m]' } },
    });
    expect(mal.statusCode).toBe(200);
    expect(mal.json()).toMatchObject({
      ok: true,
      estado: 'ERROR',
      message: expect.stringMatching(/^Prometheus rechazó la expresión de entrada: .*parse error/),
      entrada_mbps: null,
    });
  });

  it('a connection edit under a bound service recomputes its utilizada as its own measure, not Σ', async () => {
    const r = await app.inject({
      method: 'PUT',
      url: `/v1/conexiones/${ids.c5}`,
      headers: operador,
      payload: { bw_utilizado: 31 },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(await bwUtilizado(database.db, ids.c5)).toBe(31);
    expect(await utilizada(database.db, ids.s2)).toBe(700);
  });

  it('unbinding a service puts its capacidad_utilizada back to Σ of its connections at once', async () => {
    const r = await app.inject({
      method: 'DELETE',
      url: `/v1/servicios-proveedor/${ids.s2}/monitoreo`,
      headers: operador,
    });
    expect(r.json()).toEqual({
      ok: true,
      message: `Se quitó el monitoreo del servicio de proveedor ${ids.s2}.`,
      data: null,
    });
    expect(await utilizada(database.db, ids.s2)).toBe(86);
  });

  it('the hour being measured stays in the binding row; unbinding or the next hour moves it to uso_horario, and the series is the same', async () => {
    const db = database.db;
    const U = CICLO - (CICLO % 3600);
    const enFila = async (id: number) =>
      (
        await execRows<{ h: string | null; n: number | null }>(
          db,
          sql`select extract(epoch from hora_actual)::bigint::text as h, array_length(actual_entrada_kbps, 1) as n
                from vinculos_monitoreo where objeto = 'conexion' and objeto_id = ${id}`,
        )
      )[0];
    const enTabla = async (id: number) =>
      execRows<{ n: number }>(
        db,
        sql`select (select count(*) from unnest(entrada_kbps) x where x is not null)::int as n
              from uso_horario where objeto = 1 and objeto_id = ${id} and hora = to_timestamp(${U})`,
      );
    // The stored series over /v1 (not the binding's state, which unbinding clears).
    const serie = async (id: number) => {
      const r = await app.inject({
        url: `/v1/conexiones/${id}/uso?desde=${iso(B)}&hasta=${iso(B + 86_400)}`,
        headers: operador,
      });
      const { serie, p95_mbps, max_mbps, promedio_mbps, muestras } = r.json();
      return { serie, p95_mbps, max_mbps, promedio_mbps, muestras };
    };
    // Bindings read for the first time at CICLO: the hour before goes to uso_horario (and the
    // backfill the rest of the window), the hour of CICLO stays in their rows, twelve slots.
    for (const id of [ids.c3, ids.c5]) {
      const r = await app.inject({
        method: 'PUT',
        url: `/v1/conexiones/${id}/monitoreo`,
        headers: operador,
        payload: bindingGauge('c1'),
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await ciclo(new Date(CICLO * 1000));
    const antes = await serie(ids.c3);
    expect(antes.serie).toHaveLength(288);
    expect(antes.p95_mbps).toBe(DIA_CONOCIDO.p95_mbps);
    for (const id of [ids.c3, ids.c5]) {
      expect(await enFila(id)).toEqual({ h: String(U), n: 12 });
      expect(await enTabla(id)).toEqual([]);
      expect(await serie(id)).toEqual(antes);
    }

    // Unbinding keeps the history, that hour included.
    const r = await app.inject({ method: 'DELETE', url: `/v1/conexiones/${ids.c5}/monitoreo`, headers: operador });
    expect(r.statusCode, r.body).toBe(200);
    expect(await enFila(ids.c5)).toBeUndefined();
    expect(await enTabla(ids.c5)).toEqual([{ n: 12 }]);
    expect(await serie(ids.c5)).toEqual(antes);

    // The first cycle of the next hour moves c3's hour into uso_horario (read again with its last sample).
    const siguiente = await ciclo(new Date((CICLO + 3600) * 1000));
    expect(siguiente.errores.map((e) => e.id)).not.toContain(ids.c3);
    expect((await enFila(ids.c3))?.h).not.toBe(String(U));
    expect(await enTabla(ids.c3)).toEqual([{ n: 12 }]);
    expect(await serie(ids.c3)).toEqual(antes);
  });
});

if (razon) it.skip(`ciclo de monitoreo omitido: ${razon}`);
