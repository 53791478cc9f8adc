import { setTimeout as dormir } from 'node:timers/promises';

/**
 * The cycle yields to a busy API (docs/monitoreo.md, "Yielding to a busy API"). The cycle's process
 * runs below the API's priority (prioridad.ts), but its PostgreSQL statements run in a backend at the
 * database's own priority, beside the API's. So while the server's event loop is busy serving
 * requests, the cycle rests between batches as long as its last batch took (about half its pace),
 * during its first PLAZO_CESION_S only: a cycle still ends, and when the API is quiet nothing waits.
 *
 * The server's process measures its event loop's utilisation and sends it to the cycle's process
 * (proceso.ts); in the server's own process (PGlite) nothing is sent and the cycle never waits.
 */

/** Above this share of the last interval busy, the server's event loop is serving load. */
export const UMBRAL_OCUPADA = 0.5;
/** The cycle yields only during its first seconds (its target length on a loaded server). */
export const PLAZO_CESION_S = 45;
/** Longest rest between two batches. */
const DESCANSO_MAX_MS = 500;

let ocupacion = 0;

/** What the server last reported: its event loop's utilisation (0 … 1). */
export function fijarOcupacionApi(x: number): void {
  ocupacion = Number.isFinite(x) ? x : 0;
}

/** Whole milliseconds to rest after a batch that took `trabajoMs`, `transcurridoMs` into the cycle (0: go on). */
export function descanso(trabajoMs: number, transcurridoMs: number): number {
  if (ocupacion < UMBRAL_OCUPADA || transcurridoMs >= PLAZO_CESION_S * 1000) return 0;
  return Math.round(Math.max(0, Math.min(trabajoMs, DESCANSO_MAX_MS, PLAZO_CESION_S * 1000 - transcurridoMs)));
}

/** Rests as `descanso` says; answers the milliseconds rested. */
export async function cederAlApi(trabajoMs: number, transcurridoMs: number): Promise<number> {
  const ms = descanso(trabajoMs, transcurridoMs);
  if (ms > 0) await dormir(ms);
  return ms;
}
