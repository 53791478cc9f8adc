import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';

/**
 * The hot reads as named prepared statements: the API-token lookup behind every /v1 and token
 * request, a connection by id, the connections list without filters, and the services search.
 * `pnpm bench` showed these below 0.7× its baseline as plain drizzle queries (docs/benchmarks.md):
 * drizzle builds a query's SQL on every call (~0.2 ms for a connection with its joins), and
 * PostgreSQL parses and plans an unnamed statement every time. Prepared, the SQL is built once per
 * database handle and, on PostgreSQL, each pool connection parses it once (postgres-js keeps the
 * statement by its text). Only fixed-shape statements whose parameters are values belong here;
 * every other read stays a plain drizzle query.
 *
 * Inside a transaction the statement is built for that transaction (a pool's prepared query would
 * run outside it).
 */

interface Ejecutable<R> {
  execute(valores?: Record<string, unknown>): Promise<R>;
}

export function preparada<R>(
  nombre: string,
  construir: (db: DbOrTx, nombre: string) => Ejecutable<R>,
): (db: DbOrTx, valores?: Record<string, unknown>) => Promise<R> {
  const porDb = new WeakMap<object, Ejecutable<R>>();
  return (db, valores) => {
    if (db instanceof PgTransaction) return construir(db, nombre).execute(valores);
    let p = porDb.get(db);
    if (!p) {
      p = construir(db, nombre);
      porDb.set(db, p);
    }
    return p.execute(valores);
  };
}
