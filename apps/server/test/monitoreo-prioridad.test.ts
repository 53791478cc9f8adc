/**
 * The cycle's worker thread gives the CPU to the API (prioridad.ts): nice TRONCAL_MONITOREO_NICE
 * and, by default, SCHED_IDLE. Seen from outside, as an operator would with `ps -eLo tid,cls,ni`:
 * while a real cycle runs in its worker (PostgreSQL only; on PGlite the cycle stays in the server's
 * thread), this process's threads are read from /proc/self/task. The source answers after 1.5 s,
 * so the cycle's thread is there to be seen.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leerConfigMonitoreo } from '../src/services/monitoreo/config';
import { depsCiclo } from '../src/services/monitoreo/entorno';
import { sincronizar } from '../src/services/monitoreo/sincronizar';
import { testEnv } from './helpers/app';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { insertarConexion, insertarServicio } from './helpers/monitoreo-datos';

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

/** Every thread of this process: its id, scheduling policy and nice value (proc(5), stat fields 41 and 19). */
function hilos(): Map<string, { politica: number; nice: number }> {
  const m = new Map<string, { politica: number; nice: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const campos = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      m.set(tid, { politica: Number(campos[38]), nice: Number(campos[16]) });
    } catch {
      // the thread ended meanwhile
    }
  }
  return m;
}

describe('la configuración de la prioridad del ciclo', () => {
  it('SCHED_IDLE is on unless TRONCAL_MONITOREO_SCHED_IDLE is false; anything else is refused in Spanish', () => {
    expect(leerConfigMonitoreo({}).TRONCAL_MONITOREO_SCHED_IDLE).toBe('true');
    expect(leerConfigMonitoreo({ TRONCAL_MONITOREO_SCHED_IDLE: '' }).TRONCAL_MONITOREO_SCHED_IDLE).toBe('true');
    expect(leerConfigMonitoreo({ TRONCAL_MONITOREO_SCHED_IDLE: 'false' }).TRONCAL_MONITOREO_SCHED_IDLE).toBe('false');
    expect(() => leerConfigMonitoreo({ TRONCAL_MONITOREO_SCHED_IDLE: 'si' })).toThrow(
      'Configuración de monitoreo inválida:\n  TRONCAL_MONITOREO_SCHED_IDLE: debe ser true o false',
    );
  });
});

describe.runIf(onPostgres() && process.platform === 'linux')('el hilo del ciclo cede la CPU a la API', () => {
  let database: TestDatabase;
  let lento: Server;
  let url: string;

  beforeAll(async () => {
    lento = createServer((req, res) => {
      req.resume();
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }));
      }, 1500);
    });
    await new Promise<void>((ok) => lento.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(lento.address() as AddressInfo).port}`;
    database = await createTestDb();
    const db = database.db;
    const servicio = await insertarServicio(db, 1000);
    const enlace = await insertarConexion(db, { servicio_id: servicio, bw_contratado: 100 });
    await db.execute(
      sql`insert into vinculos_monitoreo (objeto, objeto_id, fuente, entrada, salida)
          values ('conexion', ${enlace}, 'prometheus', 'entrada', 'salida')`,
    );
  });

  afterAll(async () => {
    await new Promise<void>((ok) => lento?.close(() => ok()));
    await database?.close();
  });

  /** The threads that appeared while one cycle ran in its worker, as first seen after it set its priority. */
  async function hilosDelCiclo(over: Record<string, string>) {
    const d = database;
    const env = testEnv({ TRONCAL_PROMETHEUS_URL: url, DATABASE_URL: d.url!, ...over });
    const deps = depsCiclo(d.db, d.kind, env);
    expect(deps.hilo).toBeDefined();
    const antes = new Set(hilos().keys());
    const vistos = new Map<string, { politica: number; nice: number }>();
    let fin = false;
    const ciclo = sincronizar(deps, { origen: 'manual' }).finally(() => {
      fin = true;
    });
    while (!fin) {
      for (const [tid, h] of hilos()) if (!antes.has(tid) && (h.nice !== 0 || !vistos.has(tid))) vistos.set(tid, h);
      await new Promise((r) => setTimeout(r, 20));
    }
    const r = await ciclo;
    expect(r.consultados).toBe(1);
    return [...vistos.values()];
  }

  it('by default the worker thread runs under SCHED_IDLE at nice 15, and no other thread does', async () => {
    const nuevos = await hilosDelCiclo({});
    expect(nuevos.filter((h) => h.politica === SCHED_IDLE)).toEqual([{ politica: SCHED_IDLE, nice: 15 }]);
    // The thread that started it (the server's, in production) keeps the normal policy.
    const propio = readlinkSync('/proc/thread-self').split('/').pop()!;
    expect(hilos().get(propio)).toEqual({ politica: SCHED_OTHER, nice: 0 });
  }, 30_000);

  it('with TRONCAL_MONITOREO_SCHED_IDLE=false, the nice value alone (here 12)', async () => {
    const nuevos = await hilosDelCiclo({ TRONCAL_MONITOREO_SCHED_IDLE: 'false', TRONCAL_MONITOREO_NICE: '12' });
    expect(nuevos.filter((h) => h.politica === SCHED_IDLE)).toEqual([]);
    expect(nuevos.filter((h) => h.nice === 12)).toEqual([{ politica: SCHED_OTHER, nice: 12 }]);
  }, 30_000);
});
