import { sql } from 'drizzle-orm';
import { type Db, type DbKind, execRows } from '../../db/client';

/** pg_try_advisory_xact_lock(int, int) keys: "TRNL" and the issue that asked for one cycle at a time. */
const CLAVE = [0x54524e4c, 13] as const;

export const OCUPADO = Symbol('ciclo en curso');

const enCursoPglite = new WeakSet<object>();

/**
 * Runs `fn` only if no other cycle runs on this database, in this process or any other; answers
 * OCUPADO otherwise, without waiting.
 *
 * PostgreSQL: a transaction takes pg_try_advisory_xact_lock and stays open while `fn` works through
 * the pool's other connections; the lock goes with the transaction, so a process that dies
 * mid-cycle frees it at once. That transaction only holds the lock: it writes nothing and keeps no
 * snapshot between statements, so it holds back no vacuum.
 *
 * PGlite: one process at a time can open the data directory (db/client.ts locks it), and its single
 * connection could not run `fn` beside an open transaction, so exclusion within the process is the
 * whole exclusion there.
 */
export async function conCandado<T>(db: Db, kind: DbKind, fn: () => Promise<T>): Promise<T | typeof OCUPADO> {
  if (kind === 'pglite') {
    if (enCursoPglite.has(db)) return OCUPADO;
    enCursoPglite.add(db);
    try {
      return await fn();
    } finally {
      enCursoPglite.delete(db);
    }
  }
  return db.transaction(async (tx) => {
    const [fila] = await execRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${CLAVE[0]}::int, ${CLAVE[1]}::int) as ok`,
    );
    if (!fila?.ok) return OCUPADO;
    return fn();
  });
}
