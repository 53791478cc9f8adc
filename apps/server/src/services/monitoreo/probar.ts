import { bpsAMbpsONulo } from '@troncal/domain/capacity';
import type { Monitoreo, ObjetoMonitoreo, ProbarRespuesta } from '@troncal/domain/schemas';
import type { DbOrTx } from '../../db/client';
import { regla } from '../errores';
import type { Fuentes } from './config';
import { ErrorFuente } from './fuentes/tipos';
import { NOMBRE_OBJETO } from './objetos';
import { obtenerVinculo } from './vinculos';

export type EntradaProbar = { objeto: ObjetoMonitoreo; id: number } | { monitoreo: Monitoreo };

/**
 * "Probar": the last values the source holds for a stored binding or for one being typed in a
 * form. A failing source is an answer (estado ERROR or SIN_DATOS with its Spanish message), not a
 * failed request; nothing is written.
 */
export async function probar(db: DbOrTx, fuentes: Fuentes, entrada: EntradaProbar): Promise<ProbarRespuesta> {
  let monitoreo: Monitoreo;
  if ('monitoreo' in entrada) monitoreo = entrada.monitoreo;
  else {
    const v = await obtenerVinculo(db, entrada.objeto, entrada.id);
    if (!v)
      throw regla(
        `${NOMBRE_OBJETO[entrada.objeto]} ${entrada.id} no tiene monitoreo que probar.`.replace(/^./, (c) =>
          c.toUpperCase(),
        ),
      );
    monitoreo = v.monitoreo;
  }
  try {
    const l = await fuentes.probar(monitoreo);
    return {
      ok: true,
      fuente: monitoreo.fuente,
      estado: 'OK',
      message: null,
      t: new Date(l.t * 1000).toISOString(),
      entrada_mbps: bpsAMbpsONulo(l.entrada_bps),
      salida_mbps: bpsAMbpsONulo(l.salida_bps),
      detalle: l.detalle,
    };
  } catch (e) {
    if (!(e instanceof ErrorFuente)) throw e;
    return {
      ok: true,
      fuente: monitoreo.fuente,
      estado: e.estado,
      message: e.message,
      t: null,
      entrada_mbps: null,
      salida_mbps: null,
      detalle: null,
    };
  }
}
