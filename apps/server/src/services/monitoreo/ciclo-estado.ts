import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import type { Env } from '../../env';
import { pisoHora } from './almacen';
import { configuracionMonitoreo } from './entorno';
import { iso } from './objetos';

/** GET /v1/monitoreo/estado and tRPC monitoreo.estado: the settings and the last cycle, any process's. */
export async function estadoMonitoreo(db: DbOrTx, env: Env) {
  const [[c], [incompletas]] = await Promise.all([
    execRows<Record<string, unknown>>(db, sql`select * from monitoreo_ciclo where ciclo_id = 1`),
    // The same test as the cycle's backfill (sincronizar.ts, lotesRelleno).
    execRows<{ n: number | string }>(
      db,
      sql`select count(*) as n from vinculos_monitoreo
           where leido_desde > to_timestamp(${pisoHora(Date.now() / 1000 - env.TRONCAL_UTILIZACION_VENTANA_H * 3600)})`,
    ),
  ]);
  return {
    ok: true as const,
    ...configuracionMonitoreo(env),
    ventana_incompleta: Number(incompletas?.n ?? 0),
    ultimo_ciclo: c
      ? {
          iniciado_en: iso(c.iniciado_en) ?? '',
          terminado_en: iso(c.terminado_en),
          origen: String(c.origen),
          consultados: Number(c.consultados),
          actualizados: Number(c.actualizados),
          errores: Number(c.errores),
          duracion_ms: c.duracion_ms === null ? null : Number(c.duracion_ms),
        }
      : null,
  };
}
