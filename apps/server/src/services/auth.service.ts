import type { Rol } from '@troncal/domain/enums';
import type { LoginInput, SetupInput } from '@troncal/domain/schemas';
import { and, count, eq, ne, sql } from 'drizzle-orm';
import { auditoriaCambio } from '../auth/auditoria';
import { borrarVentanasVencidas, devolverIntentoExitoso, reservarIntento } from '../auth/intentos';
import { hashPassword, verifyDummyPassword, verifyPassword } from '../auth/passwords';
import { createSession, deleteSession } from '../auth/tokens';
import type { AuthUser } from '../auth/types';
import type { Db, DbOrTx } from '../db/client';
import { sesiones, usuarios } from '../db/schema';
import { DomainError } from '../errors';
import { registrarCambio } from './cambios';

/** What the SPA may know about the signed-in user (never hashes or session ids). */
export interface UsuarioSesion {
  usuario_id: number | null;
  nombre: string;
  email: string | null;
  rol: Rol;
  via: 'sesion' | 'token';
}

export interface SesionNueva {
  usuario: UsuarioSesion;
  /** The cookie value; the transport sets it and forgets it. */
  sesion: { value: string; maxAgeSeconds: number };
}

export const CREDENCIALES_INVALIDAS = 'Correo o contraseña incorrectos.';

/** Thrown when an account or address used up its login failures; tRPC answers TOO_MANY_REQUESTS. */
export class DemasiadosIntentosError extends Error {
  constructor() {
    super('Demasiados intentos fallidos. Espere unos minutos e inténtelo de nuevo.');
    this.name = 'DemasiadosIntentosError';
  }
}

export const usuarioSesion = (u: AuthUser): UsuarioSesion => ({
  usuario_id: u.usuario_id,
  nombre: u.nombre,
  email: u.email,
  rol: u.rol,
  via: u.via,
});

/**
 * Whether anyone can sign in: first-run setup is offered while no ACTIVE user exists. Inactive rows
 * do not count: `db:seed --demo` on an empty database creates the inactive system user
 * sistema@troncal.local to own the demo data, and nobody could ever sign in after it. On a live
 * system this cannot reopen setup: the last active admin cannot be deactivated.
 */
export async function hayUsuarios(db: DbOrTx): Promise<boolean> {
  const rows = await db
    .select({ usuario_id: usuarios.usuario_id })
    .from(usuarios)
    .where(eq(usuarios.activo, true))
    .limit(1);
  return rows.length > 0;
}

export async function estadoAuth(
  db: DbOrTx,
  user: AuthUser | null,
): Promise<{ necesitaSetup: boolean; usuario: UsuarioSesion | null }> {
  if (user) return { necesitaSetup: false, usuario: usuarioSesion(user) };
  return { necesitaSetup: !(await hayUsuarios(db)), usuario: null };
}

/**
 * First run: creates the first admin and signs them in. Only while no active user exists (see
 * `hayUsuarios`); the table lock makes two simultaneous setups queue, so the second sees the first's
 * row and gets CONFLICTO.
 */
