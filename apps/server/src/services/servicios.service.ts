import { deltaAjusteCapacidad, nivelAlerta, porcentajeUso } from '@troncal/domain/capacity';
import {
  type CondicionServicio,
  type EnlaceEstado,
  type EstadoRegistro,
  type ModalidadServicio,
  motivoNoVendible,
  type NivelAlerta,
  type OrigenMovimiento,
  type TipoNodo,
} from '@troncal/domain/enums';
import {
  type AjustarCapacidadInput,
  type CapacidadesServicio,
  cidServicioDeNumero,
  type EnlaceRed,
  type MovimientoCapacidad,
  type MuestraUso,
  numeroDeCidServicio,
  type ServicioProveedor,
  type ServicioProveedorCreateInput,
  type ServicioProveedorUpdateInput,
} from '@troncal/domain/schemas';
import { formatearNumero, redondearMbps } from '@troncal/domain/validators';
import { and, count, desc, eq, inArray, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { auditoriaCambio, auditoria as auditoriaDe, usuarioId } from '../auth/auditoria';
import type { AuthUser } from '../auth/types';
import { type DbOrTx, execRows, preparada } from '../db/client';
import { booleanoPg, esUnicoViolado } from '../db/errores-pg';
import {
  conexiones,
  movimientosCapacidad,
  muestrasUso,
  nodos,
  proveedores,
  serviciosProveedor,
  usuarios,
} from '../db/schema';
import { enTransaccion } from '../db/transaccion';
import type { Env } from '../env';
import { DomainError } from '../errors';
import { aplicarMovimientos, type Conciliacion, conciliar } from './ledger.service';
import { assertProveedorActivo } from './proveedores.service';
import { isoTs, noEncontrado, patronBusqueda, plegadoSql, plegar, soloDefinidos } from './referencia.comun';

/**
 * Provider services (the capacity we buy). Every write runs in one transaction; every change to
 * `capacidad_vendida` goes through the ledger (`aplicarMovimientos`), so `vendida = Σ ledger` holds.
 */

const s = serviciosProveedor;
const p = proveedores;
const n = nodos;

type Politica = Env['TRONCAL_SOBREVENTA'];

// --- Reading -------------------------------------------------------------------------------------

const columnas = {
  servicio_id: s.servicio_id,
  proveedor_id: s.proveedor_id,
  proveedor_nombre: p.nombre,
  nodo_id: s.nodo_id,
  nodo_nombre: n.nombre,
  tipo_nodo: n.tipo,
  direccion: n.direccion,
  modalidad: s.modalidad,
  capacidad_comprada: s.capacidad_comprada,
  capacidad_vendida: s.capacidad_vendida,
  capacidad_utilizada: s.capacidad_utilizada,
  capacidad_disponible: s.capacidad_disponible,
  ubicacion_servicio: s.ubicacion_servicio,
  condicion: s.condicion,
  observacion: s.observacion,
  cid_proveedor: s.cid_proveedor,
  cid_interno: s.cid_interno,
  limite_sobreventa_pct: s.limite_sobreventa_pct,
  created_at: s.created_at,
  updated_at: s.updated_at,
  created_by: s.created_by,
  updated_by: s.updated_by,
};

const consulta = (db: DbOrTx) =>
  db.select(columnas).from(s).innerJoin(p, eq(p.proveedor_id, s.proveedor_id)).leftJoin(n, eq(n.nodo_id, s.nodo_id));

type FilaServicio = Awaited<ReturnType<typeof consulta>>[number];

const numero = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function aServicio(r: FilaServicio): ServicioProveedor {
  const comprada = numero(r.capacidad_comprada);
  const vendida = numero(r.capacidad_vendida);
  return {
    servicio_id: Number(r.servicio_id),
    proveedor_id: Number(r.proveedor_id),
    proveedor_nombre: r.proveedor_nombre ?? '',
    nodo_id: r.nodo_id ?? null,
    nodo_nombre: r.nodo_nombre ?? null,
    tipo_nodo: (r.tipo_nodo as TipoNodo | null) ?? null,
    direccion: r.direccion ?? null,
    modalidad: r.modalidad as ModalidadServicio,
    capacidad_comprada: comprada,
    capacidad_vendida: vendida,
    capacidad_utilizada: numero(r.capacidad_utilizada),
    capacidad_disponible:
      r.capacidad_disponible === null ? redondearMbps(comprada - vendida) : numero(r.capacidad_disponible),
    ubicacion_servicio: r.ubicacion_servicio ?? null,
    condicion: (r.condicion as CondicionServicio | null) ?? null,
    observacion: r.observacion ?? null,
    cid_proveedor: r.cid_proveedor ?? null,
    cid_interno: r.cid_interno ?? null,
    limite_sobreventa_pct: r.limite_sobreventa_pct === null ? null : Number(r.limite_sobreventa_pct),
    created_at: isoTs(r.created_at),
    updated_at: isoTs(r.updated_at),
    created_by: r.created_by ?? null,
    updated_by: r.updated_by ?? null,
  };
}

export interface FiltrosServicio {
  /** Free text over provider name, cid_interno, cid_proveedor, modalidad and ubicacion_servicio. */
  search?: string | undefined;
  proveedor_id?: number | null | undefined;
  /** Exact (case-insensitive) cid_proveedor or cid_interno. */
  cid?: string | null | undefined;
}

export interface ListadoServicios extends FiltrosServicio {
  limit: number;
  offset: number;
}

/** A value, or the placeholder that carries it in a prepared query. */
type Valor<T> = T | Placeholder;

/** A free-text search made ready for SQL: the pattern over `busqueda`, and the providers it names. */
interface Busqueda {
  patron: Valor<string>;
  proveedores: Valor<number>[];
}

const proveedoresPorNombre = (db: DbOrTx, nombre: string) =>
  db
    .select({ id: p.proveedor_id })
    .from(p)
    .where(sql`${plegadoSql(p.nombre)} like ${sql.placeholder('patron')}`)
    .orderBy(p.proveedor_id)
    .prepare(nombre);

/**
 * The providers whose name matches are looked up first (a few dozen rows at most), so the services
 * query gets their ids as values: `busqueda like … or proveedor_id in (3)` lets PostgreSQL
 * BitmapOr the trigram index with servicios_proveedor_idx, and a search that names no provider is
 * the trigram condition alone. With the sub-select inside the statement (`in (select …)`, or
 * `= any(array(select …))`) the planner cannot know how many services the providers hold and
 * filtered every row with a sequential scan: on 10,000 services, count for "claro" 4.3 → 1.1 ms,
 * for a CID ~4 → 0.3 ms.
 */
async function resolverBusqueda(
  db: DbOrTx,
  search: string | null | undefined,
): Promise<{ patron: string; proveedores: number[] } | undefined> {
  const texto = search?.trim();
  if (!texto) return undefined;
  const provs = await preparada(db, 'proveedores_por_nombre', proveedoresPorNombre).execute({
    patron: patronBusqueda(plegar(texto)),
  });
  return { patron: patronBusqueda(texto.toLowerCase()), proveedores: provs.map((r) => r.id) };
}

function condicionBusqueda(b: Busqueda | undefined): SQL | undefined {
  if (!b) return undefined;
  // `busqueda` is lower()ed and trigram-indexed; the provider's name is matched accent-insensitively.
  const texto = sql`${s.busqueda} like ${b.patron}`;
  return b.proveedores.length === 0 ? texto : sql`(${texto} or ${inArray(s.proveedor_id, b.proveedores)})`;
}

const condicionProveedor = (proveedor_id: Valor<number> | null | undefined) =>
  proveedor_id ? eq(s.proveedor_id, proveedor_id) : undefined;

/** The cid filter as the query compares it: trimmed, lower case; blank is no filter. */
const cidNormalizado = (cid: string | null | undefined) => cid?.trim().toLowerCase() || undefined;

function condicionCid(c: Valor<string> | undefined): SQL | undefined {
  if (!c) return undefined;
  return sql`(lower(${s.cid_proveedor}) = ${c} or lower(${s.cid_interno}) = ${c})`;
}

interface Condiciones {
  busqueda: Busqueda | undefined;
  proveedor_id: Valor<number> | null | undefined;
  cid: Valor<string> | undefined;
}

function filtrarCon(c: Condiciones, excepto?: 'proveedor' | 'cid'): SQL | undefined {
  return and(
    condicionBusqueda(c.busqueda),
    excepto === 'proveedor' ? undefined : condicionProveedor(c.proveedor_id),
    excepto === 'cid' ? undefined : condicionCid(c.cid),
  );
}

function filtrar(f: FiltrosServicio, busqueda: Busqueda | undefined, excepto?: 'proveedor' | 'cid'): SQL | undefined {
  return filtrarCon({ busqueda, proveedor_id: f.proveedor_id, cid: cidNormalizado(f.cid) }, excepto);
}

/** Searches naming more providers than this are not worth a prepared statement of their own. */
const MAX_PROVEEDORES_PREPARADOS = 20;

export interface PaginaServicios {
  data: ServicioProveedor[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * `GET /v1/servicios-proveedor/listar`: newest first. The page's ids are chosen on
 * servicios_proveedor alone (the filters only read its columns), then only those rows are joined
 * to proveedores and nodos (deferred join): a deep offset no longer joins every skipped row.
 * proveedor_id is NOT NULL with a foreign key, so the inner join drops no row either way.
 */
export async function listarServicios(db: DbOrTx, q: ListadoServicios): Promise<PaginaServicios> {
  const busqueda = await resolverBusqueda(db, q.search);
  const cid = cidNormalizado(q.cid);
  const nProv = busqueda?.proveedores.length ?? 0;
  // Each filter shape (and number of providers a search names) is one prepared query whose values
  // are placeholders: built once per database handle, not on every request.
  const condiciones: Condiciones = {
    busqueda: busqueda && {
      patron: sql.placeholder('patron'),
      proveedores: busqueda.proveedores.map((_, i) => sql.placeholder(`prov${i}`)),
    },
    proveedor_id: q.proveedor_id ? sql.placeholder('proveedor_id') : undefined,
    cid: cid ? sql.placeholder('cid') : undefined,
  };
  const valores: Record<string, unknown> = {
    patron: busqueda?.patron ?? '',
    proveedor_id: q.proveedor_id ?? 0,
    cid: cid ?? '',
    limit: q.limit,
    offset: q.offset,
  };
  busqueda?.proveedores.forEach((id, i) => {
    valores[`prov${i}`] = id;
  });
  const clave = `${busqueda ? nProv : 'x'}_${+Boolean(q.proveedor_id)}_${+Boolean(cid)}`;
  const cache = <T>(nombre: string, crear: (d: DbOrTx, nombre: string) => T) =>
    nProv <= MAX_PROVEEDORES_PREPARADOS ? preparada(db, nombre, crear) : crear(db, nombre);

  const pagina = cache(`servicios_pagina_${clave}`, (d, nombre) => {
    const ids = d
      .select({ id: s.servicio_id })
      .from(s)
      .where(filtrarCon(condiciones))
      .orderBy(desc(s.servicio_id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'));
    return consulta(d).where(inArray(s.servicio_id, ids)).orderBy(desc(s.servicio_id)).prepare(nombre);
  });
  const rows = await pagina.execute(valores);
  const contar = cache(`servicios_total_${clave}`, (d, nombre) =>
    d.select({ total: count() }).from(s).where(filtrarCon(condiciones)).prepare(nombre),
  );
  const [tot] = await contar.execute(valores);
  const total = Number(tot?.total ?? 0);
  return { data: rows.map(aServicio), total, limit: q.limit, offset: q.offset };
}

export interface KpiServicios {
  servicios: number;
  capacidad_comprada: number;
  capacidad_vendida: number;
  capacidad_utilizada: number;
  capacidad_disponible: number;
}

/** The KPI strip: totals over the WHOLE filtered set, not only the visible page. */
export async function kpiServicios(db: DbOrTx, f: FiltrosServicio): Promise<KpiServicios> {
  const [r] = await db
    .select({
      servicios: count(),
      comprada: sql<string | null>`sum(${s.capacidad_comprada})`,
      vendida: sql<string | null>`sum(${s.capacidad_vendida})`,
      utilizada: sql<string | null>`sum(${s.capacidad_utilizada})`,
      disponible: sql<string | null>`sum(${s.capacidad_disponible})`,
    })
    .from(s)
    .where(filtrar(f, await resolverBusqueda(db, f.search)));
  return {
    servicios: Number(r?.servicios ?? 0),
    capacidad_comprada: numero(r?.comprada),
    capacidad_vendida: numero(r?.vendida),
    capacidad_utilizada: numero(r?.utilizada),
    capacidad_disponible: numero(r?.disponible),
  };
}

export interface OpcionesFiltroServicios {
  proveedores: { proveedor_id: number; nombre: string }[];
  cids: string[];
}

const MAX_OPCIONES = 500;

/**
 * The list's dropdowns show what the current result set holds. Each facet ignores its own filter
 * (otherwise picking a provider would leave a one-item provider dropdown), but honours the others.
 */
export async function opcionesFiltroServicios(db: DbOrTx, f: FiltrosServicio): Promise<OpcionesFiltroServicios> {
  const busqueda = await resolverBusqueda(db, f.search);
  const provs = await db
    .selectDistinct({ proveedor_id: p.proveedor_id, nombre: p.nombre })
    .from(s)
    .innerJoin(p, eq(p.proveedor_id, s.proveedor_id))
    .where(filtrar(f, busqueda, 'proveedor'))
    .orderBy(p.nombre, p.proveedor_id)
    .limit(MAX_OPCIONES);
  const cids = await db
    .selectDistinct({ cid: s.cid_proveedor })
    .from(s)
    .where(and(filtrar(f, busqueda, 'cid'), sql`${s.cid_proveedor} is not null`))
    .orderBy(s.cid_proveedor)
    .limit(MAX_OPCIONES);
  return { proveedores: provs, cids: cids.map((c) => c.cid).filter((c): c is string => Boolean(c)) };
}

export async function obtenerServicio(db: DbOrTx, servicio_id: number): Promise<ServicioProveedor> {
  const [row] = await consulta(db).where(eq(s.servicio_id, servicio_id)).limit(1);
  if (!row) throw noEncontrado('el servicio de proveedor', servicio_id);
  return aServicio(row);
}

/** `GET /v1/servicios-proveedor/proveedor/{proveedor_id}`: 404 for an unknown provider. */
export async function serviciosDeProveedor(db: DbOrTx, proveedor_id: number): Promise<ServicioProveedor[]> {
  const [prov] = await db.select({ id: p.proveedor_id }).from(p).where(eq(p.proveedor_id, proveedor_id)).limit(1);
  if (!prov) throw noEncontrado('el proveedor', proveedor_id);
  const rows = await consulta(db).where(eq(s.proveedor_id, proveedor_id)).orderBy(s.servicio_id);
  return rows.map(aServicio);
}

/** A row of the service pickers (the connection form's "Servicio del proveedor"). */
export interface ServicioOpcion {
  servicio_id: number;
  proveedor_id: number;
  proveedor_nombre: string;
  proveedor_estado: EstadoRegistro;
  cid_interno: string;
  modalidad: ModalidadServicio;
  ubicacion_servicio: string | null;
  condicion: CondicionServicio;
  /** Why no new connection can be sold on it (BAJA, INACTIVO, provider INACTIVO); null when it can. */
  no_vendible: string | null;
  capacidad_comprada: number;
  capacidad_vendida: number;
  capacidad_disponible: number;
}

export async function seleccionarServicios(
  db: DbOrTx,
  opts: { proveedor_id?: number | null | undefined } = {},
): Promise<ServicioOpcion[]> {
  const rows = await db
    .select({
      servicio_id: s.servicio_id,
      proveedor_id: s.proveedor_id,
      proveedor_nombre: p.nombre,
      proveedor_estado: p.estado,
      cid_interno: s.cid_interno,
      modalidad: s.modalidad,
      ubicacion_servicio: s.ubicacion_servicio,
      condicion: s.condicion,
      capacidad_comprada: s.capacidad_comprada,
      capacidad_vendida: s.capacidad_vendida,
    })
    .from(s)
    .innerJoin(p, eq(p.proveedor_id, s.proveedor_id))
    .where(condicionProveedor(opts.proveedor_id))
    .orderBy(p.nombre, s.cid_interno, s.servicio_id);
  return rows.map((r) => ({
    ...r,
    modalidad: r.modalidad as ModalidadServicio,
    condicion: r.condicion as CondicionServicio,
    proveedor_estado: r.proveedor_estado as EstadoRegistro,
    no_vendible: motivoNoVendible(r.condicion as CondicionServicio, r.proveedor_estado as EstadoRegistro),
    capacidad_comprada: numero(r.capacidad_comprada),
    capacidad_vendida: numero(r.capacidad_vendida),
    capacidad_disponible: redondearMbps(numero(r.capacidad_comprada) - numero(r.capacidad_vendida)),
  }));
}

// --- Connections of a service --------------------------------------------------------------------

type FilaEnlace = Record<string, string | number | null>;

const fecha = (v: string | number | null | undefined): string | null => {
  if (v === null || v === undefined || v === '') return null;
  const t = String(v);
  // `date` columns come back as "2025-06-01" (postgres-js) or a Date-like string; keep the day only.
  return /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : isoTs(t);
};

/**
 * The spec's EnlaceRed for every connection of the service (BAJA ones too: they are history),
 * live ones first and the biggest first. `cliente_fecha_activacion` is derived: the client's first
 * activated connection, since a client record has no activation date of its own.
 */
export async function conexionesDeServicio(db: DbOrTx, servicio_id: number): Promise<EnlaceRed[]> {
  const rows = await execRows<FilaEnlace>(
    db,
    sql`select k.enlace_id, k.modalidad_enlace, k.enlace_estado, k.created_at as enlace_created_at,
               k.enlace_fecha_activacion::text as enlace_fecha_activacion,
               k.bw_contratado, k.bw_utilizado, k.bw_disponible, k.cliente_id, k.cid_enlace as cid,
               c.razon_social,
               (select min(x.enlace_fecha_activacion)::text from conexiones x
                 where x.cliente_id = k.cliente_id) as cliente_fecha_activacion
          from conexiones k
          left join clientes c on c.cliente_id = k.cliente_id
         where k.servicio_id = ${servicio_id}
         order by (k.enlace_estado = 'BAJA'), k.bw_contratado desc, k.enlace_id`,
  );
  return rows.map((r) => ({
    enlace_id: Number(r.enlace_id),
    modalidad_enlace: (r.modalidad_enlace as string | null) ?? null,
    enlace_estado: (r.enlace_estado as EnlaceEstado | null) ?? null,
    enlace_created_at: r.enlace_created_at === null ? null : isoTs(String(r.enlace_created_at)),
    enlace_fecha_activacion: fecha(r.enlace_fecha_activacion),
    bw_contratado: r.bw_contratado === null ? null : Number(r.bw_contratado),
    bw_disponible: r.bw_disponible === null ? null : Number(r.bw_disponible),
    bw_utilizado: r.bw_utilizado === null ? null : Number(r.bw_utilizado),
    cliente_id: r.cliente_id === null ? null : Number(r.cliente_id),
    cid: (r.cid as string | null) ?? null,
    razon_social: (r.razon_social as string | null) ?? null,
    cliente_fecha_activacion: fecha(r.cliente_fecha_activacion),
  }));
}

// --- Ledger history, samples, reconciliation -----------------------------------------------------

export async function movimientosServicio(
  db: DbOrTx,
  servicio_id: number,
  q: { limit: number; offset: number },
): Promise<{ data: MovimientoCapacidad[]; total: number; limit: number; offset: number }> {
  await asegurarExiste(db, servicio_id);
  const m = movimientosCapacidad;
  const u = alias(usuarios, 'u');
  const rows = await db
    .select({
      movimiento_id: m.movimiento_id,
      servicio_id: m.servicio_id,
      delta_vendida: m.delta_vendida,
      vendida_resultante: m.vendida_resultante,
      motivo: m.motivo,
      origen: m.origen,
      enlace_id: m.enlace_id,
      cid_enlace: conexiones.cid_enlace,
      usuario_id: m.usuario_id,
      usuario_nombre: u.nombre,
      created_at: m.created_at,
    })
    .from(m)
    .leftJoin(u, eq(u.usuario_id, m.usuario_id))
    .leftJoin(conexiones, eq(conexiones.enlace_id, m.enlace_id))
    .where(eq(m.servicio_id, servicio_id))
    .orderBy(desc(m.movimiento_id))
    .limit(q.limit)
    .offset(q.offset);
  const [tot] = await db.select({ total: count() }).from(m).where(eq(m.servicio_id, servicio_id));
  return {
    data: rows.map((r) => ({
      ...r,
      delta_vendida: numero(r.delta_vendida),
      vendida_resultante: numero(r.vendida_resultante),
      origen: r.origen as OrigenMovimiento,
      created_at: isoTs(r.created_at),
    })),
    total: Number(tot?.total ?? 0),
    limit: q.limit,
    offset: q.offset,
  };
}

/** Recorded samples only, oldest first (the chart's x axis); the most recent `limite`. */
export async function muestrasServicio(db: DbOrTx, servicio_id: number, limite = 500): Promise<MuestraUso[]> {
  const rows = await db
    .select()
    .from(muestrasUso)
    .where(eq(muestrasUso.servicio_id, servicio_id))
    .orderBy(desc(muestrasUso.created_at), desc(muestrasUso.muestra_id))
    .limit(limite);
  return rows.reverse().map((r) => ({
    muestra_id: r.muestra_id,
    servicio_id: r.servicio_id,
    capacidad_comprada: numero(r.capacidad_comprada),
    capacidad_vendida: numero(r.capacidad_vendida),
    capacidad_utilizada: numero(r.capacidad_utilizada),
    created_at: isoTs(r.created_at),
  }));
}

export interface ConciliacionServicio extends Conciliacion {
  /** vendida stored on the service equals Σ ledger (the invariant). */
  libro_cuadra: boolean;
  /** Any drift between the ledger and the connections is accounted for by manual adjustments. */
  deriva_explicada: boolean;
}

export async function conciliarServicio(db: DbOrTx, servicio_id: number): Promise<ConciliacionServicio> {
  const [c] = await conciliar(db, [servicio_id]);
  if (!c) throw noEncontrado('el servicio de proveedor', servicio_id);
  return {
    ...c,
    libro_cuadra: redondearMbps(c.vendida - c.vendida_ledger) === 0,
    deriva_explicada: c.deriva_sin_explicar === 0,
  };
}

export interface EnlaceDetalle extends EnlaceRed {
  /** Share of the service's purchased capacity this link holds (bw_contratado / comprada), in %. */
  pct_enlace: number;
}

export interface DetalleServicio {
  servicio: ServicioProveedor;
  kpi: {
    capacidad_comprada: number;
    capacidad_vendida: number;
    capacidad_utilizada: number;
    capacidad_disponible: number;
    /** utilizada / comprada, in %. */
    pct_uso: number;
    /** vendida / comprada, in %. */
    pct_vendida: number;
    nivel_alerta: NivelAlerta;
  };
  conexiones: EnlaceDetalle[];
  /** The live connection holding the most bandwidth of this service. */
  top_consumidor: EnlaceDetalle | null;
  movimientos: MovimientoCapacidad[];
  movimientos_total: number;
  conciliacion: ConciliacionServicio;
  muestras: MuestraUso[];
}

export async function detalleServicio(db: DbOrTx, servicio_id: number): Promise<DetalleServicio> {
  const servicio = await obtenerServicio(db, servicio_id);
  const [enlaces, movs, conciliacion, muestras] = await Promise.all([
    conexionesDeServicio(db, servicio_id),
    movimientosServicio(db, servicio_id, { limit: 50, offset: 0 }),
    conciliarServicio(db, servicio_id),
    muestrasServicio(db, servicio_id),
  ]);
  const comprada = servicio.capacidad_comprada;
  const conPct: EnlaceDetalle[] = enlaces.map((e) => ({
    ...e,
    pct_enlace: porcentajeUso(e.bw_contratado ?? 0, comprada),
  }));
  const vivos = conPct.filter((e) => e.enlace_estado !== 'BAJA' && (e.bw_contratado ?? 0) > 0);
  const top = vivos.reduce<EnlaceDetalle | null>(
    (max, e) => (max === null || (e.bw_contratado ?? 0) > (max.bw_contratado ?? 0) ? e : max),
    null,
  );
  const pct_uso = porcentajeUso(servicio.capacidad_utilizada, comprada);
  return {
    servicio,
    kpi: {
      capacidad_comprada: comprada,
      capacidad_vendida: servicio.capacidad_vendida,
      capacidad_utilizada: servicio.capacidad_utilizada,
      capacidad_disponible: servicio.capacidad_disponible,
      pct_uso,
      pct_vendida: porcentajeUso(servicio.capacidad_vendida, comprada),
      nivel_alerta: nivelAlerta(pct_uso),
    },
    conexiones: conPct,
    top_consumidor: top,
    movimientos: movs.data,
    movimientos_total: movs.total,
    conciliacion,
    muestras,
  };
}

async function asegurarExiste(db: DbOrTx, servicio_id: number) {
  const [row] = await db.select({ id: s.servicio_id }).from(s).where(eq(s.servicio_id, servicio_id)).limit(1);
  if (!row) throw noEncontrado('el servicio de proveedor', servicio_id);
}

// --- Internal circuit ids ------------------------------------------------------------------------

export interface SiguienteCid {
  next: number;
  /** The last number handed out; `next − 1` before the first one. */
  last: number;
}

/** Reads the sequence without consuming a number (nextval would burn one on every form load). */
export async function siguienteCid(db: DbOrTx): Promise<SiguienteCid> {
  const [r] = await execRows<{ last_value: string | number; is_called: boolean }>(
    db,
    sql`select last_value, is_called from servicio_cid_seq`,
  );
  const valor = Number(r?.last_value ?? 0);
  // The spec's shape is two numbers: before the first CID, `last` is the one before `next`.
  const next = booleanoPg(r?.is_called) ? valor + 1 : valor;
  return { next, last: next - 1 };
}

const cidDuplicado = (cid: string) =>
  new DomainError('CONFLICTO', `Ya existe un servicio con el CID interno "${cid}".`, [
    { path: 'cid_interno', message: `Ya existe un servicio con el CID interno "${cid}".` },
  ]);

const esCidDuplicado = (e: unknown) => esUnicoViolado(e, 'servicios_cid_interno_uq');

/** `ICP-1045` in any spelling is stored as `ICP-1045`; other manual CIDs are kept as typed. */
function normalizarCid(cid: string): { cid: string; numero: number | null } {
  const numero = numeroDeCidServicio(cid);
  return numero === null ? { cid: cid.trim(), numero } : { cid: cidServicioDeNumero(numero), numero };
}

async function asegurarCidLibre(tx: DbOrTx, cid: string, excepto?: number) {
  const [otro] = await execRows<{ cid_interno: string }>(
    tx,
    sql`select cid_interno from servicios_proveedor
         where lower(cid_interno) = ${cid.toLowerCase()}
           ${excepto ? sql`and servicio_id <> ${excepto}` : sql``}
         limit 1`,
  );
  if (otro) throw cidDuplicado(otro.cid_interno);
}

/**
 * A manual `ICP-<n>` at or beyond the sequence's next value moves the sequence past it, so later
 * automatic CIDs never collide. Never moves it backwards: the condition and setval are one statement.
 */
async function avanzarSecuencia(tx: DbOrTx, numero: number) {
  await tx.execute(
    sql`select setval('servicio_cid_seq', ${numero}::bigint, true)
          from servicio_cid_seq
         where (is_called and last_value < ${numero}::bigint) or (not is_called and last_value <= ${numero}::bigint)`,
  );
}

// --- Writing -------------------------------------------------------------------------------------

async function asegurarNodo(tx: DbOrTx, nodo_id: number | null | undefined) {
  if (!nodo_id) return;
  const [row] = await tx.select({ id: n.nodo_id }).from(n).where(eq(n.nodo_id, nodo_id)).limit(1);
  if (!row) {
    throw new DomainError('REGLA_NEGOCIO', `No existe el nodo ${nodo_id}.`, [
      { path: 'nodo_id', message: `No existe el nodo ${nodo_id}.` },
    ]);
  }
}

async function registrarMuestra(tx: DbOrTx, servicio_id: number) {
  await tx.execute(
    sql`insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
        select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada
          from servicios_proveedor where servicio_id = ${servicio_id}`,
  );
}

export interface ServicioCreado {
  servicio_id: number;
  cid_interno: string;
  /** The number of `ICP-<n>`; null for a manual CID outside the scheme. */
  cid_generado: number | null;
  /** The sequence's last number before this create. */
  cid_anterior: number;
}

const INTENTOS_CID = 20;

/**
 * Creates a service. A blank `cid_interno` takes `ICP-<nextval>` inside the INSERT; if a manual CID
 * raced into that number, `on conflict do nothing` lets it draw the next one instead of failing.
 * vendida/utilizada/disponible are never taken from the input (the schema strips them).
 */
export async function crearServicio(
  db: DbOrTx,
  input: ServicioProveedorCreateInput,
  user: AuthUser | null,
): Promise<ServicioCreado> {
  return enTransaccion(db, async (tx) => {
    await assertProveedorActivo(tx, input.proveedor_id);
    await asegurarNodo(tx, input.nodo_id);
    const valores = {
      proveedor_id: input.proveedor_id,
      nodo_id: input.nodo_id ?? null,
      modalidad: input.modalidad,
      capacidad_comprada: input.capacidad_comprada ?? 0,
      ubicacion_servicio: input.ubicacion_servicio ?? null,
      condicion: input.condicion ?? 'ACTIVO',
      observacion: input.observacion ?? null,
      cid_proveedor: input.cid_proveedor ?? null,
      limite_sobreventa_pct: input.limite_sobreventa_pct ?? null,
      ...auditoriaDe(user),
    };

    let creado: ServicioCreado;
    if (input.cid_interno) {
      const { cid, numero } = normalizarCid(input.cid_interno);
      await asegurarCidLibre(tx, cid);
      const antes = await siguienteCid(tx);
      if (numero !== null) await avanzarSecuencia(tx, numero);
      let row: { servicio_id: number } | undefined;
      try {
        [row] = await tx
          .insert(s)
          .values({ ...valores, cid_interno: cid })
          .returning({ servicio_id: s.servicio_id });
      } catch (e) {
        if (esCidDuplicado(e)) throw cidDuplicado(cid);
        throw e;
      }
      creado = { servicio_id: row!.servicio_id, cid_interno: cid, cid_generado: numero, cid_anterior: antes.last };
    } else {
      const antes = await siguienteCid(tx);
      let row: { servicio_id: number; cid_interno: string } | undefined;
      for (let i = 0; i < INTENTOS_CID && !row; i++) {
        [row] = await tx
          .insert(s)
          .values({ ...valores, cid_interno: sql`'ICP-' || nextval('servicio_cid_seq')` })
          .onConflictDoNothing({ target: s.cid_interno })
          .returning({ servicio_id: s.servicio_id, cid_interno: s.cid_interno });
      }
      if (!row) throw new DomainError('CONFLICTO', 'No se pudo asignar un CID interno libre; vuelva a intentarlo.');
      const numero = numeroDeCidServicio(row.cid_interno) ?? 0;
      creado = {
        servicio_id: row.servicio_id,
        cid_interno: row.cid_interno,
        cid_generado: numero,
        // nextval hands out last + 1, so the one before is n − 1 (as next-cid's `last`).
        cid_anterior: numero - 1,
      };
    }
    // The chart's first point: what was bought, with nothing sold yet.
    await registrarMuestra(tx, creado.servicio_id);
    return creado;
  });
}

export interface ServicioActualizado {
  servicio: ServicioProveedor;
  advertencias: string[];
}

/** The most vendida a configuration tolerates before it blocks (Infinity: never blocks). */
function maximoVendida(comprada: number, limite: number | null, politica: Politica): number {
  if (limite !== null) return redondearMbps(comprada * (1 + limite / 100));
  return politica === 'block' ? comprada : Number.POSITIVE_INFINITY;
}

/**
 * Full edit; absent fields stay as they are. Lowering `capacidad_comprada` (or tightening the limit)
 * under what is already sold warns by default and is refused (409) where oversale is blocked;
 * editing anything else on an already oversold service is never refused.
 */
export async function actualizarServicio(
  db: DbOrTx,
  servicio_id: number,
  input: ServicioProveedorUpdateInput,
  user: AuthUser | null,
  politica: Politica,
  /**
   * The SPA asks the operator to tick "Confirmo la sobreventa" before saving a comprada below what is
   * sold. When set (the SPA always sets it), an unconfirmed oversale is refused (409) instead of only
   * warned; /v1 leaves it undefined and keeps the spec's warning.
   */
  sobreventaConfirmada?: boolean,
): Promise<ServicioActualizado> {
  return enTransaccion(db, async (tx) => {
    // The row lock keeps a concurrent adjustment from changing vendida under the oversale check.
    const [actual] = await tx
      .select({
        proveedor_id: s.proveedor_id,
        cid_interno: s.cid_interno,
        capacidad_comprada: s.capacidad_comprada,
        capacidad_vendida: s.capacidad_vendida,
        limite_sobreventa_pct: s.limite_sobreventa_pct,
      })
      .from(s)
      .where(eq(s.servicio_id, servicio_id))
      .for('no key update');
    if (!actual) throw noEncontrado('el servicio de proveedor', servicio_id);

    if (input.proveedor_id !== undefined && input.proveedor_id !== actual.proveedor_id) {
      await assertProveedorActivo(tx, input.proveedor_id);
    }
    if (input.nodo_id !== undefined) await asegurarNodo(tx, input.nodo_id);

    let cidNuevo: string | undefined;
    if (input.cid_interno !== undefined) {
      const { cid, numero } = normalizarCid(input.cid_interno);
      if (cid !== actual.cid_interno) {
        await asegurarCidLibre(tx, cid, servicio_id);
        if (numero !== null) await avanzarSecuencia(tx, numero);
        cidNuevo = cid;
      }
    }

    const vendida = numero(actual.capacidad_vendida);
    const compradaAntes = numero(actual.capacidad_comprada);
    const limiteAntes = actual.limite_sobreventa_pct === null ? null : Number(actual.limite_sobreventa_pct);
    const compradaDespues = input.capacidad_comprada ?? compradaAntes;
    const limiteDespues = input.limite_sobreventa_pct === undefined ? limiteAntes : input.limite_sobreventa_pct;
    const advertencias: string[] = [];
    const exceso = redondearMbps(vendida - compradaDespues);
    if (exceso > 0 && (compradaDespues !== compradaAntes || limiteDespues !== limiteAntes)) {
      const maxAntes = maximoVendida(compradaAntes, limiteAntes, politica);
      const maxDespues = maximoVendida(compradaDespues, limiteDespues, politica);
      const etiqueta = cidNuevo ?? actual.cid_interno;
      if (vendida > maxDespues && maxDespues < maxAntes) {
        throw new DomainError(
          'CONFLICTO',
          `El servicio ${etiqueta} ya tiene ${formatearNumero(vendida)} Mbps vendidos: ` +
            (limiteDespues === null
              ? `no se puede reducir la capacidad comprada a ${formatearNumero(compradaDespues)} Mbps porque la sobreventa no está permitida.`
              : `con ${formatearNumero(compradaDespues)} Mbps comprados y un límite de sobreventa de ${formatearNumero(limiteDespues)} % el máximo vendible es ${formatearNumero(maxDespues)} Mbps.`),
        );
      }
      const aviso = `El servicio ${etiqueta} queda sobrevendido en ${formatearNumero(exceso)} Mbps (vendidos ${formatearNumero(vendida)} de ${formatearNumero(compradaDespues)} Mbps comprados).`;
      if (sobreventaConfirmada === false) {
        throw new DomainError('CONFLICTO', `${aviso} Confirme la sobreventa para guardar.`, [
          { path: 'capacidad_comprada', message: aviso },
        ]);
      }
      advertencias.push(aviso);
    }

    const cambios = soloDefinidos({
      proveedor_id: input.proveedor_id,
      nodo_id: input.nodo_id,
      modalidad: input.modalidad,
      capacidad_comprada: input.capacidad_comprada,
      ubicacion_servicio: input.ubicacion_servicio,
      // condicion is NOT NULL: a cleared select keeps the current one.
      condicion: input.condicion ?? undefined,
      observacion: input.observacion,
      cid_proveedor: input.cid_proveedor,
      cid_interno: cidNuevo,
      limite_sobreventa_pct: input.limite_sobreventa_pct,
    });
    try {
      await tx
        .update(s)
        .set({ ...cambios, ...auditoriaCambio(user) })
        .where(eq(s.servicio_id, servicio_id));
    } catch (e) {
      if (cidNuevo && esCidDuplicado(e)) throw cidDuplicado(cidNuevo);
      throw e;
    }
    if (input.capacidad_comprada !== undefined && input.capacidad_comprada !== compradaAntes) {
      await registrarMuestra(tx, servicio_id);
    }
    return { servicio: await obtenerServicio(tx, servicio_id), advertencias };
  });
}

/** What the ledger records for an ajustar-capacidad called without motivo (the spec's flow allows it). */
export const SIN_MOTIVO = 'Ajuste manual (sin motivo indicado)';

export interface CapacidadAjustada extends CapacidadesServicio {
  advertencias: string[];
}

/**
 * `ajustar-capacidad`: `delta_disponible = +d` returns d Mbps to the pool (vendida −d), −d sells d.
 * One transaction: the ledger row (AJUSTE_MANUAL), vendida and a usage sample, atomically.
 */
export async function ajustarCapacidad(
  db: DbOrTx,
  servicio_id: number,
  input: AjustarCapacidadInput,
  user: AuthUser | null,
  politica: Politica,
): Promise<CapacidadAjustada> {
  const movimientos = deltaAjusteCapacidad(servicio_id, input.delta_disponible).map((m) => ({
    ...m,
    motivo: input.motivo ?? SIN_MOTIVO,
  }));
  if (movimientos.length === 0) {
    throw new DomainError('VALIDACION', 'delta_disponible debe ser un número distinto de cero.', [
      { path: 'delta_disponible', message: 'Debe ser un número distinto de cero.' },
    ]);
  }
  // One movement on one service: aplicarMovimientos writes it as one statement (vendida, ledger row
  // and usage sample together), which is its own transaction — atomic without BEGIN/COMMIT.
  const res = await aplicarMovimientos(db, movimientos, { usuario_id: usuarioId(user), politica });
  const cap = res.servicios[0];
  if (!cap) throw noEncontrado('el servicio de proveedor', servicio_id);
  return {
    servicio_id: cap.servicio_id,
    capacidad_comprada: cap.capacidad_comprada,
    capacidad_vendida: cap.capacidad_vendida,
    capacidad_utilizada: cap.capacidad_utilizada,
    capacidad_disponible: cap.capacidad_disponible,
    advertencias: res.advertencias,
  };
}
