import { sql } from 'drizzle-orm';
import { type Db, type DbKind, execRows } from '../../db/client';
import type { Env } from '../../env';
import { depsCiclo, fuentesDe } from './entorno';
import { ventanasIncompletas } from './lotes';
import { type Registro, rellenar, sincronizar } from './sincronizar';

/** The first look waits this long after start: the server answers before it polls anything. */
const PRIMERA_ESPERA_MS = 10_000;
/** The timer looks at the shared state at least this often (a cycle another process or a POST ran). */
const MIRAR_CADA_MS = 30_000;
/** A backfill run is not started when the next cycle is due within this. */
const MARGEN_CICLO_MS = 60_000;

/**
 * The in-server timer. A cycle is due TRONCAL_MONITOREO_INTERVALO_S after the end of the last one,
 * whichever process ran it (or POST /v1/monitoreo/sincronizar): the timer reads `monitoreo_ciclo`
 * at least every 30 s. While windows are incomplete (docs/monitoreo.md, "Filling the window"), the
 * time between cycles carries backfill runs of PLAZO_RELLENO_S, each followed by a pause as long as
 * it took (the server's CPU half for the API), none starting within a minute of the next cycle.
 * Every process on the database runs one; the advisory lock and the "finished recently" check make
 * them behave as one. Started only when a source is configured (returns null otherwise, and logs
 * nothing). A failing cycle or run (database away) is logged and the timer goes on.
 */
export function iniciarMonitoreo(deps: { db: Db; kind: DbKind; env: Env; log: Registro }): { detener(): void } | null {
  const { db, env, log } = deps;
  const fuentes = fuentesDe(env);
  if (fuentes.configuradas.length === 0) return null;
  const intervalo = env.TRONCAL_MONITOREO_INTERVALO_S * 1000;
  const dc = depsCiclo(db, deps.kind, env, log);
  let detenido = false;
  let temporizador: NodeJS.Timeout | undefined;

  const programar = (ms: number) => {
    if (detenido) return;
    temporizador = setTimeout(mirar, Math.max(1000, Math.min(ms, MIRAR_CADA_MS)));
    temporizador.unref();
  };

  async function mirar() {
    let espera = intervalo;
    try {
      const [c] = await execRows<{ fin: number | null; relleno_fin: number | null; relleno_ms: number | null }>(
        db,
        sql`select extract(epoch from terminado_en) * 1000 as fin,
                   extract(epoch from relleno_terminado_en) * 1000 as relleno_fin, relleno_duracion_ms as relleno_ms
              from monitoreo_ciclo where ciclo_id = 1`,
      );
      const ahora = Date.now();
      const fin = c?.fin ? Number(c.fin) : null;
      const incompletas =
        fin !== null && fin + intervalo > ahora
          ? await ventanasIncompletas(db, Math.floor(ahora / 1000), env.TRONCAL_UTILIZACION_VENTANA_H * 3600)
          : 0;
      const paso = quePasoToca({
        ahora,
        intervalo,
        finCiclo: fin,
        finRelleno: c?.relleno_fin ? Number(c.relleno_fin) : null,
        duracionRelleno: Number(c?.relleno_ms ?? 0),
        incompletas,
      });
      if (paso.paso === 'ciclo') {
        const r = await sincronizar(dc, { origen: 'programado' });
        espera = r.ventana_incompleta > 0 ? r.duracion_ms : intervalo;
      } else if (paso.paso === 'relleno') {
        const r = await rellenar(dc);
        espera = r.omitido ? MIRAR_CADA_MS : r.duracion_ms;
      } else {
        espera = paso.ms;
      }
    } catch (err) {
      log.warn({ err }, 'monitoreo: el ciclo o el relleno falló; se reintentará');
    }
    programar(espera);
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

export type Paso = { paso: 'ciclo' } | { paso: 'relleno' } | { paso: 'esperar'; ms: number };

/**
 * What the timer does now (all times in ms): a cycle when none has finished (or one is running
 * elsewhere: the lock decides) or the last one is an interval old; a backfill run when windows are
 * incomplete, the pause after the last run is over and the next cycle is more than a minute away;
 * otherwise wait for whichever comes first.
 */
export function quePasoToca(e: {
  ahora: number;
  intervalo: number;
  finCiclo: number | null;
  finRelleno: number | null;
  duracionRelleno: number;
  incompletas: number;
}): Paso {
  if (e.finCiclo === null || e.finCiclo + e.intervalo <= e.ahora) return { paso: 'ciclo' };
  const debido = e.finCiclo + e.intervalo;
  const libre = e.finRelleno === null ? 0 : e.finRelleno + e.duracionRelleno;
  if (e.incompletas > 0 && Math.max(e.ahora, libre) + MARGEN_CICLO_MS < debido) {
    return e.ahora >= libre ? { paso: 'relleno' } : { paso: 'esperar', ms: libre - e.ahora };
  }
  return { paso: 'esperar', ms: debido - e.ahora };
}
