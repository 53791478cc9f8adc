import type { ServicioProveedorCreateInput } from '@troncal/domain/schemas';
import { auditoria } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import type { DbOrTx } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { registrarCambio } from '../cambios';
import { registrarMuestra } from '../capacidad';
import { insertarConCid } from '../cid';
import { guardarVinculo } from '../monitoreo/vinculos';
import { exigirProveedorActivo } from '../proveedores.service';
import { emitirServicio } from '../webhooks/eventos';
import { exigirNodo } from './referencias';

export interface CrearServicio {
  datos: ServicioProveedorCreateInput;
  usuario: AuthUser | null;
}

export interface ServicioCreado {
  servicio_id: number;
  cid_interno: string;
  /** The number of `ICP-<n>`; null for a manual CID outside the scheme. */
  cid_generado: number | null;
  /** The sequence's last number before this create. */
  cid_anterior: number;
}

/**
 * A new service's columns besides its CID and audit: ACTIVO and nothing bought unless given, the
 * rest null when absent. Creating one and importing many write the same row.
 */
export const valoresNuevoServicio = (datos: ServicioProveedorCreateInput) => ({
  proveedor_id: datos.proveedor_id,
  nodo_id: datos.nodo_id ?? null,
  modalidad: datos.modalidad,
  capacidad_comprada: datos.capacidad_comprada ?? 0,
  ubicacion_servicio: datos.ubicacion_servicio ?? null,
  condicion: datos.condicion ?? ('ACTIVO' as const),
  observacion: datos.observacion ?? null,
  cid_proveedor: datos.cid_proveedor ?? null,
  limite_sobreventa_pct: datos.limite_sobreventa_pct ?? null,
});

/**
 * A new provider service, with its CID (cid.ts) and the chart's first point: what was bought,
 * with nothing sold yet. vendida/utilizada/disponible are never taken from the input (the schema
 * strips them).
 */
export async function crearServicio(db: DbOrTx, o: CrearServicio): Promise<ServicioCreado> {
  const { datos } = o;
  return enTransaccion(db, async (tx) => {
    await exigirProveedorActivo(tx, datos.proveedor_id);
    await exigirNodo(tx, datos.nodo_id);
    const valores = valoresNuevoServicio(datos);
    const fila = await insertarConCid(tx, 'servicio', { ...valores, ...auditoria(o.usuario) }, datos.cid_interno);
    await registrarMuestra(tx, fila.id);
    await guardarVinculo(tx, 'servicio', fila.id, datos.monitoreo, o.usuario?.usuario_id ?? null);
    await registrarCambio(tx, {
      entidad: 'servicio',
      id: fila.id,
      accion: 'crear',
      usuario: o.usuario,
      despues: { ...valores, cid_interno: fila.cid, monitoreo: datos.monitoreo ?? null },
    });
    await emitirServicio(tx, 'servicio.creado', fila.id);
    return { servicio_id: fila.id, cid_interno: fila.cid, cid_generado: fila.numero, cid_anterior: fila.anterior };
  });
}
