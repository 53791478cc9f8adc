import { sql } from 'drizzle-orm';
import type { AuthUser } from './types';

/**
 * Who did it, for the `created_by` / `updated_by` columns and the ledgers' `usuario_id`. Always taken
 * from the authenticated user (session or token), never from the request body. A token acts as the user
 * who created it; a token created from the CLI without `--owner` has no user (null).
 *
 * ```ts
 * await tx.insert(proveedores).values({ ...datos, ...auditoria(ctx.user) });
 * await tx.update(proveedores).set({ ...cambios, ...auditoriaCambio(ctx.user) }).where(...);
 * await tx.insert(movimientosCapacidad).values({ ..., usuario_id: usuarioId(ctx.user) });
 * ```
 */
export function auditoria(user: AuthUser | null): { created_by: number | null; updated_by: number | null } {
  const id = usuarioId(user);
  return { created_by: id, updated_by: id };
}

/** For updates: `updated_by` and a fresh `updated_at`. */
export function auditoriaCambio(user: AuthUser | null): {
  updated_by: number | null;
  updated_at: ReturnType<typeof sql>;
} {
  return { updated_by: usuarioId(user), updated_at: sql`now()` };
}

/** The user id to record in ledgers (`movimientos_*.usuario_id`). */
export const usuarioId = (user: AuthUser | null): number | null => user?.usuario_id ?? null;
