import { ROLES } from '@troncal/domain/enums';
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditColumns, creadoEn, enCheck, instante } from './common';

export const usuarios = pgTable(
  'usuarios',
  {
    usuario_id: serial('usuario_id').primaryKey(),
    email: text('email').notNull(),
    nombre: text('nombre').notNull(),
    rol: text('rol', { enum: ROLES }).notNull(),
    password_hash: text('password_hash').notNull(),
    activo: boolean('activo').notNull().default(true),
    // *_by null: the CLI or the first-run setup.
    ...auditColumns(),
  },
  (t) => [uniqueIndex('usuarios_email_uq').on(sql`lower(${t.email})`), enCheck('usuarios_rol_ck', t.rol, ROLES)],
);

export const sesiones = pgTable(
  'sesiones',
  {
    // sha-256 of the cookie value: a stolen database does not yield usable sessions.
    sesion_id: text('sesion_id').primaryKey(),
    usuario_id: integer('usuario_id')
      .notNull()
      .references(() => usuarios.usuario_id, { onDelete: 'cascade' }),
    expires_at: instante('expires_at').notNull(),
    created_at: creadoEn(),
  },
  (t) => [index('sesiones_usuario_idx').on(t.usuario_id)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    token_id: serial('token_id').primaryKey(),
    nombre: text('nombre').notNull(),
    rol: text('rol', { enum: ROLES }).notNull(),
    token_hash: text('token_hash').notNull(),
    prefijo: text('prefijo').notNull(),
    created_by: integer('created_by').references(() => usuarios.usuario_id),
    created_at: creadoEn(),
    last_used_at: instante('last_used_at'),
    revoked_at: instante('revoked_at'),
    revoked_by: integer('revoked_by').references(() => usuarios.usuario_id),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.token_hash), enCheck('api_tokens_rol_ck', t.rol, ROLES)],
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
    ventana_inicio: instante('ventana_inicio').notNull().defaultNow(),
    ultimo_fallo: instante('ultimo_fallo').notNull().defaultNow(),
  },
  (t) => [index('intentos_login_ventana_idx').on(t.ventana_inicio)],
);
