import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { esErrorDeConexion, MENSAJE_BD_NO_DISPONIBLE, RETRY_AFTER_SEGUNDOS } from '../../db/disponibilidad';
import { toDomainError } from '../../errors';

export interface ErrorItem {
  path: string;
  message: string;
}

export function sendError(reply: FastifyReply, status: number, message: string, errors?: ErrorItem[]) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ ok: false, message, ...(errors?.length ? { errors } : {}) });
}

const FASTIFY_MESSAGES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Tipo de contenido no soportado: envíe application/json.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'El cuerpo de la solicitud es demasiado grande.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'El cuerpo JSON está vacío.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'El cuerpo no es JSON válido.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'La longitud del contenido no es válida.'],
};

const where: Record<string, string> = { body: '', querystring: 'query.', params: 'params.', headers: 'headers.' };

/** The one mapping from anything thrown under /v1 to `{ ok: false, message, errors? }` and a real status. */
export function v1ErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const prefix = where[err.validationContext ?? 'body'] ?? '';
    const errors = err.validation.map((v) => {
      const issuePath = (v.params as { issue?: { path?: PropertyKey[] } })?.issue?.path;
      const p = issuePath?.length ? issuePath.join('.') : v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return { path: `${prefix}${p}`.replace(/\.$/, ''), message: v.message ?? 'Valor inválido.' };
    });
    const first = errors[0];
    return sendError(
      reply,
      400,
      first ? `Datos inválidos: ${first.path ? `${first.path}: ` : ''}${first.message}` : 'Datos inválidos.',
      errors,
    );
  }
  if (esErrorDeConexion(err)) {
    req.log.warn({ err }, 'base de datos no disponible en /v1');
    reply.header('retry-after', String(RETRY_AFTER_SEGUNDOS));
    return sendError(reply, 503, MENSAJE_BD_NO_DISPONIBLE);
  }
  const domain = toDomainError(err);
  if (domain) return sendError(reply, domain.status, domain.message, domain.issues);
  const known = err.code ? FASTIFY_MESSAGES[err.code] : undefined;
  if (known) return sendError(reply, known[0], known[1]);
  if (err instanceof SyntaxError || (err as { type?: string }).type === 'entity.parse.failed') {
    return sendError(reply, 400, 'El cuerpo no es JSON válido.');
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return sendError(
      reply,
      err.statusCode,
      err.statusCode === 429 ? 'Demasiadas solicitudes; espere un momento.' : 'Solicitud inválida.',
    );
  }
  req.log.error({ err }, 'error no controlado en /v1');
  return sendError(reply, 500, 'Error interno del servidor.');
}
