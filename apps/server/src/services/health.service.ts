import { sql } from 'drizzle-orm';
import { type Db, type DbKind, execRows } from '../db/client';

export async function checkDatabase(db: Db, kind: DbKind): Promise<{ ok: boolean; db: DbKind }> {
  try {
    const rows = await execRows<{ ok: number }>(db, sql`select 1 as ok`);
    return { ok: Number(rows[0]?.ok) === 1, db: kind };
  } catch {
    return { ok: false, db: kind };
  }
}
