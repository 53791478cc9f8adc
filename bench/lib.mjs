// Process, network and measurement helpers for run.mjs. Everything here kills only the processes it
// started (by PID) and talks only to 127.0.0.1.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(benchDir, '..');

export const esperar = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1 (the OS picks it; we release it right away). */
export function puertoLibre() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Every child this run started, so cleanup can stop exactly those. */
const hijos = new Set();

/**
 * Spawns a long-running child (server, baseline). Its output is kept in a small ring buffer and
 * shown only if it dies unexpectedly.
 */
export function lanzar(nombre, comando, args, opts = {}) {
  const hijo = spawn(comando, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const cola = [];
  const guardar = (buf) => {
    for (const linea of buf.toString().split('\n')) {
      if (!linea) continue;
      cola.push(linea);
      if (cola.length > 40) cola.shift();
    }
  };
  hijo.stdout?.on('data', guardar);
  hijo.stderr?.on('data', guardar);
  hijo.nombre = nombre;
  hijo.salida = cola;
  hijo.terminado = new Promise((resolve) => hijo.on('exit', (code, signal) => resolve({ code, signal })));
  hijo.terminado.then(() => hijos.delete(hijo));
  hijos.add(hijo);
  return hijo;
}

/** SIGTERM, then SIGKILL after `gracia` ms; by PID, only our own child. */
export async function detener(hijo, gracia = 5000) {
  if (!hijo || hijo.exitCode !== null || hijo.signalCode !== null) return;
  hijo.kill('SIGTERM');
  const t = setTimeout(() => {
    if (hijo.exitCode === null && hijo.signalCode === null) hijo.kill('SIGKILL');
  }, gracia);
  await hijo.terminado;
  clearTimeout(t);
}

export async function detenerTodos() {
  await Promise.all([...hijos].map((h) => detener(h)));
}

/** Polls `url` until it answers 200; fails early if `hijo` exits. Returns ms from `desde`. */
export async function esperarSalud(url, hijo, { desde = performance.now(), limiteMs = 60_000, cadaMs = 20 } = {}) {
  for (;;) {
    if (hijo && (hijo.exitCode !== null || hijo.signalCode !== null)) {
      throw new Error(
        `${hijo.nombre} terminó antes de responder (código ${hijo.exitCode}):\n${hijo.salida.join('\n')}`,
      );
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === 200) return performance.now() - desde;
    } catch {
      // not listening yet
    }
    if (performance.now() - desde > limiteMs) throw new Error(`${url} no respondió 200 en ${limiteMs / 1000} s.`);
    await esperar(cadaMs);
  }
}

/** Resident memory of a process in MiB, from /proc (Linux); null elsewhere. */
function rssPropioMiB(pid) {
  return kbMiB(`/proc/${pid}/status`, /VmRSS:\s+(\d+)\s+kB/);
}

/**
 * Proportional set size in MiB (/proc/PID/smaps_rollup): resident pages, each shared page divided among
 * the processes sharing it. The server and its cycle's process both map the node binary and its
 * libraries: their RSS counts those pages twice, their PSS once.
 */
function pssPropioMiB(pid) {
  return kbMiB(`/proc/${pid}/smaps_rollup`, /^Pss:\s+(\d+)\s+kB/m);
}

