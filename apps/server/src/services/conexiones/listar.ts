import type { Conexion, ConexionSelect } from '@troncal/domain/schemas';
import { and, count, desc, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { clientes, conexiones } from '../../db/schema';
import type { Pagina } from '../referencia.comun';
import {
  aConexion,
  conexionesFiltrables,
  consultaConexiones,
  type FiltrosConexion,
  filtroConexiones,
} from './consulta';

export interface ListadoConexiones extends FiltrosConexion {
  limit: number;
  offset: number;
  /** Keyset cursor: only enlace_id < antes_de (a position, not a filter: `total` ignores it). */
  antes_de?: number | null | undefined;
}

/**
 * Newest first, so a connection just created is on the first page.
 *
 * Deferred join: the page's ids are chosen first over `conexiones` (with only the many-to-one joins
 * a text search needs) by ORDER BY / LIMIT / OFFSET on the primary key, and only those ≤ limit rows
 * are joined to clientes, nodos, servicios and proveedores and get their equipos sub-select.
 * Joining first made a deep page (offset 50,000) evaluate every join and the sub-select for all
 * 50,010 rows before OFFSET threw them away (~400 ms of SQL against ~7 ms). The keyset cursor
 * (`antes_de`, the previous page's `siguiente`) makes a deep page cost what the first one does.
 */
export async function listarConexiones(
  db: DbOrTx,
  q: ListadoConexiones,
): Promise<Pagina<Conexion> & { siguiente: number | null }> {
  const filtro = filtroConexiones(q);
  // Without a search the page is an index-only scan of conexiones_pkey: PostgreSQL would remove
  // unused left joins, but still plan a plain index scan because of the join columns.
  const ids = db.select({ id: conexiones.enlace_id }).from(conexiones).$dynamic();
  const pagina = (q.search ? conexionesFiltrables(ids) : ids)
    .where(and(filtro, q.antes_de != null ? lt(conexiones.enlace_id, q.antes_de) : undefined))
    .orderBy(desc(conexiones.enlace_id))
    .limit(q.limit)
    .offset(q.offset);
  const rows = await consultaConexiones(db)
    .where(inArray(conexiones.enlace_id, pagina))
    .orderBy(desc(conexiones.enlace_id));
  const contar = db.select({ total: count() }).from(conexiones).$dynamic();
  const [tot] = await (q.search ? conexionesFiltrables(contar) : contar).where(filtro);
  const ultima = rows.length < q.limit ? undefined : rows[rows.length - 1];
  return {
    data: rows.map(aConexion),
    total: Number(tot?.total ?? 0),
    limit: q.limit,
    offset: q.offset,
    siguiente: ultima ? ultima.enlace_id : null,
  };
}

/** `listar/select`: small rows for dropdowns, newest first. */
export async function seleccionarConexiones(
  db: DbOrTx,
  q: Pick<FiltrosConexion, 'search' | 'estado'> = {},
): Promise<ConexionSelect[]> {
  return conexionesFiltrables(
    db
      .select({
        enlace_id: conexiones.enlace_id,
        cid_enlace: conexiones.cid_enlace,
        cliente_razon_social: clientes.razon_social,
        tipo_enlace: conexiones.tipo_enlace,
        enlace_estado: conexiones.enlace_estado,
        bw_contratado: conexiones.bw_contratado,
      })
      .from(conexiones)
      .$dynamic(),
  )
    .where(filtroConexiones(q))
    .orderBy(desc(conexiones.enlace_id))
    .limit(1000);
}
