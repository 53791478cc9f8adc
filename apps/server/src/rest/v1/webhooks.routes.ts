import {
  entregaParamsSchema,
  entregasQuery,
  entregaWebhookSchema,
  webhookCreadoResponse,
  webhookCreateInput,
  webhookSchema,
  webhookUpdateInput,
} from '@troncal/domain/schemas';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actualizarWebhook,
  configWebhooks,
  crearWebhook,
  eliminarWebhook,
  listarEntregas,
  listarWebhooks,
  probarWebhook,
  reintentarEntrega,
} from '../../services/webhooks';
import { cuerpoObjeto } from './conexiones.schemas';
import {
  dataEnvelope,
  errores,
  erroresEscritura,
  listEnvelope,
  okEnvelope,
  selectEnvelope,
  updateEnvelope,
} from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const tags = ['Webhooks'];
const config = { rol: 'admin' as const };

/**
 * Endpoints other systems register to be told about changes (README, "Webhooks"). Admins only:
 * a webhook sends inventory data wherever its URL points.
 */
export async function webhooksRoutes(app: FastifyInstance, { db, env }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cfg = configWebhooks(env);

  r.get(
    '/webhooks',
    {
      config,
      schema: {
        tags,
        summary: 'Los webhooks registrados, con sus entregas pendientes y fallidas (nunca el secreto)',
        response: { 200: selectEnvelope(webhookSchema), ...errores },
      },
    },
    async () => ({ ok: true as const, data: await listarWebhooks(db) }),
  );

  r.post(
    '/webhooks',
    {
      // A replay under the same Idempotency-Key answers the webhook_id with secreto: null.
      config: { ...config, secretos: ['secreto'] },
      schema: {
        tags,
        summary:
          'Registra un webhook ({ url, descripcion?, eventos }). La respuesta trae el secreto de firma: ' +
          'es la única vez que se muestra (repetida con el mismo Idempotency-Key, la respuesta trae secreto: null).',
        body: cuerpoObjeto(webhookCreateInput),
        response: { 201: webhookCreadoResponse, ...erroresEscritura },
      },
    },
    async (req, reply) => {
      const res = await crearWebhook(db, { datos: req.body as never, usuario: req.user, config: cfg });
      return reply.code(201).send({
        ok: true as const,
        message: 'Webhook registrado. Guarde el secreto: no se volverá a mostrar.',
        ...res,
      });
    },
  );

  r.put(
    '/webhooks/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Cambia la URL, la descripción, los eventos o si está activo (solo los campos enviados)',
        params: idParamsSchema,
        body: cuerpoObjeto(webhookUpdateInput),
        response: { 200: updateEnvelope(webhookSchema), ...erroresEscritura },
      },
    },
    async (req) => {
      const data = await actualizarWebhook(db, {
        id: req.params.id,
        datos: req.body as never,
        usuario: req.user,
        config: cfg,
      });
      return { ok: true as const, message: 'Webhook actualizado.', data };
    },
  );

  r.delete(
    '/webhooks/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Elimina el webhook con sus entregas',
        params: idParamsSchema,
        response: { 200: okEnvelope, ...erroresEscritura },
      },
    },
    async (req) => {
      await eliminarWebhook(db, { id: req.params.id, usuario: req.user });
      return { ok: true as const, message: 'Webhook eliminado.' };
    },
  );

  r.get(
    '/webhooks/:id/entregas',
    {
      config,
      schema: {
        tags,
        summary: 'Registro de entregas del webhook, la más reciente primero (estado, intentos, último código)',
        params: idParamsSchema,
        querystring: entregasQuery,
        response: { 200: listEnvelope(entregaWebhookSchema), ...errores },
      },
    },
    async (req) => ({ ok: true as const, ...(await listarEntregas(db, { id: req.params.id, query: req.query })) }),
  );

  r.post(
    '/webhooks/:id/prueba',
    {
      config,
      schema: {
        tags,
        summary: 'Enviar prueba: un evento webhook.prueba, firmado, solo a este webhook',
        params: idParamsSchema,
        response: { 202: okEnvelope.extend({ evento_id: z.string() }), ...erroresEscritura },
      },
    },
    async (req, reply) => {
      const res = await probarWebhook(db, { id: req.params.id, usuario: req.user });
      return reply.code(202).send({ ok: true as const, message: 'Prueba en cola de envío.', ...res });
    },
  );

  r.post(
    '/webhooks/:id/entregas/:entrega_id/reintentar',
    {
      config,
      schema: {
        tags,
        summary: 'Vuelve a poner la entrega en cola ahora, con una nueva ventana de reintentos',
        params: entregaParamsSchema,
        response: { 200: dataEnvelope(entregaWebhookSchema), ...erroresEscritura },
      },
    },
    async (req) => ({
      ok: true as const,
      message: 'Entrega en cola de reenvío.',
      data: await reintentarEntrega(db, { id: req.params.id, entrega_id: req.params.entrega_id }),
    }),
  );
}
