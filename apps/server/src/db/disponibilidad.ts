import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/**
 * When PostgreSQL cannot be reached (a restart, a failover, a terminated backend, a full server) a
 * request is not wrong and the server is not broken: the client should try again shortly. Both
 * transports answer 503 with this message and `Retry-After`, and the pool reconnects on its own.
 */
export const RETRY_AFTER_SEGUNDOS = 5;
export const MENSAJE_BD_NO_DISPONIBLE =
  'La base de datos no está disponible en este momento. Vuelva a intentarlo en unos segundos.';

// Socket errors (Node) and postgres-js's own connection errors.
const CODIGOS_DE_RED = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

// SQLSTATEs that say "this server or database cannot serve you now", not "your request is wrong".
// 08P01 (protocol violation) stays out: that is a bug, not an outage.
const SQLSTATE_NO_DISPONIBLE = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, in recovery
  '57P05', // idle_session_timeout
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database is gone or being renamed/restored
]);

/**
 * Whether an error means the database is unreachable. Drizzle wraps driver errors (its `cause`),
 * postgres-js puts both its own codes and SQLSTATEs in `code`.
 */
export function esErrorDeConexion(e: unknown): boolean {
  let actual: unknown = e;
  for (let i = 0; i < 5 && actual && typeof actual === 'object'; i++) {
    const code = (actual as { code?: unknown }).code;
    if (typeof code === 'string' && (CODIGOS_DE_RED.has(code) || SQLSTATE_NO_DISPONIBLE.has(code))) return true;
    actual = (actual as { cause?: unknown }).cause;
  }
  return false;
}

const RUTAS_API = /^\/(trpc|v1|healthz)(\/|$|\?)/;

async function retryAfterEn503(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  // The tRPC adapter sends a fetch Response; Fastify takes its status only after onSend.
  const status = payload instanceof Response ? payload.status : reply.statusCode;
  if (status === 503 && !reply.hasHeader('retry-after') && RUTAS_API.test(req.url)) {
    reply.header('retry-after', String(RETRY_AFTER_SEGUNDOS));
  }
}

/**
 * An `onRoute` hook: every API route's 503 carries `Retry-After`. The tRPC adapter writes its own
 * answers and /healthz lives in app.ts, so the header is added on the way out rather than by each
 * error mapping (the /v1 error handler sets it too). Pass it as `buildApp({ onRoute })` or register it
 * with `app.addHook('onRoute', retryAfterEnRutas)` before the route plugins.
 */
export function retryAfterEnRutas(route: RouteOptions) {
  const previos = route.onSend ? (Array.isArray(route.onSend) ? route.onSend : [route.onSend]) : [];
  route.onSend = [...previos, retryAfterEn503] as RouteOptions['onSend'];
}
