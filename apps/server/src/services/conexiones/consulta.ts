import type { Conexion } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { clientes, conexiones, nodos, proveedores, serviciosProveedor, vinculosMonitoreo } from '../../db/schema';
import { columnasVinculo, conVinculo, unionVinculo } from '../monitoreo/en-lecturas';
import { coincideTexto, columnasAuditoria, isoTs } from '../referencia.comun';

/** The connection as the API shows it: the row plus its client, nodes, equipos and backing service. */

const nodoA = alias(nodos, 'nodo_a_t');
const nodoB = alias(nodos, 'nodo_b_t');

// array_to_string keeps both drivers (postgres-js, PGlite) on plain text rather than array parsers.
const equiposIdsSql = sql<string | null>`(
  select string_agg(ce.equipo_id::text, ',' order by ce.equipo_id)
    from conexion_equipos ce where ce.enlace_id = ${conexiones.enlace_id}
)`;

const columnasConexion = {
  enlace_id: conexiones.enlace_id,
  servicio_id: conexiones.servicio_id,
  cid_enlace: conexiones.cid_enlace,
  modalidad_enlace: conexiones.modalidad_enlace,
  tipo_enlace: conexiones.tipo_enlace,
  enlace_estado: conexiones.enlace_estado,
  enlace_fecha_activacion: conexiones.enlace_fecha_activacion,
  bw_contratado: conexiones.bw_contratado,
  bw_disponible: conexiones.bw_disponible,
  bw_utilizado: conexiones.bw_utilizado,
  departamento_enlace: conexiones.departamento_enlace,
  provincia_enlace: conexiones.provincia_enlace,
  distrito_enlace: conexiones.distrito_enlace,
  direccion_enlace: conexiones.direccion_enlace,
  locacion: conexiones.locacion,
  cliente_id: conexiones.cliente_id,
  cliente_razon_social: clientes.razon_social,
  cliente_ruc: clientes.ruc,
  nodo_a: conexiones.nodo_a,
  nodo_a_nombre: nodoA.nombre,
  nodo_a_tipo: nodoA.tipo,
  configuracion_nodo_a: conexiones.configuracion_nodo_a,
  nodo_b: conexiones.nodo_b,
  nodo_b_nombre: nodoB.nombre,
  nodo_b_tipo: nodoB.tipo,
  configuracion_nodo_b: conexiones.configuracion_nodo_b,
  asignacion_ip: conexiones.asignacion_ip,
  equipos_ids: equiposIdsSql,
  proveedor_id: serviciosProveedor.proveedor_id,
  proveedor_nombre: proveedores.nombre,
  servicio_cid_interno: serviciosProveedor.cid_interno,
  ...columnasAuditoria(conexiones),
  ...columnasVinculo,
};

/** conexiones with every join the API shows; a query's WHERE picks the rows. */
export const consultaConexiones = (db: DbOrTx) =>
  db
    .select(columnasConexion)
    .from(conexiones)
    .leftJoin(clientes, eq(clientes.cliente_id, conexiones.cliente_id))
    .leftJoin(nodoA, eq(nodoA.nodo_id, conexiones.nodo_a))
    .leftJoin(nodoB, eq(nodoB.nodo_id, conexiones.nodo_b))
    .leftJoin(serviciosProveedor, eq(serviciosProveedor.servicio_id, conexiones.servicio_id))
    .leftJoin(proveedores, eq(proveedores.proveedor_id, serviciosProveedor.proveedor_id))
    .leftJoin(vinculosMonitoreo, unionVinculo('conexion', conexiones.enlace_id));

type FilaConexion = Awaited<ReturnType<typeof consultaConexiones>>[number];

export function aConexion(fila: FilaConexion): Conexion {
  const r = conVinculo(fila);
  return {
    ...r,
    bw_disponible: r.bw_disponible ?? redondearMbps(r.bw_contratado - r.bw_utilizado),
    equipos_ids: r.equipos_ids ? r.equipos_ids.split(',').map(Number) : [],
    created_at: isoTs(r.created_at),
    updated_at: isoTs(r.updated_at),
  };
}

/** conexiones with the many-to-one joins a text search looks at (none repeats a row). */
export const conexionesFiltrables = <T extends PgSelect>(q: T): T =>
  q
    .leftJoin(clientes, eq(clientes.cliente_id, conexiones.cliente_id))
    .leftJoin(serviciosProveedor, eq(serviciosProveedor.servicio_id, conexiones.servicio_id))
    .leftJoin(proveedores, eq(proveedores.proveedor_id, serviciosProveedor.proveedor_id)) as unknown as T;

/** As both transports parse them (conexionListQuery): absent, null and "" mean no filter. */
export interface FiltrosConexion {
  search?: string | null | undefined;
  estado?: Conexion['enlace_estado'] | undefined;
  servicio_id?: number | null | undefined;
  cliente_id?: number | null | undefined;
}

/** The list's filters; a search needs `conexionesFiltrables`. */
export function filtroConexiones(f: FiltrosConexion): SQL | undefined {
  return and(
    coincideTexto(f.search, [
      conexiones.cid_enlace,
      conexiones.tipo_enlace,
      conexiones.modalidad_enlace,
      conexiones.locacion,
      conexiones.departamento_enlace,
      conexiones.provincia_enlace,
      conexiones.distrito_enlace,
      conexiones.direccion_enlace,
      conexiones.asignacion_ip,
      clientes.razon_social,
      clientes.ruc,
      serviciosProveedor.cid_interno,
      proveedores.nombre,
    ]),
    f.estado ? eq(conexiones.enlace_estado, f.estado) : undefined,
    f.servicio_id ? eq(conexiones.servicio_id, f.servicio_id) : undefined,
    f.cliente_id ? eq(conexiones.cliente_id, f.cliente_id) : undefined,
  );
}
