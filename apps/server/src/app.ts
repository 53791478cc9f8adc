import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { csrfOnRequest } from './auth/csrf';
import { resolveUser } from './auth/tokens';
import type { Database } from './db/client';
import type { Env } from './env';
import { defaultWebDist } from './paths';
import { v1Plugin } from './rest/v1/plugin';
import { registrarSeguridad } from './seguridad';
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
  const app = Fastify({
    logger: logger ? { level: env.LOG_LEVEL } : false,
    requestIdHeader: 'x-request-id',
    bodyLimit: 1024 * 1024,
    trustProxy: env.TRONCAL_TRUST_PROXY,
    routerOptions: { maxParamLength: 5000 },
  });

  if (onRoute) app.addHook('onRoute', onRoute);
  // Cookie sessions: refuse cross-site writes to /trpc and /v1 before any route runs.
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
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs/api', uiConfig: { url: '/v1/openapi.json' } });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    const health = await checkDatabase(db, dbKind);
    return reply.code(health.ok ? 200 : 503).send(health);
  });
  app.get('/v1/openapi.json', { schema: { hide: true }, config: { publico: true } }, async () => app.swagger());

  await app.register(async (scope) => {
    await scope.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        createContext: async ({ req, res }): Promise<Context> => ({
          db,
          dbKind,
          env,
          user: await resolveUser(db, { authorization: req.headers.authorization, cookie: req.headers.cookie }),
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
          if (error.code === 'INTERNAL_SERVER_ERROR')
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
