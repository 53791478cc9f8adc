// `pnpm --filter @troncal/bench bench:cambios`: what the change history costs when creating a
// connection. Runs the real use case (crearConexion with the service adjusted, as the SPA does) on
// PostgreSQL in child processes, alternating two modes round by round:
//   con historial: the code as it ships;
//   sin historial: the same code with services/cambios/registrar.ts swapped at load time for a no-op
//                  twin (cambios/sin-historial.mjs), so nothing in production can turn history off.
// Prints each mode's median and mean milliseconds per creation and the ratio; the budget is +15 %.
//
//   node bench/cambios.mjs [--rounds 3] [--n 400] [--pg-url postgres://postgres@127.0.0.1:5432/postgres]

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchDir, mediana, root } from './lib.mjs';

const { values: o } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    rounds: { type: 'string' },
    n: { type: 'string' },
    'pg-url': { type: 'string' },
  },
});
const rondas = Number(o.rounds ?? 3);
const n = String(o.n ?? 400);
const pgUrl = o['pg-url'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const servidor = path.join(root, 'apps/server');
const trabajador = path.join(benchDir, 'cambios/trabajador.ts');
const gancho = path.join(benchDir, 'cambios/sin-historial.mjs');

function medir(sinHistorial) {
  const args = ['--conditions=@troncal/source', '--import', 'tsx'];
  if (sinHistorial) args.push('--import', gancho);
  args.push(trabajador, '--n', n, '--pg-url', pgUrl);
  // From apps/server, where tsx and the server's dependencies resolve.
  const r = spawnSync(process.execPath, args, { cwd: servidor, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`el trabajador falló (${r.status}):\n${r.stderr}`);
  const linea = r.stdout.trim().split('\n').pop();
  return JSON.parse(linea);
}

const muestras = { con: [], sin: [] };
const filas = { con: 0, sin: 0 };
for (let i = 0; i < rondas; i++) {
  // Alternate which mode goes first, so a machine that warms up or slows down favours neither.
  const orden = i % 2 === 0 ? ['sin', 'con'] : ['con', 'sin'];
  for (const modo of orden) {
    const r = medir(modo === 'sin');
    muestras[modo].push(...r.ms);
    filas[modo] = r.filasHistorial;
    console.error(`ronda ${i + 1} ${modo} historial: mediana ${mediana(r.ms).toFixed(2)} ms`);
  }
}
if (filas.sin !== 0) throw new Error(`sin historial escribió ${filas.sin} filas de historial`);
if (filas.con === 0) throw new Error('con historial no escribió filas de historial');

const media = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const resultado = {
  operaciones_por_modo: muestras.con.length,
  sin_historial: { mediana_ms: mediana(muestras.sin), media_ms: media(muestras.sin) },
  con_historial: { mediana_ms: mediana(muestras.con), media_ms: media(muestras.con) },
};
resultado.razon_mediana = resultado.con_historial.mediana_ms / resultado.sin_historial.mediana_ms;
resultado.razon_media = resultado.con_historial.media_ms / resultado.sin_historial.media_ms;
resultado.filas_historial_por_conexion = filas.con / (Number(n) + 50);
const pct = (r) => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)} %`;
console.log(
  [
    `Crear una conexión (crearConexion con ajuste del servicio, PostgreSQL, ${resultado.operaciones_por_modo} por modo en ${rondas} ronda(s)):`,
    `  sin historial: mediana ${resultado.sin_historial.mediana_ms.toFixed(2)} ms, media ${resultado.sin_historial.media_ms.toFixed(2)} ms`,
    `  con historial: mediana ${resultado.con_historial.mediana_ms.toFixed(2)} ms, media ${resultado.con_historial.media_ms.toFixed(2)} ms`,
    `  razón con/sin: mediana ${resultado.razon_mediana.toFixed(3)} (${pct(resultado.razon_mediana)}), media ${resultado.razon_media.toFixed(3)} (${pct(resultado.razon_media)})`,
    `  filas de historial por conexión: ${resultado.filas_historial_por_conexion.toFixed(2)} (la conexión y el movimiento del servicio)`,
    `  presupuesto: +15 % → ${resultado.razon_mediana <= 1.15 ? 'cumple' : 'NO cumple'}`,
  ].join('\n'),
);
console.log(JSON.stringify(resultado));
process.exitCode = resultado.razon_mediana <= 1.15 ? 0 : 1;
