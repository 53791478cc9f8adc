import { apiTokenCreateInput } from '@troncal/domain/schemas';
import { idInput } from '../../services/referencia.schemas';
import { crearToken, listarTokens, revocarToken } from '../../services/tokens.service';
import { adminProcedure, router } from '../init';

/** REST tokens: admins only. The secret is returned once, by `create`, and never stored in clear. */
export const tokensRouter = router({
  list: adminProcedure.query(({ ctx }) => listarTokens(ctx.db)),
  create: adminProcedure
    .input(apiTokenCreateInput)
    .mutation(({ ctx, input }) => crearToken(ctx.db, input, ctx.user.usuario_id, ctx.user)),
  revocar: adminProcedure.input(idInput).mutation(({ ctx, input }) => revocarToken(ctx.db, input.id, ctx.user)),
});
