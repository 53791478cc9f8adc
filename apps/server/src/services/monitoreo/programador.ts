import type { Db, DbKind } from '../../db/client';
import type { Env } from '../../env';
import { fuentesDe } from './entorno';
import { type Registro, sincronizar } from './sincronizar';

/** The first cycle waits this long after start: the server answers before it polls anything. */
const PRIMERA_ESPERA_MS = 10_000;

/**
 * The in-server timer: a cycle every TRONCAL_MONITOREO_INTERVALO_S, counted from the end of the
 * previous one. Started only when a source is configured (returns null otherwise, and logs
 * nothing). Every process on the database runs one; the advisory lock and the "finished
 * recently" check make them behave as one. A failing cycle (database away) is logged and the
 * timer goes on.
 */
export function iniciarMonitoreo(deps: { db: Db; kind: DbKind; env: Env; log: Registro }): { detener(): void } | null {
  const { env, log } = deps;
  const fuentes = fuentesDe(env);
  if (fuentes.configuradas.length === 0) return null;
  const intervalo = env.TRONCAL_MONITOREO_INTERVALO_S * 1000;
  let detenido = false;
  let temporizador: NodeJS.Timeout | undefined;

  const programar = (ms: number) => {
    if (detenido) return;
    temporizador = setTimeout(correr, ms);
    temporizador.unref();
  };
  async function correr() {
    try {
      await sincronizar({ db: deps.db, kind: deps.kind, config: env, fuentes, log }, { origen: 'programado' });
    } catch (err) {
      log.warn({ err }, 'monitoreo: el ciclo falló; se reintentará en el próximo intervalo');
    }
    programar(intervalo);
  }

  log.info({ fuentes: fuentes.configuradas, intervalo_s: env.TRONCAL_MONITOREO_INTERVALO_S }, 'monitoreo activo');
  programar(Math.min(PRIMERA_ESPERA_MS, intervalo));
  return {
    detener() {
      detenido = true;
      clearTimeout(temporizador);
    },
  };
}
