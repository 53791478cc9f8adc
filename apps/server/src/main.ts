import { buildApp } from './app';
import { DataDirBusyError, openDatabase } from './db/client';
import { EnvError, loadEnv } from './env';

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
    database = await openDatabase(env);
    await database.migrate();
  } catch (e) {
    if (e instanceof DataDirBusyError) {
      console.error(e.message);
      process.exit(1);
    }
    console.error(`No se pudo abrir la base de datos: ${(e as Error).message}`);
    process.exit(1);
  }

  const app = await buildApp({ env, database });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'deteniendo Troncal');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await app.close();
      await database.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: env.PORT, host: env.HOST });
  app.log.info(`Troncal escuchando en el puerto ${env.PORT} (base de datos: ${database.kind})`);
}

void main();
