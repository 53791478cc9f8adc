import { nivelAlerta, porcentajeUso } from '@troncal/domain/capacity';
import type { NivelAlerta } from '@troncal/domain/enums';
import type { EnlaceRed, MovimientoCapacidad, MuestraUso, ServicioProveedor } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { count, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { clientes, conexiones, movimientosCapacidad, muestrasUso, serviciosProveedor } from '../../db/schema';
import { type Conciliacion, conciliar } from '../capacidad';
import { leerMovimientos } from '../capacidad/movimientos';
import { noEncontrado } from '../errores';
import { isoTs } from '../referencia.comun';
import { obtenerServicio } from './leer';

/** `date` columns read as "2025-06-01" (postgres-js) or a Date-like string: the day only. */
const fecha = (v: string | null): string | null => {
  if (!v) return null;
  return /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : isoTs(v);
};

/**
 * The spec's EnlaceRed for every connection of the service (BAJA ones too: they are history),
 * live ones first and the biggest first. `cliente_fecha_activacion` is derived: the client's first
 * activated connection, since a client record has no activation date of its own.
 */
export async function conexionesDeServicio(
  db: DbOrTx,
  servicio_id: number,
): Promise<(EnlaceRed & { medido: boolean })[]> {
  const k = conexiones;
  const rows = await db
    .select({
      enlace_id: k.enlace_id,
      modalidad_enlace: k.modalidad_enlace,
      enlace_estado: k.enlace_estado,
      enlace_created_at: k.created_at,
      enlace_fecha_activacion: k.enlace_fecha_activacion,
      bw_contratado: k.bw_contratado,
      bw_disponible: k.bw_disponible,
      bw_utilizado: k.bw_utilizado,
      cliente_id: k.cliente_id,
      cid: k.cid_enlace,
      razon_social: clientes.razon_social,
      cliente_fecha_activacion: sql<string | null>`(select min(x.enlace_fecha_activacion)::text from conexiones x
                                                     where x.cliente_id = ${k.cliente_id})`,
      // Bound to monitoring: its bw_utilizado is measured (the p95), not typed.
      medido: sql<boolean>`exists (select 1 from vinculos_monitoreo v where v.objeto = 'conexion' and v.objeto_id = ${k.enlace_id})`,
    })
    .from(k)
    .leftJoin(clientes, eq(clientes.cliente_id, k.cliente_id))
    .where(eq(k.servicio_id, servicio_id))
    .orderBy(sql`${k.enlace_estado} = 'BAJA'`, desc(k.bw_contratado), k.enlace_id);
  return rows.map((r) => ({
    ...r,
    enlace_created_at: isoTs(r.enlace_created_at),
    enlace_fecha_activacion: fecha(r.enlace_fecha_activacion),
    bw_disponible: r.bw_disponible ?? redondearMbps(r.bw_contratado - r.bw_utilizado),
    cliente_fecha_activacion: fecha(r.cliente_fecha_activacion),
    medido: r.medido === true || String(r.medido) === 'true',
  }));
}

async function exigirServicio(db: DbOrTx, servicio_id: number) {
  const [row] = await db
    .select({ id: serviciosProveedor.servicio_id })
    .from(serviciosProveedor)
    .where(eq(serviciosProveedor.servicio_id, servicio_id))
    .limit(1);
  if (!row) throw noEncontrado('el servicio de proveedor', servicio_id);
}

/** The service's capacity ledger, newest first. */
export async function movimientosServicio(
  db: DbOrTx,
  servicio_id: number,
  q: { limit: number; offset: number },
): Promise<{ data: MovimientoCapacidad[]; total: number; limit: number; offset: number }> {
  await exigirServicio(db, servicio_id);
  const data = await leerMovimientos(db, eq(movimientosCapacidad.servicio_id, servicio_id), q);
  const [tot] = await db
    .select({ total: count() })
    .from(movimientosCapacidad)
    .where(eq(movimientosCapacidad.servicio_id, servicio_id));
  return {
    data,
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
  return rows.reverse().map((r) => ({ ...r, created_at: isoTs(r.created_at) }));
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
  /** Bound to monitoring: bw_utilizado is its measured p95, not a typed value (not in /v1's EnlaceRed). */
  medido: boolean;
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

/** Everything the detail page shows: service, KPI and alert, connections, ledger, reconciliation, samples. */
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
