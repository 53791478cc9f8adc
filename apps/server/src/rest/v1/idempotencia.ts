import type { FastifyInstance } from 'fastify';
import type { DbOrTx } from '../../db/client';
import { toDomainError } from '../../errors';
import {
  guardarRespuesta,
  liberarClave,
  reservarClave,
  type SolicitudIdempotente,
  sujetoDe,
} from '../../services/idempotencia';
import { sendError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencia?: Pick<SolicitudIdempotente, 'sujeto' | 'clave'>;
  }
  interface FastifyContextConfig {
    /** Answer fields shown once (a webhook's secret): kept as null, so a replay never repeats them. */
    secretos?: string[];
  }
}

function sinSecretos(cuerpo: unknown, campos: string[] | undefined): unknown {
  if (!campos || typeof cuerpo !== 'object' || cuerpo === null) return cuerpo;
  return { ...cuerpo, ...Object.fromEntries(campos.map((c) => [c, null])) };
}

/**
 * `Idempotency-Key` on every /v1 POST: after authentication and validation the key is reserved;
 * a repeat answers the first answer (status and body, with `Idempotent-Replayed: true`) without
 * running the handler. When the response goes out, a success is kept and anything else frees the
 * key, so a corrected request may use it again.
 */
export function registrarIdempotencia(app: FastifyInstance, db: DbOrTx) {
  app.addHook('preHandler', async (req, reply) => {
    const clave = req.headers['idempotency-key'];
    if (req.method !== 'POST' || clave === undefined || !req.user) return;
    const valor = Array.isArray(clave) ? clave.join(',') : clave;
    const ruta = `POST ${req.url.split('?')[0]}`;
    const sol = { sujeto: sujetoDe(req.user), clave: valor, ruta, cuerpo: req.body };
    try {
      const reserva = await reservarClave(db, sol);
      if (reserva.tipo === 'repetida') {
        return reply
          .code(reserva.estado_http)
          .header('idempotent-replayed', 'true')
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(reserva.respuesta));
      }
      req.idempotencia = { sujeto: sol.sujeto, clave: valor };
    } catch (e) {
      const d = toDomainError(e);
      if (!d) throw e;
      return sendError(reply, d.status, d.message);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const sol = req.idempotencia;
    if (!sol) return payload;
    req.idempotencia = undefined;
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      const cuerpo = sinSecretos(JSON.parse(payload), req.routeOptions.config.secretos);
      await guardarRespuesta(db, sol, reply.statusCode, cuerpo);
    } else {
      await liberarClave(db, sol);
    }
    return payload;
  });
}

/** The OpenAPI side: every POST under /v1 documents the optional header. */
export const PARAMETRO_IDEMPOTENCIA = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Opcional. Una clave única por operación (p. ej. un UUID), de 1 a 200 caracteres ASCII visibles. Si la misma ' +
    'solicitud se repite con la misma clave en 24 h, se responde la primera respuesta (con `Idempotent-Replayed: true`) ' +
    'sin volver a ejecutarla; la misma clave con otro cuerpo u otra ruta responde 422.',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};

export function documentarIdempotencia<T extends { paths?: Record<string, Record<string, unknown>> }>(doc: T): T {
  for (const [ruta, metodos] of Object.entries(doc.paths ?? {})) {
    const post = metodos.post as { parameters?: unknown[] } | undefined;
    if (!ruta.startsWith('/v1/') || !post) continue;
    post.parameters = [...(post.parameters ?? []), PARAMETRO_IDEMPOTENCIA];
  }
  return doc;
}
