import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx, Tx } from './client';
import { errorPg, esReintentable } from './errores-pg';

const INTENTOS = 5;

/**
 * How many transactions this process ran again, by cause: a rising `deadlock` count means some
 * operation takes its locks out of the documented order (the concurrency tests require 0).
 */
export const reintentos = { deadlock: 0, serializacion: 0 };

/**
 * One transaction for a use case, run again (up to five times, after a short random pause) when
 * PostgreSQL aborts it as a deadlock victim or a serialization failure: the lock order makes
 * deadlocks rare, but a client should never see one for contention alone. Inside a caller's
 * transaction it is a savepoint and is not retried: the caller's transaction is the unit.
 */
export async function enTransaccion<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return db.transaction(fn);
  for (let intento = 1; ; intento++) {
    try {
      return await db.transaction(fn);
    } catch (e) {
      if (intento >= INTENTOS || !esReintentable(e)) throw e;
      if (errorPg(e)?.code === '40P01') reintentos.deadlock++;
      else reintentos.serializacion++;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * intento));
    }
  }
}
