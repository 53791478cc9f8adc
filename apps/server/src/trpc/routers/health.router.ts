import { checkDatabase } from '../../services/health.service';
import { publicProcedure, router } from '../init';

export const healthRouter = router({
  check: publicProcedure.query(({ ctx }) => checkDatabase(ctx.db, ctx.dbKind)),
});
