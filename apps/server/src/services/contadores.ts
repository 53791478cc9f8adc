import type { EnlaceEstado, EstadoEquipo, TipoEquipo } from '@troncal/domain/enums';
import { and, eq, sql } from 'drizzle-orm';
import { type DbOrTx, preparada } from '../db/client';
import { contadores } from '../db/schema';

/**
 * List totals from the trigger-kept counters (migration 0002): an unfiltered list of connections,
 * provider services or equipos (or the connections list filtered by state only) reads one row by
 * primary key instead of running count(*) over the whole table. (proveedores, clientes and nodos
 * stay on count(*): a few thousand rows at most, well under a millisecond.) The counters are exact
 * and transactional: a write and its counter update commit together, so a reader's snapshot sees
 * both or neither.
 */

export type TablaContada = 'conexiones' | 'servicios_proveedor' | 'equipos';

export interface Contador {
  tabla: TablaContada;
  clave: string;
}

/** The key of a table's total; the per-state keys of `conexiones` are the enlace_estado values. */
export const TOTAL = '*';

export type FiltroListado =
  | {
      tabla: 'conexiones';
      search?: string | undefined;
      estado?: EnlaceEstado | undefined;
      servicio_id?: number | undefined;
      cliente_id?: number | undefined;
    }
  | {
      tabla: 'servicios_proveedor';
      search?: string | null | undefined;
      proveedor_id?: number | null | undefined;
      cid?: string | null | undefined;
    }
  | {
      tabla: 'equipos';
      search?: string | null | undefined;
      estado?: EstadoEquipo | null | undefined;
      tipo?: TipoEquipo | null | undefined;
    };

/**
 * Which counter, if any, holds the number of rows a list filter selects; null when only count(*)
 * can tell. Mirrors exactly what the services treat as "no filter": listarConexiones and
 * listarEquipos ignore a falsy search / id / enum (so `search: ' '` IS a filter there),
 * listarServicios ignores a blank (trimmed) search or cid and a falsy proveedor_id.
 */
export function contadorDeFiltro(f: FiltroListado): Contador | null {
  if (f.tabla === 'conexiones') {
    if (f.search || f.servicio_id || f.cliente_id) return null;
    return { tabla: 'conexiones', clave: f.estado || TOTAL };
  }
  if (f.tabla === 'equipos') {
    if (f.search || f.estado || f.tipo) return null;
    return { tabla: 'equipos', clave: TOTAL };
  }
  if (f.search?.trim() || f.proveedor_id || f.cid?.trim()) return null;
  return { tabla: 'servicios_proveedor', clave: TOTAL };
}

/**
 * The counter's value, or null when its row does not exist (then the caller counts). Inside a
 * transaction that has written, its own deltas are still pending (they reach the counter at
 * COMMIT) and are added here, so the transaction reads its own writes as count(*) would. A
 * read-only request has no transaction id: that sub-select finds nothing, at no cost.
 */
const contadorPorClave = (db: DbOrTx, nombre: string) =>
  db
    .select({
      // Written out qualified: in a one-table select drizzle renders its columns unqualified, and an
      // unqualified "tabla" inside the sub-select would be p.tabla.
      n: sql<string | number>`"contadores"."n" + coalesce((select sum(p.delta) from contadores_pendientes p
                                            where p.xact = pg_current_xact_id_if_assigned()
                                              and p.tabla = "contadores"."tabla" and p.clave = "contadores"."clave"), 0)`,
    })
    .from(contadores)
    .where(and(eq(contadores.tabla, sql.placeholder('tabla')), eq(contadores.clave, sql.placeholder('clave'))))
    .prepare(nombre);

export async function leerContador(db: DbOrTx, c: Contador): Promise<number | null> {
  const [fila] = await preparada(db, 'contador_por_clave', contadorPorClave).execute({
    tabla: c.tabla,
    clave: c.clave,
  });
  return fila ? Number(fila.n) : null;
}

/**
 * The exact total of a list: the counter when one answers the filter and exists, count(*) otherwise.
 */
export async function totalListado(db: DbOrTx, filtro: FiltroListado, contar: () => Promise<number>): Promise<number> {
  const c = contadorDeFiltro(filtro);
  const n = c ? await leerContador(db, c) : null;
  return n ?? contar();
}
