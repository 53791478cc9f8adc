/**
 * A real Zabbix 6.0 for one test file (test/zabbix/levantar.sh, on its own database in the local
 * PostgreSQL): whether it can run here, starting and stopping it, the Admin JSON-RPC client and SQL
 * on its database (to write history as zabbix_server would).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import postgres from 'postgres';
import { testDatabaseUrl } from '../../src/env';
import { puertoLibre } from './monitoreo';

const LEVANTAR = join(import.meta.dirname, '..', 'zabbix', 'levantar.sh');
const pg = new URL(testDatabaseUrl() ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const PGENV = {
  ...process.env,
  PGHOST: pg.hostname,
  PGPORT: pg.port || '5432',
  PGUSER: decodeURIComponent(pg.username) || 'postgres',
};
export const hayZabbix = spawnSync('bash', [LEVANTAR, 'disponible']).status === 0;
export const hayPg =
  hayZabbix && spawnSync('psql', ['-d', 'postgres', '-qAtc', 'select 1'], { env: PGENV }).status === 0;
/** Why the file is skipped; `sinPg` is said when Zabbix is installed but PostgreSQL does not answer. */
export const razonSinZabbix = (sinPg: string): string =>
  !hayZabbix ? 'faltan los paquetes de Zabbix 6.0 (bash apps/server/test/zabbix/levantar.sh instalar)' : sinPg;

export interface ZabbixPrueba {
  /** api_jsonrpc.php */
  url: string;
  /** A JSON-RPC call as Admin (logged in); a Zabbix error is thrown with the method's name. */
  admin<T>(method: string, params: unknown): Promise<T>;
  /** A connection to the Zabbix database; the caller ends it. */
  sql(max: number): postgres.Sql;
}

const pidfile = (bd: string) => `/tmp/${bd}.pid`;

export async function levantarZabbix(bd: string): Promise<ZabbixPrueba> {
  const r = spawnSync('bash', [LEVANTAR, 'iniciar', String(await puertoLibre()), bd, pidfile(bd)], {
    env: PGENV,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`levantar.sh: ${r.stderr}`);
  const url = r.stdout.trim();
  let sesion = '';
  let id = 1;
  async function admin<T>(method: string, params: unknown): Promise<T> {
    const body: Record<string, unknown> = { jsonrpc: '2.0', method, params, id: id++ };
    if (sesion) body.auth = sesion;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json-rpc' },
      body: JSON.stringify(body),
    });
    const j = (await res.json()) as { result?: T; error?: unknown };
    if (j.error) throw new Error(`${method}: ${JSON.stringify(j.error)}`);
    return j.result as T;
  }
  sesion = await admin<string>('user.login', { username: 'Admin', password: 'zabbix' });
  const sql = (max: number) =>
    postgres({
      host: pg.hostname,
      port: Number(pg.port || 5432),
      user: PGENV.PGUSER,
      database: bd,
      max,
      onnotice: () => {},
    });
  return { url, admin, sql };
}

/** Stops what levantarZabbix(bd) started and drops its database (also after a failed start). */
export function detenerZabbix(bd: string): void {
  spawnSync('bash', [LEVANTAR, 'detener', pidfile(bd), bd], { env: PGENV });
}
