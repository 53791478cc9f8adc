import { z } from 'zod';
import { monitoreoEnvShape, refinarMonitoreoEnv } from './services/monitoreo/config';
import { webhooksEnvShape } from './services/webhooks/config';

/** The only place that reads process.env. Everything else receives an `Env`. */
const envBase = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'debe ser una URL postgres:// o postgresql://',
    }),
  TRONCAL_DATA_DIR: z.string().min(1).default('./.data'),
  TRONCAL_SOBREVENTA: z.enum(['warn', 'block']).default('warn'),
  TRONCAL_WEB_DIST: z.string().optional(),
  TRONCAL_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  // Behind a reverse proxy: 'true', or the proxies' addresses/CIDRs (comma-separated). Off by
  // default, so X-Forwarded-For cannot be forged to dodge the per-IP login limit.
  TRONCAL_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((v): boolean | string => (v === 'true' ? true : v === 'false' || v === '' ? false : v)),
  TRONCAL_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  // Seconds a client has to send a whole request, headers and body: slow-body and slowloris clients
  // are cut with a 408 instead of holding a connection (and its buffers) indefinitely.
  TRONCAL_REQUEST_TIMEOUT_S: z.coerce.number().int().min(1).max(3600).default(60),
  // Idle seconds before a kept-alive connection between requests is closed; above the 60 s of common
  // proxies and load balancers, so they close first and never reuse a connection this side just closed.
  TRONCAL_KEEPALIVE_TIMEOUT_S: z.coerce.number().int().min(1).max(3600).default(72),
  // Seconds a connection may see no traffic in either direction, mid-request included (a client that
  // stops reading its answer); long exports stream, so they are never idle this long.
  TRONCAL_CONNECTION_TIMEOUT_S: z.coerce.number().int().min(1).max(86_400).default(120),
  // Procedures one tRPC call may batch; the SPA sends at most a handful at once.
  TRONCAL_TRPC_MAX_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Zabbix / Prometheus sources and the monitoring cycle (services/monitoreo/config.ts).
  ...monitoreoEnvShape,
  // Webhook delivery and targets (services/webhooks/config.ts).
  ...webhooksEnvShape,
});
const envSchema = envBase.superRefine(refinarMonitoreoEnv);

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Configuración inválida:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Test runs read their database from here, so no test file touches process.env directly. */
export const testDatabaseUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;