export async function setupInicial(db: Db, input: SetupInput, sessionHours: number): Promise<SesionNueva> {
  // Hash outside the transaction: the lock should not wait for argon2.
  const password_hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${usuarios} in share row exclusive mode`);
    const [n] = await tx.select({ n: count() }).from(usuarios).where(eq(usuarios.activo, true));
    if ((n?.n ?? 0) > 0) {
      throw new DomainError('CONFLICTO', 'La configuración inicial ya se realizó: inicie sesión con su cuenta.');
    }
    const [u] = await tx
      .insert(usuarios)
      .values({ email: input.email, nombre: input.nombre, rol: 'admin', password_hash })
      .returning({ usuario_id: usuarios.usuario_id, nombre: usuarios.nombre, email: usuarios.email });
    const sesion = await createSession(tx, u!.usuario_id, sessionHours);
    // The first admin creates themself, through the SPA's setup page.
    const yo = { ...u!, rol: 'admin' as const, via: 'sesion' as const, canal: 'spa' as const };
    await registrarCambio(tx, {
      entidad: 'usuario',
      id: u!.usuario_id,
      accion: 'crear',
      usuario: yo,
      despues: { ...u!, rol: 'admin', activo: true, password_hash },
    });
    return { usuario: { ...u!, rol: 'admin' as const, via: 'sesion' as const }, sesion };
  });
}

/**
 * Email + password → a new session. Every failure says the same thing and costs the same time (an
 * unknown email still pays an argon2 verification), so the answer never reveals whether an account
 * exists. Attempts count per account and per address in the database, shared by all instances, and
 * are counted before argon2 runs: however many arrive at once, at most the limit get a password check.
 */
export async function login(
  db: DbOrTx,
  input: LoginInput,
  opts: { ip?: string | undefined; sessionHours: number },
): Promise<SesionNueva> {
  const claves = { email: input.email, ip: opts.ip };
  if (!(await reservarIntento(db, claves))) throw new DemasiadosIntentosError();

  const [u] = await db
    .select({
      usuario_id: usuarios.usuario_id,
      nombre: usuarios.nombre,
      email: usuarios.email,
      rol: usuarios.rol,
      activo: usuarios.activo,
      password_hash: usuarios.password_hash,
    })
    .from(usuarios)
    .where(eq(sql`lower(${usuarios.email})`, input.email.toLowerCase()))
    .limit(1);

  const ok = u ? await verifyPassword(u.password_hash, input.password) : await verifyDummyPassword(input.password);
  if (!u || !ok || !u.activo) {
    await borrarVentanasVencidas(db);
    throw new DomainError('NO_AUTENTICADO', CREDENCIALES_INVALIDAS);
  }

  await devolverIntentoExitoso(db, claves);
  const sesion = await createSession(db, u.usuario_id, opts.sessionHours);
  return {
    usuario: { usuario_id: u.usuario_id, nombre: u.nombre, email: u.email, rol: u.rol, via: 'sesion' },
    sesion,
  };
}

export async function logout(db: DbOrTx, cookieValue: string | undefined): Promise<void> {
  if (cookieValue) await deleteSession(db, cookieValue);
}

/** A signed-in user's own password change: proves the current one, then closes their other sessions. */
export async function cambiarPasswordPropia(db: Db, user: AuthUser, actual: string, nueva: string): Promise<void> {
  if (user.via !== 'sesion' || user.usuario_id === null) {
    throw new DomainError('PROHIBIDO', 'Solo un usuario con sesión iniciada puede cambiar su contraseña.');
  }
  const usuarioId = user.usuario_id;
  const [u] = await db
    .select({ password_hash: usuarios.password_hash })
    .from(usuarios)
    .where(eq(usuarios.usuario_id, usuarioId))
    .limit(1);
  if (!u || !(await verifyPassword(u.password_hash, actual))) {
    throw new DomainError('VALIDACION', 'La contraseña actual no es correcta.', [
      { path: 'actual', message: 'La contraseña actual no es correcta.' },
    ]);
  }
  const password_hash = await hashPassword(nueva);
  await db.transaction(async (tx) => {
    await tx
      .update(usuarios)
      .set({ password_hash, ...auditoriaCambio(user) })
      .where(eq(usuarios.usuario_id, usuarioId));
    await registrarCambio(tx, {
      entidad: 'usuario',
      id: usuarioId,
      accion: 'cambiar_password',
      usuario: user,
      cambios: [{ campo: 'password_hash', antes: 'antes', despues: 'despues' }],
    });
    await tx
      .delete(sesiones)
      .where(
        user.sesion_id
          ? and(eq(sesiones.usuario_id, usuarioId), ne(sesiones.sesion_id, user.sesion_id))
          : eq(sesiones.usuario_id, usuarioId),
      );
  });
}
