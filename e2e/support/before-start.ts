export interface BeforeStartEnv {
  /** The server's TRONCAL_DATA_DIR (a fresh temp dir, so a fresh embedded database). */
  dataDir: string;
  /** Absolute path of the repository root (where `apps/server/dist/cli.js` lives). */
  repoRoot: string;
}

export interface BeforeStartResult {
  /** A `/v1` bearer token (e.g. from `tokens:create`); tests that need one receive it as `apiToken`. */
  apiToken?: string;
}

/**
 * Runs after the data dir exists and before the server starts: the embedded database allows one
 * process at a time, so this is where the CLI can prepare it (the first admin, a REST token…).
 * Nothing to do yet; access control fills this in.
 */
export async function beforeServerStart(_env: BeforeStartEnv): Promise<BeforeStartResult | undefined> {
  return undefined;
}
