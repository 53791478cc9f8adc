import { type AnyColumn, and, asc, count, desc, eq, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';

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

/** `columna` equals `valor` without case or accents: "Telefonica" and "TELEFÓNICA" are one name. */
export const igualPlegado = (columna: AnyColumn, valor: string): SQL => sql`${plegadoSql(columna)} = ${plegar(valor)}`;

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

/** created_at / updated_at as the API shows them (ISO 8601); the row is otherwise unchanged. */
export function conFechasIso<T extends { created_at: string; updated_at: string }>(row: T): T {
  return { ...row, created_at: isoTs(row.created_at), updated_at: isoTs(row.updated_at) };
}

type Auditoria = 'created_at' | 'updated_at' | 'created_by' | 'updated_by';

/** A table's `auditColumns` (db/schema/common), to spread into a select. */
export const columnasAuditoria = <T extends Record<Auditoria, PgColumn>>(t: T): Pick<T, Auditoria> => ({
  created_at: t.created_at,
  updated_at: t.updated_at,
  created_by: t.created_by,
  updated_by: t.updated_by,
});

/** `col = valor` when the filter was sent, nothing when it was not. */
export const igualSi = <C extends AnyColumn>(columna: C, valor: C['_']['data'] | null | undefined) =>
  valor == null ? undefined : eq(columna, valor);

/** How one reference list reads its table: what `listarPagina` needs besides the request. */
export interface ListadoDe<S extends string, C extends SelectedFields & Record<S, AnyColumn | SQL>, T> {
  tabla: PgTable;
  /** The selection; `sort` names one of its keys (the schema's whitelist). */
  columnas: C;
  aFila: (row: SelectResultFields<C>) => T;
  /** Columns `search` looks into (case- and accent-insensitive). */
  buscarEn: (AnyColumn | SQL)[];
  /** The list's own filters (`igualSi(...)`); undefined entries are skipped. */
  filtros?: (SQL | undefined)[];
  /** Without `sort`; with a `sort` and no `dir` the order is ascending. */
  porDefecto: { sort: S; dir: Orden };
  id: AnyColumn;
}

/**
 * A page of a reference list (proveedores, clientes, nodos, equipos): search, filters, order with the
 * id as tie-breaker, limit/offset, and the total under the same filter.
 */
export async function listarPagina<S extends string, C extends SelectedFields & Record<S, AnyColumn | SQL>, T>(
  db: DbOrTx,
  q: ListadoInput<S>,
  de: ListadoDe<S, C, T>,
): Promise<Pagina<T>> {
  const where = and(coincideTexto(q.search, de.buscarEn), ...(de.filtros ?? []));
  const dir = q.dir ?? (q.sort ? 'asc' : de.porDefecto.dir);
  const orden = ordenar(de.columnas[q.sort ?? de.porDefecto.sort], dir, de.id);
  // drizzle cannot chain a generic selection nor name its row type; the row is the one `aFila` takes.
  const columnas: SelectedFields = de.columnas;
  const rows = await db
    .select(columnas)
    .from(de.tabla)
    .where(where)
    .orderBy(...orden)
    .limit(q.limit)
    .offset(q.offset);
  const [tot] = await db.select({ total: count() }).from(de.tabla).where(where);
  const filas = rows as SelectResultFields<C>[];
  return { data: filas.map(de.aFila), total: Number(tot?.total ?? 0), limit: q.limit, offset: q.offset };
}

/**
 * The five use cases every reference catalogue (proveedores, clientes, nodos, equipos) offers, as
 * both transports call them: `R` the record, `O` a dropdown option, `L`/`S` the list and dropdown
 * queries, `A`/`C` the create and update inputs.
 */
export interface CasosReferencia<L, S, A, C, R, O> {
  listar: (db: DbOrTx, q: L) => Promise<Pagina<R>>;
  obtener: (db: DbOrTx, id: number) => Promise<R>;
  /** Called with no options (tRPC `select` without input) lists everything. */
  seleccionar: (db: DbOrTx, opts?: S) => Promise<O[]>;
  crear: (db: DbOrTx, input: A, user: AuthUser | null) => Promise<R>;
  actualizar: (db: DbOrTx, id: number, input: C, user: AuthUser | null) => Promise<R>;
}

/** Removes keys whose value is undefined, so a partial update only touches what was sent. */
export function soloDefinidos<T extends Record<string, unknown>>(obj: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
