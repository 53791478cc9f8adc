import type { CondicionServicio, EstadoRegistro, ModalidadServicio } from '@troncal/domain/enums';
import { motivoNoVendible } from '@troncal/domain/enums';
import type { ServicioProveedor } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { proveedores, serviciosProveedor } from '../../db/schema';
import { noEncontrado } from '../errores';
import { obtenerProveedor } from '../proveedores.service';
import { aServicio, consultaServicios } from './consulta';

const s = serviciosProveedor;

export async function obtenerServicio(db: DbOrTx, servicio_id: number): Promise<ServicioProveedor> {
  const [row] = await consultaServicios(db).where(eq(s.servicio_id, servicio_id)).limit(1);
  if (!row) throw noEncontrado('el servicio de proveedor', servicio_id);
  return aServicio(row);
}

/** `GET /v1/servicios-proveedor/proveedor/{proveedor_id}`: 404 for an unknown provider. */
export async function serviciosDeProveedor(db: DbOrTx, proveedor_id: number): Promise<ServicioProveedor[]> {
  await obtenerProveedor(db, proveedor_id);
  const rows = await consultaServicios(db).where(eq(s.proveedor_id, proveedor_id)).orderBy(s.servicio_id);
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
  q: { proveedor_id?: number | null | undefined } = {},
): Promise<ServicioOpcion[]> {
  const rows = await db
    .select({
      servicio_id: s.servicio_id,
      proveedor_id: s.proveedor_id,
      proveedor_nombre: proveedores.nombre,
      proveedor_estado: proveedores.estado,
      cid_interno: s.cid_interno,
      modalidad: s.modalidad,
      ubicacion_servicio: s.ubicacion_servicio,
      condicion: s.condicion,
      capacidad_comprada: s.capacidad_comprada,
      capacidad_vendida: s.capacidad_vendida,
    })
    .from(s)
    .innerJoin(proveedores, eq(proveedores.proveedor_id, s.proveedor_id))
    .where(q.proveedor_id ? eq(s.proveedor_id, q.proveedor_id) : undefined)
    .orderBy(proveedores.nombre, s.cid_interno, s.servicio_id);
  return rows.map((r) => ({
    ...r,
    no_vendible: motivoNoVendible(r.condicion, r.proveedor_estado),
    capacidad_disponible: redondearMbps(r.capacidad_comprada - r.capacidad_vendida),
  }));
}
