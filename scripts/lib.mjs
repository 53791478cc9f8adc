import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds through turbo (cached, so a second start costs about a second). */
export function ensureBuilt({ quiet = false } = {}) {
  const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
  if (!existsSync(turbo)) {
    console.error('Faltan las dependencias: ejecute "pnpm install" primero.');
    process.exit(1);
  }
  const res = spawnSync(turbo, ['run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

/** Runs a node script in the foreground, forwarding signals so Ctrl-C shuts the server down cleanly. */
export function runNode(script, args) {
  const child = spawn(process.execPath, [script, ...args], { cwd: process.cwd(), stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
