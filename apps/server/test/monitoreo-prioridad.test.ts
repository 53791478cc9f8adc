/**
 * The cycle's child process gives the CPU to the API (prioridad.ts): nice TRONCAL_MONITOREO_NICE and,
 * by default, SCHED_IDLE, on every one of its threads (V8's garbage collection threads included).
 * Seen from outside, as an operator would with `ps -eLo tid,cls,ni`: while a real cycle runs in its
 * process (PostgreSQL only; on PGlite the cycle stays in the server's), that process's threads and
 * this one's are read from /proc. The source answers after 1.5 s, so the cycle's process is there
 * to be seen.
 */
import { readdirSync, readFileSync } from 'node:fs';
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

/** proc(5) stat fields after the command: 4 the parent's pid, 19 the nice value, 41 the policy. */
function campos(ruta: string): string[] {
  const stat = readFileSync(ruta, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Every thread of process `pid`: its id, scheduling policy and nice value. */
function hilos(pid: number | 'self'): Map<string, { politica: number; nice: number }> {
  const m = new Map<string, { politica: number; nice: number }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return m; // the process ended meanwhile
  }
  for (const tid of tids) {
    try {
      const c = campos(`/proc/${pid}/task/${tid}/stat`);
      m.set(tid, { politica: Number(c[38]), nice: Number(c[16]) });
    } catch {
      // the thread ended meanwhile
    }
  }
  return m;
}

/** The processes this one started that are still running. */
function hijos(): number[] {
  const propios: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (Number(campos(`/proc/${d}/stat`)[1]) === process.pid) propios.push(Number(d));
    } catch {
      // ended meanwhile
    }
  }
  return propios;
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

describe.runIf(onPostgres() && process.platform === 'linux')('el proceso del ciclo cede la CPU a la API', () => {
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

  /**
   * The threads of the process that ran one cycle, each as last seen while the cycle ran (after the
   * process set its priority), and this process's threads at the end.
   */
  async function hilosDelCiclo(over: Record<string, string>) {
    const d = database;
    const env = testEnv({ TRONCAL_PROMETHEUS_URL: url, DATABASE_URL: d.url!, ...over });
    const deps = depsCiclo(d.db, d.kind, env);
    expect(deps.proceso).toBeDefined();
    const antes = new Set(hijos());
    const vistos = new Map<number, Map<string, { politica: number; nice: number }>>();
    let fin = false;
    const ciclo = sincronizar(deps, { origen: 'manual' }).finally(() => {
      fin = true;
    });
    while (!fin) {
      for (const pid of hijos()) {
        if (antes.has(pid)) continue;
        const m = vistos.get(pid) ?? new Map();
        for (const [tid, h] of hilos(pid)) m.set(tid, h);
        vistos.set(pid, m);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const r = await ciclo;
    expect(r.consultados).toBe(1);
    expect(vistos.size).toBe(1);
    const [delCiclo] = [...vistos.values()];
    return { delCiclo: [...delCiclo!.values()], propios: [...hilos('self').values()] };
  }

  it("by default every thread of the cycle's process runs under SCHED_IDLE at nice 15, and none of the server's does", async () => {
    const { delCiclo, propios } = await hilosDelCiclo({});
    // JavaScript's thread, V8's garbage collection and compiler threads, libuv's: all of them.
    expect(delCiclo.length).toBeGreaterThanOrEqual(5);
    expect(new Set(delCiclo.map((h) => JSON.stringify(h)))).toEqual(
      new Set([JSON.stringify({ politica: SCHED_IDLE, nice: 15 })]),
    );
    // The process that started it (the server, in production) keeps the normal policy on every thread.
    expect(propios.filter((h) => h.politica !== SCHED_OTHER || h.nice !== 0)).toEqual([]);
  }, 30_000);

  it('with TRONCAL_MONITOREO_SCHED_IDLE=false, the nice value alone (here 12), on every thread', async () => {
    const { delCiclo, propios } = await hilosDelCiclo({
      TRONCAL_MONITOREO_SCHED_IDLE: 'false',
      TRONCAL_MONITOREO_NICE: '12',
    });
    expect(delCiclo.length).toBeGreaterThanOrEqual(5);
    expect(new Set(delCiclo.map((h) => JSON.stringify(h)))).toEqual(
      new Set([JSON.stringify({ politica: SCHED_OTHER, nice: 12 })]),
    );
    expect(propios.filter((h) => h.politica !== SCHED_OTHER || h.nice !== 0)).toEqual([]);
  }, 30_000);
});
