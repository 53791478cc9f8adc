import type { Env } from '../../env';
import { crearFuentes, type Fuentes } from './config';

const porEnv = new WeakMap<Env, Fuentes>();

/**
 * The sources of one loaded environment, built once: the Zabbix client remembers the API version
 * for ten minutes, which saves a round trip per binding in a cycle.
 */
export function fuentesDe(env: Env): Fuentes {
  let f = porEnv.get(env);
  if (!f) {
    f = crearFuentes(env);
    porEnv.set(env, f);
  }
  return f;
}

/** What the UI shows about monitoring: which sources exist and the cycle's figures. */
export function configuracionMonitoreo(env: Env) {
  return {
    fuentes: fuentesDe(env).configuradas,
    intervalo_s: env.TRONCAL_MONITOREO_INTERVALO_S,
    ventana_h: env.TRONCAL_UTILIZACION_VENTANA_H,
    timeout_s: env.TRONCAL_MONITOREO_TIMEOUT_S,
    concurrencia: env.TRONCAL_MONITOREO_CONCURRENCIA,
  };
}
