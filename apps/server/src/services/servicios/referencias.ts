import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { nodos } from '../../db/schema';
import { regla } from '../errores';

/** The node a service names must exist: a rule refusal (422) on the field, not a 404. */
export async function exigirNodo(db: DbOrTx, nodo_id: number | null | undefined): Promise<void> {
  if (!nodo_id) return;
  const [row] = await db.select({ id: nodos.nodo_id }).from(nodos).where(eq(nodos.nodo_id, nodo_id)).limit(1);
  if (!row) throw regla(`No existe el nodo ${nodo_id}.`, 'nodo_id');
}
