import { createCallerFactory, router } from './init';
import { authRouter } from './routers/auth.router';
import { cambiosRouter } from './routers/cambios.router';
import { clientesRouter } from './routers/clientes.router';
import { conexionesRouter } from './routers/conexiones.router';
import { equiposRouter } from './routers/equipos.router';
import { healthRouter } from './routers/health.router';
import { monitoreoRouter } from './routers/monitoreo.router';
import { nodosRouter } from './routers/nodos.router';
import { proveedoresRouter } from './routers/proveedores.router';
import { serviciosRouter } from './routers/servicios.router';
import { tokensRouter } from './routers/tokens.router';
import { ubigeoRouter } from './routers/ubigeo.router';
import { usuariosRouter } from './routers/usuarios.router';
import { webhooksRouter } from './routers/webhooks.router';

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  usuarios: usuariosRouter,
  tokens: tokensRouter,
  ubigeo: ubigeoRouter,
  proveedores: proveedoresRouter,
  clientes: clientesRouter,
  nodos: nodosRouter,
  equipos: equiposRouter,
  servicios: serviciosRouter,
  conexiones: conexionesRouter,
  monitoreo: monitoreoRouter,
  cambios: cambiosRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
