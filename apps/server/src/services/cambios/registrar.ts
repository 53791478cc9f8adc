import type { AccionCambio, CanalCambio, EntidadCambio } from '@troncal/domain/enums';
import { sql } from 'drizzle-orm';
import type { AuthUser } from '../../auth/types';
import type { DbOrTx } from '../../db/client';
import { type CampoCambiado, cambios } from '../../db/schema';
import { CAMPO_ESTADO, CAMPOS_CAMBIO } from './campos';
import { diferencias, ocultarSecretos } from './diff';

type Fila = Record<string, unknown> | null | undefined;

/** Who made a change and through which door, as the history stores it. */
export interface Actor {
  usuario_id: number | null;
  token_id: number | null;
  via: CanalCambio;
  solicitud_id: string | null;
}

/**
 * The actor of a request's user: the transport sets `canal` and `solicitud_id` when it resolves the
 * user (trpc/context via app.ts, rest/v1/plugin.ts); without them (a server-side caller, tests
 * through createCaller) a session counts as the SPA and a token as tRPC. No user: the server itself.
 */
export function actorDe(usuario: AuthUser | null | undefined): Actor {
  if (!usuario) return { usuario_id: null, token_id: null, via: 'sistema', solicitud_id: null };
  return {
    usuario_id: usuario.usuario_id,
    token_id: usuario.token_id ?? null,
    via: usuario.canal ?? (usuario.via === 'sesion' ? 'spa' : 'trpc'),
    solicitud_id: usuario.solicitud_id ?? null,
  };
}

export interface NuevoCambio {
  entidad: EntidadCambio;
  id: number;
  accion: AccionCambio;
  usuario: AuthUser | null | undefined;
  /** The record before (null or absent for a creation) and after (null for a deletion)... */
  antes?: object | null | undefined;
  despues?: object | null | undefined;
  /** ...or the changed fields given directly (a capacity movement, a revocation). */
  cambios?: CampoCambiado[] | undefined;
}

/**
 * Writes one change record, in the caller's transaction so it commits or rolls back with the change.
 * The changed fields are the entity's listed fields that differ (secrets hidden). An edit that
 * changed nothing writes nothing; an edit of the state field alone is recorded as `cambiar_estado`.
 * Returns the changed fields.
 */
export async function registrarCambio(tx: DbOrTx, c: NuevoCambio): Promise<CampoCambiado[]> {
  const lista = c.cambios
    ? ocultarSecretos(c.cambios)
    : diferencias(c.antes as Fila, c.despues as Fila, CAMPOS_CAMBIO[c.entidad]);
  let accion = c.accion;
  if (accion === 'actualizar') {
    if (lista.length === 0) return lista;
    const estado = CAMPO_ESTADO[c.entidad];
    if (estado && lista.every((x) => x.campo === estado)) accion = 'cambiar_estado';
  }
  await tx
    .insert(cambios)
    .values({ entidad: c.entidad, entidad_id: c.id, accion, cambios: lista, ...actorDe(c.usuario) });
  return lista;
}

/**
 * Many creations at once (an import's batch insert): one multi-row INSERT, each record's fields as
 * a creation diff. `filas` are the records as inserted, each with its id under `idCampo`.
 */
export async function registrarCreaciones(
  tx: DbOrTx,
  o: { entidad: EntidadCambio; idCampo: string; filas: readonly object[]; usuario: AuthUser | null | undefined },
): Promise<void> {
  const actor = actorDe(o.usuario);
  const campos = CAMPOS_CAMBIO[o.entidad];
  // One JSON parameter per 1,000 rows (jsonb_to_recordset, as the import's own inserts) rather than
  // a bound value per column and row: the same rows, with far less garbage per row on the server.
  for (let i = 0; i < o.filas.length; i += 1000) {
    const valores = o.filas.slice(i, i + 1000).map((f) => ({
      entidad_id: Number((f as Record<string, unknown>)[o.idCampo]),
      cambios: diferencias(null, f as Record<string, unknown>, campos),
    }));
    if (valores.length === 0) continue;
    await tx.execute(
      sql`insert into cambios (entidad, entidad_id, accion, usuario_id, token_id, via, solicitud_id, cambios)
          select ${o.entidad}::text, x.entidad_id, 'crear', ${actor.usuario_id}::int, ${actor.token_id}::int,
                 ${actor.via}::text, ${actor.solicitud_id}::text, x.cambios
            from jsonb_to_recordset(${JSON.stringify(valores)}::jsonb) as x(entidad_id integer, cambios jsonb)`,
    );
  }
}
