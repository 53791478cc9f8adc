import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { auditoriaCambio } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import type { DbOrTx } from '../../db/client';
import { conexionEquipos, conexiones, equipos } from '../../db/schema';
import { registrarCambio } from '../cambios';
import { conflicto, regla } from '../errores';

/** The equipos a connection holds: locked in id order (after the connection), checked, marked. */

const ordenados = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

/** Locks the equipos (FOR NO KEY UPDATE, ascending id), so operations racing for one queue. */
export async function bloquearEquipos(db: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .select({ id: equipos.equipo_id })
    .from(equipos)
    .where(inArray(equipos.equipo_id, ordenados(ids)))
    .orderBy(asc(equipos.equipo_id))
    .for('no key update');
}

/**
 * Locks the equipos and checks each one is usable: it exists, is not BAJA and no other live
 * connection holds it. Because the rows stay locked until commit, two operations racing for the
 * same equipo queue here and the second one sees the first.
 */
export async function reservarEquipos(db: DbOrTx, ids: number[], enlaceId: number | null): Promise<void> {
  if (ids.length === 0) return;
  const filas = await db
    .select({ equipo_id: equipos.equipo_id, serial: equipos.serial, estado: equipos.estado })
    .from(equipos)
    .where(inArray(equipos.equipo_id, ordenados(ids)))
    .orderBy(asc(equipos.equipo_id))
    .for('no key update');
  const porId = new Map(filas.map((f) => [f.equipo_id, f]));
  const faltan = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !porId.has(id))
    .map(({ id, i }) => ({ path: `equipos_ids.${i}`, message: `No existe el equipo ${id}.` }));
  const [falta] = faltan;
  if (falta) throw regla(falta.message, faltan);

  for (const [i, id] of ids.entries()) {
    const f = porId.get(id);
    if (f?.estado === 'BAJA') {
      throw conflicto(`El equipo SN: ${f.serial} está dado de baja y no se puede asignar.`, `equipos_ids.${i}`);
    }
  }
  const [ocupado] = await enOtrasConexiones(db, ids, enlaceId);
  if (ocupado) {
    const serial = porId.get(ocupado.equipo_id)?.serial ?? String(ocupado.equipo_id);
    throw conflicto(
      `El equipo SN: ${serial} ya está asignado a la conexión ${ocupado.cid}.`,
      `equipos_ids.${ids.indexOf(ocupado.equipo_id)}`,
    );
  }
}

/** Which of `ids` a live (not BAJA) connection other than `enlaceId` holds, and that connection's CID. */
const enOtrasConexiones = (db: DbOrTx, ids: number[], enlaceId: number | null) =>
  db
    .select({ equipo_id: conexionEquipos.equipo_id, cid: conexiones.cid_enlace })
    .from(conexionEquipos)
    .innerJoin(conexiones, eq(conexiones.enlace_id, conexionEquipos.enlace_id))
    .where(
      and(
        inArray(conexionEquipos.equipo_id, ordenados(ids)),
        ne(conexiones.enlace_estado, 'BAJA'),
        enlaceId === null ? undefined : ne(conexionEquipos.enlace_id, enlaceId),
      ),
    );

export async function marcarEquipos(
  db: DbOrTx,
  ids: number[],
  estado: 'ASIGNADO' | 'DISPONIBLE',
  usuario: AuthUser | null,
): Promise<void> {
  if (ids.length === 0) return;
  // The equipos whose estado this changes (already locked by the operation) get a history row each.
  const cambian = await db
    .select({ equipo_id: equipos.equipo_id, estado: equipos.estado })
    .from(equipos)
    .where(and(inArray(equipos.equipo_id, ids), ne(equipos.estado, 'BAJA'), ne(equipos.estado, estado)));
  for (const e of cambian) {
    await registrarCambio(db, {
      entidad: 'equipo',
      id: e.equipo_id,
      accion: 'cambiar_estado',
      usuario,
      cambios: [{ campo: 'estado', antes: e.estado, despues: estado }],
    });
  }
  await db
    .update(equipos)
    .set({ estado, ...auditoriaCambio(usuario) })
    // Never resurrect an equipo someone retired meanwhile.
    .where(and(inArray(equipos.equipo_id, ids), ne(equipos.estado, 'BAJA')));
}

/** Released equipos go back to DISPONIBLE unless another live connection still lists them. */
export async function liberarEquipos(
  db: DbOrTx,
  ids: number[],
  enlaceId: number,
  usuario: AuthUser | null,
): Promise<void> {
  if (ids.length === 0) return;
  await bloquearEquipos(db, ids);
  const enOtra = await enOtrasConexiones(db, ids, enlaceId);
  const retenidos = new Set(enOtra.map((r) => r.equipo_id));
  await marcarEquipos(
    db,
    ordenados(ids).filter((id) => !retenidos.has(id)),
    'DISPONIBLE',
    usuario,
  );
}
