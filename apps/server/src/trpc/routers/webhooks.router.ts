import { entregaParamsSchema, entregasQuery, webhookCreateInput, webhookUpdateInput } from '@troncal/domain/schemas';
import { actualizacionInput, idInput } from '../../services/referencia.schemas';
import {
  actualizarWebhook,
  configWebhooks,
  crearWebhook,
  eliminarWebhook,
  listarEntregas,
  listarWebhooks,
  obtenerWebhook,
  probarWebhook,
  reintentarEntrega,
} from '../../services/webhooks';
import { adminProcedure, router } from '../init';

/** Webhook endpoints and their delivery log: admins only. The secret is answered once, by `create`. */
export const webhooksRouter = router({
  list: adminProcedure.query(({ ctx }) => listarWebhooks(ctx.db)),
  byId: adminProcedure.input(idInput).query(({ ctx, input }) => obtenerWebhook(ctx.db, input.id)),
  create: adminProcedure
    .input(webhookCreateInput)
    .mutation(({ ctx, input }) =>
      crearWebhook(ctx.db, { datos: input, usuario: ctx.user, config: configWebhooks(ctx.env) }),
    ),
  update: adminProcedure.input(actualizacionInput(webhookUpdateInput)).mutation(({ ctx, input }) =>
    actualizarWebhook(ctx.db, {
      id: input.id,
      datos: input.datos,
      usuario: ctx.user,
      config: configWebhooks(ctx.env),
    }),
  ),
  eliminar: adminProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => eliminarWebhook(ctx.db, { id: input.id, usuario: ctx.user })),
  entregas: adminProcedure
    .input(idInput.extend(entregasQuery.shape))
    .query(({ ctx, input }) =>
      listarEntregas(ctx.db, { id: input.id, query: { limit: input.limit, offset: input.offset } }),
    ),
  probar: adminProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => probarWebhook(ctx.db, { id: input.id, usuario: ctx.user })),
  reintentar: adminProcedure
    .input(entregaParamsSchema)
    .mutation(({ ctx, input }) => reintentarEntrega(ctx.db, { id: input.id, entrega_id: input.entrega_id })),
});
