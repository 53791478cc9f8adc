// The worker thread of one monitoring cycle or backfill run (services/monitoreo/hilo.ts): opens its
// own small pool on the server's PostgreSQL, runs the task, posts its log lines and its result (or
// error) to the server's thread, and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { connectPostgres } from './db/client';
import type { Env } from './env';
import { crearFuentes } from './services/monitoreo/config';
import { deError, type MensajeHilo, type TareaHilo } from './services/monitoreo/hilo';
import { bajarPrioridadDelHilo } from './services/monitoreo/prioridad';
import { type Registro, rellenar, sincronizar } from './services/monitoreo/sincronizar';

const datos = workerData as TareaHilo & { url: string; env: Env };

// The API first (TRONCAL_MONITOREO_NICE, TRONCAL_MONITOREO_SCHED_IDLE): this thread only, on Linux.
// When the CPU is free the cycle runs at full speed; when requests want it, they win.
bajarPrioridadDelHilo(datos.env.TRONCAL_MONITOREO_NICE, datos.env.TRONCAL_MONITOREO_SCHED_IDLE === 'true');
const enviar = (m: MensajeHilo) => parentPort?.postMessage(m);

/** Log lines cross as plain data; an `err` as its message and stack. */
const plano = (o: object): Record<string, unknown> => {
  const { err, ...resto } = o as { err?: unknown };
  return err === undefined ? resto : { ...resto, err: deError(err) };
};
const log: Registro = {
  info: (o, msg) => enviar({ log: 'info', o: plano(o), msg }),
  warn: (o, msg) => enviar({ log: 'warn', o: plano(o), msg }),
  error: (o, msg) => enviar({ log: 'error', o: plano(o), msg }),
};

// The advisory lock's transaction holds one connection; the batch being read and the one being
// written, one each.
const database = connectPostgres(datos.url, { max: 3 });
try {
  const deps = { db: database.db, kind: database.kind, config: datos.env, fuentes: crearFuentes(datos.env), log };
  const resultado =
    datos.tarea === 'sincronizar' ? await sincronizar(deps, datos.opciones) : await rellenar(deps, datos.opciones);
  enviar({ resultado });
} catch (e) {
  enviar({ error: deError(e) });
} finally {
  await database.close().catch(() => {});
}
