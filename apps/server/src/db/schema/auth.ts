import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const usuarios = pgTable(
  'usuarios',
  {
    usuario_id: serial('usuario_id').primaryKey(),
    email: text('email').notNull(),
    nombre: text('nombre').notNull(),
    rol: text('rol').notNull(),
    password_hash: text('password_hash').notNull(),
    activo: boolean('activo').notNull().default(true),
    created_at: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updated_at: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    // Who created / last changed the account (null: the CLI or the first-run setup).
    created_by: integer('created_by').references((): AnyPgColumn => usuarios.usuario_id),
    updated_by: integer('updated_by').references((): AnyPgColumn => usuarios.usuario_id),
  },
  (t) => [
    uniqueIndex('usuarios_email_uq').on(sql`lower(${t.email})`),
    check('usuarios_rol_ck', sql`${t.rol} in ('lector', 'operador', 'admin')`),
  ],
);

export const sesiones = pgTable(
  'sesiones',
  {
    // sha-256 of the cookie value: a stolen database does not yield usable sessions.
    sesion_id: text('sesion_id').primaryKey(),
    usuario_id: integer('usuario_id')
      .notNull()
      .references(() => usuarios.usuario_id, { onDelete: 'cascade' }),
    expires_at: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    created_at: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('sesiones_usuario_idx').on(t.usuario_id)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    token_id: serial('token_id').primaryKey(),
    nombre: text('nombre').notNull(),
    rol: text('rol').notNull(),
    token_hash: text('token_hash').notNull(),
    prefijo: text('prefijo').notNull(),
    created_by: integer('created_by').references(() => usuarios.usuario_id),
    created_at: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    last_used_at: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
    revoked_at: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
    revoked_by: integer('revoked_by').references(() => usuarios.usuario_id),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.token_hash),
    check('api_tokens_rol_ck', sql`${t.rol} in ('lector', 'operador', 'admin')`),
  ],
);

/**
 * Failed logins per key (`cuenta:<email>` or `ip:<address>`) in a fixed window. Kept in the database,
 * not in memory, so every server instance sharing one PostgreSQL counts the same failures.
 */
export const intentosLogin = pgTable(
  'intentos_login',
  {
    clave: text('clave').primaryKey(),
    fallos: integer('fallos').notNull().default(0),
    ventana_inicio: timestamp('ventana_inicio', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    ultimo_fallo: timestamp('ultimo_fallo', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('intentos_login_ventana_idx').on(t.ventana_inicio)],
);
