import type { FuenteMonitoreo, Monitoreo, MonitoreoPrometheus, MonitoreoZabbix } from '@troncal/domain/schemas';
import { z } from 'zod';
import type { Fetch } from './fuentes/http.js';
import { crearFuentePrometheus } from './fuentes/prometheus.js';
import {
  ErrorFuente,
  type FuenteTrafico,
  type LecturaPrueba,
  NOMBRE_FUENTE,
  type OpcionesConsulta,
  type SerieTrafico,
} from './fuentes/tipos.js';
import { crearFuenteZabbix } from './fuentes/zabbix.js';

/** Unset and "" mean the same: not configured (compose files often pass empty variables). */
const vacioComoAusente = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const urlHttp = (ejemplo: string) =>
  z.preprocess(
    vacioComoAusente,
    z
      .string()
      .trim()
      .refine((v) => {
        try {
          return ['http:', 'https:'].includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, `debe ser una URL http:// o https:// (p. ej. ${ejemplo})`)
      .optional(),
  );

const entero = (min: number, max: number, porDefecto: number, unidad: string) =>
  z.preprocess(
    vacioComoAusente,
    z.coerce
      .number({ error: `debe ser un número de ${unidad}` })
      .int(`debe ser un número entero de ${unidad}`)
      .min(min, `debe ser al menos ${min} ${unidad}`)
      .max(max, `debe ser como máximo ${max} ${unidad}`)
      .default(porDefecto),
  );

/**
 * The monitoring variables, as a plain shape so env.ts can spread it into its own z.object; the
 * cross-field rule goes in with `.superRefine(refinarMonitoreoEnv)`.
 */
export const monitoreoEnvShape = {
  /** The frontend's api_jsonrpc.php; a URL ending in the frontend folder gets it appended. */
  TRONCAL_ZABBIX_URL: urlHttp('https://zabbix.ejemplo.pe/api_jsonrpc.php').transform((v) =>
    v === undefined || /\.php$/i.test(new URL(v).pathname) ? v : `${v.replace(/\/+$/, '')}/api_jsonrpc.php`,
  ),
  TRONCAL_ZABBIX_TOKEN: z.preprocess(vacioComoAusente, z.string().trim().min(1).optional()),
  TRONCAL_PROMETHEUS_URL: urlHttp('http://prometheus:9090'),
  TRONCAL_MONITOREO_INTERVALO_S: entero(30, 86_400, 300, 'segundos'),
  TRONCAL_UTILIZACION_VENTANA_H: entero(1, 24 * 31, 24, 'horas'),
  TRONCAL_MONITOREO_TIMEOUT_S: entero(1, 300, 10, 'segundos'),
  /** Bindings queried at once in a cycle: what the sources are asked to bear, not the database. */
  TRONCAL_MONITOREO_CONCURRENCIA: entero(1, 256, 16, 'consultas'),
  /**
   * The nice value of the cycle's process, every thread of it (PostgreSQL only): how much the API's
   * requests come first when both want the CPU. 0: the same priority; higher: a slower cycle, a faster API.
   */
  TRONCAL_MONITOREO_NICE: entero(0, 19, 15, 'niveles de nice'),
  /**
   * On Linux (PostgreSQL only), the cycle's process also runs under SCHED_IDLE: it gets the
   * CPU only when nothing else wants it, and a request that wakes up takes the core from it at once
   * (a nice value only shares the CPU by weight). 'false': the nice value alone.
   */
  TRONCAL_MONITOREO_SCHED_IDLE: z.preprocess(
    vacioComoAusente,
    z.enum(['true', 'false'], { error: 'debe ser true o false' }).default('true'),
  ),
};

type ConfigCruda = {
  TRONCAL_ZABBIX_URL?: string | undefined;
  TRONCAL_ZABBIX_TOKEN?: string | undefined;
};

export function refinarMonitoreoEnv(c: ConfigCruda, ctx: z.RefinementCtx): void {
  if (c.TRONCAL_ZABBIX_URL && !c.TRONCAL_ZABBIX_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['TRONCAL_ZABBIX_TOKEN'],
      message:
        'es obligatorio cuando TRONCAL_ZABBIX_URL está definido (un token de API de Zabbix: Usuarios → Tokens de API)',
    });
  }
  if (c.TRONCAL_ZABBIX_TOKEN && !c.TRONCAL_ZABBIX_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['TRONCAL_ZABBIX_URL'],
      message: 'es obligatorio cuando TRONCAL_ZABBIX_TOKEN está definido (la URL de api_jsonrpc.php)',
    });
  }
}

