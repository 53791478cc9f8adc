import { createHash, randomBytes } from 'node:crypto';
import type { Rol } from '@troncal/domain/enums';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { preparada } from '../db/preparadas';
import { apiTokens, sesiones, usuarios } from '../db/schema';
import type { AuthUser } from './types';

export const SESSION_COOKIE = 'troncal_sesion';

/** Tokens and session ids are 256-bit random values, so a plain SHA-256 is enough to store them. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export async function createApiToken(
  db: DbOrTx,
  input: { nombre: string; rol: Rol; createdBy: number | null },
): Promise<{ token: string; token_id: number; prefijo: string }> {
  const token = `trc_${randomSecret()}`;
  const prefijo = token.slice(0, 10);
  const [row] = await db
    .insert(apiTokens)
    .values({ nombre: input.nombre, rol: input.rol, token_hash: sha256(token), prefijo, created_by: input.createdBy })
    .returning({ token_id: apiTokens.token_id });
  return { token, token_id: row!.token_id, prefijo };
}

const tokenPorHash = preparada('token_por_hash', (db, nombre) =>
  db
    .select({
      token_id: apiTokens.token_id,
      nombre: apiTokens.nombre,
      rol: apiTokens.rol,
      created_by: apiTokens.created_by,
      last_used_at: apiTokens.last_used_at,
    })
    .from(apiTokens)
    .leftJoin(usuarios, eq(usuarios.usuario_id, apiTokens.created_by))
    // A token acts for the user who created it: it stops working when that user is deactivated.
    .where(
      and(
        eq(apiTokens.token_hash, sql.placeholder('hash')),
        isNull(apiTokens.revoked_at),
        or(isNull(apiTokens.created_by), eq(usuarios.activo, true)),
      ),
    )
    .limit(1)
    .prepare(nombre),
);

export async function userFromToken(db: DbOrTx, token: string): Promise<AuthUser | null> {
  const [row] = await tokenPorHash(db, { hash: sha256(token) });
  if (!row) return null;
  // Writing last_used_at on every call would turn each read into a write; once a minute is plenty.
  if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > 60_000) {
    await db.update(apiTokens).set({ last_used_at: sql`now()` }).where(eq(apiTokens.token_id, row.token_id));
  }
  return {
    usuario_id: row.created_by,
    nombre: `token:${row.nombre}`,
    email: null,
    rol: row.rol as Rol,
    via: 'token',
    token_id: row.token_id,
  };
}

const sesionPorId = (db: DbOrTx, sesionId: string) =>
  db
    .select({ usuario_id: usuarios.usuario_id, nombre: usuarios.nombre, email: usuarios.email, rol: usuarios.rol })
    .from(sesiones)
    .innerJoin(usuarios, eq(usuarios.usuario_id, sesiones.usuario_id))
    .where(and(eq(sesiones.sesion_id, sesionId), sql`${sesiones.expires_at} > now()`, eq(usuarios.activo, true)))
    .limit(1);

export async function userFromSession(db: DbOrTx, cookieValue: string): Promise<AuthUser | null> {
  const sesionId = sha256(cookieValue);
  const [row] = await sesionPorId(db, sesionId);
  if (!row) return null;
  return { ...row, rol: row.rol as Rol, via: 'sesion', sesion_id: sesionId };
}

/** A new session: a 256-bit random cookie value of which only the sha-256 is stored. */
export async function createSession(
  db: DbOrTx,
  usuarioId: number,
  hours: number,
): Promise<{ value: string; maxAgeSeconds: number }> {
  const value = randomSecret();
  const maxAgeSeconds = Math.max(60, Math.round(hours * 3600));
  await db.insert(sesiones).values({
    sesion_id: sha256(value),
    usuario_id: usuarioId,
    expires_at: sql`now() + ${maxAgeSeconds}::int * interval '1 second'`,
  });
  // Housekeeping at login time keeps the table small without a scheduler.
  await db.delete(sesiones).where(sql`${sesiones.expires_at} <= now()`);
  return { value, maxAgeSeconds };
}

/** Logout deletes the row, so the cookie is worthless even where it was copied. */
export async function deleteSession(db: DbOrTx, cookieValue: string): Promise<void> {
  await db.delete(sesiones).where(eq(sesiones.sesion_id, sha256(cookieValue)));
}

function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined; // a malformed cookie is no session, not a 500
      }
    }
  }
  return undefined;
}

export const sessionCookieFrom = (cookieHeader: string | undefined) => parseCookie(cookieHeader, SESSION_COOKIE);

/** One resolver for both transports: Bearer token first (REST), then the session cookie (SPA). */
export async function resolveUser(
  db: DbOrTx,
  headers: { authorization?: string | undefined; cookie?: string | undefined },
): Promise<AuthUser | null> {
  const auth = headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? userFromToken(db, m[1]!) : null;
  }
  const sid = sessionCookieFrom(headers.cookie);
  return sid ? userFromSession(db, sid) : null;
}

/** True when the request presents a Bearer token (REST clients), which CSRF cannot forge. */
export const hasBearer = (authorization: string | undefined) => !!authorization && /^Bearer\s/i.test(authorization);
