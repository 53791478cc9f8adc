import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

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
 * Measured (docs/monitoreo.md, "SCHED_IDLE, an index for the windows being filled…"): during steady
 * cycles the detail endpoint kept ≥ 0.8× of its idle ratio in 2 of 8 cycles with nice 15 alone
 * (0.74–0.81×), in 10 of 12 with SCHED_IDLE (0.74–0.98×).
 */
export function bajarPrioridadDelHilo(nice: number, schedIdle: boolean): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(nice);
  } catch {
    // Not allowed here: the thread keeps the server's nice value.
  }
  if (schedIdle) {
    try {
      const tid = readlinkSync('/proc/thread-self').split('/').pop() ?? '';
      if (/^\d+$/.test(tid)) spawnSync('chrt', ['--idle', '-p', '0', tid], { stdio: 'ignore', timeout: 5000 });
    } catch {
      // No /proc or no chrt: the nice value alone.
    }
  }
}
