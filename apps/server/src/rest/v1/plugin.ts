import type { Rol } from '@troncal/domain/enums';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { resolveUser } from '../../auth/tokens';
import type { AuthUser } from '../../auth/types';
import { rolAlcanza } from '../../auth/types';
import type { Db, DbKind } from '../../db/client';
import type { Env } from '../../env';
import { cambiosRoutes } from './cambios.routes';
import { conexionesRoutes } from './conexiones.routes';
import { sendError, v1ErrorHandler } from './errors';
import { exportacionRoutes } from './exportacion.routes';
import { registrarIdempotencia } from './idempotencia';
import { importacionRoutes } from './importacion.routes';
import { monitoreoRoutes } from './monitoreo.routes';
import { clientesRoutes, equiposRoutes, nodosRoutes, proveedoresRoutes } from './referencia.routes';
import { serviciosRoutes } from './servicios.routes';
import { ubigeoRoutes } from './ubigeo.routes';
import { webhooksRoutes } from './webhooks.routes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anonymous access (health, openapi). Everything else needs a token or a session. */
    publico?: boolean;
    /** Minimum role; default lector for GET/HEAD, operador for anything that writes. */
    rol?: Rol;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export interface V1Deps {
  db: Db;
  dbKind: DbKind;
  env: Env;
}

/** Every /v1 feature registers here; the role check lives in this one hook, not in handlers. */
export type V1Routes = (app: FastifyInstance, deps: V1Deps) => Promise<void> | void;

export const v1Features: V1Routes[] = [
  ubigeoRoutes,
  proveedoresRoutes,
  clientesRoutes,
  nodosRoutes,
  equiposRoutes,
  serviciosRoutes,
  conexionesRoutes,
  monitoreoRoutes,
  cambiosRoutes,
  webhooksRoutes,
  exportacionRoutes,
  importacionRoutes,
];

export const v1Plugin: FastifyPluginAsync<V1Deps> = async (app, deps) => {
  app.setErrorHandler(v1ErrorHandler);
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 404, `No existe la ruta ${req.method} ${req.url.split('?')[0]}.`),
  );
  app.decorateRequest('user', null);
  // /v1 speaks JSON only: without this, Fastify's built-in text/plain parser lets a text body reach
  // the handlers as a string (a 400) instead of the 415 that names the problem.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (req, reply) => {
    const cfg = req.routeOptions.config;
    if (!req.routeOptions.url) return; // not-found handler answers unknown paths
    if (cfg.publico) return;
    const user = await resolveUser(deps.db, { authorization: req.headers.authorization, cookie: req.headers.cookie });
    if (!user) {
      reply.header('www-authenticate', 'Bearer realm="troncal"');
      return req.headers.authorization
        ? sendError(reply, 401, 'Token inválido, revocado o mal formado: envíe Authorization: Bearer <token>.')
        : sendError(reply, 401, 'No autenticado: envíe Authorization: Bearer <token>.');
    }
    const needed: Rol = cfg.rol ?? (req.method === 'GET' || req.method === 'HEAD' ? 'lector' : 'operador');
    if (!rolAlcanza(user.rol, needed)) {
      return sendError(reply, 403, `Su rol (${user.rol}) no permite esta operación; se requiere ${needed}.`);
    }
    // The change history records the transport and the request id with whoever made the change.
    req.user = { ...user, canal: 'v1', solicitud_id: req.id };
  });

  registrarIdempotencia(app, deps.db);

  for (const feature of v1Features) await feature(app, deps);
};
