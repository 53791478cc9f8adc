import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { beforeServerStart } from './before-start';
import { iniciarPrometheusE2e } from './prometheus';
import './context';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url));
const serverEntry = path.join(repoRoot, 'apps/server/dist/main.js');
const webIndex = path.join(repoRoot, 'apps/web/dist/index.html');

const STARTUP_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 5_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('No se obtuvo un puerto libre.'))));
    });
  });
}

function logTail(logFile: string, lines = 60): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(sin log)';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(baseURL: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `El servidor terminó antes de estar listo (código ${child.exitCode ?? child.signalCode}).\n--- ${logFile} ---\n${logTail(logFile)}`,
      );
    }
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(
    `El servidor no respondió 200 en /healthz en ${STARTUP_TIMEOUT_MS / 1000} s (último: ${last}).\n--- ${logFile} ---\n${logTail(logFile)}`,
  );
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Stops exactly the server this setup started, by its PID. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, 'SIGTERM');
  if (await waitForExit(child, KILL_GRACE_MS)) return;
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await waitForExit(child, KILL_GRACE_MS);
}

export default async function setup(project: TestProject) {
  for (const [file, what] of [
    [serverEntry, 'el servidor'],
    [webIndex, 'la SPA'],
  ] as const) {
    if (!existsSync(file)) {
      throw new Error(`Falta ${path.relative(repoRoot, file)}: compile ${what} primero (pnpm test:e2e lo hace).`);
    }
  }

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troncal-e2e-'));
  const logFile = path.join(dataDir, 'server.log');
  let child: ChildProcess | undefined;
  let prometheus: Awaited<ReturnType<typeof iniciarPrometheusE2e>> = null;

  const teardown = async () => {
    if (child) await stopServer(child);
    prometheus?.cerrar();
    try {
      mkdirSync(artifactsDir, { recursive: true });
      copyFileSync(logFile, path.join(artifactsDir, 'server.log'));
    } catch {
      // no log to keep
    }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const prepared = await beforeServerStart({ dataDir, repoRoot });
    // A real Prometheus with known series, so the monitoring journey measures something (support/prometheus.ts).
    prometheus = await iniciarPrometheusE2e();
    const port = await freePort();
    const baseURL = `http://127.0.0.1:${port}`;

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // vitest sets NODE_ENV=test; the journeys should see what production serves.
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      TRONCAL_DATA_DIR: dataDir,
      ...(prometheus ? { TRONCAL_PROMETHEUS_URL: prometheus.url, TRONCAL_MONITOREO_INTERVALO_S: '86400' } : {}),
    };
    // The embedded PGlite database, always: never a developer's PostgreSQL.
    delete env.DATABASE_URL;

    const logFd = openSync(logFile, 'a');
    try {
      child = spawn(process.execPath, [serverEntry], { cwd: repoRoot, env, stdio: ['ignore', logFd, logFd] });
    } finally {
      closeSync(logFd); // the child holds its own copy
    }
    child.on('error', () => {}); // surfaced through waitForHealth via exitCode / the log

    await waitForHealth(baseURL, child, logFile);

    project.provide('baseURL', baseURL);
    project.provide('apiToken', prepared?.apiToken ?? '');
    project.provide('serverLog', logFile);
    project.provide('credenciales', prepared?.credenciales ?? {});
    project.provide('prometheusURL', prometheus?.url ?? '');
  } catch (error) {
    await teardown();
    throw error;
  }

  return teardown;
}
