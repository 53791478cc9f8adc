import { depsCiclo, fuentesDe } from '../services/monitoreo/entorno';
import { MENSAJE_EN_CURSO, sincronizar } from '../services/monitoreo/sincronizar';
import { type CliCommand, CliUsageError } from './types';

/** `pnpm troncal monitoreo:sincronizar`: one cycle now, the same as POST /v1/monitoreo/sincronizar. */
export const monitoreoSincronizar: CliCommand = {
  description: 'Ejecuta un ciclo de monitoreo (Zabbix/Prometheus) y muestra su resultado en JSON.',
  usage: 'monitoreo:sincronizar',
  async run(ctx) {
    const fuentes = fuentesDe(ctx.env);
    if (fuentes.configuradas.length === 0) {
      ctx.info(
        'No hay fuentes de monitoreo configuradas: defina TRONCAL_ZABBIX_URL y TRONCAL_ZABBIX_TOKEN, o TRONCAL_PROMETHEUS_URL.',
      );
    }
    const database = await ctx.database();
    const r = await sincronizar(depsCiclo(database.db, database.kind, ctx.env), { origen: 'manual' }).catch(
      (e: unknown) => {
        // The 409 of the API is, here, a usage message and exit code 1.
        if ((e as Error).message === MENSAJE_EN_CURSO) throw new CliUsageError(MENSAJE_EN_CURSO);
        throw e;
      },
    );
    const { omitido: _, ...resultado } = r;
    ctx.info(
      `Consultados ${r.consultados}, actualizados ${r.actualizados}, con error o sin datos ${r.errores_total} (${r.duracion_ms} ms).`,
    );
    ctx.out(JSON.stringify(resultado, null, 2));
  },
};
