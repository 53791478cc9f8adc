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
export function rssMiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) a process has used, from /proc/PID/stat (Linux; null elsewhere or once
 * it is gone). Fields 14 and 15 count clock ticks, 100 per second on Linux.
 */
export function cpuSeg(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const campos = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(campos[11]) + Number(campos[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by every process named `nombre` (e.g. all of PostgreSQL's: its
 * backends, checkpointer, WAL writer). A process that ends between two readings takes its share
 * with it: compare readings over a span in which the pools keep their connections.
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
    total += cpuSeg(d) ?? 0;
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

/** Samples RSS every `cadaMs` until stopped; returns { max, media }. */
export function muestrearRss(pid, cadaMs = 250) {
  const valores = [];
  const t = setInterval(() => {
    const v = rssMiB(pid);
    if (v !== null) valores.push(v);
  }, cadaMs);
  return () => {
    clearInterval(t);
    if (valores.length === 0) return { max: null, media: null };
    return { max: Math.max(...valores), media: valores.reduce((a, b) => a + b, 0) / valores.length };
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
