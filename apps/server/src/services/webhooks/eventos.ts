import type { EventoWebhook } from '@troncal/domain/enums';
import type { CapacidadesServicio, Conexion } from '@troncal/domain/schemas';
import type { DbOrTx } from '../../db/client';
import { obtenerServicio } from '../servicios/leer';
import { emitirEvento, emitirSobreventas } from './emitir';

/** What a capacity call answered: its warnings and the services it left. */
interface Capacidad {
  advertencias: readonly string[];
  servicios: readonly CapacidadesServicio[];
}

/**
 * The events of one connection write, in its transaction: the connection as /v1 shows it, and
 * `servicio.sobrevendido` for a service the write oversold.
 */
export async function emitirConexion(
  tx: DbOrTx,
  evento: Extract<EventoWebhook, `conexion.${string}`>,
  conexion: Conexion,
  capacidad?: Capacidad,
): Promise<void> {
  await emitirEvento(tx, { evento, id: conexion.enlace_id, datos: conexion });
  if (capacidad) await emitirSobreventas(tx, { ...capacidad, leer: (id) => obtenerServicio(tx, id) });
}

/** The events of one provider-service write: the service as /v1 shows it (read only if someone listens). */
export async function emitirServicio(
  tx: DbOrTx,
  evento: Extract<EventoWebhook, `servicio.${string}`>,
  servicio_id: number,
  capacidad?: Capacidad,
): Promise<void> {
  await emitirEvento(tx, { evento, id: servicio_id, datos: () => obtenerServicio(tx, servicio_id) });
  if (capacidad) await emitirSobreventas(tx, { ...capacidad, leer: (id) => obtenerServicio(tx, id) });
}
