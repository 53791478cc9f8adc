import { deltaAjusteBw, deltaBwDeModo, reservaCapacidad, validarBwNoNegativo } from '@troncal/domain/capacity';
import type { AjustarBwInput, CapacidadesServicio, Conexion } from '@troncal/domain/schemas';
import { formatearNumero } from '@troncal/domain/validators';
import { eq } from 'drizzle-orm';
import { auditoriaCambio } from '../../auth/auditoria';
import type { DbOrTx } from '../../db/client';
import { conexiones } from '../../db/schema';
import { enTransaccion } from '../../db/transaccion';
import { registrarCambio } from '../cambios';
import { moverCapacidad } from '../capacidad';
import { regla } from '../errores';
import { emitirConexion } from '../webhooks/eventos';
import { bloquearConexion, registrarBw } from './bloqueo';
import { obtenerConexion } from './leer';
import type { OpcionesConexion } from './tipos';

export interface AjustarBwConexion extends OpcionesConexion {
  id: number;
  datos: Pick<AjustarBwInput, 'modo' | 'mbps' | 'motivo'>;
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
 * and each sees the other's result; the service's vendida then moves in the same capacity call.
 */
export async function ajustarBwConexion(db: DbOrTx, o: AjustarBwConexion): Promise<ResultadoAjusteBw> {
  const { id: enlace_id, datos } = o;
  return enTransaccion(db, async (tx) => {
    const actual = await bloquearConexion(tx, enlace_id);
    if (!reservaCapacidad(actual.enlace_estado)) {
      throw regla(`La conexión ${actual.cid_enlace} está de baja: no se puede ajustar su BW.`, 'enlace_estado');
    }
    const nuevo = validarBwNoNegativo(actual.bw_contratado, deltaBwDeModo(datos.modo, datos.mbps));
    const mov = deltaAjusteBw({ ...datos, servicio_id: actual.servicio_id, enlace_estado: actual.enlace_estado });
    const motivo = datos.motivo ?? `${datos.modo === 'AUMENTAR' ? 'Aumento' : 'Disminución'} de BW`;
    const r = await moverCapacidad(
      tx,
      {
        movimientos: o.ajustarServicio ? mov : [],
        servicios: [actual.servicio_id],
        usuario: o.usuario,
        politica: o.politica,
        sobreventaConfirmada: o.sobreventaConfirmada,
      },
      async () => {
        await tx
          .update(conexiones)
          .set({ bw_contratado: nuevo, ...auditoriaCambio(o.usuario) })
          .where(eq(conexiones.enlace_id, enlace_id));
        await registrarBw(tx, enlace_id, actual.bw_contratado, nuevo, motivo, o.usuario);
        await registrarCambio(tx, {
          entidad: 'conexion',
          id: enlace_id,
          accion: 'ajustar_bw',
          usuario: o.usuario,
          cambios: [{ campo: 'bw_contratado', antes: actual.bw_contratado, despues: nuevo }],
        });
        return { enlace_id, cid_enlace: actual.cid_enlace, motivo: datos.motivo };
      },
    );
    const servicio = o.ajustarServicio ? r.servicios[0] : undefined;
    const verbo = datos.modo === 'AUMENTAR' ? 'aumentó' : 'disminuyó';
    const message =
      `El BW de la conexión ${actual.cid_enlace} ${verbo} de ${formatearNumero(actual.bw_contratado)} ` +
      `a ${formatearNumero(nuevo)} Mbps${servicio ? ' y se actualizó la capacidad del servicio' : ''}.`;
    const conexion = await obtenerConexion(tx, enlace_id);
    await emitirConexion(tx, 'conexion.bw_ajustado', conexion, r);
    return { conexion, servicio, advertencias: r.advertencias, message };
  });
}
