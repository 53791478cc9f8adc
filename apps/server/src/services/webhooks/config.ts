import { z } from 'zod';

/** Unset and "" mean the same: not configured. */
const vacioComoAusente = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const numero = (min: number, max: number, porDefecto: number, unidad: string, entero = true) =>
  z.preprocess(
    vacioComoAusente,
    z.coerce
      .number({ error: `debe ser un número de ${unidad}` })
      .refine((n) => !entero || Number.isInteger(n), `debe ser un número entero de ${unidad}`)
      .refine((n) => n >= min, `debe ser al menos ${min} ${unidad}`)
      .refine((n) => n <= max, `debe ser como máximo ${max} ${unidad}`)
      .default(porDefecto),
  );

/** 32 bytes, as 64 hex characters or base64: the AES-256-GCM key the endpoints' secrets are stored under. */
const clave = z.preprocess(
  vacioComoAusente,
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const b = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
      if (b.length !== 32) {
        ctx.addIssue({
          code: 'custom',
          message: 'debe tener 32 bytes: 64 caracteres hexadecimales o base64 (p. ej. `openssl rand -hex 32`)',
        });
        return z.NEVER;
      }
      return b;
    })
    .optional(),
);

/**
 * The webhook variables, a plain shape env.ts spreads into its own object (README, "Configuration"
 * and "Webhooks").
 */
export const webhooksEnvShape = {
  /** `false`: this process delivers nothing (events are still written; another process delivers). */
  TRONCAL_WEBHOOKS_REPARTIDOR: z.preprocess(vacioComoAusente, z.enum(['true', 'false']).default('true')),
  TRONCAL_WEBHOOKS_INTERVALO_MS: numero(50, 60_000, 1000, 'milisegundos'),
  TRONCAL_WEBHOOKS_TIMEOUT_S: numero(1, 120, 10, 'segundos'),
  TRONCAL_WEBHOOKS_CONCURRENCIA: numero(1, 256, 16, 'entregas'),
  TRONCAL_WEBHOOKS_CONCURRENCIA_DESTINO: numero(1, 64, 2, 'entregas'),
  TRONCAL_WEBHOOKS_REINTENTO_BASE_MS: numero(10, 3_600_000, 10_000, 'milisegundos'),
  TRONCAL_WEBHOOKS_REINTENTO_MAX_S: numero(1, 86_400, 3600, 'segundos'),
  /** How long a delivery is retried before it is FALLIDA (fractions allowed, for tests). */
  TRONCAL_WEBHOOKS_VENTANA_H: numero(0.0001, 24 * 30, 24, 'horas', false),
  TRONCAL_WEBHOOKS_RETENCION_D: numero(1, 3650, 30, 'días'),
  TRONCAL_WEBHOOKS_CLAVE: clave,
  /** `denegar`: loopback, private, link-local and other non-public addresses are refused as targets. */
  TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: z.preprocess(
    vacioComoAusente,
    z.enum(['denegar', 'permitir']).default('denegar'),
  ),
  /** Comma-separated hosts (`facturacion.isp.pe`, `*.isp.pe`); set → only those hosts are accepted. */
  TRONCAL_WEBHOOKS_HOSTS: z.preprocess(
    vacioComoAusente,
    z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
  ),
};

export const webhooksEnvSchema = z.object(webhooksEnvShape);
export type WebhooksEnv = z.infer<typeof webhooksEnvSchema>;

/** What the delivery worker runs with, in milliseconds. */
export interface ConfigRepartidor {
  intervaloMs: number;
  timeoutMs: number;
  concurrencia: number;
  concurrenciaDestino: number;
  reintentoBaseMs: number;
  reintentoMaxMs: number;
  ventanaMs: number;
  retencionMs: number;
}

export const configRepartidor = (env: WebhooksEnv): ConfigRepartidor => ({
  intervaloMs: env.TRONCAL_WEBHOOKS_INTERVALO_MS,
  timeoutMs: env.TRONCAL_WEBHOOKS_TIMEOUT_S * 1000,
  concurrencia: env.TRONCAL_WEBHOOKS_CONCURRENCIA,
  concurrenciaDestino: env.TRONCAL_WEBHOOKS_CONCURRENCIA_DESTINO,
  reintentoBaseMs: env.TRONCAL_WEBHOOKS_REINTENTO_BASE_MS,
  reintentoMaxMs: env.TRONCAL_WEBHOOKS_REINTENTO_MAX_S * 1000,
  ventanaMs: env.TRONCAL_WEBHOOKS_VENTANA_H * 3_600_000,
  retencionMs: env.TRONCAL_WEBHOOKS_RETENCION_D * 86_400_000,
});

/** The key and target policy the use cases run with. */
export const configWebhooks = (env: WebhooksEnv) => ({
  clave: env.TRONCAL_WEBHOOKS_CLAVE,
  politica: {
    privados: env.TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS,
    hosts: env.TRONCAL_WEBHOOKS_HOSTS,
  },
});
