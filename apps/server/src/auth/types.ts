import type { Rol } from '@troncal/domain/enums';

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
}

export const ROL_NIVEL: Record<Rol, number> = { lector: 1, operador: 2, admin: 3 };
export const rolAlcanza = (rol: Rol, requerido: Rol) => ROL_NIVEL[rol] >= ROL_NIVEL[requerido];
