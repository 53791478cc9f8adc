import { entregaParamsSchema, entregasQuery, webhookCreateInput, webhookUpdateInput } from '@troncal/domain/schemas';
import { actualizacionInput, idInput } from '../../services/referencia.schemas';
import * as webhooks from '../../services/webhooks';
import { adminProcedure, router } from '../init';

/** Webhook endpoints and their delivery log: admins only. The secret is answered once, by `create`. */
export const webhooksRouter = router({
  list: adminProcedure.query(({ ctx }) => webhooks.listarWebhooks(ctx.db)),
  byId: adminProcedure.input(idInput).query(({ ctx, input }) => webhooks.obtenerWebhook(ctx.db, input.id)),
  create: adminProcedure
    .input(webhookCreateInput)
    .mutation(({ ctx, input }) =>
      webhooks.crearWebhook(ctx.db, { datos: input, usuario: ctx.user, config: webhooks.configWebhooks(ctx.env) }),
    ),
  update: adminProcedure.input(actualizacionInput(webhookUpdateInput)).mutation(({ ctx, input }) =>
    webhooks.actualizarWebhook(ctx.db, {
      id: input.id,
      datos: input.datos,
      usuario: ctx.user,
      config: webhooks.configWebhooks(ctx.env),
    }),
  ),
  eliminar: adminProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => webhooks.eliminarWebhook(ctx.db, { id: input.id, usuario: ctx.user })),
  entregas: adminProcedure
    .input(idInput.extend(entregasQuery.shape))
    .query(({ ctx, input }) =>
      webhooks.listarEntregas(ctx.db, { id: input.id, query: { limit: input.limit, offset: input.offset } }),
    ),
  probar: adminProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => webhooks.probarWebhook(ctx.db, { id: input.id, usuario: ctx.user })),
  reintentar: adminProcedure
    .input(entregaParamsSchema)
    .mutation(({ ctx, input }) => webhooks.reintentarEntrega(ctx.db, { id: input.id, entrega_id: input.entrega_id })),
});