export const monitoreoEnvSchema = z.object(monitoreoEnvShape).superRefine(refinarMonitoreoEnv);
export type MonitoreoConfig = z.infer<typeof monitoreoEnvSchema>;

/** Parses only the monitoring variables; env.ts will do the same as part of `loadEnv`. */
export function leerConfigMonitoreo(source: Record<string, string | undefined>): MonitoreoConfig {
  const r = monitoreoEnvSchema.safeParse(source);
  if (!r.success) {
    const lineas = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Configuración de monitoreo inválida:\n${lineas.join('\n')}`);
  }
  return r.data;
}

export interface Fuentes {
  zabbix: FuenteTrafico<MonitoreoZabbix> | null;
  prometheus: FuenteTrafico<MonitoreoPrometheus> | null;
  /** Empty: monitoring is off and nothing should poll (nor log every cycle). */
  configuradas: FuenteMonitoreo[];
  /** Routes a binding to its source; `NO_CONFIGURADA` when the environment lacks that source. */
  serie(binding: Monitoreo, desde: Date, hasta: Date, opciones?: OpcionesConsulta): Promise<SerieTrafico>;
  probar(binding: Monitoreo, opciones?: OpcionesConsulta): Promise<LecturaPrueba>;
}

export function crearFuentes(
  config: Pick<
    MonitoreoConfig,
    'TRONCAL_ZABBIX_URL' | 'TRONCAL_ZABBIX_TOKEN' | 'TRONCAL_PROMETHEUS_URL' | 'TRONCAL_MONITOREO_TIMEOUT_S'
  >,
  opciones: { fetch?: Fetch } = {},
): Fuentes {
  const timeoutMs = config.TRONCAL_MONITOREO_TIMEOUT_S * 1000;
  const zabbix =
    config.TRONCAL_ZABBIX_URL && config.TRONCAL_ZABBIX_TOKEN
      ? crearFuenteZabbix({
          url: config.TRONCAL_ZABBIX_URL,
          token: config.TRONCAL_ZABBIX_TOKEN,
          timeoutMs,
          fetch: opciones.fetch,
        })
      : null;
  const prometheus = config.TRONCAL_PROMETHEUS_URL
    ? crearFuentePrometheus({ url: config.TRONCAL_PROMETHEUS_URL, timeoutMs, fetch: opciones.fetch })
    : null;

  const faltante = (b: Monitoreo) =>
    new ErrorFuente(
      b.fuente,
      'NO_CONFIGURADA',
      b.fuente === 'zabbix'
        ? 'Este vínculo usa Zabbix, pero el servidor no tiene TRONCAL_ZABBIX_URL y TRONCAL_ZABBIX_TOKEN configurados.'
        : `Este vínculo usa ${NOMBRE_FUENTE[b.fuente]}, pero el servidor no tiene TRONCAL_PROMETHEUS_URL configurado.`,
    );

  return {
    zabbix,
    prometheus,
    configuradas: [...(zabbix ? (['zabbix'] as const) : []), ...(prometheus ? (['prometheus'] as const) : [])],
    async serie(binding, desde, hasta, o) {
      if (binding.fuente === 'zabbix') {
        if (!zabbix) throw faltante(binding);
        return zabbix.serie(binding, desde, hasta, o);
      }
      if (!prometheus) throw faltante(binding);
      return prometheus.serie(binding, desde, hasta, o);
    },
    async probar(binding, o) {
      if (binding.fuente === 'zabbix') {
        if (!zabbix) throw faltante(binding);
        return zabbix.probar(binding, o);
      }
      if (!prometheus) throw faltante(binding);
      return prometheus.probar(binding, o);
    },
  };
}
