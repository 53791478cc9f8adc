import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, check, integer, numeric, timestamp } from 'drizzle-orm/pg-core';
import { usuarios } from './auth';

/** Mbps: numeric keeps ledger sums exact; mode 'number' hands JS numbers to the domain code. */
export function mbps(name: string) {
  return numeric(name, { precision: 13, scale: 3, mode: 'number' });
}

/** A point in time; read as the driver's text, which the services turn into ISO 8601. */
export function instante(name: string) {
  return timestamp(name, { withTimezone: true, mode: 'string' });
}

/** `created_at`: when the row was written, as the database's clock says. */
export function creadoEn() {
  return instante('created_at').notNull().defaultNow();
}

/**
 * created_at / updated_at / created_by / updated_by, the same four on every editable table.
 * Declared with `function` (hoisted) because auth.ts and this file import each other: `usuarios`
 * uses these columns and they reference `usuarios`, resolved only when drizzle reads the reference.
 */
export function auditColumns() {
  return {
    created_at: creadoEn(),
    updated_at: instante('updated_at').notNull().defaultNow(),
    created_by: integer('created_by').references((): AnyPgColumn => usuarios.usuario_id),
    updated_by: integer('updated_by').references((): AnyPgColumn => usuarios.usuario_id),
  };
}

/** `'A', 'B'`: a domain array as an SQL list of literals. */
export function listaSql(valores: readonly string[]): SQL {
  return sql.raw(valores.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));
}

/**
 * CHECK (col in ('A', 'B')) from the same domain array that types the column, so the database and
 * the code accept one list of values.
 */
export function enCheck(nombre: string, columna: AnyPgColumn, valores: readonly string[]) {
  return check(nombre, sql`${columna} in (${listaSql(valores)})`);
}
