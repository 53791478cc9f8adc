import { deltaAjusteCapacidad, type PoliticaSobreventa } from '@troncal/domain/capacity';
import type { AjustarCapacidadInput, CapacidadesServicio } from '@troncal/domain/schemas';
import type { AuthUser } from '../../auth/types';
import type { DbOrTx } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { moverCapacidad } from '../capacidad';
import { invalido, noEncontrado } from '../errores';
import { hayEscucha } from '../webhooks/emitir';
import { emitirServicio } from '../webhooks/eventos';

/** What the ledger records for an ajustar-capacidad called without motivo (the spec's flow allows it). */
export const SIN_MOTIVO = 'Ajuste manual (sin motivo indicado)';

export interface AjustarCapacidad {
  id: number;
  datos: AjustarCapacidadInput;
  usuario: AuthUser | null;
  politica: PoliticaSobreventa;
}

export interface CapacidadAjustada extends CapacidadesServicio {
  advertencias: string[];
}

/**
 * `ajustar-capacidad`: `delta_disponible = +d` returns d Mbps to the pool (vendida −d), −d sells d.
 * One movement on one service, so the capacity call writes it as one statement (vendida, ledger
 * row and usage sample together), its own transaction: atomic without BEGIN/COMMIT.
 */
export async function ajustarCapacidad(db: DbOrTx, o: AjustarCapacidad): Promise<CapacidadAjustada> {
  const movimientos = deltaAjusteCapacidad(o.id, o.datos.delta_disponible).map((m) => ({
    ...m,
    motivo: o.datos.motivo ?? SIN_MOTIVO,
  }));
  if (movimientos.length === 0) {
    throw invalido('delta_disponible debe ser un número distinto de cero.', [
      { path: 'delta_disponible', message: 'Debe ser un número distinto de cero.' },
    ]);
  }
  const opciones = { movimientos, usuario: o.usuario, politica: o.politica };
  // With an endpoint listening, the event is written in the adjustment's transaction; otherwise the
  // single-statement path stays (an endpoint registered meanwhile hears from the next change on).
  const r = (await hayEscucha(db, ['servicio.capacidad_ajustada', 'servicio.sobrevendido']))
    ? await enTransaccion(db, async (tx) => {
        const hecho = await moverCapacidad(tx, opciones);
        await emitirServicio(tx, 'servicio.capacidad_ajustada', o.id, hecho);
        return hecho;
      })
    : await moverCapacidad(db, opciones);
  const [cap] = r.servicios;
  if (!cap) throw noEncontrado('el servicio de proveedor', o.id);
  return { ...cap, advertencias: r.advertencias };
}
