import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A cached build answers in about a second; past this, say what is happening instead of looking hung. */
const AVISO_MS = Number(process.env.TRONCAL_AVISO_COMPILACION_MS ?? 1500);

/**
 * Builds through turbo (cached, so a second start costs about a second), everything or only
 * `filtro` (a turbo filter such as `@troncal/server...`). The first build takes ~20 s: after a
 * moment a line on stderr says so, and another when it is done, so stdout stays what the command
 * prints (a token, for instance).
 */
export async function ensureBuilt({ quiet = false, filtro } = {}) {
  const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
  if (!existsSync(turbo)) {
    console.error('Faltan las dependencias: ejecute "pnpm install" primero.');
    process.exit(1);
  }
  const inicio = Date.now();
  let avisado = false;
  const aviso = setTimeout(() => {
    avisado = true;
    console.error(
      `troncal: compilando ${filtro ? 'el servidor' : 'el servidor y la web'} antes de empezar (la primera vez tarda unos 20 s)…`,
    );
  }, AVISO_MS);
  const args = ['run', 'build', '--output-logs=errors-only', ...(filtro ? [`--filter=${filtro}`] : [])];
  const child = spawn(turbo, args, {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  });
  const status = await new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  clearTimeout(aviso);
  if (status !== 0) {
    console.error('troncal: la compilación falló (vea los errores de arriba).');
    process.exit(status);
  }
  if (avisado) console.error(`troncal: compilado en ${Math.round((Date.now() - inicio) / 1000)} s.`);
}

/**
 * Runs a node script in the foreground, forwarding signals so Ctrl-C shuts the server down cleanly.
 * Returns the child, so a caller can watch it (e.g. to say when the server is ready).
 */
export function runNode(script, args, { env = process.env } = {}) {
  const child = spawn(process.execPath, [script, ...args], { cwd: process.cwd(), stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return child;
}
