import type { Rol } from '@troncal/domain/enums';
import type { ApiTokenCreateInput } from '@troncal/domain/schemas';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { usuarioId } from '../auth/auditoria';
import { createApiToken } from '../auth/tokens';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { apiTokens, usuarios } from '../db/schema';
import { enTransaccion } from '../db/transaccion';
import { registrarCambio } from './cambios';
import { noEncontrado } from './errores';
import { isoTs } from './referencia.comun';

/** A token as admins see it: its prefix, never the secret nor its hash. */
export interface TokenListado {
  token_id: number;
  nombre: string;
  rol: Rol;
  prefijo: string;
  created_by: number | null;
  /** Name of the user who created it; null for tokens made from the CLI without `--owner`. */
  creado_por: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TokenCreado extends TokenListado {
  /** The secret, shown once. */
  token: string;
}

const creador = alias(usuarios, 'creador');

const columnas = {
  token_id: apiTokens.token_id,
  nombre: apiTokens.nombre,
  rol: apiTokens.rol,
  prefijo: apiTokens.prefijo,
  created_by: apiTokens.created_by,
  creado_por: creador.nombre,
  created_at: apiTokens.created_at,
  last_used_at: apiTokens.last_used_at,
  revoked_at: apiTokens.revoked_at,
};

const aToken = (row: TokenListado): TokenListado => ({
  ...row,
  created_at: isoTs(row.created_at),
  last_used_at: row.last_used_at ? isoTs(row.last_used_at) : null,
  revoked_at: row.revoked_at ? isoTs(row.revoked_at) : null,
});

const consulta = (db: DbOrTx) =>
  db.select(columnas).from(apiTokens).leftJoin(creador, eq(creador.usuario_id, apiTokens.created_by));

/** Active tokens first, newest first. */
export async function listarTokens(db: DbOrTx): Promise<TokenListado[]> {
  const rows = await consulta(db).orderBy(
    sql`${apiTokens.revoked_at} is not null`,
    desc(apiTokens.created_at),
    desc(apiTokens.token_id),
  );
  return rows.map(aToken);
}

async function obtenerToken(db: DbOrTx, tokenId: number): Promise<TokenListado> {
  const [row] = await consulta(db).where(eq(apiTokens.token_id, tokenId)).limit(1);
  if (!row) throw noEncontrado('el token', tokenId);
  return aToken(row);
}

/**
 * A new token acts as its creator in the audit columns. From the admin page the creator is the signed-in
 * admin; from the CLI it is `--owner` or nobody (null).
 */
export async function crearToken(
  db: DbOrTx,
  input: ApiTokenCreateInput,
  createdBy: number | null,
  /** Who creates it, for the change history (the admin, or the CLI: `actorCli`). */
  actor: AuthUser | null = null,
): Promise<TokenCreado> {
  return enTransaccion(db, async (tx) => {
    const { token, token_id } = await createApiToken(tx, { nombre: input.nombre, rol: input.rol, createdBy });
    const creado = await obtenerToken(tx, token_id);
    // The listing never holds the hash; token_hash is named so the history says a secret was issued.
    await registrarCambio(tx, {
      entidad: 'token',
      id: token_id,
      accion: 'crear',
      usuario: actor,
      despues: { ...creado, token_hash: 'emitido' },
    });
    return { ...creado, token };
  });
}

/** Revoking twice is harmless: the first revocation's time and author stay. */
export async function revocarToken(db: DbOrTx, tokenId: number, actor: AuthUser | null): Promise<TokenListado> {
  return enTransaccion(db, async (tx) => {
    const revocados = await tx
      .update(apiTokens)
      .set({ revoked_at: sql`now()`, revoked_by: usuarioId(actor) })
      .where(and(eq(apiTokens.token_id, tokenId), isNull(apiTokens.revoked_at)))
      .returning({ token_id: apiTokens.token_id });
    const token = await obtenerToken(tx, tokenId);
    if (revocados.length > 0) {
      await registrarCambio(tx, {
        entidad: 'token',
        id: tokenId,
        accion: 'revocar',
        usuario: actor,
        cambios: [{ campo: 'revoked_at', antes: null, despues: token.revoked_at }],
      });
    }
    return token;
  });
}
