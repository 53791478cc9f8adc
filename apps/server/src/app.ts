import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { csrfOnRequest, esRutaTrpc } from './auth/csrf';
import { resolveUser } from './auth/tokens';
import type { AuthUser } from './auth/types';
import type { Database } from './db/client';
import { esErrorDeConexion, retryAfterEnRutas } from './db/disponibilidad';
import type { Env } from './env';
import { defaultWebDist } from './paths';
import { documentarIdempotencia } from './rest/v1/idempotencia';
import { v1Plugin } from './rest/v1/plugin';
import { cabecerasSeguridad, registrarSeguridad } from './seguridad';
import { checkDatabase } from './services/health.service';
import type { Context } from './trpc/context';
import { type AppRouter, appRouter } from './trpc/root';

export interface AppOptions {
  env: Env;
  database: Pick<Database, 'db' | 'kind'>;
  /** Pino logger; false in tests. */
  logger?: boolean;
  /** Sees every route as it is registered (the access tests enumerate /v1 with it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp({ env, database, logger = true, onRoute }: AppOptions): Promise<FastifyInstance> {
  const { db, kind: dbKind } = database;
  const requestTimeout = env.TRONCAL_REQUEST_TIMEOUT_S * 1000;
  const app = Fastify({
    logger: logger ? { level: env.LOG_LEVEL } : false,
    requestIdHeader: 'x-request-id',
    bodyLimit: 1024 * 1024,
    trustProxy: env.TRONCAL_TRUST_PROXY,
    routerOptions: { maxParamLength: MAX_PARAM },
    requestTimeout,
    keepAliveTimeout: env.TRONCAL_KEEPALIVE_TIMEOUT_S * 1000,
    connectionTimeout: env.TRONCAL_CONNECTION_TIMEOUT_S * 1000,
    http: {
      requestTimeout,
      headersTimeout: Math.min(60_000, requestTimeout),
      // Node looks for expired requests on this period (30 s by default), so a short timeout is honoured
      // within a quarter of itself rather than up to 30 s late.
      connectionsCheckingInterval: Math.min(30_000, Math.max(250, requestTimeout / 4)),
    },
    clientErrorHandler: errorDeCliente,
    frameworkErrors: errorDeRuta,
  });

  app.addHook('onRoute', retryAfterEnRutas);
  if (onRoute) app.addHook('onRoute', onRoute);
  // Cookie sessions: refuse cross-site writes, whatever the path, before any route runs.
  app.addHook('onRequest', csrfOnRequest);

  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the contract in OpenAPI; contract tests pin the shapes. Serialising with
  // plain JSON keeps a documentation detail from ever turning a good answer into a 500.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  registrarSeguridad(app);
  await app.register(fastifyCookie);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Troncal /v1',
        version: '1.0.0',
        description:
          'API REST de Troncal: servicios de proveedor, conexiones (enlaces) y datos de referencia. ' +
          'Éxito: `{ ok: true, ... }`; error: `{ ok: false, message, errors? }` con el código HTTP correspondiente.',
      },
      servers: [{ url: '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) =>
      'openapiObject' in doc ? documentarIdempotencia(doc.openapiObject as never) : doc.swaggerObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs/api', uiConfig: { url: '/v1/openapi.json' } });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    const health = await checkDatabase(db, dbKind);
    return reply.code(health.ok ? 200 : 503).send(health);
  });
  app.get('/v1/openapi.json', { schema: { hide: true }, config: { publico: true } }, async () => app.swagger());

  await app.register(async (scope) => {
    scope.addHook('onRequest', limitesTrpc(env.TRONCAL_TRPC_MAX_BATCH));
    await scope.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        maxBatchSize: env.TRONCAL_TRPC_MAX_BATCH,
        createContext: async ({ req, res }): Promise<Context> => ({
          db,
          dbKind,
          env,
          user: conCanal(
            await resolveUser(db, { authorization: req.headers.authorization, cookie: req.headers.cookie }),
            req.id,
          ),
          idempotencyKey: [req.headers['idempotency-key']].flat().join(',') || undefined,
          http: {
            ip: req.ip,
            cookie: req.headers.cookie,
            setCookie: (name, value, opts) =>
              res.setCookie(name, value, {
                path: '/',
                httpOnly: true,
                sameSite: 'lax',
                secure:
                  env.TRONCAL_COOKIE_SECURE === 'auto'
                    ? req.protocol === 'https'
                    : env.TRONCAL_COOKIE_SECURE === 'true',
                maxAge: opts.maxAgeSeconds,
              }),
            clearCookie: (name) => res.clearCookie(name, { path: '/' }),
          },
        }),
        onError: ({ error, path: p }) => {
          // A lost database is a 503 the client is told to retry, not an internal error.
          if (error.code === 'INTERNAL_SERVER_ERROR' && !esErrorDeConexion(error.cause))
            app.log.error({ err: error, path: p }, 'error no controlado en tRPC');
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    });
  });

  await app.register(v1Plugin, { prefix: '/v1', db, dbKind, env });

  const webDist = path.resolve(env.TRONCAL_WEB_DIST ?? defaultWebDist);
  const hasSpa = existsSync(path.join(webDist, 'index.html'));
  if (hasSpa) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    const isApi = url.startsWith('/trpc') || url.startsWith('/v1') || url.startsWith('/docs');
    if (!isApi && (req.method === 'GET' || req.method === 'HEAD') && !path.extname(url)) {
      if (hasSpa) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('La SPA no está compilada: ejecute "pnpm build" (o "pnpm start", que compila si hace falta).');
    }
    return reply.code(404).send({ ok: false, message: `No existe la ruta ${req.method} ${url}.` });
  });

  return app;
}

const MAX_PARAM = 5000;

/** tRPC with a session cookie is the SPA; with a token, another system: the change history tells them apart. */
const conCanal = (user: AuthUser | null, solicitud_id: string): AuthUser | null =>
  user ? { ...user, canal: user.via === 'sesion' ? 'spa' : 'trpc', solicitud_id } : null;

const TRPC_JSONRPC = { BAD_REQUEST: -32600, PAYLOAD_TOO_LARGE: -32013, UNSUPPORTED_MEDIA_TYPE: -32015 } as const;

/** An error in tRPC's own shape, for answers given before tRPC runs. */
function errorTrpc(reply: FastifyReply, status: number, code: keyof typeof TRPC_JSONRPC, message: string) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { message, code: TRPC_JSONRPC[code], data: { code, httpStatus: status } } });
}

