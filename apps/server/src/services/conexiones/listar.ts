import type { Conexion, ConexionSelect } from '@troncal/domain/schemas';
import { and, count, desc, lt, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { preparada } from '../../db/preparadas';
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
 * The page's rows for ids chosen by `ids` (deferred join, below). `= any(array(…))` rather than
 * `in (…)`: the planner then expects a handful of ids, so even the generic plan of the prepared
 * statement joins them by index (with `in` it planned a LIMIT $n as 10 % of the table and hash
 * joined every connection).
 */
const filasDe = (db: DbOrTx, ids: SQLWrapper) =>
  consultaConexiones(db).where(sql`${conexiones.enlace_id} = any(array(${ids}))`).orderBy(desc(conexiones.enlace_id));

const idsRecientes = (db: DbOrTx, cursor: boolean) =>
  db
    .select({ id: conexiones.enlace_id })
    .from(conexiones)
    .where(cursor ? lt(conexiones.enlace_id, sql.placeholder('antes_de')) : undefined)
    .orderBy(desc(conexiones.enlace_id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'));

// The list as it opens (no filter, by offset or by cursor) and its total: named statements
// (db/preparadas.ts), measured by pnpm bench.
const paginaSinFiltro = preparada('conexiones_pagina', (db, nombre) =>
  filasDe(db, idsRecientes(db, false)).prepare(nombre),
);
const paginaSinFiltroCursor = preparada('conexiones_pagina_cursor', (db, nombre) =>
  filasDe(db, idsRecientes(db, true)).prepare(nombre),
);
const totalSinFiltro = preparada('conexiones_total', (db, nombre) =>
  db.select({ total: count() }).from(conexiones).prepare(nombre),
);

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
  let rows: Awaited<ReturnType<typeof filasDe>>;
  let tot: { total: number } | undefined;
  if (!filtro) {
    const valores = { limit: q.limit, offset: q.offset, antes_de: q.antes_de };
    rows = await (q.antes_de != null ? paginaSinFiltroCursor : paginaSinFiltro)(db, valores);
    [tot] = await totalSinFiltro(db);
  } else {
    // Without a search the page is an index-only scan of conexiones_pkey: PostgreSQL would remove
    // unused left joins, but still plan a plain index scan because of the join columns.
    const ids = db.select({ id: conexiones.enlace_id }).from(conexiones).$dynamic();
    const pagina = (q.search ? conexionesFiltrables(ids) : ids)
      .where(and(filtro, q.antes_de != null ? lt(conexiones.enlace_id, q.antes_de) : undefined))
      .orderBy(desc(conexiones.enlace_id))
      .limit(q.limit)
      .offset(q.offset);
    rows = await filasDe(db, pagina);
    const contar = db.select({ total: count() }).from(conexiones).$dynamic();
    [tot] = await (q.search ? conexionesFiltrables(contar) : contar).where(filtro);
  }
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
