import { deltaCrearConexion, reservaCapacidad } from '@troncal/domain/capacity';
import type { ConexionCreateInput } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { auditoria } from '../../auth/auditoria';
import type { DbOrTx } from '../../db/client';
import { conexionEquipos } from '../../db/schema';
import { enTransaccion } from '../../db/transaccion';
import { registrarCambio } from '../cambios';
import { moverCapacidad } from '../capacidad';
import { insertarConCid } from '../cid';
import { exigirUtilizadoNoMedido, guardarVinculo } from '../monitoreo/vinculos';
import { emitirConexion } from '../webhooks/eventos';
import { registrarBw } from './bloqueo';
import { marcarEquipos, reservarEquipos } from './equipos';
import { obtenerConexion } from './leer';
import { exigirPrerrequisitos, exigirReferencias } from './referencias';
import type { OpcionesConexion, ResultadoOperacion } from './tipos';

/**
 * What creating needs: the schema's required fields; every other field may be left out (internal
 * callers such as the demo seed build this without going through the schema).
 */
export type NuevaConexion = Pick<
  ConexionCreateInput,
  'servicio_id' | 'cliente_id' | 'nodo_a' | 'tipo_enlace' | 'bw_contratado'
> &
  Partial<ConexionCreateInput>;

/**
 * A new connection's columns besides its CID and audit: PENDIENTE and nothing used unless given,
 * Mbps rounded, the rest null when absent. Creating one and importing many write the same row.
 */
export const valoresNuevaConexion = (datos: NuevaConexion) => ({
  servicio_id: datos.servicio_id,
  modalidad_enlace: datos.modalidad_enlace ?? null,
  tipo_enlace: datos.tipo_enlace,
  enlace_estado: datos.enlace_estado ?? ('PENDIENTE' as const),
  enlace_fecha_activacion: datos.enlace_fecha_activacion ?? null,
  bw_contratado: redondearMbps(datos.bw_contratado),
  bw_utilizado: redondearMbps(datos.bw_utilizado ?? 0),
  departamento_enlace: datos.departamento_enlace ?? null,
  provincia_enlace: datos.provincia_enlace ?? null,
  distrito_enlace: datos.distrito_enlace ?? null,
  direccion_enlace: datos.direccion_enlace ?? null,
  locacion: datos.locacion ?? null,
  cliente_id: datos.cliente_id,
  nodo_a: datos.nodo_a,
  configuracion_nodo_a: datos.configuracion_nodo_a ?? null,
  nodo_b: datos.nodo_b ?? null,
  configuracion_nodo_b: datos.configuracion_nodo_b ?? null,
  asignacion_ip: datos.asignacion_ip ?? null,
});

export interface CrearConexion extends OpcionesConexion {
  datos: NuevaConexion;
}

/**
 * A new connection on a service: references and equipos checked, then one capacity call that
 * refuses before anything is written, inserts the connection (its CID drawn only then), and moves
 * the service's vendida when the operation adjusts the service.
 */
export async function crearConexion(db: DbOrTx, o: CrearConexion): Promise<ResultadoOperacion> {
  const { datos } = o;
  return enTransaccion(db, async (tx) => {
    await exigirPrerrequisitos(tx);
    await exigirReferencias(tx, datos);
    await exigirUtilizadoNoMedido(tx, null, datos.bw_utilizado, datos.monitoreo);
    const estado = datos.enlace_estado ?? 'PENDIENTE';
    const equiposIds = datos.equipos_ids ?? [];
    await reservarEquipos(tx, equiposIds, null);
    const bw = redondearMbps(datos.bw_contratado);
    const mov = deltaCrearConexion({ servicio_id: datos.servicio_id, bw_contratado: bw, enlace_estado: estado });

    const r = await moverCapacidad(
      tx,
      {
        movimientos: o.ajustarServicio ? mov : [],
        servicios: [datos.servicio_id],
        recalcularUtilizada: true,
        usuario: o.usuario,
        politica: o.politica,
        sobreventaConfirmada: o.sobreventaConfirmada,
      },
      async () => {
        const fila = await insertarConCid(
          tx,
          'conexion',
          { ...valoresNuevaConexion(datos), ...auditoria(o.usuario) },
          datos.cid_enlace,
        );
        if (equiposIds.length > 0) {
          await tx.insert(conexionEquipos).values(equiposIds.map((equipo_id) => ({ enlace_id: fila.id, equipo_id })));
          if (reservaCapacidad(estado)) await marcarEquipos(tx, equiposIds, 'ASIGNADO', o.usuario);
        }
        await registrarBw(tx, fila.id, 0, bw, 'Alta de la conexión', o.usuario);
        await guardarVinculo(tx, 'conexion', fila.id, datos.monitoreo, o.usuario?.usuario_id ?? null);
        return { enlace_id: fila.id, cid_enlace: fila.cid };
      },
    );
    const conexion = await obtenerConexion(tx, r.escrito.enlace_id);
    await registrarCambio(tx, {
      entidad: 'conexion',
      id: conexion.enlace_id,
      accion: 'crear',
      usuario: o.usuario,
      despues: conexion,
    });
    await emitirConexion(tx, 'conexion.creada', conexion, r);
    return {
      conexion,
      advertencias: r.advertencias,
      servicios: o.ajustarServicio ? r.servicios : [],
    };
  });
}
