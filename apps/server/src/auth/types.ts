import type { CanalCambio, Rol } from '@troncal/domain/enums';

export interface AuthUser {
  /** null only for tokens created from the CLI without an owner. */
  usuario_id: number | null;
  nombre: string;
  email: string | null;
  rol: Rol;
  via: 'sesion' | 'token';
  token_id?: number;
  /** sha-256 of the session cookie, so a user's other sessions can be closed while keeping this one. */
  sesion_id?: string;
  /**
   * Through which transport this request came (the change history's `via`), set by the transport
   * when it resolves the user: tRPC with a session is the SPA, with a token `trpc`; `/v1`; the CLI.
   */
  canal?: CanalCambio;
  /** The request id (`x-request-id`) the change history records, so a change can be found in the logs. */
  solicitud_id?: string;
}

/**
 * The CLI acts with the local database's full power and no signed-in user: as an admin with no
 * user (or the `--owner` it was given), recorded in the change history as via `cli`.
 */
export const actorCli = (usuario_id: number | null = null): AuthUser => ({
  usuario_id,
  nombre: 'CLI',
  email: null,
  rol: 'admin',
  via: 'token',
  canal: 'cli',
});

export const ROL_NIVEL: Record<Rol, number> = { lector: 1, operador: 2, admin: 3 };
export const rolAlcanza = (rol: Rol, requerido: Rol) => ROL_NIVEL[rol] >= ROL_NIVEL[requerido];
