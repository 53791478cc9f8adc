import type { EnlaceEstado } from '@troncal/domain/enums';
import type { DbOrTx } from '../../db/client';
import { actualizarConexion } from './actualizar';
import type { OpcionesConexion, ResultadoOperacion } from './tipos';

export interface CambiarEstadoConexion extends OpcionesConexion {
  id: number;
  datos: { enlace_estado: EnlaceEstado; motivo?: string | null | undefined };
}

/** The SPA's state change (e.g. to BAJA, which releases bandwidth and equipos): an edit of one field. */
export function cambiarEstadoConexion(db: DbOrTx, o: CambiarEstadoConexion): Promise<ResultadoOperacion> {
  return actualizarConexion(db, { ...o, datos: { enlace_estado: o.datos.enlace_estado, motivo: o.datos.motivo } });
}
