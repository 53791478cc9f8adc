import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** What the calling thread got: its nice value and whether it runs under SCHED_IDLE (null/false: not set). */
export interface PrioridadHilo {
  nice: number | null;
  schedIdle: boolean;
}

/**
 * The API first: lowers the calling thread's CPU priority, on Linux only, where both apply to the
 * one thread (elsewhere they would lower the whole server). Called by the cycle's worker thread
 * (monitoreo-hilo.ts); never throws, since a cycle at the server's priority is still a cycle.
 *
 * - `nice` (TRONCAL_MONITOREO_NICE) shares the CPU by weight: the thread still keeps a core for a
 *   few milliseconds when a request wakes up to be served.
 * - `schedIdle` (TRONCAL_MONITOREO_SCHED_IDLE) also puts it under SCHED_IDLE: it runs only on a
 *   core nothing else wants, and any woken request takes that core from it at once. Node has no
 *   sched_setscheduler, so util-linux's `chrt` sets it for this thread's id (read from
 *   /proc/thread-self). Lowering one's own priority needs no privilege. Where `chrt` is missing,
 *   the nice value alone applies.
 *
 * Measured (docs/monitoreo.md, "SCHED_IDLE"): with nice 15 alone the detail endpoint kept
 * 0.66–0.80× of its idle throughput during cycles; with SCHED_IDLE, 0.81–0.88×.
 */
export function bajarPrioridadDelHilo(nice: number, schedIdle: boolean): PrioridadHilo {
  const r: PrioridadHilo = { nice: null, schedIdle: false };
  if (process.platform !== 'linux') return r;
  try {
    setPriority(nice);
    r.nice = nice;
  } catch {
    // Not allowed here: the thread keeps the server's nice value.
  }
  if (schedIdle) {
    try {
      const tid = readlinkSync('/proc/thread-self').split('/').pop() ?? '';
      if (/^\d+$/.test(tid)) {
        const chrt = spawnSync('chrt', ['--idle', '-p', '0', tid], { stdio: 'ignore', timeout: 5000 });
        r.schedIdle = chrt.status === 0;
      }
    } catch {
      // No /proc or no chrt: the nice value alone.
    }
  }
  return r;
}
