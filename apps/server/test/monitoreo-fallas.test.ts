/**
 * A source that is down, slow, failing or talking garbage: every binding gets a clear Spanish
 * state, keeps its last values, and nothing else in the database changes; the server keeps
 * answering; a dead source costs a few timeouts, not one per binding; one cycle at a time.
 * The sources here are small HTTP servers on 127.0.0.1 that misbehave on purpose (the real
 * Prometheus and Zabbix are in monitoreo-ciclo and monitoreo-zabbix-ciclo).
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { crearFuentes, leerConfigMonitoreo } from '../src/services/monitoreo/config';
import { sincronizar } from '../src/services/monitoreo/sincronizar';
import { bearerAs, testApp } from './helpers/app';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { puertoLibre, type ServidorPrueba, servidorPrueba } from './helpers/monitoreo';
import { bwUtilizado, insertarConexion, insertarServicio, instantanea, utilizada } from './helpers/monitoreo-datos';
import { bindingGauge } from './helpers/prometheus';

type Modo = 'bien' | '500' | 'basura' | 'json-raro' | 'lenta' | 'vacia';

describe('monitoreo ante fuentes que fallan', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let operador: { authorization: string };
  let prom: ServidorPrueba;
  let zbx: ServidorPrueba;
  let modo: Modo = 'bien';
  let demora = 0;
  let pedidos = 0;
  const ids = { s1: 0, s2: 0, c1: 0, c2: 0, c3: 0 };

  beforeAll(async () => {
    prom = await servidorPrueba((_req, res, cuerpo) => {
      pedidos++;
      const p = new URLSearchParams(cuerpo);
      const responder = () => {
        if (res.destroyed) return;
        if (modo === '500')
          return res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
        if (modo === 'basura') return res.writeHead(200).end('<html>no soy JSON</html>');
        if (modo === 'json-raro') return res.writeHead(200).end('{"estado":"bien"}');
        const valor = p.get('query')?.includes('"in"') ? '50000000' : '20000000';
        const valores: [number, string][] = [];
        if (modo !== 'vacia') {
          for (let t = Number(p.get('start')); t <= Number(p.get('end')); t += Number(p.get('step')))
            valores.push([t, valor]);
        }
        const result = valores.length ? [{ metric: {}, values: valores }] : [];
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } }));
      };
      if (modo === 'lenta') setTimeout(responder, demora);
      else responder();
    });
    // A Zabbix 6.0 that knows no host at all.
    zbx = await servidorPrueba((_req, res, cuerpo) => {
      const pedido = JSON.parse(cuerpo) as { method: string; id: number };
      const result = pedido.method === 'apiinfo.version' ? '6.0.14' : [];
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', result, id: pedido.id }));
    });
    database = await createTestDb();
    app = await testApp(database, { TRONCAL_PROMETHEUS_URL: prom.url });
    operador = await bearerAs(database, 'operador');
    const db = database.db;
    ids.s1 = await insertarServicio(db);
    ids.s2 = await insertarServicio(db);
    ids.c1 = await insertarConexion(db, { servicio_id: ids.s1, bw_utilizado: 3 });
    ids.c2 = await insertarConexion(db, { servicio_id: ids.s1, bw_utilizado: 7 });
    ids.c3 = await insertarConexion(db, { servicio_id: ids.s2, bw_utilizado: 9 });
    const put = (ruta: string, cuerpo: object) =>
      app.inject({ method: 'PUT', url: `/v1/${ruta}/monitoreo`, headers: operador, payload: cuerpo });
    await put(`conexiones/${ids.c1}`, bindingGauge('c1'));
    await put(`conexiones/${ids.c2}`, { fuente: 'zabbix', host: 'no-existe-01', interfaz: 'Gi0/0/1' });
    await put(`servicios-proveedor/${ids.s2}`, bindingGauge('s2'));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await prom?.cerrar();
    await zbx?.cerrar();
  });

  const fuentes = (over: Record<string, string> = {}) =>
    crearFuentes(
      leerConfigMonitoreo({
        TRONCAL_PROMETHEUS_URL: prom.url,
        TRONCAL_ZABBIX_URL: `${zbx.url}/api_jsonrpc.php`,
        TRONCAL_ZABBIX_TOKEN: 'token-de-prueba',
        TRONCAL_MONITOREO_TIMEOUT_S: '1',
        ...over,
      }),
    );
  const config = {
    TRONCAL_UTILIZACION_VENTANA_H: 24,
    TRONCAL_MONITOREO_CONCURRENCIA: 4,
    TRONCAL_MONITOREO_INTERVALO_S: 300,
  };
  const ciclo = (f = fuentes(), c: Partial<typeof config> = {}) =>
    sincronizar(
      { db: database.db, kind: database.kind, config: { ...config, ...c }, fuentes: f },
      { origen: 'manual' },
    );
  const estado = async (ruta: string) =>
    (await app.inject({ url: `/v1/${ruta}/monitoreo`, headers: operador })).json().data;

  it('a working source first: measured values to keep', async () => {
    modo = 'bien';
    const r = await ciclo();
    expect(r).toMatchObject({ consultados: 3, actualizados: 2, errores_total: 1 });
    // A Zabbix that does not know the host: the binding's own fault, in Spanish.
    expect(r.errores).toEqual([
      {
        objeto: 'conexion',
        id: ids.c2,
        estado: 'ERROR',
        message:
          'No se encontró el host «no-existe-01» en Zabbix (se busca por su "Host name" técnico y por su nombre visible). Si existe, el usuario del token no tiene permiso de lectura sobre su grupo.',
      },
    ]);
    expect(await bwUtilizado(database.db, ids.c1)).toBe(50);
    expect(await bwUtilizado(database.db, ids.c2)).toBe(7);
    expect(await utilizada(database.db, ids.s1)).toBe(57);
    expect(await utilizada(database.db, ids.s2)).toBe(50);
    expect(await estado(`conexiones/${ids.c1}`)).toMatchObject({ estado: 'OK', p95_mbps: 50, max_mbps: 50 });
  });

  const casos: {
    nombre: string;
    modo: Modo;
    demora?: number;
    caida?: true;
    mensaje: RegExp;
    estado?: string;
  }[] = [
    {
      nombre: 'down (connection refused)',
      modo: 'bien',
      caida: true,
      mensaje:
        /^No se pudo conectar con Prometheus en http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range: conexión rechazada \(¿está en marcha y escucha en ese puerto\?\)\.$/,
    },
    {
      nombre: 'HTTP 500 with an HTML page',
      modo: '500',
      mensaje: /^Prometheus respondió HTTP 500 en http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range\.$/,
    },
    {
      nombre: 'not JSON',
      modo: 'basura',
      mensaje: /^Prometheus respondió algo que no es JSON en .*: «<html>no soy JSON<\/html>»\.$/,
    },
    {
      nombre: 'JSON of the wrong shape',
      modo: 'json-raro',
      mensaje: /^Prometheus respondió JSON inesperado en .*: falta "status": "success" con "data"\.$/,
    },
    {
      nombre: 'slower than TRONCAL_MONITOREO_TIMEOUT_S',
      modo: 'lenta',
      demora: 3000,
      mensaje: /^Prometheus no respondió en 1 s \(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range\)\.$/,
    },
    {
      nombre: 'answering, with nothing for the expressions',
      modo: 'vacia',
      mensaje: /^Prometheus no tiene datos para estas expresiones entre .* UTC\.$/,
      estado: 'SIN_DATOS',
    },
  ];

  for (const caso of casos) {
    it(`source ${caso.nombre}: Spanish state on each binding, last values kept, nothing else changed`, async () => {
      const antes = await instantanea(database.db);
      modo = caso.modo;
      demora = caso.demora ?? 0;
      const f = caso.caida ? fuentes({ TRONCAL_PROMETHEUS_URL: `http://127.0.0.1:${await puertoLibre()}` }) : fuentes();
      const r = await ciclo(f);
      modo = 'bien';
      const esperado = caso.estado ?? 'ERROR';
      expect(r).toMatchObject({ ok: true, consultados: 3, actualizados: 0, errores_total: 3 });
      const porId = Object.fromEntries(r.errores.map((e) => [`${e.objeto}${e.id}`, e]));
      expect(porId[`conexion${ids.c1}`]).toMatchObject({
        estado: esperado,
        message: expect.stringMatching(caso.mensaje),
      });
      expect(porId[`servicio${ids.s2}`]).toMatchObject({
        estado: esperado,
        message: expect.stringMatching(caso.mensaje),
      });
      expect(await instantanea(database.db)).toEqual(antes);
      const c1 = await estado(`conexiones/${ids.c1}`);
      expect(c1).toMatchObject({ estado: esperado, mensaje: expect.stringMatching(caso.mensaje), p95_mbps: 50 });
      expect(c1.medido_en <= c1.intentado_en).toBe(true);
      const lista = await app.inject({ url: `/v1/monitoreo/vinculos?estado=${esperado}`, headers: operador });
      expect(lista.json().total).toBe(esperado === 'ERROR' ? 3 : 2);
    });
  }

  it('a slow source is given up after a few timeouts, not one per binding; the server answers meanwhile', async () => {
    for (let i = 0; i < 30; i++) {
      const id = await insertarConexion(database.db, { servicio_id: ids.s1 });
      await app.inject({
        method: 'PUT',
        url: `/v1/conexiones/${id}/monitoreo`,
        headers: operador,
        payload: bindingGauge(`x${i}`),
      });
    }
    modo = 'lenta';
    demora = 5000;
    pedidos = 0;
    const inicio = Date.now();
    const enCurso = ciclo(fuentes(), { TRONCAL_MONITOREO_CONCURRENCIA: 2 });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    const lista = await app.inject({ url: '/v1/monitoreo/vinculos', headers: operador });
    expect(lista.statusCode).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);
    const r = await enCurso;
    modo = 'bien';
    // Five consecutive timeouts trip it (two requests per binding, two bindings at a time).
    expect(pedidos).toBeLessThanOrEqual(14);
    expect(Date.now() - inicio).toBeLessThan(6000);
    expect(r.consultados).toBe(33);
    const saltados = r.errores.filter((e) =>
      e.message.endsWith('(No se consultó en este ciclo: Prometheus falló 5 veces seguidas.)'),
    );
    expect(saltados.length).toBeGreaterThanOrEqual(33 - 1 - 7);
  });

  it('no source configured: sincronizar answers ok with 0 consultados and writes nothing', async () => {
    const sinFuentes = await testApp(database);
    try {
      const antes = await instantanea(database.db);
      const r = await sinFuentes.inject({ method: 'POST', url: '/v1/monitoreo/sincronizar', headers: operador });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({
        ok: true,
        consultados: 0,
        actualizados: 0,
        errores: [],
        errores_total: 0,
        duracion_ms: 0,
        rellenados: 0,
        ventana_incompleta: 0,
        pasos_ms: { lectura: 0, horas: 0, ventana: 0, estados: 0, utilizado: 0, servicios: 0, poda: 0, cedido: 0 },
      });
      expect(await instantanea(database.db)).toEqual(antes);
      const e = await sinFuentes.inject({ url: '/v1/monitoreo/estado', headers: operador });
      expect(e.json()).toMatchObject({ ok: true, fuentes: [] });
      // Probar says where to configure it.
      const p = await sinFuentes.inject({
        method: 'POST',
        url: '/v1/monitoreo/probar',
        headers: operador,
        payload: { objeto: 'conexion', id: ids.c1 },
      });
      expect(p.json()).toMatchObject({
        ok: true,
        estado: 'ERROR',
        message: 'Este vínculo usa Prometheus, pero el servidor no tiene TRONCAL_PROMETHEUS_URL configurado.',
      });
    } finally {
      await sinFuentes.close();
    }
  });

  it('two cycles at once: one runs, the other is refused (409) or, scheduled, skips', async () => {
    modo = 'lenta';
    demora = 150;
    const f = fuentes({ TRONCAL_MONITOREO_TIMEOUT_S: '5' });
    const [a, b] = await Promise.allSettled([ciclo(f), ciclo(f)]);
    const manual = ciclo(f);
    await new Promise((r) => setTimeout(r, 100));
    const programado = sincronizar(
      { db: database.db, kind: database.kind, config, fuentes: f },
      { origen: 'programado' },
    );
    const [c, d] = await Promise.allSettled([manual, programado]);
    modo = 'bien';
    const resultados = [a, b];
    expect(resultados.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const rechazo = resultados.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    expect(rechazo.reason).toMatchObject({
      code: 'CONFLICTO',
      message: 'Ya hay un ciclo de monitoreo en curso (en este u otro proceso del servidor); espere a que termine.',
    });
    expect(c.status).toBe('fulfilled');
    expect(d).toMatchObject({ status: 'fulfilled', value: { omitido: 'en_curso', consultados: 0 } });
    // Over HTTP the refusal is a 409 in the /v1 shape.
    const lento = ciclo(fuentes({ TRONCAL_MONITOREO_TIMEOUT_S: '5' }));
    modo = 'lenta';
    await new Promise((r) => setTimeout(r, 100));
    const http = await app.inject({ method: 'POST', url: '/v1/monitoreo/sincronizar', headers: operador });
    await lento;
    modo = 'bien';
    expect(http.statusCode).toBe(409);
    expect(http.json()).toEqual({
      ok: false,
      message: 'Ya hay un ciclo de monitoreo en curso (en este u otro proceso del servidor); espere a que termine.',
    });
  });

  it.runIf(onPostgres())(
    'on PostgreSQL the lock is the advisory lock: a second connection cannot take it',
    async () => {
      modo = 'lenta';
      demora = 500;
      const enCurso = ciclo(fuentes({ TRONCAL_MONITOREO_TIMEOUT_S: '5' }));
      await new Promise((r) => setTimeout(r, 150));
      const [fila] = await execRows<{ n: number }>(
        database.db,
        // pg_locks is the whole server's: another test file's database may hold its own cycle's lock.
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted and classid = ${0x54524e4c} and objid = 13
              and database = (select oid from pg_database where datname = current_database())`,
      );
      await enCurso;
      modo = 'bien';
      expect(fila?.n).toBe(1);
    },
  );
});
