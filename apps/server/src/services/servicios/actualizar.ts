import type { PoliticaSobreventa } from '@troncal/domain/capacity';
import type { ServicioProveedor, ServicioProveedorUpdateInput } from '@troncal/domain/schemas';
import { eq } from 'drizzle-orm';
import { auditoriaCambio } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import type { DbOrTx } from '../../db/client';
import { serviciosProveedor } from '../../db/schema';
import { enTransaccion } from '../../db/transaccion';
import { registrarCambio } from '../cambios';
import { registrarMuestra, revisarCambioComprada } from '../capacidad';
import { aceptarCidManual, cidCanonico, conCidUnico } from '../cid';
import { noEncontrado } from '../errores';
import { guardarVinculo } from '../monitoreo/vinculos';
import { exigirProveedorActivo } from '../proveedores.service';
import { soloDefinidos } from '../referencia.comun';
import { emitirSobreventas } from '../webhooks/emitir';
import { obtenerServicio } from './leer';
import { exigirNodo } from './referencias';

const s = serviciosProveedor;

export interface ActualizarServicio {
  id: number;
  datos: ServicioProveedorUpdateInput;
  usuario: AuthUser | null;
  politica: PoliticaSobreventa;
  /**
   * The SPA asks the operator to tick "Confirmo la sobreventa" before saving a comprada below what is
   * sold. When false (the SPA always sends it), an unconfirmed oversale is refused (409) instead of
   * only warned; /v1 leaves it undefined and keeps the spec's warning.
   */
  sobreventaConfirmada?: boolean | undefined;
}

export interface ServicioActualizado {
  servicio: ServicioProveedor;
  advertencias: string[];
}

/**
 * Full edit; absent fields stay as they are. Lowering `capacidad_comprada` (or tightening the limit)
 * under what is already sold warns by default and is refused (409) where oversale is blocked.
 */
export async function actualizarServicio(db: DbOrTx, o: ActualizarServicio): Promise<ServicioActualizado> {
  const { id: servicio_id, datos } = o;
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
    const previo = await obtenerServicio(tx, servicio_id); // the change history's "before"

    if (datos.proveedor_id !== undefined && datos.proveedor_id !== actual.proveedor_id) {
      await exigirProveedorActivo(tx, datos.proveedor_id);
    }
    if (datos.nodo_id !== undefined) await exigirNodo(tx, datos.nodo_id);

    const cid = datos.cid_interno === undefined ? undefined : cidCanonico('servicio', datos.cid_interno);
    const cidNuevo = cid !== undefined && cid !== actual.cid_interno ? cid : undefined;
    const advertencias = revisarCambioComprada({
      etiqueta: cidNuevo ?? actual.cid_interno,
      vendida: actual.capacidad_vendida,
      compradaAntes: actual.capacidad_comprada,
      limiteAntes: actual.limite_sobreventa_pct,
      compradaDespues: datos.capacidad_comprada ?? actual.capacidad_comprada,
      limiteDespues:
        datos.limite_sobreventa_pct === undefined ? actual.limite_sobreventa_pct : datos.limite_sobreventa_pct,
      politica: o.politica,
      sobreventaConfirmada: o.sobreventaConfirmada,
    });
    // After every refusal but the CID's own: moving the sequence past it is not undone by a rollback.
    if (cidNuevo) await aceptarCidManual(tx, 'servicio', cidNuevo, servicio_id);

    const cambios = soloDefinidos({
      proveedor_id: datos.proveedor_id,
      nodo_id: datos.nodo_id,
      modalidad: datos.modalidad,
      capacidad_comprada: datos.capacidad_comprada,
      ubicacion_servicio: datos.ubicacion_servicio,
      // condicion is NOT NULL: a cleared select keeps the current one.
      condicion: datos.condicion ?? undefined,
      observacion: datos.observacion,
      cid_proveedor: datos.cid_proveedor,
      cid_interno: cidNuevo,
      limite_sobreventa_pct: datos.limite_sobreventa_pct,
    });
    await conCidUnico('servicio', cidNuevo ?? actual.cid_interno, () =>
      tx
        .update(s)
        .set({ ...cambios, ...auditoriaCambio(o.usuario) })
        .where(eq(s.servicio_id, servicio_id)),
    );
    if (datos.capacidad_comprada !== undefined && datos.capacidad_comprada !== actual.capacidad_comprada) {
      await registrarMuestra(tx, servicio_id);
    }
    await guardarVinculo(tx, 'servicio', servicio_id, datos.monitoreo, o.usuario?.usuario_id ?? null);
    const servicio = await obtenerServicio(tx, servicio_id);
    await registrarCambio(tx, {
      entidad: 'servicio',
      id: servicio_id,
      accion: 'actualizar',
      usuario: o.usuario,
      antes: previo,
      despues: servicio,
    });
    await emitirSobreventas(tx, { advertencias, servicios: [servicio], leer: async () => servicio });
    return { servicio, advertencias };
  });
}
