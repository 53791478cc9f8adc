import type { EntidadCambio } from '@troncal/domain/enums';
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import {
  apiTokens,
  cambios,
  clientes,
  conexiones,
  equipos,
  nodos,
  proveedores,
  serviciosProveedor,
  usuarios,
} from '../../db/schema';
import { noEncontrado } from '../errores';
import { isoTs } from '../referencia.comun';
import { type Cambio, type CambioListQuery, desdeInstante, hastaInstante } from './esquemas';

export interface PaginaCambios {
  data: Cambio[];
  limit: number;
  /** The last cambio_id of this page when there are more (older) changes; pass it as `antes_de`. */
  siguiente: number | null;
}

const c = cambios;

function filtro(q: CambioListQuery): SQL | undefined {
  return and(
    q.entidad ? eq(c.entidad, q.entidad) : undefined,
    q.entidad && q.entidad_id != null ? eq(c.entidad_id, q.entidad_id) : undefined,
    q.accion ? eq(c.accion, q.accion) : undefined,
    q.usuario != null ? eq(c.usuario_id, q.usuario) : undefined,
    q.desde ? gte(c.ocurrido_en, desdeInstante(q.desde).toISOString()) : undefined,
    q.hasta ? lt(c.ocurrido_en, hastaInstante(q.hasta).toISOString()) : undefined,
    q.antes_de != null ? lt(c.cambio_id, q.antes_de) : undefined,
  );
}

/**
 * Newest first, keyset-paged on cambio_id (the primary key read backwards, or an index that ends in
 * cambio_id under the equality filters): a deep page costs what the first does. One row more than
 * the page is read to know whether there is a next one.
 */
export async function listarCambios(db: DbOrTx, q: CambioListQuery): Promise<PaginaCambios> {
  const rows = await db
    .select({
      cambio_id: c.cambio_id,
      entidad: c.entidad,
      id: c.entidad_id,
      accion: c.accion,
      usuario_id: c.usuario_id,
      token_id: c.token_id,
      via: c.via,
      solicitud_id: c.solicitud_id,
      ocurrido_en: c.ocurrido_en,
      cambios: c.cambios,
      nombre: usuarios.nombre,
      email: usuarios.email,
      token_nombre: apiTokens.nombre,
    })
    .from(c)
    .leftJoin(usuarios, eq(usuarios.usuario_id, c.usuario_id))
    .leftJoin(apiTokens, eq(apiTokens.token_id, c.token_id))
    .where(filtro(q))
    .orderBy(desc(c.cambio_id))
    .limit(q.limit + 1);
  const pagina = rows.slice(0, q.limit);
  return {
    data: pagina.map((r) => ({
      cambio_id: r.cambio_id,
      accion: r.accion,
      entidad: r.entidad,
      id: r.id,
      usuario:
        r.usuario_id == null && r.token_id == null
          ? null
          : {
              usuario_id: r.usuario_id,
              nombre: r.nombre,
              email: r.email,
              token_id: r.token_id,
              token_nombre: r.token_nombre,
            },
      via: r.via,
      solicitud_id: r.solicitud_id,
      ocurrido_en: isoTs(r.ocurrido_en),
      cambios: r.cambios,
    })),
    limit: q.limit,
    siguiente: rows.length > q.limit ? (pagina[pagina.length - 1]?.cambio_id ?? null) : null,
  };
}

/** One record's history (a detail page, `GET /v1/<entidad>/{id}/cambios`). */
export const cambiosDe = (
  db: DbOrTx,
  entidad: EntidadCambio,
  id: number,
  q: Omit<CambioListQuery, 'entidad' | 'entidad_id'>,
): Promise<PaginaCambios> => listarCambios(db, { ...q, entidad, entidad_id: id });

/** The entities with a detail page and a `/v1/<entidad>/{id}/cambios` route, and how to find one. */
const REGISTROS = {
  conexion: { id: conexiones.enlace_id, nombre: 'la conexión' },
  servicio: { id: serviciosProveedor.servicio_id, nombre: 'el servicio de proveedor' },
  proveedor: { id: proveedores.proveedor_id, nombre: 'el proveedor' },
  cliente: { id: clientes.cliente_id, nombre: 'el cliente' },
  nodo: { id: nodos.nodo_id, nombre: 'el nodo' },
  equipo: { id: equipos.equipo_id, nombre: 'el equipo' },
} satisfies Partial<Record<EntidadCambio, { id: PgColumn; nombre: string }>>;
export type EntidadConDetalle = keyof typeof REGISTROS;

/** A record's history, 404 when the record does not exist (no record is ever deleted). */
export async function historialDe(
  db: DbOrTx,
  entidad: EntidadConDetalle,
  id: number,
  q: Omit<CambioListQuery, 'entidad' | 'entidad_id'>,
): Promise<PaginaCambios> {
  const r = REGISTROS[entidad];
  const [fila] = await db.select({ id: r.id }).from(r.id.table).where(eq(r.id, id)).limit(1);
  if (!fila) throw noEncontrado(r.nombre, id);
  return cambiosDe(db, entidad, id, q);
}
