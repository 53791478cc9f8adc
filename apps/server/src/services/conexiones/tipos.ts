import type { PoliticaSobreventa } from '@troncal/domain/capacity';
import type { CapacidadesServicio, Conexion } from '@troncal/domain/schemas';
import type { AuthUser } from '../../auth/types';

/** What every connection write carries besides its id and data. */
export interface OpcionesConexion {
  usuario: AuthUser | null;
  politica: PoliticaSobreventa;
  /**
   * true: the whole operation (the SPA, or `/v1` with `ajustar_servicio: true`): the service's
   * capacidad_vendida moves with the connection, with its ledger rows. false: the connection record
   * only (the documented single effect of the `/v1` endpoint).
   */
  ajustarServicio: boolean;
  /**
   * The SPA asks the operator to tick "Confirmo la sobreventa" before an operation that oversells.
   * When false, an oversale the operator did not confirm is refused (409) instead of only warned.
   */
  sobreventaConfirmada?: boolean | undefined;
}

export interface ResultadoOperacion {
  conexion: Conexion;
  advertencias: string[];
  /** The backing services' capacities after the operation (only when the service was adjusted). */
  servicios: CapacidadesServicio[];
}