/** A kB field of a /proc file, in MiB; null when the file or the field is missing. */
function kbMiB(archivo, campo) {
  try {
    const m = campo.exec(readFileSync(archivo, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** PSS in MiB of a process and of the processes it started (see rssMiB); null elsewhere. */
export function pssMiB(pid) {
  return conHijos(pid, pssPropioMiB);
}

/** Fields of /proc/PID/stat after the command (field 3 on); null once the process is gone. */
function stat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The processes `pid` started, and theirs, still running (Linux's /proc/PID/task/TID/children; none elsewhere). */
export function descendientes(pid) {
  const todos = [];
  const pendientes = [Number(pid)];
  while (pendientes.length > 0) {
    const p = pendientes.pop();
    let tareas = [];
    try {
      tareas = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tareas) {
      try {
        for (const h of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ')) {
          if (!/^\d+$/.test(h)) continue;
          todos.push(Number(h));
          pendientes.push(Number(h));
        }
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return todos;
}

/**
 * Resident memory in MiB of a process and of the processes it started (the server's monitoring
 * cycle runs in a child process: its memory is the server's extra memory), from /proc; null elsewhere.
 */
export function rssMiB(pid) {
  return conHijos(pid, rssPropioMiB);
}

/** `medir(pid)` plus `medir` of every process `pid` started; null when `pid` gives none. */
function conHijos(pid, medir, hijos = descendientes(pid)) {
  const propio = medir(pid);
  if (propio === null) return null;
  return hijos.reduce((t, d) => t + (medir(d) ?? 0), propio);
}

/**
 * CPU seconds (user + system) a process has used, from /proc/PID/stat (Linux; null elsewhere or once
 * it is gone). Fields 14 and 15 count clock ticks, 100 per second on Linux.
 */
function cpuPropioSeg(pid) {
  const c = stat(pid);
  return c ? (Number(c[11]) + Number(c[12])) / 100 : null;
}

/**
 * CPU seconds a process has used, with those of the processes it started: the ones running now
 * (fields 14 and 15 of each) and the ones that ended and it waited for (its fields 16 and 17), as the
 * server's monitoring cycles in their child processes. Null once it is gone.
 */
export function cpuSeg(pid) {
  const c = stat(pid);
  if (!c) return null;
  return descendientes(pid).reduce((t, d) => t + (cpuPropioSeg(d) ?? 0), conEsperados(c));
}

/** From a process's stat fields: its own CPU seconds and those of its children it waited for (14–17). */
const conEsperados = (c) => (Number(c[11]) + Number(c[12]) + Number(c[13]) + Number(c[14])) / 100;

/**
 * CPU seconds used so far by every process named `nombre` (e.g. all of PostgreSQL's: its
 * backends, checkpointer, WAL writer), with those of its processes that ended and were waited for
 * (fields 16 and 17): a backend that serves a monitoring cycle and closes with it is counted in its
 * postmaster's.
 */
export function cpuSegDe(nombre) {
  let total = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== nombre) continue;
    } catch {
      continue;
    }
    const c = stat(d);
    if (c) total += conEsperados(c);
  }
  return total;
}

/** Seconds the whole machine's CPUs were busy (not idle or iowait), from /proc/stat. */
export function cpuOcupadaSeg() {
  const [linea] = readFileSync('/proc/stat', 'utf8').split('\n');
  const v = linea.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - v[3] - v[4]) / 100;
}

/**
 * Samples RSS every `cadaMs` until stopped; returns { max, media } of the process with its children,
 * the largest of each apart: `propio` (the process alone) and `hijos` (its children together), and
 * `pss`, the largest PSS of the process with its children (pssMiB).
 */
export function muestrearRss(pid, cadaMs = 250) {
  const valores = [];
  let propio = 0;
  let hijos = 0;
  let pss = null;
  const t = setInterval(() => {
    const p = rssPropioMiB(pid);
    if (p === null) return;
    const hs = descendientes(pid);
    const h = hs.reduce((s, d) => s + (rssPropioMiB(d) ?? 0), 0);
    valores.push(p + h);
    propio = Math.max(propio, p);
    hijos = Math.max(hijos, h);
    const q = conHijos(pid, pssPropioMiB, hs);
    if (q !== null) pss = Math.max(pss ?? 0, q);
  }, cadaMs);
  return () => {
    clearInterval(t);
    if (valores.length === 0) return { max: null, media: null, propio: null, hijos: null, pss: null };
    return {
      max: Math.max(...valores),
      media: valores.reduce((a, b) => a + b, 0) / valores.length,
      propio,
      hijos,
      pss,
    };
  };
}

export const mediana = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

export const carga = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
export const n1 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : fmt.format(x));
export const n0 = (x) =>
  x === null || x === undefined || Number.isNaN(x) ? '—' : new Intl.NumberFormat('en-US').format(Math.round(x));

/** A markdown table. */
export function tabla(cabecera, filas) {
  const linea = (celdas) => `| ${celdas.join(' | ')} |`;
  return [linea(cabecera), linea(cabecera.map(() => '---')), ...filas.map(linea)].join('\n');
}
