import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const serverEntry = path.join(repoRoot, 'apps/server/dist/main.js');

export interface StartedServer {
  baseURL: string;
  dataDir: string;
  logFile: string;
  /** Stops exactly this server (by its PID) and removes its data directory. */
  stop(): Promise<void>;
}

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess) {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * A server of its own, on a fresh embedded database, for journeys that need an empty Troncal (the
 * first-run setup) while the shared server of the global setup already has its admin.
 */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<StartedServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'troncal-e2e-propio-'));
  const logFile = path.join(dataDir, 'server.log');
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    TRONCAL_DATA_DIR: dataDir,
    ...opts.env,
  };
  delete env.DATABASE_URL;
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [serverEntry], { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  child.on('error', () => {});

  const stop = async () => {
    if (!exited(child) && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await waitForExit(child, 5_000);
      }
    }
    await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (exited(child)) break;
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return { baseURL, dataDir, logFile, stop };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  let log = '';
  try {
    log = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    // no log
  }
  await stop();
  throw new Error(`El servidor propio no arrancó.\n${log}`);
}
