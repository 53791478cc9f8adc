import { buildApp } from './app';
import { DataDirBusyError, openDatabase } from './db/client';
import { esErrorDeConexion } from './db/disponibilidad';
import { EnvError, loadEnv } from './env';
import { iniciarMonitoreo } from './services/monitoreo/programador';
import { configRepartidor, configWebhooks, iniciarRepartidor, type Repartidor } from './services/webhooks';

/** How long a start waits for PostgreSQL to accept connections (a compose start, a restart of both). */
const ESPERA_BD_MS = 60_000;

async function abrirYMigrar(env: ReturnType<typeof loadEnv>) {
  const database = await openDatabase(env);
  const limite = Date.now() + ESPERA_BD_MS;
  for (let intento = 1; ; intento++) {
    try {
      await database.migrate();
      return database;
    } catch (e) {
      if (!esErrorDeConexion(e) || Date.now() > limite) {
        await database.close().catch(() => {});
        throw e;
      }
      console.error(`La base de datos aún no responde (${(e as Error).message}); reintento ${intento}…`);
      await new Promise((r) => setTimeout(r, Math.min(500 * intento, 5000)));
    }
  }
}

async function main() {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }

  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await abrirYMigrar(env);
  } catch (e) {
    if (e instanceof DataDirBusyError) {
      console.error(e.message);
      process.exit(1);
    }
    console.error(`No se pudo abrir la base de datos: ${(e as Error).message}`);
    process.exit(1);
  }

  // Every API 503 (the database unreachable) says when to retry.
  const app = await buildApp({ env, database });
  let monitoreo: ReturnType<typeof iniciarMonitoreo> = null;
  let repartidor: Repartidor | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'deteniendo Troncal');
    monitoreo?.detener();
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      // Attempts under way finish (or reach their deadline) and are recorded before the pool closes.
      await repartidor?.detener();
      await app.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  app.log.info({ port }, `Troncal escuchando en el puerto ${port} (base de datos: ${database.kind})`);
  // Only with a source configured; otherwise monitoring is off and says nothing.
  monitoreo = iniciarMonitoreo({ db: database.db, kind: database.kind, env, log: app.log });
  if (env.TRONCAL_WEBHOOKS_REPARTIDOR === 'true') {
    const { clave, politica } = configWebhooks(env);
    repartidor = iniciarRepartidor({ db: database.db, config: configRepartidor(env), politica, clave, log: app.log });
  }
}

void main();
