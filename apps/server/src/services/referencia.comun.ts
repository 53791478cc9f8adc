import { type AnyColumn, asc, desc, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import { DomainError } from '../errors';

/** Shared plumbing of the reference-data services (proveedores, clientes, nodos, equipos). */

export type Orden = 'asc' | 'desc';

export interface ListadoInput<S extends string = string> {
  limit: number;
  offset: number;
  search?: string | null | undefined;
  sort?: S | null | undefined;
  dir?: Orden | null | undefined;
}

export interface Pagina<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

/** `%`, `_` and `\` typed by a person are literal characters, not LIKE wildcards. */
export function patronBusqueda(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Upper-case accented letters are listed too: under the C locale (PGlite) lower() leaves them alone.
const CON_TILDE = 'áéíóúüñàèìòùâêîôûÁÉÍÓÚÜÑÀÈÌÒÙÂÊÎÔÛ';
const SIN_TILDE = 'aeiouunaeiouaeiouaeiouunaeiouaeiou';

/** Lower case without accents, the same folding in JS and in SQL. */
export const plegar = (s: string) =>
  s
    .toLowerCase()
    .split('')
    .map((c) => {
      const i = CON_TILDE.indexOf(c);
      return i >= 0 ? SIN_TILDE[i] : c;
    })
    .join('');

/** The SQL side of `plegar`. */
export const plegadoSql = (c: AnyColumn | SQL): SQL => sql`translate(lower(${c}), ${CON_TILDE}, ${SIN_TILDE})`;

/** Case- and accent-insensitive "contains" over several columns ("telefonica" finds "TELEFÓNICA"). */
export function coincideTexto(search: string | null | undefined, columnas: (AnyColumn | SQL)[]): SQL | undefined {
  if (!search) return undefined;
  return coincidePatron(patronBusqueda(plegar(search)), columnas);
}

/**
 * The same condition for a pattern already folded and escaped (`patronBusqueda(plegar(s))`), or for
 * a `sql.placeholder` that will carry one in a prepared query.
 */
export function coincidePatron(patron: string | Placeholder, columnas: (AnyColumn | SQL)[]): SQL {
  const partes = columnas.map((c) => sql`${plegadoSql(c)} like ${patron}`);
  return sql`(${sql.join(partes, sql` or `)})`;
}

/**
 * ORDER BY for a whitelisted column, with the id as tie-breaker so pages never repeat or skip rows
 * when several records share the sorted value.
 */
export function ordenar(columna: AnyColumn | SQL, dir: Orden, id: AnyColumn): SQL[] {
  const por = (c: AnyColumn | SQL) => (dir === 'desc' ? desc(c) : asc(c));
  return columna === id ? [por(id)] : [por(columna), por(id)];
}

/** Postgres returns `2026-11-25 16:35:47.497046+00`; the API speaks ISO 8601 (`…T16:35:47.497Z`). */
export function isoTs(value: string | Date | null | undefined): string {
  if (value instanceof Date) return value.toISOString();
  if (!value) return '';
  const d = new Date(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** Audit columns as the API shows them. */
export function auditoria<
  T extends { created_at: string; updated_at: string; created_by: number | null; updated_by: number | null },
>(row: T): T {
  return { ...row, created_at: isoTs(row.created_at), updated_at: isoTs(row.updated_at) };
}

/** created_by / updated_by come from the session or token, never from the request body. */
export const autor = (user: AuthUser | null | undefined): number | null => user?.usuario_id ?? null;

function pgError(e: unknown): { code?: string; constraint?: string } | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const c = cur as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) {
      return { code: c.code, constraint: (c.constraint ?? c.constraint_name) as string | undefined };
    }
    cur = c.cause;
  }
  return undefined;
}

/**
 * The pre-check gives the friendly 409; two requests racing past it still hit the unique index, and
 * that refusal deserves the same message rather than the generic one.
 */
export async function conUnico<T>(
  operacion: () => Promise<T>,
  constraint: string,
  error: () => DomainError,
): Promise<T> {
  try {
    return await operacion();
  } catch (e) {
    const pg = pgError(e);
    if (pg?.code === '23505' && pg.constraint === constraint) throw error();
    throw e;
  }
}

export const noEncontrado = (que: string, id: number) => new DomainError('NO_ENCONTRADO', `No existe ${que} ${id}.`);

/** Removes keys whose value is undefined, so a partial update only touches what was sent. */
export function soloDefinidos<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
