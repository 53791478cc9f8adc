import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DomainError } from '@troncal/domain/errors';
import type { Env } from '../../env';
import type { OpcionesCiclo, Registro } from './sincronizar';

/**
 * A monitoring cycle or backfill run in a child process (docs/monitoreo.md, "The cycle", step 0):
 * on PostgreSQL the cycle's own work — parsing the sources' answers, building its batches, its
 * database round trips, and the garbage collection and compilation all that needs — runs in a
 * process of its own, with its own small pool, at a priority below the API's (prioridad.ts). A
 * worker thread did this until 2026-12-04, but V8 collects a worker's garbage on threads it shares
 * with the server's, at the server's priority: there, ~40 % of the cycle's CPU. The process starts
 * for one cycle and ends with it: nothing of the cycle stays in the server's memory between cycles,
 * a cycle that exhausts its heap fails alone (the server logs it and goes on), and when the server
 * goes, so does its cycle (the advisory lock goes with its connection). PGlite stays in the
 * server's process: its one connection cannot be shared.
 */

/** What the child needs: the database URL and the loaded environment (sources, window, interval). */
export interface ProcesoCiclo {
  url: string;
  env: Env;
}

export type TareaProceso =
  | { tarea: 'sincronizar'; opciones: OpcionesCiclo }
  | { tarea: 'rellenar'; opciones: Pick<OpcionesCiclo, 'ahora' | 'plazoRellenoS'> };

/** Messages from the child: log lines as they happen, then one result or one error. */
export type MensajeProceso =
  | { log: 'info' | 'warn' | 'error'; o: Record<string, unknown>; msg?: string }
  | { resultado: unknown }
  | { error: { message: string; stack?: string; dominio?: { code: string; issues?: unknown } } };

/** After the task, every MUESTRA_OCUPACION_MS while the child runs: the server's event loop's utilisation (cesion.ts). */
export type MensajeServidor = { ocupacionApi: number };
const MUESTRA_OCUPACION_MS = 250;

/** A heap ceiling for the child: a runaway cycle ends in an error, not in the machine's memory. */
const HEAP_MB = 1024;

/** The child's script: beside main.js/cli.js when built; the TypeScript source under tsx otherwise. */
function script(): { ruta: string; execArgv: string[] } {
  if (import.meta.url.endsWith('.js')) {
    return { ruta: fileURLToPath(new URL('./monitoreo-proceso.js', import.meta.url)), execArgv: [] };
  }
  return {
    ruta: fileURLToPath(new URL('../../monitoreo-proceso-dev.mjs', import.meta.url)),
    execArgv: ['--conditions=@troncal/source'],
  };
}

/** Runs `t` in a new child process and answers what it answers (or throws what it threw). */
export function enProceso<T>(p: ProcesoCiclo, t: TareaProceso, log?: Registro): Promise<T> {
  const { ruta, execArgv } = script();
  return new Promise<T>((resolve, reject) => {
    let fin = false;
    let muestreo: NodeJS.Timeout | undefined;
    const terminar = (f: () => void) => {
      if (fin) return;
      fin = true;
      clearInterval(muestreo);
      f();
    };
    // The task and the URL go through the IPC channel, not argv or the environment: `ps` shows neither.
    const hijo = fork(ruta, [], {
      execArgv: [...execArgv, `--max-old-space-size=${HEAP_MB}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    hijo.on('message', (m: MensajeProceso) => {
      if ('log' in m) {
        const o = m.o.err ? { ...m.o, err: aError(m.o.err as { message: string; stack?: string }) } : m.o;
        log?.[m.log](o, m.msg);
      } else if ('resultado' in m) {
        terminar(() => resolve(m.resultado as T));
      } else {
        terminar(() => reject(aError(m.error)));
      }
    });
    hijo.on('error', (e) => terminar(() => reject(e)));
    hijo.on('exit', (code, signal) =>
      terminar(() =>
        reject(
          new Error(
            `El proceso del ciclo de monitoreo terminó sin responder (${signal ? `señal ${signal}` : `código ${code}`}).`,
          ),
        ),
      ),
    );
    hijo.send({ ...t, url: p.url, env: p.env });
    // How busy this process's event loop (the API) was over the last interval, for the cycle to yield.
    let antes = performance.eventLoopUtilization();
    muestreo = setInterval(() => {
      const ahora = performance.eventLoopUtilization();
      const m: MensajeServidor = { ocupacionApi: performance.eventLoopUtilization(ahora, antes).utilization };
      antes = ahora;
      if (hijo.connected) hijo.send(m, () => {});
    }, MUESTRA_OCUPACION_MS);
    muestreo.unref();
  });
}

/** An error as it crosses the process boundary: plain data, and back into a DomainError when it was one. */
export function deError(e: unknown): Extract<MensajeProceso, { error: unknown }>['error'] {
  const err = e instanceof Error ? e : new Error(String(e));
  const dominio = e instanceof DomainError ? { code: e.code, issues: e.issues } : undefined;
  return { message: err.message, stack: err.stack, dominio };
}

function aError(e: { message: string; stack?: string; dominio?: { code: string; issues?: unknown } }): Error {
  const err = e.dominio
    ? new DomainError(e.dominio.code as DomainError['code'], e.message, e.dominio.issues as DomainError['issues'])
    : new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}
