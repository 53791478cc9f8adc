import type { ServicioProveedor } from '@troncal/domain/schemas';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { nodos, proveedores, serviciosProveedor, vinculosMonitoreo } from '../../db/schema';
import { cifrasCapacidad, conDisponible } from '../capacidad/libro';
import { columnasVinculo, conVinculo, unionVinculo } from '../monitoreo/en-lecturas';
import { columnasAuditoria, isoTs } from '../referencia.comun';

/** A provider service as the API shows it: the row plus its provider's name and its node. */

const s = serviciosProveedor;

const columnas = {
  servicio_id: s.servicio_id,
  proveedor_id: s.proveedor_id,
  proveedor_nombre: proveedores.nombre,
  nodo_id: s.nodo_id,
  nodo_nombre: nodos.nombre,
  tipo_nodo: nodos.tipo,
  direccion: nodos.direccion,
  modalidad: s.modalidad,
  ...cifrasCapacidad,
  ubicacion_servicio: s.ubicacion_servicio,
  condicion: s.condicion,
  observacion: s.observacion,
  cid_proveedor: s.cid_proveedor,
  cid_interno: s.cid_interno,
  limite_sobreventa_pct: s.limite_sobreventa_pct,
  ...columnasAuditoria(s),
  ...columnasVinculo,
};

/** proveedor_id is NOT NULL with a foreign key: the inner join drops no row. */
export const consultaServicios = (db: DbOrTx) =>
  db
    .select(columnas)
    .from(s)
    .innerJoin(proveedores, eq(proveedores.proveedor_id, s.proveedor_id))
    .leftJoin(nodos, eq(nodos.nodo_id, s.nodo_id))
    .leftJoin(vinculosMonitoreo, unionVinculo('servicio', s.servicio_id));

type FilaServicio = Awaited<ReturnType<typeof consultaServicios>>[number];

export function aServicio(fila: FilaServicio): ServicioProveedor {
  const r = conDisponible(conVinculo(fila));
  return {
    ...r,
    created_at: isoTs(r.created_at),
    updated_at: isoTs(r.updated_at),
  };
}
