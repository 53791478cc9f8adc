import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The API first: lowers the CPU priority of every thread of the calling process (the cycle's child
 * process, monitoreo-proceso.ts: its JavaScript, V8's garbage collection and compilation threads,
 * libuv's pool when it starts). Never throws, since a cycle at the server's priority is still a cycle.
 *
 * - `nice` (TRONCAL_MONITOREO_NICE) shares the CPU by weight: the process still keeps a core for a
 *   few milliseconds when a request wakes up to be served. On Linux a nice value is per thread, so
 *   each thread is set; threads started later inherit it from the one that starts them.
 * - `schedIdle` (TRONCAL_MONITOREO_SCHED_IDLE, Linux) also puts them under SCHED_IDLE: they run only
 *   on a core nothing else wants, and any woken request takes that core from them at once. Node has
 *   no sched_setscheduler, so util-linux's `chrt --all-tasks` sets it for the process. Lowering
 *   one's own priority needs no privilege. Where `chrt` is missing, the nice value alone applies.
 *
 * Measured (docs/monitoreo.md, "The cycle in a process of its own"): V8's garbage collection and
 * compiler threads do 16–17 of an unloaded steady cycle's 42–44 CPU-seconds at 110,000 bindings; when
 * the cycle was a worker thread lowered alone, they ran at the server's priority.
 */
export function bajarPrioridadDelProceso(nice: number, schedIdle: boolean): void {
  if (process.platform !== 'linux') {
    try {
      setPriority(nice);
    } catch {
      // Not allowed here: the process keeps the server's nice value.
    }
    return;
  }
  let hilos: string[] = [];
  try {
    hilos = readdirSync('/proc/self/task');
  } catch {
    // No /proc: the calling thread alone.
  }
  for (const tid of hilos.length > 0 ? hilos : ['0']) {
    try {
      setPriority(Number(tid), nice);
    } catch {
      // Not allowed, or the thread ended meanwhile.
    }
  }
  if (schedIdle) {
    try {
      spawnSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(process.pid)], {
        stdio: 'ignore',
        timeout: 5000,
      });
    } catch {
      // No chrt: the nice value alone.
    }
  }
}
