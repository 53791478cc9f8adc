import type { Db, DbKind } from '../../db/client';
import type { Env } from '../../env';
import { fuentesDe } from './entorno';
import { type Registro, rellenar, sincronizar } from './sincronizar';

/** The first cycle waits this long after start: the server answers before it polls anything. */
const PRIMERA_ESPERA_MS = 10_000;

/** A backfill run is not started when the next cycle is due within this. */
const MARGEN_CICLO_MS = 60_000;

/**
 * The in-server timer: a cycle every TRONCAL_MONITOREO_INTERVALO_S, counted from the end of the
 * previous one. Started only when a source is configured (returns null otherwise, and logs
 * nothing). Every process on the database runs one; the advisory lock and the "finished
 * recently" check make them behave as one. A failing cycle (database away) is logged and the
 * timer goes on. While windows are incomplete (docs/monitoreo.md, "Filling the window"), the time
 * between cycles carries backfill runs of PLAZO_RELLENO_S, each followed by a pause as long as it
 * took (the server's CPU half for the API), none starting within a minute of the next cycle.
 */
export function iniciarMonitoreo(deps: { db: Db; kind: DbKind; env: Env; log: Registro }): { detener(): void } | null {
  const { env, log } = deps;
  const fuentes = fuentesDe(env);
  if (fuentes.configuradas.length === 0) return null;
  const intervalo = env.TRONCAL_MONITOREO_INTERVALO_S * 1000;
  const dc = { db: deps.db, kind: deps.kind, config: env, fuentes, log };
  let detenido = false;
  let temporizador: NodeJS.Timeout | undefined;
  let proximoCiclo = 0;

  const programar = (fn: () => Promise<void>, ms: number) => {
    if (detenido) return;
    temporizador = setTimeout(fn, Math.max(0, ms));
    temporizador.unref();
  };
  /** A backfill run after `pausa` ms if it fits before the next cycle; else wait for the cycle. */
  const siguiente = (incompletas: number, pausa: number) => {
    if (incompletas > 0 && Date.now() + pausa + MARGEN_CICLO_MS < proximoCiclo) programar(rellenarAhora, pausa);
    else programar(correr, proximoCiclo - Date.now());
  };
  async function correr() {
    let incompletas = 0;
    let duracion = 0;
    try {
      const r = await sincronizar(dc, { origen: 'programado' });
      incompletas = r.ventana_incompleta;
      duracion = r.duracion_ms;
    } catch (err) {
      log.warn({ err }, 'monitoreo: el ciclo falló; se reintentará en el próximo intervalo');
    }
    proximoCiclo = Date.now() + intervalo;
    siguiente(incompletas, duracion);
  }
  async function rellenarAhora() {
    try {
      const r = await rellenar(dc);
      siguiente(r.omitido ? 0 : r.ventana_incompleta, r.duracion_ms);
    } catch (err) {
      log.warn({ err }, 'monitoreo: el relleno falló; sigue en el próximo ciclo');
      siguiente(0, 0);
    }
  }

  log.info({ fuentes: fuentes.configuradas, intervalo_s: env.TRONCAL_MONITOREO_INTERVALO_S }, 'monitoreo activo');
  programar(correr, Math.min(PRIMERA_ESPERA_MS, intervalo));
  return {
    detener() {
      detenido = true;
      clearTimeout(temporizador);
    },
  };
}
