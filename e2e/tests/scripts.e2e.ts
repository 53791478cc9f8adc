import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/server';

// The root scripts a person runs: `pnpm troncal …` and `pnpm start`. `pnpm troncal` builds the
// server through turbo (cached by the e2e build, so about a second here); `pnpm start` runs with
// TRONCAL_SKIP_BUILD=1, so it never rebuilds the web app the shared e2e server is serving.

interface Salida {
  stdout: string;
  stderr: string;
}

function ejecutar(script: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; salida: Salida } {
  const salida: Salida = { stdout: '', stderr: '' };
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', script), ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    salida.stdout += String(d);
  });
  child.stderr?.on('data', (d) => {
    salida.stderr += String(d);
  });
  return { child, salida };
}

const termino = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

function puertoLibre(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function entornoLimpio(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  delete env.LOG_LEVEL;
  delete env.TRONCAL_SKIP_BUILD;
  return { ...env, ...extra };
}

/** `pnpm start` on a fresh embedded database: waits for its ready line, makes requests, stops it by PID. */
async function arrancar(extra: Record<string, string>): Promise<Salida> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troncal-e2e-start-'));
  const port = await puertoLibre();
  // What the e2e run built: a build here would replace the web app under the shared server.
  const env = { PORT: String(port), HOST: '127.0.0.1', TRONCAL_DATA_DIR: dataDir, TRONCAL_SKIP_BUILD: '1', ...extra };
  const { child, salida } = ejecutar('start.mjs', [], entornoLimpio(env));
  try {
    const limite = Date.now() + 90_000;
    while (!salida.stdout.includes('Troncal listo en') && Date.now() < limite && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(salida.stdout, salida.stderr).toContain(`Troncal listo en http://127.0.0.1:${port}`);
    for (const ruta of ['/healthz', '/v1/proveedores/listar', '/trpc/auth.sesion']) {
      await fetch(`http://127.0.0.1:${port}${ruta}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    await termino(child);
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
  return salida;
}

/** The server's pino lines (JSON objects) among everything the script printed. */
function lineasJson(texto: string): Record<string, unknown>[] {
  return texto
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('pnpm troncal and pnpm start at a terminal', () => {
  it('pnpm troncal says on stderr that it is building, and keeps stdout for the command', async () => {
    // The notice waits 1.5 s, longer than a cached build; here it is due at once, as on a first run.
    const { child, salida } = ejecutar('troncal.mjs', ['--help'], entornoLimpio({ TRONCAL_AVISO_COMPILACION_MS: '0' }));
    expect(await termino(child)).toBe(0);
    // Only the server and its dependencies: the CLI does not need the web app.
    expect(salida.stderr).toMatch(/troncal: compilando el servidor antes de empezar/);
    expect(salida.stderr).toMatch(/troncal: compilado en \d+ s\./);
    // The CLI's help goes to stderr too; stdout (where tokens:create prints a token) gets nothing extra.
    expect(salida.stderr).toMatch(/users:create/);
    expect(salida.stdout).toBe('');
  });

  it('pnpm start logs no line per request by default, says where it listens, and keeps JSON at LOG_LEVEL=info', async () => {
    const callado = await arrancar({});
    expect(callado.stdout).toMatch(/solo advertencias y errores; LOG_LEVEL=info muestra cada petición/);
    const porPeticion = lineasJson(callado.stdout + callado.stderr).filter((l) => 'reqId' in l);
    expect(porPeticion).toEqual([]);

    const detallado = await arrancar({ LOG_LEVEL: 'info' });
    const lineas = lineasJson(detallado.stdout);
    expect(lineas.filter((l) => 'reqId' in l).length, detallado.stdout + detallado.stderr).toBeGreaterThanOrEqual(3);
    expect(lineas.every((l) => typeof l.level === 'number' && typeof l.time === 'number')).toBe(true);
  }, 200_000);
});
