import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Credenciales, generarPassword, type RolE2e } from './login';

export interface BeforeStartEnv {
  /** The server's TRONCAL_DATA_DIR (a fresh temp dir, so a fresh embedded database). */
  dataDir: string;
  /** Absolute path of the repository root (where `apps/server/dist/cli.js` lives). */
  repoRoot: string;
}

export interface BeforeStartResult {
  /** A `/v1` bearer token (e.g. from `tokens:create`); tests that need one receive it as `apiToken`. */
  apiToken?: string;
  /** One user per role, created with the CLI; tests get them through `credenciales(rol)` in login.ts. */
  credenciales?: Record<RolE2e, Credenciales>;
}

const run = promisify(execFile);

/**
 * Runs after the data dir exists and before the server starts: the embedded database allows one
 * process at a time, so this is where the CLI prepares it — the way an operator would — with an admin,
 * an operador and a lector (random passwords, new every run) and an operador REST token.
 */
export async function beforeServerStart({ dataDir, repoRoot }: BeforeStartEnv): Promise<BeforeStartResult> {
  const cli = path.join(repoRoot, 'apps/server/dist/cli.js');
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', TRONCAL_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const troncal = async (args: string[]) => {
    try {
      return (await run(process.execPath, [cli, ...args], { cwd: repoRoot, env })).stdout;
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`pnpm troncal ${args[0]} falló: ${err.stderr || err.message}`);
    }
  };

  const credenciales = {} as Record<RolE2e, Credenciales>;
  const nombres: Record<RolE2e, string> = { admin: 'Ada Admin', operador: 'Omar Operador', lector: 'Lucía Lectora' };
  for (const rol of ['admin', 'operador', 'lector'] as const) {
    const c = { email: `${rol}@troncal.test`, password: generarPassword() };
    await troncal([
      'users:create',
      '--email',
      c.email,
      '--password',
      c.password,
      '--role',
      rol,
      '--name',
      nombres[rol],
    ]);
    credenciales[rol] = c;
  }
  const out = await troncal([
    'tokens:create',
    '--name',
    'e2e',
    '--role',
    'operador',
    '--owner',
    credenciales.admin.email,
  ]);
  const apiToken = out.trimEnd().split('\n').at(-1) ?? '';
  return { apiToken, credenciales };
}
