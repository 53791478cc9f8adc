import { Worker } from 'node:worker_threads';
import { DomainError } from '@troncal/domain/errors';
import type { Env } from '../../env';
import type { OpcionesCiclo, Registro } from './sincronizar';

/**
 * A monitoring cycle or backfill run in a worker thread (docs/monitoreo.md, "The cycle",
 * step 0): on PostgreSQL the cycle's own work — parsing the sources' answers, building its batches,
 * its database round trips — runs on a thread of its own, with its own small pool, so the API's
 * event loop never waits behind it. The worker starts for one cycle and ends with it: nothing of
 * the cycle stays in the server's memory between cycles, and a cycle that exhausts its heap fails
 * alone (the server logs it and goes on). PGlite stays in the server's thread: its one connection
 * cannot be shared with a thread.
 */

/** What the worker needs: the database URL and the loaded environment (sources, window, interval). */
export interface HiloCiclo {
  url: string;
  env: Env;
}

export type TareaHilo =
  | { tarea: 'sincronizar'; opciones: OpcionesCiclo }
  | { tarea: 'rellenar'; opciones: Pick<OpcionesCiclo, 'ahora' | 'plazoRellenoS'> };

/** Messages from the worker: log lines as they happen, then one result or one error. */
export type MensajeHilo =
  | { log: 'info' | 'warn' | 'error'; o: Record<string, unknown>; msg?: string }
  | { resultado: unknown }
  | { error: { message: string; stack?: string; dominio?: { code: string; issues?: unknown } } };

/** A heap ceiling for the worker: a runaway cycle ends in an error, not in the server's death. */
const HEAP_MB = 1024;

/** The worker's script: beside main.js/cli.js when built; the TypeScript source under tsx otherwise. */
function script(): { url: URL; execArgv: string[] } {
  if (import.meta.url.endsWith('.js')) return { url: new URL('./monitoreo-hilo.js', import.meta.url), execArgv: [] };
  return { url: new URL('../../monitoreo-hilo-dev.mjs', import.meta.url), execArgv: ['--conditions=@troncal/source'] };
}

/** Runs `t` in a new worker thread and answers what it answers (or throws what it threw). */
export function enHilo<T>(hilo: HiloCiclo, t: TareaHilo, log?: Registro): Promise<T> {
  const { url, execArgv } = script();
  return new Promise<T>((resolve, reject) => {
    let fin = false;
    const w = new Worker(url, {
      workerData: { ...t, url: hilo.url, env: hilo.env },
      execArgv,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
    });
    w.on('message', (m: MensajeHilo) => {
      if ('log' in m) {
        const o = m.o.err ? { ...m.o, err: aError(m.o.err as { message: string; stack?: string }) } : m.o;
        log?.[m.log](o, m.msg);
      } else if ('resultado' in m) {
        fin = true;
        resolve(m.resultado as T);
      } else {
        fin = true;
        reject(aError(m.error));
      }
    });
    w.on('error', (e) => {
      if (fin) return;
      fin = true;
      reject(e);
    });
    w.on('exit', (code) => {
      if (fin) return;
      fin = true;
      reject(new Error(`El hilo del ciclo de monitoreo terminó sin responder (código ${code}).`));
    });
  });
}

/** An error as it crosses the thread boundary: plain data, and back into a DomainError when it was one. */
export function deError(e: unknown): Extract<MensajeHilo, { error: unknown }>['error'] {
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
