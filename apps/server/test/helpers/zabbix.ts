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
  /** A host group and, in it, a host (`host`, more fields in `extra`) with one SNMPv2 interface. */
  hostSnmp(grupo: string, host: string, extra?: Record<string, unknown>): Promise<InterfazSnmp>;
  /** An API token for `userid`, generated: the secret itself. */
  token(nombre: string, userid: string, extra?: Record<string, unknown>): Promise<string>;
}

export interface InterfazSnmp {
  groupid: string;
  hostid: string;
  interfaceid: string;
}

/** An SNMP item of that interface as the SNMP template's discovery leaves it: bps, polled every minute. */
export const itemSnmp = (
  en: InterfazSnmp,
  name: string,
  key_: string,
  oid: string,
  extra: Record<string, unknown> = {},
) => ({
  hostid: en.hostid,
  interfaceid: en.interfaceid,
  type: 20,
  snmp_oid: oid,
  name,
  key_,
  value_type: 3,
  units: 'bps',
  delay: '1m',
  history: '7d',
  trends: '365d',
  ...extra,
});

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
  async function hostSnmp(grupo: string, host: string, extra: Record<string, unknown> = {}): Promise<InterfazSnmp> {
    const { groupids } = await admin<{ groupids: string[] }>('hostgroup.create', { name: grupo });
    const { hostids } = await admin<{ hostids: string[] }>('host.create', {
      host,
      ...extra,
      groups: [{ groupid: groupids[0] }],
      interfaces: [
        {
          type: 2,
          main: 1,
          useip: 1,
          ip: '127.0.0.1',
          dns: '',
          port: '161',
          details: { version: 2, bulk: 1, community: 'public' },
        },
      ],
    });
    const [conInterfaz] = await admin<{ interfaces: { interfaceid: string }[] }[]>('host.get', {
      hostids,
      selectInterfaces: ['interfaceid'],
    });
    return {
      groupid: groupids[0] as string,
      hostid: hostids[0] as string,
      interfaceid: conInterfaz?.interfaces[0]?.interfaceid as string,
    };
  }
  async function token(nombre: string, userid: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { tokenids } = await admin<{ tokenids: string[] }>('token.create', { name: nombre, userid, ...extra });
    const [generado] = await admin<{ token: string }[]>('token.generate', tokenids);
    return (generado as { token: string }).token;
  }
  return { url, admin, sql, hostSnmp, token };
}

/** Stops what levantarZabbix(bd) started and drops its database (also after a failed start). */
export function detenerZabbix(bd: string): void {
  spawnSync('bash', [LEVANTAR, 'detener', pidfile(bd), bd], { env: PGENV });
}
