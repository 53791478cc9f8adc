/**
 * The cycle yields to a busy API (services/monitoreo/cesion.ts): the server's process reports its
 * event loop's utilisation to the cycle's process, which rests between batches while it is busy,
 * during its first PLAZO_CESION_S only. The rule is checked alone; on PostgreSQL, a real cycle in
 * its child process against a stand-in source, once with the test's own event loop (the "server")
 * kept busy and once idle: the rests happen only in the first, and both write the same figures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { loadEnv } from '../src/env';
import { descanso, fijarOcupacionApi, PLAZO_CESION_S, UMBRAL_OCUPADA } from '../src/services/monitoreo/cesion';
import { depsCiclo } from '../src/services/monitoreo/entorno';
import { sincronizar } from '../src/services/monitoreo/sincronizar';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { esperarListo, puertoLibre } from './helpers/monitoreo';
import { insertarConexion, insertarServicio } from './helpers/monitoreo-datos';

describe('the rest between batches', () => {
  it('none while the API is quiet; as long as the batch took (≤ 500 ms) while busy; none after the first 45 s', () => {
    fijarOcupacionApi(UMBRAL_OCUPADA - 0.01);
    expect(descanso(300, 1_000)).toBe(0);
    fijarOcupacionApi(UMBRAL_OCUPADA);
    expect(descanso(300, 1_000)).toBe(300);
    // Whole milliseconds, as pasos_ms.cedido is.
    expect(descanso(123.456, 1_000)).toBe(123);
    expect(descanso(2_000, 1_000)).toBe(500);
    // Never past the yielding time, and nothing after it.
    expect(descanso(300, PLAZO_CESION_S * 1000 - 100)).toBe(100);
    expect(descanso(300, PLAZO_CESION_S * 1000)).toBe(0);
    fijarOcupacionApi(Number.NaN);
    expect(descanso(300, 1_000)).toBe(0);
    fijarOcupacionApi(0);
  });
});

const CONEXIONES = 3_000;

describe.runIf(onPostgres())('a cycle in its own process yields to a busy server', () => {
  let database: TestDatabase;
  let fuente: ChildProcess;
  let url: string;

  beforeAll(async () => {
    // The bench's stand-in Prometheus (one series per expression, after 20 ms per request): the
    // yielding is about the cycle's pace, not about the source.
    const puerto = await puertoLibre();
    fuente = spawn(
      process.execPath,
      [fileURLToPath(new URL('../../../bench/prometheus-falso.mjs', import.meta.url)), String(puerto), '20', '0'],
      { stdio: 'ignore' },
    );
    url = `http://127.0.0.1:${puerto}`;
    await esperarListo(`${url}/peticiones`);
    database = await createTestDb();
    const servicio = await insertarServicio(database.db, 100_000);
    const primera = await insertarConexion(database.db, { servicio_id: servicio, bw_contratado: 100 });
    await database.db.execute(
      sql`insert into conexiones (servicio_id, cid_enlace, tipo_enlace, enlace_estado, bw_contratado, bw_utilizado,
                                  cliente_id, nodo_a)
          select c.servicio_id, nextval('enlace_cid_seq')::text, c.tipo_enlace, c.enlace_estado, c.bw_contratado, 0,
                 c.cliente_id, c.nodo_a
            from conexiones c cross join generate_series(2, ${CONEXIONES})
           where c.enlace_id = ${primera}`,
    );
    await database.db.execute(
      sql`insert into vinculos_monitoreo (objeto, objeto_id, fuente, entrada, salida)
          select 'conexion', enlace_id, 'prometheus', 'troncal_in{id="' || enlace_id || '"}',
                 'troncal_out{id="' || enlace_id || '"}'
            from conexiones`,
    );
  }, 60_000);

  afterAll(async () => {
    if (fuente && fuente.exitCode === null) fuente.kill('SIGTERM');
    await database?.close();
  });

  const figuras = () =>
    execRows<Record<string, unknown>>(
      database.db,
      sql`select v.objeto_id, v.estado, v.p95_mbps, v.max_mbps, v.muestras, c.bw_utilizado
            from vinculos_monitoreo v join conexiones c on c.enlace_id = v.objeto_id order by v.objeto_id`,
    );

  it('rests between batches while the event loop is busy, not while it is quiet; the same figures either way', async () => {
    const env = loadEnv({
      ...process.env,
      DATABASE_URL: database.url,
      TRONCAL_PROMETHEUS_URL: url,
      TRONCAL_MONITOREO_CONCURRENCIA: '4',
    });
    const deps = depsCiclo(database.db, database.kind, env);
    expect(deps.proceso?.url).toBe(database.url);
    // Every cycle at the same clock and without backfill: after the first, each reads the same
    // samples again (from the last one's hour), so the busy cycle and the quiet one must agree.
    const ahora = new Date(Math.floor(Date.now() / 300_000) * 300_000);
    const opciones = { origen: 'manual', ahora, plazoRellenoS: 0 } as const;
    expect(await sincronizar(deps, opciones)).toMatchObject({ actualizados: CONEXIONES });

    // The "API": this process's event loop busy 90 % of the time while the cycle runs.
    const ocupar = setInterval(() => {
      const fin = performance.now() + 90;
      while (performance.now() < fin) {
        // busy, as a server serving requests back to back
      }
    }, 100);
    let ocupado: Awaited<ReturnType<typeof sincronizar>>;
    try {
      ocupado = await sincronizar(deps, opciones);
    } finally {
      clearInterval(ocupar);
    }
    const tras = await figuras();
    expect(ocupado).toMatchObject({ consultados: CONEXIONES, actualizados: CONEXIONES, errores_total: 0 });
    expect(ocupado.pasos_ms.cedido).toBeGreaterThan(0);
    expect(Number.isInteger(ocupado.pasos_ms.cedido)).toBe(true);
    expect(tras.every((f) => f.estado === 'OK' && Number(f.bw_utilizado) > 0)).toBe(true);

    const quieto = await sincronizar(deps, opciones);
    expect(quieto).toMatchObject({ consultados: CONEXIONES, actualizados: CONEXIONES, errores_total: 0 });
    expect(quieto.pasos_ms.cedido).toBe(0);
    expect(await figuras()).toEqual(tras);
  }, 120_000);
});
