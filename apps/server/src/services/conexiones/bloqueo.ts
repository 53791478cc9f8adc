import { redondearMbps } from '@troncal/domain/validators';
import { asc, eq } from 'drizzle-orm';
import { usuarioId } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import type { DbOrTx } from '../../db/client';
import { conexionEquipos, conexiones, movimientosEnlace } from '../../db/schema';
import { noEncontrado } from '../errores';

/**
 * The connection row, locked first (FOR NO KEY UPDATE: the first lock of every operation on it),
 * with the equipos it lists. Two operations on one link queue here and each sees the other's result.
 */
export async function bloquearConexion(db: DbOrTx, enlace_id: number) {
  const [row] = await db.select().from(conexiones).where(eq(conexiones.enlace_id, enlace_id)).for('no key update');
  if (!row) throw noEncontrado('la conexión', enlace_id);
  const eqs = await db
    .select({ equipo_id: conexionEquipos.equipo_id })
    .from(conexionEquipos)
    .where(eq(conexionEquipos.enlace_id, enlace_id))
    .orderBy(asc(conexionEquipos.equipo_id));
  return { ...row, equipos_ids: eqs.map((e) => e.equipo_id) };
}

export type ConexionBloqueada = Awaited<ReturnType<typeof bloquearConexion>>;

/** One row of the connection's bandwidth history, when the bandwidth changed. */
export async function registrarBw(
  db: DbOrTx,
  enlace_id: number,
  anterior: number,
  nuevo: number,
  motivo: string | null,
  usuario: AuthUser | null,
): Promise<void> {
  const delta = redondearMbps(nuevo - anterior);
  if (delta === 0) return;
  await db.insert(movimientosEnlace).values({
    enlace_id,
    bw_anterior: anterior,
    bw_nuevo: nuevo,
    delta,
    motivo,
    usuario_id: usuarioId(usuario),
  });
}
