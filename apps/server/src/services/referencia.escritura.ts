import type { EntidadCambio } from '@troncal/domain/enums';
import { type AnyColumn, and, eq, getTableColumns, ne, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, SelectedFields } from 'drizzle-orm/pg-core';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import { auditoria, auditoriaCambio } from '../auth/auditoria';
import type { AuthUser } from '../auth/types';
import type { DbOrTx, Tx } from '../db/client';
import { esUnicoViolado } from '../db/errores-pg';
import { enTransaccion } from '../db/transaccion';
import type { DomainError } from '../errors';
import { registrarCambio } from './cambios/registrar';
import { noEncontrado } from './errores';
import { soloDefinidos } from './referencia.comun';

/**
 * How the reference catalogues (proveedores, clientes, nodos, equipos) read one record and write
 * one: fetch or 404, refuse a taken unique value with 409, and record every write in the change
 * history inside the caller's transaction.
 */

type Fila<T extends PgTable> = T['$inferSelect'];
/** What a write may set: the audit columns come from the user, never from the input. */
export type Valores<T extends PgTable> = Omit<
  T['$inferInsert'],
  'created_by' | 'updated_by' | 'created_at' | 'updated_at'
>;

/** A catalogue's table as its reads and writes name it. */
export interface Catalogo<T extends PgTable, K extends string, R> {
  entidad: EntidadCambio;
  tabla: T;
  /** The primary key, as a column name of `tabla`. */
  id: K;
  /** The unique index whose violation is `duplicado`. */
  unico: string;
  /** The 409 for a write the unique index refused; `valores` is what the write sent. */
  duplicado: (valores: Partial<Valores<T>>) => DomainError;
  /** The record as the API answers it, from the row. */
  aRegistro: (fila: Fila<T>) => R;
  /** The record as the API answers it, by id (404 if none): the `antes` of an update. */
  obtener: (db: DbOrTx, id: number) => Promise<R>;
}

/** The use case's own checks, inside its transaction before the write (an update's gets `antes`). */
type Exigir<R> = (tx: Tx, antes: R) => Promise<void> | void;

const columnaId = <T extends PgTable, K extends string, R>(cat: Catalogo<T, K, R>) =>
  getTableColumns(cat.tabla)[cat.id] as AnyColumn;

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
    if (esUnicoViolado(e, constraint)) throw error();
    throw e;
  }
}

/**
 * Refuses (409, via `error`) a value another record already holds, comparing as the unique index
 * does (`igual`); `excepto` is the record being edited. `mostrar` is the other record's value, for
 * the message.
 */
export async function exigirLibre<T extends PgTable, K extends string, R>(
  db: DbOrTx,
  cat: Catalogo<T, K, R>,
  de: { igual: SQL; excepto?: number | undefined; mostrar: PgColumn },
  error: (otro: string) => DomainError,
): Promise<void> {
  const tabla: PgTable = cat.tabla;
  const [otro] = await db
    .select({ valor: de.mostrar })
    .from(tabla)
    .where(and(de.igual, de.excepto === undefined ? undefined : ne(columnaId(cat), de.excepto)))
    .limit(1);
  if (otro) throw error(String(otro.valor));
}

/** One record by id with the given selection, or 404 ("No existe el nodo 7."). */
export async function leerPorId<T extends PgTable, K extends string, R, C extends SelectedFields>(
  db: DbOrTx,
  cat: Catalogo<T, K, R>,
  columnas: C,
  id: number,
): Promise<SelectResultFields<C>> {
  const seleccion: SelectedFields = columnas;
  const tabla: PgTable = cat.tabla;
  const [row] = await db
    .select(seleccion)
    .from(tabla)
    .where(eq(columnaId(cat), id))
    .limit(1);
  if (!row) throw noEncontrado(`el ${cat.entidad}`, id);
  return row as SelectResultFields<C>;
}

// drizzle cannot type a write to a table that is still a type parameter: the writes below name it as
// any PgTable; the signatures keep `valores`, `cambios` and the row typed by the catalogue's table.

/**
 * One transaction: `exigir`, then the INSERT with the audit columns and the creation history row —
 * the record and its history commit or roll back together.
 */
export function insertarRegistro<T extends PgTable, K extends string & keyof Fila<T>, R extends object>(
  db: DbOrTx,
  cat: Catalogo<T, K, R>,
  valores: Valores<T>,
  usuario: AuthUser | null,
  exigir?: (tx: Tx) => Promise<void> | void,
): Promise<R> {
  return enTransaccion(db, async (tx) => {
    await exigir?.(tx);
    return insertar(tx, cat, valores, usuario);
  });
}

async function insertar<T extends PgTable, K extends string & keyof Fila<T>, R extends object>(
  tx: Tx,
  cat: Catalogo<T, K, R>,
  valores: Valores<T>,
  usuario: AuthUser | null,
): Promise<R> {
  const [fila] = await conUnico(
    () =>
      tx
        .insert(cat.tabla as PgTable)
        .values({ ...valores, ...auditoria(usuario) } as never)
        .returning(),
    cat.unico,
    () => cat.duplicado(valores),
  );
  const f = fila as Fila<T>;
  const registro = cat.aRegistro(f);
  await registrarCambio(tx, {
    entidad: cat.entidad,
    id: Number(f[cat.id]),
    accion: 'crear',
    usuario,
    antes: null,
    despues: registro,
  });
  return registro;
}

interface Actualizacion<T extends PgTable, R> {
  id: number;
  /** The fields sent; undefined ones are left alone. */
  cambios: Partial<Valores<T>>;
  usuario: AuthUser | null;
  /** Replaces the catalogue's when the record carries more than its row. */
  aRegistro?: (fila: Fila<T>, antes: R) => R;
}

/**
 * One transaction: the record as it was (404 if none), `exigir`, then the UPDATE with the audit
 * columns and the history row `antes` → the written record.
 */
export function actualizarRegistro<T extends PgTable, K extends string, R extends object>(
  db: DbOrTx,
  cat: Catalogo<T, K, R>,
  o: Actualizacion<T, R>,
  exigir?: Exigir<R>,
): Promise<R> {
  return enTransaccion(db, async (tx) => {
    const antes = await cat.obtener(tx, o.id);
    await exigir?.(tx, antes);
    return actualizar(tx, cat, o, antes);
  });
}

async function actualizar<T extends PgTable, K extends string, R extends object>(
  tx: Tx,
  cat: Catalogo<T, K, R>,
  o: Actualizacion<T, R>,
  antes: R,
): Promise<R> {
  const [fila] = await conUnico(
    () =>
      tx
        .update(cat.tabla as PgTable)
        .set({ ...soloDefinidos(o.cambios), ...auditoriaCambio(o.usuario) } as never)
        .where(eq(columnaId(cat), o.id))
        .returning(),
    cat.unico,
    () => cat.duplicado(o.cambios),
  );
  if (!fila) throw noEncontrado(`el ${cat.entidad}`, o.id);
  const registro = o.aRegistro ? o.aRegistro(fila as Fila<T>, antes) : cat.aRegistro(fila as Fila<T>);
  await registrarCambio(tx, {
    entidad: cat.entidad,
    id: o.id,
    accion: 'actualizar',
    usuario: o.usuario,
    antes,
    despues: registro,
  });
  return registro;
}
