import { createCallerFactory, router } from './init';
import { healthRouter } from './routers/health.router';
import { ubigeoRouter } from './routers/ubigeo.router';

export const appRouter = router({
  health: healthRouter,
  ubigeo: ubigeoRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
