import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { puertoLibre } from './monitoreo';
import { esperar } from './receptor';

const serverDir = path.resolve(import.meta.dirname, '../..');

/** A real server process: its last 10,000 characters of output, and whether it is still running. */
export interface Hijo {
  proceso: ChildProcess;
  base: string;
  salida: string;
  vivo: boolean;
}

/**
 * src/main.ts under tsx as a production server on `databaseUrl`, on a free port of 127.0.0.1, with
 * `env` over the basic variables; put in `hijos` (for the caller to kill) before it is awaited, and
 * resolved once /healthz answers 200 (throws with its output if it exits first).
 */
export async function levantarServidor(databaseUrl: string, env: Record<string, string>, hijos: Hijo[]) {
  const port = await puertoLibre();
  const proceso = spawn(process.execPath, ['--conditions=@troncal/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const h: Hijo = { proceso, base: `http://127.0.0.1:${port}`, salida: '', vivo: true };
  const guardar = (b: Buffer) => {
    h.salida = (h.salida + b.toString()).slice(-10_000);
  };
  proceso.stdout?.on('data', guardar);
  proceso.stderr?.on('data', guardar);
  proceso.on('exit', () => {
    h.vivo = false;
  });
  hijos.push(h);
  await esperar(
    async () => {
      if (!h.vivo) throw new Error(`el servidor terminó al arrancar:\n${h.salida}`);
      try {
        return (await fetch(`${h.base}/healthz`)).status === 200;
      } catch {
        return false;
      }
    },
    'arranque del servidor',
    60_000,
  );
  return h;
}

/** Sends `senal` and waits until the process has exited. */
export async function pararServidor(h: Hijo, senal: NodeJS.Signals) {
  if (!h.vivo) return;
  h.proceso.kill(senal);
  await esperar(() => !h.vivo, `fin del servidor (${senal})`, 15_000);
}
