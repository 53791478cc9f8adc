import type { CondicionServicio, EstadoEquipo, ModalidadServicio, TipoEquipo } from '@troncal/domain/enums';
import type { CapacidadesServicio, Conexion, MovimientoCapacidad, MovimientoEnlace } from '@troncal/domain/schemas';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { preparada } from '../../db/preparadas';
import {
  conexionEquipos,
  conexiones,
  equipos,
  movimientosCapacidad,
  movimientosEnlace,
  proveedores,
  serviciosProveedor,
  usuarios,
} from '../../db/schema';
import { cifrasCapacidad, conDisponible } from '../capacidad/libro';
import { leerMovimientos } from '../capacidad/movimientos';
import { aOpcionEquipo, columnasOpcion } from '../equipos.service';
import { noEncontrado } from '../errores';
import { isoTs } from '../referencia.comun';
import { aConexion, consultaConexiones } from './consulta';

/** A connection by id, the hottest read (`GET /v1/conexiones/:id`): a named statement (db/preparadas.ts). */
const conexionPorId = preparada('conexion_por_id', (db, nombre) =>
  consultaConexiones(db)
    .where(eq(conexiones.enlace_id, sql.placeholder('id')))
    .limit(1)
    .prepare(nombre),
);

export async function obtenerConexion(db: DbOrTx, enlace_id: number): Promise<Conexion> {
  const [row] = await conexionPorId(db, { id: enlace_id });
  if (!row) throw noEncontrado('la conexión', enlace_id);
  return aConexion(row);
}

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

async function equiposDeConexion(db: DbOrTx, enlace_id: number): Promise<EquipoDeConexion[]> {
  const rows = await db
    .select(columnasOpcion)
    .from(conexionEquipos)
    .innerJoin(equipos, eq(equipos.equipo_id, conexionEquipos.equipo_id))
    .where(eq(conexionEquipos.enlace_id, enlace_id))
    .orderBy(asc(equipos.equipo_id));
  return rows.map(aOpcionEquipo);
}

async function servicioDeConexion(db: DbOrTx, servicio_id: number): Promise<ServicioDeConexion | null> {
  const [s] = await db
    .select({
      servicio_id: serviciosProveedor.servicio_id,
      cid_interno: serviciosProveedor.cid_interno,
      proveedor_id: serviciosProveedor.proveedor_id,
      proveedor_nombre: proveedores.nombre,
      modalidad: serviciosProveedor.modalidad,
      ubicacion_servicio: serviciosProveedor.ubicacion_servicio,
      condicion: serviciosProveedor.condicion,
      ...cifrasCapacidad,
      limite_sobreventa_pct: serviciosProveedor.limite_sobreventa_pct,
    })
    .from(serviciosProveedor)
    .innerJoin(proveedores, eq(proveedores.proveedor_id, serviciosProveedor.proveedor_id))
    .where(eq(serviciosProveedor.servicio_id, servicio_id))
    .limit(1);
  return s ? conDisponible(s) : null;
}

async function historialBw(db: DbOrTx, enlace_id: number): Promise<MovimientoEnlace[]> {
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
  return rows.map((r) => ({ ...r, created_at: isoTs(r.created_at) }));
}

/** The detail page: the connection, its equipos, backing service, bandwidth history and ledger rows. */
export async function detalleConexion(db: DbOrTx, enlace_id: number): Promise<ConexionDetalle> {
  const conexion = await obtenerConexion(db, enlace_id);
  const [eqs, servicio, historial, movimientos] = await Promise.all([
    equiposDeConexion(db, enlace_id),
    conexion.servicio_id ? servicioDeConexion(db, conexion.servicio_id) : Promise.resolve(null),
    historialBw(db, enlace_id),
    leerMovimientos(db, eq(movimientosCapacidad.enlace_id, enlace_id)),
  ]);
  return { ...conexion, equipos: eqs, servicio, historial_bw: historial, movimientos };
}
