import { deltaEdicionConexion, reservaCapacidad } from '@troncal/domain/capacity';
import type { ConexionUpdateInput } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { and, eq, inArray } from 'drizzle-orm';
import { auditoriaCambio } from '../../auth/auditoria';
import type { DbOrTx } from '../../db/client';
import { conexionEquipos, conexiones } from '../../db/schema';
import { enTransaccion } from '../../db/transaccion';
import { registrarCambio } from '../cambios';
import { moverCapacidad } from '../capacidad';
import { aceptarCidManual, conCidUnico } from '../cid';
import { exigirUtilizadoNoMedido, guardarVinculo } from '../monitoreo/vinculos';
import { soloDefinidos } from '../referencia.comun';
import { emitirConexion } from '../webhooks/eventos';
import { bloquearConexion, registrarBw } from './bloqueo';
import { bloquearEquipos, liberarEquipos, marcarEquipos, reservarEquipos } from './equipos';
import { obtenerConexion } from './leer';
import { exigirReferencias } from './referencias';
import type { OpcionesConexion, ResultadoOperacion } from './tipos';

export interface CambiosConexion extends ConexionUpdateInput {
  /** Why (ledger and bandwidth history). */
  motivo?: string | null | undefined;
}

export interface ActualizarConexion extends OpcionesConexion {
  id: number;
  datos: CambiosConexion;
}

const def = <T>(v: T | undefined, actual: T): T => (v === undefined ? actual : v);

/**
 * The one edit path (PUT, the SPA's edit form, cambiarEstado): compares the locked connection with
 * what it becomes and derives the equipo states, the bandwidth history and, when the service is
 * adjusted, the ledger rows (sale, BAJA release, service move, bandwidth delta) from the difference.
 */
