import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import type { Env } from '../../env';
import { configuracionMonitoreo } from './entorno';
import { ventanasIncompletas } from './lotes';
import { iso } from './objetos';

/**
 * GET /v1/monitoreo/estado and tRPC monitoreo.estado: the settings, the bindings whose window is
 * still being filled, the last cycle and the last backfill run, any process's.
 */
export async function estadoMonitoreo(db: DbOrTx, env: Env) {
  const [[c], incompletas] = await Promise.all([
    execRows<Record<string, unknown>>(db, sql`select * from monitoreo_ciclo where ciclo_id = 1`),
    ventanasIncompletas(db, Math.floor(Date.now() / 1000), env.TRONCAL_UTILIZACION_VENTANA_H * 3600),
  ]);
  const ms = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    ok: true as const,
    ...configuracionMonitoreo(env),
    ventana_incompleta: incompletas,
    ultimo_ciclo: c
      ? {
          iniciado_en: iso(c.iniciado_en) ?? '',
          terminado_en: iso(c.terminado_en),
          origen: String(c.origen),
          consultados: Number(c.consultados),
          actualizados: Number(c.actualizados),
          errores: Number(c.errores),
          duracion_ms: ms(c.duracion_ms),
        }
      : null,
    ultimo_relleno: c?.relleno_iniciado_en
      ? {
          iniciado_en: iso(c.relleno_iniciado_en) ?? '',
          terminado_en: iso(c.relleno_terminado_en),
          rellenados: Number(c.rellenados ?? 0),
          duracion_ms: ms(c.relleno_duracion_ms),
        }
      : null,
  };
}
