import { type AnyColumn, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import {
  clientes,
  conexionEquipos,
  conexiones,
  equipos,
  nodos,
  proveedores,
  serviciosProveedor,
} from '../../db/schema';
import { cidCanonico } from '../cid';
import type {
  ReferenciaEquipo,
  ReferenciaProveedor,
  ReferenciaServicio,
  ReferenciaSimple,
  ResolverImportacion,
} from './resolver';

/** Keys per query: well under PostgreSQL's 65,535 parameters, and a plan that uses the unique index. */
const LOTE = 5000;

function* lotes<T>(xs: readonly T[]): Generator<T[]> {
  for (let i = 0; i < xs.length; i += LOTE) yield xs.slice(i, i + LOTE);
}

/**
 * Looks keys up in batches, matching as the unique index does (`normal` on both sides: lower() for
 * names and serials, the CID scheme's spelling for CIDs), and answers under the keys as written.
 */
async function buscar<R extends { clave: string }, T>(
  claves: readonly string[],
  normal: (s: string) => string,
  consultar: (normales: string[]) => Promise<R[]>,
  aRef: (r: R) => T,
): Promise<Map<string, T>> {
  const porNormal = new Map<string, string[]>();
  for (const k of claves) {
    const n = normal(k);
    porNormal.set(n, [...(porNormal.get(n) ?? []), k]);
  }
  const out = new Map<string, T>();
  for (const lote of lotes([...porNormal.keys()])) {
    for (const r of await consultar(lote)) {
      for (const k of porNormal.get(normal(r.clave)) ?? []) out.set(k, aRef(r));
    }
  }
  return out;
}

const minusculas = (s: string) => s.toLowerCase();
const lower = (c: AnyColumn) => sql`lower(${c})`;

/**
 * ResolverImportacion over the database (or a transaction): one `in (…)` query per 5,000 distinct
 * keys and type, each answered by the unique index the natural key has. CIDs are compared in their
 * scheme's spelling (` icp-2000 ` is ICP-2000), as the use cases store them.
 */
export function resolverSql(db: DbOrTx): ResolverImportacion {
  return {
    proveedoresPorNombre: (claves) =>
      buscar(
        claves,
        minusculas,
        (ns) =>
          db
            .select({ clave: proveedores.nombre, id: proveedores.proveedor_id, estado: proveedores.estado })
            .from(proveedores)
            .where(inArray(lower(proveedores.nombre), ns)),
        (r): ReferenciaProveedor => ({ id: r.id, estado: r.estado }),
      ),
    clientesPorRuc: (claves) =>
      buscar(
        claves,
        (s) => s.trim(),
        (ns) =>
          db.select({ clave: clientes.ruc, id: clientes.cliente_id }).from(clientes).where(inArray(clientes.ruc, ns)),
        (r): ReferenciaSimple => ({ id: r.id }),
      ),
    nodosPorNombre: (claves) =>
      buscar(
        claves,
        minusculas,
        (ns) =>
          db
            .select({ clave: nodos.nombre, id: nodos.nodo_id })
            .from(nodos)
            .where(inArray(lower(nodos.nombre), ns)),
        (r): ReferenciaSimple => ({ id: r.id }),
      ),
    serviciosPorCidInterno: (claves) =>
      buscar(
        claves,
        (s) => cidCanonico('servicio', s),
        (ns) =>
          db
            .select({
              clave: serviciosProveedor.cid_interno,
              id: serviciosProveedor.servicio_id,
              condicion: serviciosProveedor.condicion,
            })
            .from(serviciosProveedor)
            .where(inArray(serviciosProveedor.cid_interno, ns)),
        (r): ReferenciaServicio => ({ id: r.id, condicion: r.condicion }),
      ),
    equiposPorSerial: (claves) =>
      buscar(
        claves,
        minusculas,
        (ns) =>
          db
            .select({
              clave: equipos.serial,
              id: equipos.equipo_id,
              estado: equipos.estado,
              // The outer equipo spelled out: in a one-table select drizzle writes its columns bare,
              // and a bare equipo_id here is the subquery's own ce.equipo_id (every equipo looked held).
              cid_enlace: sql<string | null>`(
                select cx.cid_enlace from ${conexionEquipos} ce
                  join ${conexiones} cx on cx.enlace_id = ce.enlace_id
                 where ce.equipo_id = equipos.equipo_id and cx.enlace_estado <> 'BAJA' limit 1)`,
            })
            .from(equipos)
            .where(inArray(lower(equipos.serial), ns)),
        (r): ReferenciaEquipo => ({ id: r.id, estado: r.estado, cid_enlace: r.cid_enlace }),
      ),
    conexionesPorCid: (claves) =>
      buscar(
        claves,
        (s) => cidCanonico('conexion', s),
        (ns) =>
          db
            .select({ clave: conexiones.cid_enlace, id: conexiones.enlace_id })
            .from(conexiones)
            .where(inArray(conexiones.cid_enlace, ns)),
        (r): ReferenciaSimple => ({ id: r.id }),
      ),
  };
}