export async function actualizarConexion(db: DbOrTx, o: ActualizarConexion): Promise<ResultadoOperacion> {
  const { id: enlace_id, datos: cambios } = o;
  return enTransaccion(db, async (tx) => {
    const antes = await bloquearConexion(tx, enlace_id);
    const previa = await obtenerConexion(tx, enlace_id); // the change history's "before"
    await exigirUtilizadoNoMedido(tx, enlace_id, cambios.bw_utilizado, cambios.monitoreo);
    // Every equipo this edit may touch is locked now, in id order, so two edits swapping equipos
    // between connections queue instead of deadlocking.
    await bloquearEquipos(tx, [...antes.equipos_ids, ...(cambios.equipos_ids ?? [])]);
    const despues = {
      servicio_id: def(cambios.servicio_id, antes.servicio_id),
      nodo_a: def(cambios.nodo_a, antes.nodo_a),
      nodo_b: def(cambios.nodo_b, antes.nodo_b),
      enlace_estado: def(cambios.enlace_estado ?? undefined, antes.enlace_estado),
      bw_contratado: redondearMbps(def(cambios.bw_contratado, antes.bw_contratado)),
      bw_utilizado: redondearMbps(def(cambios.bw_utilizado, antes.bw_utilizado)),
      equipos_ids: def(cambios.equipos_ids, antes.equipos_ids),
    };
    const vivaAntes = reservaCapacidad(antes.enlace_estado);
    const vivaDespues = reservaCapacidad(despues.enlace_estado);
    await exigirReferencias(tx, {
      cliente_id: cambios.cliente_id,
      nodo_a: despues.nodo_a,
      nodo_b: despues.nodo_b,
      // A service is checked as sellable when the connection moves onto it or comes back from BAJA.
      servicio_id:
        despues.servicio_id !== antes.servicio_id || (!vivaAntes && vivaDespues) ? despues.servicio_id : undefined,
    });

    // Equipos: what leaves is released, what the live connection holds must be free and gets ASIGNADO.
    const quitados = antes.equipos_ids.filter((id) => !despues.equipos_ids.includes(id));
    const agregados = despues.equipos_ids.filter((id) => !antes.equipos_ids.includes(id));
    if (vivaDespues) await reservarEquipos(tx, vivaAntes ? agregados : despues.equipos_ids, enlace_id);
    else if (agregados.length > 0) await reservarEquipos(tx, agregados, enlace_id);

    const mov = deltaEdicionConexion(
      { servicio_id: antes.servicio_id, bw_contratado: antes.bw_contratado, enlace_estado: antes.enlace_estado },
      {
        servicio_id: despues.servicio_id,
        bw_contratado: despues.bw_contratado,
        enlace_estado: despues.enlace_estado,
      },
    );
    const r = await moverCapacidad(
      tx,
      {
        movimientos: o.ajustarServicio ? mov : [],
        servicios: [antes.servicio_id, despues.servicio_id],
        recalcularUtilizada: true,
        usuario: o.usuario,
        politica: o.politica,
        sobreventaConfirmada: o.sobreventaConfirmada,
      },
      async () => {
        let cid = antes.cid_enlace;
        if (cambios.cid_enlace !== undefined && cambios.cid_enlace !== antes.cid_enlace) {
          cid = (await aceptarCidManual(tx, 'conexion', cambios.cid_enlace, enlace_id)).cid;
        }
        const set = soloDefinidos({
          servicio_id: cambios.servicio_id,
          cliente_id: cambios.cliente_id,
          tipo_enlace: cambios.tipo_enlace,
          modalidad_enlace: cambios.modalidad_enlace,
          enlace_estado: cambios.enlace_estado ?? undefined,
          enlace_fecha_activacion: cambios.enlace_fecha_activacion,
          bw_contratado: cambios.bw_contratado === undefined ? undefined : despues.bw_contratado,
          bw_utilizado: cambios.bw_utilizado === undefined ? undefined : despues.bw_utilizado,
          departamento_enlace: cambios.departamento_enlace,
          provincia_enlace: cambios.provincia_enlace,
          distrito_enlace: cambios.distrito_enlace,
          direccion_enlace: cambios.direccion_enlace,
          locacion: cambios.locacion,
          nodo_a: cambios.nodo_a,
          configuracion_nodo_a: cambios.configuracion_nodo_a,
          nodo_b: cambios.nodo_b,
          configuracion_nodo_b: cambios.configuracion_nodo_b,
          asignacion_ip: cambios.asignacion_ip,
          cid_enlace: cid === antes.cid_enlace ? undefined : cid,
        });
        await conCidUnico('conexion', cid, () =>
          tx
            .update(conexiones)
            .set({ ...set, ...auditoriaCambio(o.usuario) })
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
          await marcarEquipos(tx, vivaAntes ? agregados : despues.equipos_ids, 'ASIGNADO', o.usuario);
          if (vivaAntes) await liberarEquipos(tx, quitados, enlace_id, o.usuario);
        } else if (vivaAntes) {
          // To BAJA: every equipo the connection held is free again (the list is kept as history).
          await liberarEquipos(tx, [...antes.equipos_ids, ...agregados], enlace_id, o.usuario);
        }
        const motivo = cambios.motivo ?? 'Edición de la conexión';
        await registrarBw(tx, enlace_id, antes.bw_contratado, despues.bw_contratado, motivo, o.usuario);
        await guardarVinculo(tx, 'conexion', enlace_id, cambios.monitoreo, o.usuario?.usuario_id ?? null);
        return { enlace_id, cid_enlace: cid, motivo: cambios.motivo };
      },
    );
    const conexion = await obtenerConexion(tx, enlace_id);
    await registrarCambio(tx, {
      entidad: 'conexion',
      id: enlace_id,
      accion: 'actualizar',
      usuario: o.usuario,
      antes: previa,
      despues: conexion,
    });
    await emitirConexion(tx, 'conexion.actualizada', conexion, r);
    if (conexion.enlace_estado !== antes.enlace_estado) await emitirConexion(tx, 'conexion.estado', conexion);
    return {
      conexion,
      advertencias: r.advertencias,
      servicios: o.ajustarServicio ? r.servicios : [],
    };
  });
}
