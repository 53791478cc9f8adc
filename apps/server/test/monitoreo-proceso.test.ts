/**
 * The cycle's child process (services/monitoreo/proceso.ts) does not outlive the server that started
 * it: a server killed with SIGKILL in the middle of a cycle leaves neither a process reading the
 * sources nor the cycle's advisory lock behind, so the next server's cycles run. PostgreSQL only
 * (on PGlite the cycle runs in the server's process); Linux, where /proc shows the processes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { insertarConexion, insertarServicio } from './helpers/monitoreo-datos';

/** The processes whose parent is `pid` (proc(5): stat field 4). */
function hijosDe(pid: number): number[] {
  const propios: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) propios.push(Number(d));
    } catch {
      // ended meanwhile
    }
  }
  return propios;
}

/** Running (not a zombie waiting to be reaped) per /proc/PID/stat's state field. */
function vivo(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

async function hasta<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const fin = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > fin) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(onPostgres() && process.platform === 'linux')('el proceso del ciclo termina con el servidor', () => {
  let database: TestDatabase;
  let lento: Server;
  let url: string;
  let preguntas = 0;

  beforeAll(async () => {
    // A source that never answers within the test: the cycle is still reading when the server dies.
    lento = createServer((req) => {
      preguntas++;
      req.resume();
    });
    await new Promise<void>((ok) => lento.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(lento.address() as AddressInfo).port}`;
    database = await createTestDb();
    const servicio = await insertarServicio(database.db, 1000);
    const enlace = await insertarConexion(database.db, { servicio_id: servicio, bw_contratado: 100 });
    await database.db.execute(
      sql`insert into vinculos_monitoreo (objeto, objeto_id, fuente, entrada, salida)
          values ('conexion', ${enlace}, 'prometheus', 'entrada', 'salida')`,
    );
  });

  afterAll(async () => {
    lento?.closeAllConnections();
    await new Promise<void>((ok) => lento?.close(() => ok()));
    await database?.close();
  });

  const candados = async () =>
    Number(
      (
        await execRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted`,
        )
      )[0]?.n,
    );

  it('a server killed mid-cycle takes its cycle process and the cycle lock with it', async () => {
    const servidor = spawn(
      process.execPath,
      [
        '--conditions=@troncal/source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./helpers/ciclo-servidor.ts', import.meta.url)),
      ],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {
          ...process.env,
          DATABASE_URL: database.url!,
          TRONCAL_PROMETHEUS_URL: url,
          TRONCAL_MONITOREO_TIMEOUT_S: '120',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    try {
      // The cycle has started in its own process: it holds the lock and asks the source.
      const hijos = await hasta(
        () => hijosDe(servidor.pid!),
        (h) => h.length === 1,
        20_000,
      );
      expect(hijos).toHaveLength(1);
      const ciclo = hijos[0]!;
      expect(await hasta(candados, (n) => n === 1, 20_000)).toBe(1);
      expect(
        await hasta(
          () => preguntas,
          (n) => n > 0,
          20_000,
        ),
      ).toBeGreaterThan(0);

      servidor.kill('SIGKILL');
      expect(
        await hasta(
          () => vivo(ciclo),
          (v) => !v,
          10_000,
        ),
      ).toBe(false);
      expect(existsSync(`/proc/${ciclo}`) ? vivo(ciclo) : false).toBe(false);
      expect(await hasta(candados, (n) => n === 0, 10_000)).toBe(0);
      // Nothing was written: the binding was never read.
      const [v] = await execRows<{ estado: string | null; intentado_en: string | null }>(
        database.db,
        sql`select estado, intentado_en from vinculos_monitoreo`,
      );
      expect(v).toEqual({ estado: null, intentado_en: null });
    } finally {
      if (servidor.exitCode === null && servidor.signalCode === null) servidor.kill('SIGKILL');
    }
  }, 60_000);
});
