import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeEach } from 'vitest';
import { connectPglite, connectPostgres, type Database, execRows } from '../../src/db/client';
import { testDatabaseUrl } from '../../src/env';

export interface TestDatabase extends Database {
  /** Empties every table and restarts ids and CID sequences, for isolation between tests. */
  truncate(): Promise<void>;
  /** PostgreSQL: this file's database URL (what a worker thread connects to); PGlite: undefined. */
  url?: string | undefined;
}

/**
 * PGlite in memory by default; with TEST_DATABASE_URL a fresh PostgreSQL database per test file,
 * created here and dropped on close, so parallel files and parallel runs never share data.
 */
export async function createTestDb(opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  let database: Database;
  let drop: (() => Promise<void>) | undefined;
  let propia: string | undefined;
  if (url) {
    const name = `troncal_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    propia = u.toString();
    database = connectPostgres(propia, { max: opts.poolSize ?? 10 });
    drop = async () => {
      const a = postgres(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    };
  } else {
    database = await connectPglite();
  }
  await database.migrate();
  const tables = await execRows<{ tablename: string }>(
    database.db,
    sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
  );
  const list = tables.map((t) => `"${t.tablename}"`).join(', ');
  return {
    ...database,
    url: propia,
    async truncate() {
      await database.db.execute(sql.raw(`truncate ${list} restart identity cascade`));
      await database.db.execute(sql.raw('alter sequence servicio_cid_seq restart'));
      await database.db.execute(sql.raw('alter sequence enlace_cid_seq restart'));
    },
    async close() {
      await database.close();
      await drop?.();
    },
  };
}

export const onPostgres = () => Boolean(testDatabaseUrl());

/**
 * A test file's database: created while the file is collected (`await usarDb()` at the top level of
 * the file), closed after its tests, and with `limpiar` truncated before each test.
 */
export async function usarDb(o: { limpiar?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const database = await createTestDb({ poolSize: o.poolSize });
  afterAll(() => database.close());
  if (o.limpiar) beforeEach(() => database.truncate());
  return database;
}
