// The child process of one monitoring cycle or backfill run (services/monitoreo/proceso.ts): takes
// its task from the server over the IPC channel, lowers its own priority, opens its own small pool
// on the server's PostgreSQL, runs the task, sends its log lines and its result (or error) back,
// and ends.
import { connectPostgres } from './db/client';
import type { Env } from './env';
import { fijarOcupacionApi } from './services/monitoreo/cesion';
import { crearFuentes } from './services/monitoreo/config';
import { bajarPrioridadDelProceso } from './services/monitoreo/prioridad';
import { deError, type MensajeProceso, type MensajeServidor, type TareaProceso } from './services/monitoreo/proceso';
import { type Registro, rellenar, sincronizar } from './services/monitoreo/sincronizar';

let terminado = false;
// The server is gone (or closed the channel): so is its cycle. The advisory lock and the open
// transaction go with this process's connections.
process.on('disconnect', () => {
  if (!terminado) process.exit(1);
});

const datos = await new Promise<TareaProceso & { url: string; env: Env }>((ok) => {
  process.once('message', (m) => ok(m as TareaProceso & { url: string; env: Env }));
});
// Then, while the task runs, how busy the server's event loop is (cesion.ts).
process.on('message', (m: MensajeServidor) => {
  if (typeof m === 'object' && m !== null && 'ocupacionApi' in m) fijarOcupacionApi(m.ocupacionApi);
});

// The API first (TRONCAL_MONITOREO_NICE, TRONCAL_MONITOREO_SCHED_IDLE): every thread of this process,
// the garbage collector's included. When the CPU is free the cycle runs at full speed; when
// requests want it, they win.
bajarPrioridadDelProceso(datos.env.TRONCAL_MONITOREO_NICE, datos.env.TRONCAL_MONITOREO_SCHED_IDLE === 'true');

const enviar = (m: MensajeProceso) =>
  new Promise<void>((ok) => {
    if (!process.send) return ok();
    process.send(m, undefined, {}, () => ok());
  });

/** Log lines cross as plain data; an `err` as its message and stack. */
const plano = (o: object): Record<string, unknown> => {
  const { err, ...resto } = o as { err?: unknown };
  return err === undefined ? resto : { ...resto, err: deError(err) };
};
const log: Registro = {
  info: (o, msg) => void enviar({ log: 'info', o: plano(o), msg }),
  warn: (o, msg) => void enviar({ log: 'warn', o: plano(o), msg }),
  error: (o, msg) => void enviar({ log: 'error', o: plano(o), msg }),
};

// The advisory lock's transaction holds one connection; the batch being read and the one being
// written, one each.
const database = connectPostgres(datos.url, { max: 3 });
let respuesta: MensajeProceso;
try {
  const deps = { db: database.db, kind: database.kind, config: datos.env, fuentes: crearFuentes(datos.env), log };
  const resultado =
    datos.tarea === 'sincronizar' ? await sincronizar(deps, datos.opciones) : await rellenar(deps, datos.opciones);
  respuesta = { resultado };
} catch (e) {
  respuesta = { error: deError(e) };
} finally {
  await database.close().catch(() => {});
}
await enviar(respuesta);
terminado = true;
process.disconnect();
