import type { Db, DbKind } from '../../db/client';
import type { Env } from '../../env';
import { crearFuentes, type Fuentes } from './config';
import type { DepsCiclo, Registro } from './sincronizar';

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

/**
 * What a cycle needs, as the server, the CLI and the timer start one. On PostgreSQL the cycle runs
 * in a child process with its own pool on the same DATABASE_URL (proceso.ts); on PGlite, here.
 */
export function depsCiclo(db: Db, kind: DbKind, env: Env, log?: Registro): DepsCiclo {
  const proceso = kind === 'postgres' && env.DATABASE_URL ? { url: env.DATABASE_URL, env } : undefined;
  return { db, kind, config: env, fuentes: fuentesDe(env), log, proceso };
}
