import { apiTokenCreateInput, idSchema } from '@troncal/domain/schemas';
import { z } from 'zod';
import { crearToken, listarTokens, revocarToken } from '../../services/tokens.service';
import { adminProcedure, router } from '../init';

/** REST tokens: admins only. The secret is returned once, by `crear`, and never stored in clear. */
export const tokensRouter = router({
  listar: adminProcedure.query(({ ctx }) => listarTokens(ctx.db)),
  crear: adminProcedure
    .input(apiTokenCreateInput)
    .mutation(({ ctx, input }) => crearToken(ctx.db, input, ctx.user.usuario_id)),
  revocar: adminProcedure
    .input(z.object({ token_id: idSchema }))
    .mutation(({ ctx, input }) => revocarToken(ctx.db, input.token_id, ctx.user)),
});
