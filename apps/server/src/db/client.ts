import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsFolder, pgliteTemplate } from '../paths';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export class DataDirBusyError extends Error {}

/** postgres-js returns the rows array itself; PGlite returns `{ rows }`. */
export async function execRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}

/** What the server's connections are called in pg_stat_activity (and what an operator filters on). */
export const APPLICATION_NAME = 'troncal';

/**
 * The pool survives PostgreSQL dropping its connections (a restart, a failover,
 * pg_terminate_backend): a closed connection reconnects when the next query needs it, and a query
 * caught on a dying connection fails with an error the transports answer as 503 (see
 * disponibilidad.ts). Two settings keep that quick: a connection attempt gives up after 5 s
 * instead of 30, and the pause before reconnecting a closed connection grows to 1 s at most
 * (postgres-js's default grows to 20 s after a few failed attempts, so requests would wait that
 * long after the database is back, and that long for their 503 while it is away).
 * The crash this used to end in (`Cannot read properties of null (reading 'write')`, porsager/postgres
 * #1066, #1154) is fixed by patches/postgres@3.4.9.patch, as is a query sent between a reset
 * socket's error and its close, which used to wait for ever and take its connection out of the pool.
 */
export function connectPostgres(url: string, opts: { max?: number } = {}): Database {
  const client = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
    backoff: (intentos) => Math.min(0.05 * 2 ** intentos, 1),
    connection: { application_name: APPLICATION_NAME },
    // numeric stays a string in the driver; drizzle's mode 'number' converts it per column.
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    migrate: () => migratePostgres(db as never, { migrationsFolder }),
    close: () => client.end({ timeout: 5 }),
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const LOCK_FILE = 'troncal.pid';

/**
 * PGlite keeps its files in one directory that only one process may open; a second process would
 * corrupt it. A pid file makes the second one stop with a clear message instead.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const other = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isFinite(other) && other !== process.pid && pidAlive(other)) {
        throw new DataDirBusyError(
          `El directorio de datos ${path.resolve(dir)} está en uso por otro proceso (PID ${other}). ` +
            'Detenga el servidor de Troncal antes de usar la CLI, o use DATABASE_URL con PostgreSQL.',
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirBusyError(`No se pudo bloquear el directorio de datos ${path.resolve(dir)}.`);
}

const COPIANDO = '.troncal-copiando-plantilla';

/**
 * A new data directory starts as a copy of the build's migrated template instead of running initdb
 * inside WASM (several seconds, against well under one to copy). Only when the directory holds
 * nothing but our lock file, or an interrupted copy (marked, so it is wiped and redone); an existing
 * database is never touched. Without a template (development, tests) PGlite runs initdb as before.
 * Called with the directory locked, so no other process is opening it meanwhile.
 */
export function copiarPlantillaPglite(dir: string, plantilla = pgliteTemplate): boolean {
  if (!existsSync(path.join(plantilla, 'PG_VERSION'))) return false;
  const entradas = readdirSync(dir).filter((f) => f !== LOCK_FILE);
  const interrumpida = entradas.includes(COPIANDO);
  if (entradas.length > 0 && !interrumpida) return false;
  if (interrumpida) {
    for (const f of entradas) if (f !== COPIANDO) rmSync(path.join(dir, f), { recursive: true, force: true });
  }
  writeFileSync(path.join(dir, COPIANDO), '');
  cpSync(plantilla, dir, { recursive: true });
  rmSync(path.join(dir, COPIANDO));
  return true;
}

/** `dataDir` undefined → in memory (tests). */
export async function connectPglite(dataDir?: string, opts: { plantilla?: string } = {}): Promise<Database> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  try {
    if (dataDir) copiarPlantillaPglite(dataDir, opts.plantilla);
    const client = dataDir
      ? await PGlite.create(path.resolve(dataDir), { extensions: { pg_trgm } })
      : await PGlite.create({ extensions: { pg_trgm } });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      migrate: () => migratePglite(db as never, { migrationsFolder }),
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

export async function openDatabase(cfg: { DATABASE_URL?: string | undefined; TRONCAL_DATA_DIR: string }) {
  return cfg.DATABASE_URL ? connectPostgres(cfg.DATABASE_URL) : connectPglite(cfg.TRONCAL_DATA_DIR);
}

export { schema };
