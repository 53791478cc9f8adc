// Bundles the server's own code (not node_modules) into dist/, so production runs plain JS on Node 20,
// and emits the declarations of what the SPA imports (`AppRouter`) into dist/types.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * The SPA's type-check reads these declarations instead of re-inferring the whole router from the
 * server's source. Types are not what makes the server run, so a type error here warns (the
 * declarations are still written) and `pnpm typecheck` is where it fails.
 */
function emitirTipos() {
  rmSync('dist/types', { recursive: true, force: true });
  return new Promise((resolve) => {
    const tsc = spawn('node_modules/.bin/tsc', ['-p', 'tsconfig.build.json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let salida = '';
    tsc.stdout.on('data', (d) => {
      salida += d;
    });
    tsc.on('error', (e) => resolve(console.warn(`build: no se emitieron los tipos (${e.message}).`)));
    tsc.on('exit', (code) => {
      if (code !== 0) console.warn(`build: los tipos del servidor tienen errores (pnpm typecheck):\n${salida}`);
      resolve();
    });
  });
}
// In parallel with the bundle and the template: the declarations take the longest.
const tipos = process.env.TRONCAL_BUILD_SIN_TIPOS === '1' ? Promise.resolve() : emitirTipos();

await build({
  entryPoints: ['src/main.ts', 'src/cli.ts', 'src/monitoreo-proceso.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

// A migrated PGlite data directory: connectPglite copies it into an empty TRONCAL_DATA_DIR, so the
// first start skips initdb inside WASM (the slow part of a cold start). Rebuilt only when the
// migrations or the PGlite version change; TRONCAL_BUILD_SIN_PLANTILLA=1 skips it.
const PLANTILLA = 'dist/pglite-template';
const SELLO = `${PLANTILLA}.sello`;

function selloActual() {
  const h = createHash('sha256');
  h.update(readFileSync('node_modules/@electric-sql/pglite/package.json'));
  const archivos = (dir) =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => (e.isDirectory() ? archivos(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const f of archivos('drizzle')) h.update(f).update(readFileSync(f));
  return h.digest('hex');
}

async function crearPlantilla() {
  const sello = selloActual();
  if (existsSync(path.join(PLANTILLA, 'PG_VERSION')) && existsSync(SELLO) && readFileSync(SELLO, 'utf8') === sello)
    return;
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const tmp = `${PLANTILLA}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    const client = await PGlite.create(path.resolve(tmp), { extensions: { pg_trgm } });
    await migrate(drizzle(client), { migrationsFolder: 'drizzle' });
    await client.query('checkpoint');
    await client.close();
    rmSync(SELLO, { force: true });
    rmSync(PLANTILLA, { recursive: true, force: true });
    renameSync(tmp, PLANTILLA);
    writeFileSync(SELLO, sello);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.env.TRONCAL_BUILD_SIN_PLANTILLA !== '1') await crearPlantilla();
await tipos;
