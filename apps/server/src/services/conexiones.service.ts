import {
  deltaAjusteBw,
  deltaBwDeModo,
  deltaCrearConexion,
  deltaEdicionConexion,
  type MovimientoVendida,
  type PoliticaSobreventa,
  reservaCapacidad,
  validarBwNoNegativo,
} from '@troncal/domain/capacity';
import {
  type CondicionServicio,
  type EnlaceEstado,
  type EstadoEquipo,
  type EstadoRegistro,
  type ModalidadServicio,
  motivoNoVendible,
  type OrigenMovimiento,
  type TipoEnlace,
  type TipoEquipo,
  type TipoNodo,
  type TipoServicioCliente,
} from '@troncal/domain/enums';
import {
  type AjustarBwInput,
  type CapacidadesServicio,
  type Conexion,
  type ConexionCreateInput,
  type ConexionSelect,
  type ConexionUpdateInput,
  cidEnlaceDeNumero,
  etiquetaEquipo,
  type MovimientoCapacidad,
  type MovimientoEnlace,
  numeroDeCidEnlace,
} from '@troncal/domain/schemas';
import { formatearNumero, redondearMbps } from '@troncal/domain/validators';
import { and, asc, count, desc, eq, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import { auditoria, auditoriaCambio, usuarioId } from '../auth/auditoria';
import type { AuthUser } from '../auth/types';
import { type DbOrTx, execRows, preparada } from '../db/client';
import { booleanoPg, esUnicoViolado } from '../db/errores-pg';
import {
  clientes,
  conexionEquipos,
  conexiones,
  equipos,
  movimientosCapacidad,
  movimientosEnlace,
  nodos,
  proveedores,
  serviciosProveedor,
  usuarios,
} from '../db/schema';
import { enTransaccion } from '../db/transaccion';
import { DomainError } from '../errors';
import {
  aplicarMovimientos,
  bloquearServicios,
  leerCapacidad,
  preverMovimientos,
  recalcularUtilizada,
} from './ledger.service';
import { coincidePatron, isoTs, type Pagina, patronBusqueda, plegar } from './referencia.comun';

// ---------------------------------------------------------------------------------------------
// Options shared by every write
// ---------------------------------------------------------------------------------------------

export interface OpcionesConexion {
  usuario: AuthUser | null;
  politica: PoliticaSobreventa;
  /**
   * true: the whole operation (the SPA, or `/v1` with `ajustar_servicio: true`): the service's
   * capacidad_vendida moves with the connection, with its ledger rows. false: the connection record
   * only (the documented single effect of the `/v1` endpoint).
   */
  ajustarServicio: boolean;
  /**
   * The SPA asks the operator to tick "Confirmo la sobreventa" before an operation that oversells.
   * When set, an oversale the operator did not confirm is refused (409) instead of only warned, so a
   * stale preview in the browser can never oversell silently.
   */
  sobreventaConfirmada?: boolean | undefined;
}

export interface ResultadoOperacion {
  conexion: Conexion;
  advertencias: string[];
  /** The backing services' capacities after the operation (only when the service was adjusted). */
  servicios: CapacidadesServicio[];
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

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
  created_at: conexiones.created_at,
  updated_at: conexiones.updated_at,
  created_by: conexiones.created_by,
  updated_by: conexiones.updated_by,
};

type FilaConexion = {
  [K in keyof typeof columnasConexion]: unknown;
};

const numero = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numeroONull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const textoONull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function aConexion(r: FilaConexion): Conexion {
  const ids = textoONull(r.equipos_ids);
  return {
    enlace_id: Number(r.enlace_id),
    servicio_id: numeroONull(r.servicio_id),
    cid_enlace: textoONull(r.cid_enlace),
    modalidad_enlace: textoONull(r.modalidad_enlace) as TipoEnlace | null,
    tipo_enlace: textoONull(r.tipo_enlace) as TipoServicioCliente | null,
    enlace_estado: textoONull(r.enlace_estado) as EnlaceEstado | null,
    enlace_fecha_activacion: textoONull(r.enlace_fecha_activacion),
    bw_contratado: numero(r.bw_contratado),
    bw_disponible: numero(r.bw_disponible),
    bw_utilizado: numero(r.bw_utilizado),
    departamento_enlace: textoONull(r.departamento_enlace),
    provincia_enlace: textoONull(r.provincia_enlace),
    distrito_enlace: textoONull(r.distrito_enlace),
    direccion_enlace: textoONull(r.direccion_enlace),
    locacion: textoONull(r.locacion),
    cliente_id: numeroONull(r.cliente_id),
    cliente_razon_social: textoONull(r.cliente_razon_social),
    cliente_ruc: textoONull(r.cliente_ruc),
    nodo_a: numeroONull(r.nodo_a),
    nodo_a_nombre: textoONull(r.nodo_a_nombre),
    nodo_a_tipo: textoONull(r.nodo_a_tipo) as TipoNodo | null,
    configuracion_nodo_a: textoONull(r.configuracion_nodo_a),
    nodo_b: numeroONull(r.nodo_b),
    nodo_b_nombre: textoONull(r.nodo_b_nombre),
    nodo_b_tipo: textoONull(r.nodo_b_tipo) as TipoNodo | null,
    configuracion_nodo_b: textoONull(r.configuracion_nodo_b),
    asignacion_ip: textoONull(r.asignacion_ip),
    equipos_ids: ids ? ids.split(',').map(Number) : [],
    proveedor_id: numeroONull(r.proveedor_id),
    proveedor_nombre: textoONull(r.proveedor_nombre),
    servicio_cid_interno: textoONull(r.servicio_cid_interno),
    created_at: isoTs(r.created_at as string),
    updated_at: isoTs(r.updated_at as string),
    created_by: numeroONull(r.created_by),
    updated_by: numeroONull(r.updated_by),
  };
}

function consultaConexiones(db: DbOrTx) {
  return db
    .select(columnasConexion)
    .from(conexiones)
    .leftJoin(clientes, eq(clientes.cliente_id, conexiones.cliente_id))
    .leftJoin(nodoA, eq(nodoA.nodo_id, conexiones.nodo_a))
    .leftJoin(nodoB, eq(nodoB.nodo_id, conexiones.nodo_b))
    .leftJoin(serviciosProveedor, eq(serviciosProveedor.servicio_id, conexiones.servicio_id))
    .leftJoin(proveedores, eq(proveedores.proveedor_id, serviciosProveedor.proveedor_id));
}

const noExiste = (id: number) => new DomainError('NO_ENCONTRADO', `No existe la conexión ${id}.`);

const conexionPorId = (db: DbOrTx, nombre: string) =>
  consultaConexiones(db)
    .where(eq(conexiones.enlace_id, sql.placeholder('id')))
    .limit(1)
    .prepare(nombre);

export async function obtenerConexion(db: DbOrTx, enlace_id: number): Promise<Conexion> {
  const [row] = await preparada(db, 'conexion_por_id', conexionPorId).execute({ id: enlace_id });
  if (!row) throw noExiste(enlace_id);
  return aConexion(row);
}

export interface ListadoConexiones {
  limit: number;
  offset: number;
  search?: string | undefined;
  estado?: EnlaceEstado | undefined;
  servicio_id?: number | undefined;
  cliente_id?: number | undefined;
  /** Keyset cursor: only enlace_id < antes_de (a position, not a filter: `total` ignores it). */
  antes_de?: number | undefined;
}

/**
 * Which filters a list request uses. Each shape is built once per database handle as a prepared
 * query whose values are placeholders (`preparada`): drizzle no longer rebuilds a 35-column, 5-join
 * SELECT on every request (a CPU profile of the list endpoint put ~17 % of the server's time there).
 */
interface FormaListado {
  search: boolean;
  estado: boolean;
  servicio: boolean;
  cliente: boolean;
}

const formaListado = (q: Omit<ListadoConexiones, 'limit' | 'offset'>): FormaListado => ({
  search: Boolean(q.search),
  estado: Boolean(q.estado),
  servicio: Boolean(q.servicio_id),
  cliente: Boolean(q.cliente_id),
});

const claveForma = (f: FormaListado) => `${+f.search}${+f.estado}${+f.servicio}${+f.cliente}`;

/** The placeholders' values for a request (those of absent filters are not used by its query). */
const valoresListado = (q: Omit<ListadoConexiones, 'limit' | 'offset'>) => ({
  patron: q.search ? patronBusqueda(plegar(q.search)) : '',
  estado: q.estado ?? '',
  servicio_id: q.servicio_id ?? 0,
  cliente_id: q.cliente_id ?? 0,
});

function filtroListado(f: FormaListado): SQL | undefined {
  return and(
    f.search
      ? coincidePatron(sql.placeholder('patron'), [
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
        ])
      : undefined,
    f.estado ? eq(conexiones.enlace_estado, sql.placeholder('estado')) : undefined,
    f.servicio ? eq(conexiones.servicio_id, sql.placeholder('servicio_id')) : undefined,
    f.cliente ? eq(conexiones.cliente_id, sql.placeholder('cliente_id')) : undefined,
  );
}

/** conexiones with the many-to-one joins a text search looks at (none repeats a row). */
const conexionesFiltrables = <T extends PgSelect>(q: T): T =>
  q
    .leftJoin(clientes, eq(clientes.cliente_id, conexiones.cliente_id))
    .leftJoin(serviciosProveedor, eq(serviciosProveedor.servicio_id, conexiones.servicio_id))
    .leftJoin(proveedores, eq(proveedores.proveedor_id, serviciosProveedor.proveedor_id)) as unknown as T;

/**
 * Newest first, so a connection just created is on the first page.
 *
 * Deferred join: the page's ids are chosen first over `conexiones` (with only the many-to-one joins
 * the search filter needs, which PostgreSQL drops when the filter does not use them) by ORDER BY /
 * LIMIT / OFFSET on the primary key, and only those ≤ limit rows are joined to clientes, nodos,
 * servicios and proveedores and get their equipos sub-select. Joining first made a deep page
 * (offset 50,000) evaluate every join and the sub-select for all 50,010 rows before OFFSET threw
 * them away (~400 ms of SQL against ~7 ms).
 */
export async function listarConexiones(
  db: DbOrTx,
  q: ListadoConexiones,
): Promise<Pagina<Conexion> & { siguiente: number | null }> {
  const forma = formaListado(q);
  const clave = claveForma(forma);
  const valores = valoresListado(q);
  const cursor = q.antes_de !== undefined;
  const pagina = preparada(db, `conexiones_pagina_${clave}${cursor ? '_cursor' : ''}`, (d, nombre) => {
    // Only a text search looks at clientes / servicios / proveedores. Without one the page is an
    // index-only scan of conexiones_pkey: PostgreSQL would remove unused left joins, but still plan
    // a plain index scan because of the join columns.
    const ids = d.select({ id: conexiones.enlace_id }).from(conexiones).$dynamic();
    const ids2 = forma.search ? conexionesFiltrables(ids) : ids;
    const sub = ids2
      .where(and(filtroListado(forma), cursor ? lt(conexiones.enlace_id, sql.placeholder('antes_de')) : undefined))
      .orderBy(desc(conexiones.enlace_id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'));
    return consultaConexiones(d)
      .where(inArray(conexiones.enlace_id, sub))
      .orderBy(desc(conexiones.enlace_id))
      .prepare(nombre);
  });
  const rows = await pagina.execute({ ...valores, antes_de: q.antes_de ?? 0, limit: q.limit, offset: q.offset });
  const contar = preparada(db, `conexiones_total_${clave}`, (d, nombre) =>
    conexionesFiltrables(d.select({ total: count() }).from(conexiones).$dynamic())
      .where(filtroListado(forma))
      .prepare(nombre),
  );
  const [tot] = await contar.execute(valores);
  const total = Number(tot?.total ?? 0);
  const ultima = rows.length < q.limit ? undefined : rows[rows.length - 1];
  return {
    data: rows.map(aConexion),
    total,
    limit: q.limit,
    offset: q.offset,
    siguiente: ultima ? Number(ultima.enlace_id) : null,
  };
}

/** `listar/select`: small rows for dropdowns, newest first. */
export async function seleccionarConexiones(
  db: DbOrTx,
  q: { search?: string | undefined; estado?: EnlaceEstado | undefined } = {},
): Promise<ConexionSelect[]> {
  const forma = formaListado(q);
  const consulta = preparada(db, `conexiones_select_${claveForma(forma)}`, (d, nombre) =>
    conexionesFiltrables(
      d
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
      .where(filtroListado(forma))
      .orderBy(desc(conexiones.enlace_id))
      .limit(1000)
      .prepare(nombre),
  );
  const rows = await consulta.execute(valoresListado(q));
  return rows.map((r) => ({
    ...r,
    tipo_enlace: r.tipo_enlace as TipoServicioCliente | null,
    enlace_estado: r.enlace_estado as EnlaceEstado,
    bw_contratado: numero(r.bw_contratado),
  }));
}

/** `next-cid`: what the next blank `cid_enlace` will get, without consuming the sequence. */
export async function siguienteCidEnlace(db: DbOrTx): Promise<{ next: number; last: number }> {
  const [row] = await execRows<{ last_value: string | number; is_called: boolean | string }>(
    db,
    sql`select last_value, is_called from enlace_cid_seq`,
  );
  const valor = Number(row?.last_value ?? 0);
  // The spec's shape is two numbers: before the first CID, `last` is the one before `next`.
  const next = booleanoPg(row?.is_called) ? valor + 1 : valor;
  return { next, last: next - 1 };
}

// --- the detail page ---------------------------------------------------------------------------

export interface EquipoDeConexion {
  equipo_id: number;
  label: string;
  tipo: TipoEquipo;
  marca: string;
  modelo: string;
  serial: string;
  estado: EstadoEquipo;
}

export interface ServicioDeConexion extends CapacidadesServicio {
  cid_interno: string;
  proveedor_id: number;
  proveedor_nombre: string;
  modalidad: ModalidadServicio;
  ubicacion_servicio: string | null;
  condicion: CondicionServicio;
  limite_sobreventa_pct: number | null;
}

export interface ConexionDetalle extends Conexion {
  equipos: EquipoDeConexion[];
  servicio: ServicioDeConexion | null;
  /** movimientos_enlace, newest first. */
  historial_bw: MovimientoEnlace[];
  /** The capacity ledger rows that name this connection, newest first. */
  movimientos: MovimientoCapacidad[];
}

export async function equiposDeConexion(db: DbOrTx, enlace_id: number): Promise<EquipoDeConexion[]> {
  const rows = await db
    .select({
      equipo_id: equipos.equipo_id,
      tipo: equipos.tipo,
      marca: equipos.marca,
      modelo: equipos.modelo,
      serial: equipos.serial,
      estado: equipos.estado,
    })
    .from(conexionEquipos)
    .innerJoin(equipos, eq(equipos.equipo_id, conexionEquipos.equipo_id))
    .where(eq(conexionEquipos.enlace_id, enlace_id))
    .orderBy(asc(equipos.equipo_id));
  return rows.map((r) => {
    const tipo = r.tipo as TipoEquipo;
    return { ...r, tipo, estado: r.estado as EstadoEquipo, label: etiquetaEquipo({ ...r, tipo }) };
  });
}

export async function servicioDeConexion(db: DbOrTx, servicio_id: number): Promise<ServicioDeConexion | null> {
  const [s] = await db
    .select({
      servicio_id: serviciosProveedor.servicio_id,
      cid_interno: serviciosProveedor.cid_interno,
      proveedor_id: serviciosProveedor.proveedor_id,
      proveedor_nombre: proveedores.nombre,
      modalidad: serviciosProveedor.modalidad,
      ubicacion_servicio: serviciosProveedor.ubicacion_servicio,
      condicion: serviciosProveedor.condicion,
      capacidad_comprada: serviciosProveedor.capacidad_comprada,
      capacidad_vendida: serviciosProveedor.capacidad_vendida,
      capacidad_utilizada: serviciosProveedor.capacidad_utilizada,
      capacidad_disponible: serviciosProveedor.capacidad_disponible,
      limite_sobreventa_pct: serviciosProveedor.limite_sobreventa_pct,
    })
    .from(serviciosProveedor)
    .innerJoin(proveedores, eq(proveedores.proveedor_id, serviciosProveedor.proveedor_id))
    .where(eq(serviciosProveedor.servicio_id, servicio_id))
    .limit(1);
  if (!s) return null;
  return {
    ...s,
    modalidad: s.modalidad as ModalidadServicio,
    condicion: s.condicion as CondicionServicio,
    capacidad_comprada: numero(s.capacidad_comprada),
    capacidad_vendida: numero(s.capacidad_vendida),
    capacidad_utilizada: numero(s.capacidad_utilizada),
    capacidad_disponible: numero(s.capacidad_disponible),
    limite_sobreventa_pct: numeroONull(s.limite_sobreventa_pct),
  };
}

export async function historialBw(db: DbOrTx, enlace_id: number): Promise<MovimientoEnlace[]> {
  const rows = await db
    .select({
      movimiento_id: movimientosEnlace.movimiento_id,
      enlace_id: movimientosEnlace.enlace_id,
      bw_anterior: movimientosEnlace.bw_anterior,
      bw_nuevo: movimientosEnlace.bw_nuevo,
      delta: movimientosEnlace.delta,
      motivo: movimientosEnlace.motivo,
      usuario_id: movimientosEnlace.usuario_id,
      usuario_nombre: usuarios.nombre,
      created_at: movimientosEnlace.created_at,
    })
    .from(movimientosEnlace)
    .leftJoin(usuarios, eq(usuarios.usuario_id, movimientosEnlace.usuario_id))
    .where(eq(movimientosEnlace.enlace_id, enlace_id))
    .orderBy(desc(movimientosEnlace.movimiento_id));
  return rows.map((r) => ({
    ...r,
    movimiento_id: Number(r.movimiento_id),
    bw_anterior: numero(r.bw_anterior),
    bw_nuevo: numero(r.bw_nuevo),
    delta: numero(r.delta),
    created_at: isoTs(r.created_at),
  }));
}

export async function movimientosDeConexion(db: DbOrTx, enlace_id: number): Promise<MovimientoCapacidad[]> {
  const rows = await db
    .select({
      movimiento_id: movimientosCapacidad.movimiento_id,
      servicio_id: movimientosCapacidad.servicio_id,
      delta_vendida: movimientosCapacidad.delta_vendida,
      vendida_resultante: movimientosCapacidad.vendida_resultante,
      motivo: movimientosCapacidad.motivo,
      origen: movimientosCapacidad.origen,
      enlace_id: movimientosCapacidad.enlace_id,
      cid_enlace: conexiones.cid_enlace,
      usuario_id: movimientosCapacidad.usuario_id,
      usuario_nombre: usuarios.nombre,
      created_at: movimientosCapacidad.created_at,
    })
    .from(movimientosCapacidad)
    .leftJoin(conexiones, eq(conexiones.enlace_id, movimientosCapacidad.enlace_id))
    .leftJoin(usuarios, eq(usuarios.usuario_id, movimientosCapacidad.usuario_id))
    .where(eq(movimientosCapacidad.enlace_id, enlace_id))
    .orderBy(desc(movimientosCapacidad.movimiento_id));
  return rows.map((r) => ({
    ...r,
    movimiento_id: Number(r.movimiento_id),
    delta_vendida: numero(r.delta_vendida),
    vendida_resultante: numero(r.vendida_resultante),
    origen: r.origen as OrigenMovimiento,
    created_at: isoTs(r.created_at),
  }));
}

export async function detalleConexion(db: DbOrTx, enlace_id: number): Promise<ConexionDetalle> {
  const conexion = await obtenerConexion(db, enlace_id);
  const [eqs, servicio, historial, movimientos] = await Promise.all([
    equiposDeConexion(db, enlace_id),
    conexion.servicio_id ? servicioDeConexion(db, conexion.servicio_id) : Promise.resolve(null),
    historialBw(db, enlace_id),
    movimientosDeConexion(db, enlace_id),
  ]);
  return { ...conexion, equipos: eqs, servicio, historial_bw: historial, movimientos };
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

const regla = (path: string, message: string) => new DomainError('REGLA_NEGOCIO', message, [{ path, message }]);
const conflicto = (path: string, message: string) => new DomainError('CONFLICTO', message, [{ path, message }]);

/** The spec: "You cannot create a connection without first having at least one node and one provider service". */
async function exigirPrerrequisitos(tx: DbOrTx) {
  const [row] = await execRows<{ hay_nodos: boolean | string; hay_servicios: boolean | string }>(
    tx,
    sql`select exists(select 1 from nodos) as hay_nodos, exists(select 1 from servicios_proveedor) as hay_servicios`,
  );
  const si = booleanoPg;
  if (!si(row?.hay_nodos) || !si(row?.hay_servicios)) {
    const faltan = [!si(row?.hay_nodos) && 'un nodo', !si(row?.hay_servicios) && 'un servicio de proveedor']
      .filter(Boolean)
      .join(' ni ');
    throw new DomainError(
      'REGLA_NEGOCIO',
      `Para crear una conexión debe registrar al menos un nodo y un servicio de proveedor (aún no hay ${faltan}).`,
    );
  }
}

interface Referencias {
  cliente_id?: number | null | undefined;
  nodo_a?: number | null | undefined;
  nodo_b?: number | null | undefined;
  servicio_id?: number | null | undefined;
}

/**
 * Every id the body names must exist. A missing one is a business-rule refusal (422) naming the
 * field, not a 404: the connection being created or edited is what the URL names.
 */
async function validarReferencias(tx: DbOrTx, ref: Referencias, opts: { servicioNuevo: boolean }) {
  const issues: { path: string; message: string }[] = [];
  if (ref.cliente_id != null) {
    const [c] = await tx
      .select({ id: clientes.cliente_id })
      .from(clientes)
      .where(eq(clientes.cliente_id, ref.cliente_id));
    if (!c) issues.push({ path: 'cliente_id', message: `No existe el cliente ${ref.cliente_id}.` });
  }
  for (const campo of ['nodo_a', 'nodo_b'] as const) {
    const id = ref[campo];
    if (id == null) continue;
    const [n] = await tx.select({ id: nodos.nodo_id }).from(nodos).where(eq(nodos.nodo_id, id));
    if (!n) issues.push({ path: campo, message: `No existe el nodo ${id} (${campo === 'nodo_a' ? 'A' : 'B'}).` });
  }
  if (ref.nodo_a != null && ref.nodo_b != null && ref.nodo_a === ref.nodo_b) {
    issues.push({ path: 'nodo_b', message: 'El nodo B debe ser distinto del nodo A.' });
  }
  if (ref.servicio_id != null) {
    const [s] = await tx
      .select({
        cid: serviciosProveedor.cid_interno,
        condicion: serviciosProveedor.condicion,
        estado_proveedor: proveedores.estado,
      })
      .from(serviciosProveedor)
      .innerJoin(proveedores, eq(proveedores.proveedor_id, serviciosProveedor.proveedor_id))
      .where(eq(serviciosProveedor.servicio_id, ref.servicio_id));
    const motivo = s && motivoNoVendible(s.condicion as CondicionServicio, s.estado_proveedor as EstadoRegistro);
    if (!s) issues.push({ path: 'servicio_id', message: `No existe el servicio de proveedor ${ref.servicio_id}.` });
    else if (opts.servicioNuevo && motivo) {
      issues.push({
        path: 'servicio_id',
        message: `El servicio de proveedor ${s.cid} ${motivo}: no se le pueden asignar conexiones.`,
      });
    }
  }
  const [primera] = issues;
  if (primera) throw new DomainError('REGLA_NEGOCIO', primera.message, issues);
}

/**
 * Locks the equipos (in id order, after the connection's own lock) and checks each one is usable:
 * it exists, is not BAJA and no other live connection holds it. Because the rows stay locked until
 * commit, two operations racing for the same equipo queue here and the second one sees the first.
 */
async function reservarEquipos(tx: DbOrTx, ids: number[], enlaceId: number | null) {
  if (ids.length === 0) return;
  const ordenados = [...new Set(ids)].sort((a, b) => a - b);
  const filas = await tx
    .select({ equipo_id: equipos.equipo_id, serial: equipos.serial, estado: equipos.estado })
    .from(equipos)
    .where(inArray(equipos.equipo_id, ordenados))
    .orderBy(asc(equipos.equipo_id))
    .for('no key update');
  const porId = new Map(filas.map((f) => [f.equipo_id, f]));
  const faltan = ids
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !porId.has(id))
    .map(({ id, i }) => ({ path: `equipos_ids.${i}`, message: `No existe el equipo ${id}.` }));
  const [falta] = faltan;
  if (falta) throw new DomainError('REGLA_NEGOCIO', falta.message, faltan);

  for (const [i, id] of ids.entries()) {
    const f = porId.get(id);
    if (f?.estado === 'BAJA') {
      throw conflicto(`equipos_ids.${i}`, `El equipo SN: ${f.serial} está dado de baja y no se puede asignar.`);
    }
  }
  const ocupados = await tx
    .select({ equipo_id: conexionEquipos.equipo_id, cid: conexiones.cid_enlace })
    .from(conexionEquipos)
    .innerJoin(conexiones, eq(conexiones.enlace_id, conexionEquipos.enlace_id))
    .where(
      and(
        inArray(conexionEquipos.equipo_id, ordenados),
        ne(conexiones.enlace_estado, 'BAJA'),
        enlaceId === null ? undefined : ne(conexionEquipos.enlace_id, enlaceId),
      ),
    );
  const [ocupado] = ocupados;
  if (ocupado) {
    const i = ids.indexOf(ocupado.equipo_id);
    const serial = porId.get(ocupado.equipo_id)?.serial ?? String(ocupado.equipo_id);
    throw conflicto(`equipos_ids.${i}`, `El equipo SN: ${serial} ya está asignado a la conexión ${ocupado.cid}.`);
  }
}

async function bloquearEquipos(tx: DbOrTx, ids: number[]) {
  if (ids.length === 0) return;
  await tx
    .select({ id: equipos.equipo_id })
    .from(equipos)
    .where(inArray(equipos.equipo_id, [...new Set(ids)]))
    .orderBy(asc(equipos.equipo_id))
    .for('no key update');
}

async function marcarEquipos(tx: DbOrTx, ids: number[], estado: 'ASIGNADO' | 'DISPONIBLE', user: AuthUser | null) {
  if (ids.length === 0) return;
  await tx
    .update(equipos)
    .set({ estado, ...auditoriaCambio(user) })
    // Never resurrect an equipo someone retired meanwhile.
    .where(and(inArray(equipos.equipo_id, ids), ne(equipos.estado, 'BAJA')));
}

/** Released equipos go back to DISPONIBLE unless another live connection still lists them. */
async function liberarEquipos(tx: DbOrTx, ids: number[], enlaceId: number, user: AuthUser | null) {
  if (ids.length === 0) return;
  const ordenados = [...new Set(ids)].sort((a, b) => a - b);
  await bloquearEquipos(tx, ordenados);
  const enOtra = await tx
    .select({ equipo_id: conexionEquipos.equipo_id })
    .from(conexionEquipos)
    .innerJoin(conexiones, eq(conexiones.enlace_id, conexionEquipos.enlace_id))
    .where(
      and(
        inArray(conexionEquipos.equipo_id, ordenados),
        ne(conexiones.enlace_estado, 'BAJA'),
        ne(conexionEquipos.enlace_id, enlaceId),
      ),
    );
  const retenidos = new Set(enOtra.map((r) => r.equipo_id));
  await marcarEquipos(
    tx,
    ordenados.filter((id) => !retenidos.has(id)),
    'DISPONIBLE',
    user,
  );
}

// --- CIDs ----------------------------------------------------------------------------------------

const cidDuplicado = (cid: string) => conflicto('cid_enlace', `Ya existe una conexión con el CID ${cid}.`);

async function cidExiste(tx: DbOrTx, cid: string, excepto?: number): Promise<boolean> {
  const [r] = await tx
    .select({ id: conexiones.enlace_id })
    .from(conexiones)
    .where(and(eq(conexiones.cid_enlace, cid), excepto ? ne(conexiones.enlace_id, excepto) : undefined))
    .limit(1);
  return Boolean(r);
}

/**
 * A manual CID must be unique. A manual numeric one at or beyond the sequence moves the sequence
 * past it (as for services), so the next automatic CID never collides with it.
 */
async function aceptarCidManual(tx: DbOrTx, cid: string, excepto?: number): Promise<string> {
  if (await cidExiste(tx, cid, excepto)) throw cidDuplicado(cid);
  const n = numeroDeCidEnlace(cid);
  if (n !== null) {
    await tx.execute(
      sql`select setval('enlace_cid_seq', ${n}::bigint, true) from enlace_cid_seq
           where ${n}::bigint >= case when is_called then last_value + 1 else last_value end`,
    );
  }
  return cid;
}

async function siguienteCidLibre(tx: DbOrTx): Promise<string> {
  // Skips numbers taken by CIDs written before the sequence knew about them (legacy imports).
  for (let intento = 0; intento < 1000; intento++) {
    const [row] = await execRows<{ n: string | number }>(tx, sql`select nextval('enlace_cid_seq') as n`);
    const cid = cidEnlaceDeNumero(Number(row?.n));
    if (!(await cidExiste(tx, cid))) return cid;
  }
  throw new DomainError('CONFLICTO', 'No se encontró un CID libre; indique uno manualmente.');
}

/** The unique index is the last line of defence when two requests race for one CID. */
async function conCidUnico<T>(cid: string, operacion: () => Promise<T>): Promise<T> {
  try {
    return await operacion();
  } catch (e) {
    if (esUnicoViolado(e, 'conexiones_cid_uq')) throw cidDuplicado(cid);
    throw e;
  }
}

// --- the ledger ----------------------------------------------------------------------------------

const MOTIVO_ORIGEN: Record<OrigenMovimiento, string> = {
  VENTA_CONEXION: 'Alta de la conexión',
  AJUSTE_BW: 'Ajuste de BW de la conexión',
  BAJA_CONEXION: 'Baja de la conexión',
  CAMBIO_SERVICIO: 'Cambio de servicio de la conexión',
  AJUSTE_MANUAL: 'Ajuste manual',
};

/** The SPA must confirm an oversale explicitly; /v1 (sobreventaConfirmada undefined) only warns. */
function exigirConfirmacion(advertencias: string[], opts: OpcionesConexion) {
  if (advertencias.length > 0 && opts.sobreventaConfirmada === false) {
    throw new DomainError('CONFLICTO', `${advertencias.join(' ')} Marque «Confirmo la sobreventa» para continuar.`, [
      { path: 'confirmar_sobreventa', message: 'Confirme la sobreventa para continuar.' },
    ]);
  }
}

async function moverCapacidad(
  tx: DbOrTx,
  movimientos: MovimientoVendida[],
  enlace: { enlace_id: number; cid_enlace: string },
  motivo: string | null | undefined,
  opts: OpcionesConexion,
): Promise<{ advertencias: string[]; servicios: CapacidadesServicio[] }> {
  if (movimientos.length === 0) return { advertencias: [], servicios: [] };
  const res = await aplicarMovimientos(
    tx,
    movimientos.map((m) => ({
      ...m,
      enlace_id: enlace.enlace_id,
      motivo: `${MOTIVO_ORIGEN[m.origen]} ${enlace.cid_enlace}${motivo ? `: ${motivo}` : ''}`,
    })),
    { usuario_id: usuarioId(opts.usuario), politica: opts.politica },
  );
  exigirConfirmacion(res.advertencias, opts);
  return {
    advertencias: res.advertencias,
    servicios: res.servicios.map((s) => ({
      servicio_id: s.servicio_id,
      capacidad_comprada: s.capacidad_comprada,
      capacidad_vendida: s.capacidad_vendida,
      capacidad_utilizada: s.capacidad_utilizada,
      capacidad_disponible: s.capacidad_disponible,
    })),
  };
}

async function registrarBw(
  tx: DbOrTx,
  enlace_id: number,
  anterior: number,
  nuevo: number,
  motivo: string | null,
  user: AuthUser | null,
) {
  const delta = redondearMbps(nuevo - anterior);
  if (delta === 0) return;
  await tx.insert(movimientosEnlace).values({
    enlace_id,
    bw_anterior: anterior,
    bw_nuevo: nuevo,
    delta,
    motivo,
    usuario_id: usuarioId(user),
  });
}

async function capacidades(tx: DbOrTx, ids: (number | null | undefined)[]): Promise<CapacidadesServicio[]> {
  const out: CapacidadesServicio[] = [];
  for (const id of [...new Set(ids.filter((x): x is number => x != null))].sort((a, b) => a - b)) {
    const c = await leerCapacidad(tx, id);
    if (c) {
      out.push({
        servicio_id: c.servicio_id,
        capacidad_comprada: c.capacidad_comprada,
        capacidad_vendida: c.capacidad_vendida,
        capacidad_utilizada: c.capacidad_utilizada,
        capacidad_disponible: c.capacidad_disponible,
      });
    }
  }
  return out;
}

async function bloquearConexion(tx: DbOrTx, enlace_id: number) {
  const [row] = await tx.select().from(conexiones).where(eq(conexiones.enlace_id, enlace_id)).for('no key update');
  if (!row) throw noExiste(enlace_id);
  const eqs = await tx
    .select({ equipo_id: conexionEquipos.equipo_id })
    .from(conexionEquipos)
    .where(eq(conexionEquipos.enlace_id, enlace_id))
    .orderBy(asc(conexionEquipos.equipo_id));
  return {
    ...row,
    enlace_estado: row.enlace_estado as EnlaceEstado,
    bw_contratado: numero(row.bw_contratado),
    bw_utilizado: numero(row.bw_utilizado),
    equipos_ids: eqs.map((e) => e.equipo_id),
  };
}

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

/**
 * What creating needs: the schema's required fields; every other field may be left out (internal
 * callers such as the demo seed build this without going through the schema).
 */
export type NuevaConexion = Pick<
  ConexionCreateInput,
  'servicio_id' | 'cliente_id' | 'nodo_a' | 'tipo_enlace' | 'bw_contratado'
> &
  Partial<ConexionCreateInput>;

export async function crearConexion(
  db: DbOrTx,
  input: NuevaConexion,
  opts: OpcionesConexion,
): Promise<ResultadoOperacion> {
  return enTransaccion(db, async (tx) => {
    await exigirPrerrequisitos(tx);
    await validarReferencias(tx, input, { servicioNuevo: true });
    const estado: EnlaceEstado = input.enlace_estado ?? 'PENDIENTE';
    const equiposIds = input.equipos_ids ?? [];
    await reservarEquipos(tx, equiposIds, null);
    // The lock order of every operation: the connection, its equipos, then the services by id.
    await bloquearServicios(tx, [input.servicio_id]);
    const bw = redondearMbps(input.bw_contratado);
    const mov = deltaCrearConexion({ servicio_id: input.servicio_id, bw_contratado: bw, enlace_estado: estado });
    // Refuse before drawing the CID: a sequence number is not given back by a rollback.
    if (opts.ajustarServicio) exigirConfirmacion((await preverMovimientos(tx, mov, opts.politica)).advertencias, opts);
    const cid = input.cid_enlace ? await aceptarCidManual(tx, input.cid_enlace) : await siguienteCidLibre(tx);

    const [fila] = await conCidUnico(cid, () =>
      tx
        .insert(conexiones)
        .values({
          servicio_id: input.servicio_id,
          cid_enlace: cid,
          modalidad_enlace: input.modalidad_enlace ?? null,
          tipo_enlace: input.tipo_enlace,
          enlace_estado: estado,
          enlace_fecha_activacion: input.enlace_fecha_activacion ?? null,
          bw_contratado: bw,
          bw_utilizado: redondearMbps(input.bw_utilizado ?? 0),
          departamento_enlace: input.departamento_enlace ?? null,
          provincia_enlace: input.provincia_enlace ?? null,
          distrito_enlace: input.distrito_enlace ?? null,
          direccion_enlace: input.direccion_enlace ?? null,
          locacion: input.locacion ?? null,
          cliente_id: input.cliente_id,
          nodo_a: input.nodo_a,
          configuracion_nodo_a: input.configuracion_nodo_a ?? null,
          nodo_b: input.nodo_b ?? null,
          configuracion_nodo_b: input.configuracion_nodo_b ?? null,
          asignacion_ip: input.asignacion_ip ?? null,
          ...auditoria(opts.usuario),
        })
        .returning({ enlace_id: conexiones.enlace_id }),
    );
    const enlace_id = fila!.enlace_id;

    if (equiposIds.length > 0) {
      await tx.insert(conexionEquipos).values(equiposIds.map((equipo_id) => ({ enlace_id, equipo_id })));
      if (reservaCapacidad(estado)) await marcarEquipos(tx, equiposIds, 'ASIGNADO', opts.usuario);
    }
    await registrarBw(tx, enlace_id, 0, bw, 'Alta de la conexión', opts.usuario);

    let advertencias: string[] = [];
    let servicios: CapacidadesServicio[] = [];
    if (opts.ajustarServicio) {
      ({ advertencias } = await moverCapacidad(tx, mov, { enlace_id, cid_enlace: cid }, null, opts));
    }
    await recalcularUtilizada(tx, input.servicio_id);
    if (opts.ajustarServicio) servicios = await capacidades(tx, [input.servicio_id]);
    return { conexion: await obtenerConexion(tx, enlace_id), advertencias, servicios };
  });
}

export interface CambiosConexion extends ConexionUpdateInput {
  /** Why (ledger and bandwidth history). */
  motivo?: string | null | undefined;
}

/**
 * The one edit path (PUT, the SPA's edit form, cambiarEstado): compares the locked connection with
 * what it becomes and derives the equipo states, the bandwidth history and, when the service is
 * adjusted, the ledger rows (sale, BAJA release, service move, bandwidth delta) from the difference.
 */
export async function actualizarConexion(
  db: DbOrTx,
  enlace_id: number,
  cambios: CambiosConexion,
  opts: OpcionesConexion,
): Promise<ResultadoOperacion> {
  return enTransaccion(db, async (tx) => {
    const antes = await bloquearConexion(tx, enlace_id);
    // Every equipo this edit may touch is locked now, in id order, so two edits swapping equipos
    // between connections queue instead of deadlocking.
    await bloquearEquipos(tx, [...antes.equipos_ids, ...(cambios.equipos_ids ?? [])]);
    const def = <T>(v: T | undefined, actual: T): T => (v === undefined ? actual : v);

    const despues = {
      servicio_id: def(cambios.servicio_id, antes.servicio_id),
      cliente_id: def(cambios.cliente_id, antes.cliente_id),
      nodo_a: def(cambios.nodo_a, antes.nodo_a),
      nodo_b: def(cambios.nodo_b, antes.nodo_b),
      enlace_estado: def(cambios.enlace_estado ?? undefined, antes.enlace_estado),
      bw_contratado: redondearMbps(def(cambios.bw_contratado, antes.bw_contratado)),
      bw_utilizado: redondearMbps(def(cambios.bw_utilizado, antes.bw_utilizado)),
      equipos_ids: def(cambios.equipos_ids, antes.equipos_ids),
    };
    await bloquearServicios(tx, [antes.servicio_id, despues.servicio_id]);
    const vivaAntes = reservaCapacidad(antes.enlace_estado);
    const vivaDespues = reservaCapacidad(despues.enlace_estado);
    const cambiaServicio = despues.servicio_id !== antes.servicio_id;

    await validarReferencias(
      tx,
      {
        cliente_id: cambios.cliente_id,
        nodo_a: despues.nodo_a,
        nodo_b: despues.nodo_b,
        servicio_id: cambiaServicio || (!vivaAntes && vivaDespues) ? despues.servicio_id : undefined,
      },
      { servicioNuevo: true },
    );

    let cid = antes.cid_enlace;
    if (cambios.cid_enlace !== undefined && cambios.cid_enlace !== antes.cid_enlace) {
      cid = await aceptarCidManual(tx, cambios.cid_enlace, enlace_id);
    }

    // Equipos: what leaves is released, what the live connection holds must be free and gets ASIGNADO.
    const quitados = antes.equipos_ids.filter((id) => !despues.equipos_ids.includes(id));
    const agregados = despues.equipos_ids.filter((id) => !antes.equipos_ids.includes(id));
    if (vivaDespues) {
      await reservarEquipos(tx, vivaAntes ? agregados : despues.equipos_ids, enlace_id);
    } else if (agregados.length > 0) {
      await reservarEquipos(tx, agregados, enlace_id);
    }

    const set: Partial<typeof conexiones.$inferInsert> = {};
    const copiar = <K extends keyof typeof conexiones.$inferInsert>(k: K, v: (typeof conexiones.$inferInsert)[K]) => {
      if (v !== undefined) set[k] = v;
    };
    copiar('servicio_id', cambios.servicio_id);
    copiar('cliente_id', cambios.cliente_id);
    copiar('tipo_enlace', cambios.tipo_enlace);
    copiar('modalidad_enlace', cambios.modalidad_enlace);
    copiar('enlace_estado', cambios.enlace_estado ?? undefined);
    copiar('enlace_fecha_activacion', cambios.enlace_fecha_activacion);
    if (cambios.bw_contratado !== undefined) set.bw_contratado = despues.bw_contratado;
    if (cambios.bw_utilizado !== undefined) set.bw_utilizado = despues.bw_utilizado;
    copiar('departamento_enlace', cambios.departamento_enlace);
    copiar('provincia_enlace', cambios.provincia_enlace);
    copiar('distrito_enlace', cambios.distrito_enlace);
    copiar('direccion_enlace', cambios.direccion_enlace);
    copiar('locacion', cambios.locacion);
    copiar('nodo_a', cambios.nodo_a);
    copiar('configuracion_nodo_a', cambios.configuracion_nodo_a);
    copiar('nodo_b', cambios.nodo_b);
    copiar('configuracion_nodo_b', cambios.configuracion_nodo_b);
    copiar('asignacion_ip', cambios.asignacion_ip);
    if (cid !== antes.cid_enlace) set.cid_enlace = cid;

    await conCidUnico(cid, () =>
      tx
        .update(conexiones)
        .set({ ...set, ...auditoriaCambio(opts.usuario) })
        .where(eq(conexiones.enlace_id, enlace_id)),
    );

    if (quitados.length > 0) {
      await tx
        .delete(conexionEquipos)
        .where(and(eq(conexionEquipos.enlace_id, enlace_id), inArray(conexionEquipos.equipo_id, quitados)));
    }
    if (agregados.length > 0) {
      await tx.insert(conexionEquipos).values(agregados.map((equipo_id) => ({ enlace_id, equipo_id })));
    }
    if (vivaDespues) {
      await marcarEquipos(tx, vivaAntes ? agregados : despues.equipos_ids, 'ASIGNADO', opts.usuario);
      if (vivaAntes) await liberarEquipos(tx, quitados, enlace_id, opts.usuario);
    } else if (vivaAntes) {
      // To BAJA: every equipo the connection held is free again (the list is kept as history).
      await liberarEquipos(tx, [...antes.equipos_ids, ...agregados], enlace_id, opts.usuario);
    }

    await registrarBw(
      tx,
      enlace_id,
      antes.bw_contratado,
      despues.bw_contratado,
      cambios.motivo ?? 'Edición de la conexión',
      opts.usuario,
    );

    let advertencias: string[] = [];
    let servicios: CapacidadesServicio[] = [];
    if (opts.ajustarServicio) {
      const mov = deltaEdicionConexion(
        { servicio_id: antes.servicio_id, bw_contratado: antes.bw_contratado, enlace_estado: antes.enlace_estado },
        {
          servicio_id: despues.servicio_id,
          bw_contratado: despues.bw_contratado,
          enlace_estado: despues.enlace_estado,
        },
      );
      ({ advertencias } = await moverCapacidad(tx, mov, { enlace_id, cid_enlace: cid }, cambios.motivo, opts));
    }
    await recalcularUtilizada(tx, antes.servicio_id, despues.servicio_id);
    if (opts.ajustarServicio) servicios = await capacidades(tx, [antes.servicio_id, despues.servicio_id]);
    return { conexion: await obtenerConexion(tx, enlace_id), advertencias, servicios };
  });
}

/** The SPA's state change (e.g. to BAJA, which releases bandwidth and equipos). */
export function cambiarEstadoConexion(
  db: DbOrTx,
  enlace_id: number,
  input: { enlace_estado: EnlaceEstado; motivo?: string | null | undefined },
  opts: OpcionesConexion,
): Promise<ResultadoOperacion> {
  return actualizarConexion(db, enlace_id, { enlace_estado: input.enlace_estado, motivo: input.motivo }, opts);
}

export interface ResultadoAjusteBw {
  conexion: Conexion;
  /** The service after the adjustment, when it was adjusted too. */
  servicio?: CapacidadesServicio | undefined;
  advertencias: string[];
  message: string;
}

/**
 * AUMENTAR/DISMINUIR. The connection row is locked first, so two adjustments of one link queue
 * and each sees the other's result; the service row is then updated atomically by the ledger.
 */
export async function ajustarBwConexion(
  db: DbOrTx,
  enlace_id: number,
  input: Pick<AjustarBwInput, 'modo' | 'mbps' | 'motivo'>,
  opts: OpcionesConexion,
): Promise<ResultadoAjusteBw> {
  return enTransaccion(db, async (tx) => {
    const actual = await bloquearConexion(tx, enlace_id);
    await bloquearServicios(tx, [actual.servicio_id]);
    if (!reservaCapacidad(actual.enlace_estado)) {
      throw regla('enlace_estado', `La conexión ${actual.cid_enlace} está de baja: no se puede ajustar su BW.`);
    }
    const delta = deltaBwDeModo(input.modo, input.mbps);
    const nuevo = validarBwNoNegativo(actual.bw_contratado, delta);
    await tx
      .update(conexiones)
      .set({ bw_contratado: nuevo, ...auditoriaCambio(opts.usuario) })
      .where(eq(conexiones.enlace_id, enlace_id));
    await registrarBw(
      tx,
      enlace_id,
      actual.bw_contratado,
      nuevo,
      input.motivo ?? `${input.modo === 'AUMENTAR' ? 'Aumento' : 'Disminución'} de BW`,
      opts.usuario,
    );

    let advertencias: string[] = [];
    let servicio: CapacidadesServicio | undefined;
    if (opts.ajustarServicio) {
      const mov = deltaAjusteBw({
        servicio_id: actual.servicio_id,
        modo: input.modo,
        mbps: input.mbps,
        enlace_estado: actual.enlace_estado,
      });
      ({ advertencias } = await moverCapacidad(
        tx,
        mov,
        { enlace_id, cid_enlace: actual.cid_enlace },
        input.motivo,
        opts,
      ));
      [servicio] = await capacidades(tx, [actual.servicio_id]);
    }
    const verbo = input.modo === 'AUMENTAR' ? 'aumentó' : 'disminuyó';
    const message =
      `El BW de la conexión ${actual.cid_enlace} ${verbo} de ${formatearNumero(actual.bw_contratado)} ` +
      `a ${formatearNumero(nuevo)} Mbps${servicio ? ' y se actualizó la capacidad del servicio' : ''}.`;
    return { conexion: await obtenerConexion(tx, enlace_id), servicio, advertencias, message };
  });
}