/**
 * Before tRPC runs: a batch is capped (one GET used to run 330 procedures and hold the event loop for
 * seconds), counted on the decoded path so `%2C` commas count too and whether or not `batch=1` is set.
 * HTML forms are refused: no procedure takes FormData, and a multipart form post is how a plain
 * `<form>` would reach a mutation.
 */
function limitesTrpc(maxLote: number) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const tipo = req.headers['content-type'];
    if (tipo && /^\s*multipart\/form-data/i.test(tipo)) {
      return errorTrpc(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Tipo de contenido no soportado: envíe application/json.');
    }
    const ruta = (req.params as { path?: string }).path ?? '';
    const n = ruta.split(',').length;
    if (n > maxLote) {
      return errorTrpc(
        reply,
        413,
        'PAYLOAD_TOO_LARGE',
        `Demasiados procedimientos en una sola llamada (${n}); el máximo es ${maxLote}.`,
      );
    }
  };
}

const SEGURIDAD = cabecerasSeguridad();

/**
 * Router failures before any route or hook runs (a broken percent-escape, an overlong parameter):
 * Fastify's default body is English and shaped `{statusCode, code, error}`; here it is the contract's
 * `{ ok: false, message }`, or tRPC's shape under /trpc, with the headers every answer carries.
 */
function errorDeRuta(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const [status, message] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, `La ruta es demasiado larga: un parámetro supera los ${MAX_PARAM} caracteres.`]
      : error.code === 'FST_ERR_BAD_URL'
        ? [400, 'La ruta contiene una codificación no válida (un "%" que no forma un carácter UTF-8).']
        : [400, 'Solicitud inválida.'];
  reply.headers(SEGURIDAD.poner).header('x-request-id', req.id);
  if (esRutaTrpc(req.url)) return errorTrpc(reply, status, 'BAD_REQUEST', message);
  return reply.code(status).type('application/json; charset=utf-8').send({ ok: false, message });
}

const ERRORES_DE_CLIENTE: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    'Request Timeout',
    'Se agotó el tiempo para recibir la solicitud completa; vuelva a enviarla.',
  ],
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'La solicitud es demasiado larga: la ruta o las cabeceras superan el tamaño permitido.',
  ],
};

/**
 * What the HTTP parser refuses (a request not received within the timeout, a request line or headers
 * too long, malformed HTTP) is answered on the raw socket, before any route: in the same
 * `{ ok: false, message }` shape, in Spanish, and the connection is closed.
 */
function errorDeCliente(this: FastifyInstance, err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, texto, message] = ERRORES_DE_CLIENTE[err.code ?? ''] ?? [
    400,
    'Bad Request',
    'Solicitud HTTP mal formada.',
  ];
  this.log.debug({ err }, 'solicitud HTTP rechazada por el servidor');
  // An answer already under way on this socket must not be corrupted by a second status line.
  const enCurso = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !enCurso?.headersSent) {
    const body = JSON.stringify({ ok: false, message });
    socket.write(
      `HTTP/1.1 ${status} ${texto}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
