import { sql } from 'drizzle-orm';
import { type Db, type DbKind, execRows } from '../db/client';
import { esErrorDeConexion, MENSAJE_BD_NO_DISPONIBLE } from '../db/disponibilidad';

/** `no_disponible`: the database cannot be reached; `sin_respuesta`: it did not answer in time; `error`: it answered with an error. */
export type EstadoBd = 'no_disponible' | 'sin_respuesta' | 'error';

export type Salud = { ok: true; db: DbKind } | { ok: false; db: DbKind; estado: EstadoBd; message: string };

/** A probe must answer before the orchestrator's own timeout (the image's HEALTHCHECK allows 3 s). */
export const HEALTH_TIMEOUT_MS = 2000;

/**
 * What /healthz answers: 200 `{ ok: true, db }` when a `select 1` comes back, else 503 with the
 * database's state and a Spanish message. A healthy answer keeps its historic shape (probes and
 * tests match it exactly).
 */
export async function checkDatabase(db: Db, kind: DbKind, timeoutMs = HEALTH_TIMEOUT_MS): Promise<Salud> {
  let timer: NodeJS.Timeout | undefined;
  const vencido = new Promise<'vencido'>((resolve) => {
    timer = setTimeout(() => resolve('vencido'), timeoutMs);
  });
  const consulta = execRows<{ ok: number }>(db, sql`select 1 as ok`);
  try {
    const res = await Promise.race([consulta, vencido]);
    if (res === 'vencido') {
      // The query may still fail later; nobody is waiting for it any more.
      consulta.catch(() => {});
      return {
        ok: false,
        db: kind,
        estado: 'sin_respuesta',
        message: `La base de datos no respondió en ${timeoutMs / 1000} s.`,
      };
    }
    if (Number(res[0]?.ok) === 1) return { ok: true, db: kind };
    return { ok: false, db: kind, estado: 'error', message: 'La base de datos respondió algo inesperado.' };
  } catch (e) {
    return esErrorDeConexion(e)
      ? { ok: false, db: kind, estado: 'no_disponible', message: MENSAJE_BD_NO_DISPONIBLE }
      : { ok: false, db: kind, estado: 'error', message: 'La base de datos respondió con un error.' };
  } finally {
    clearTimeout(timer);
  }
}
