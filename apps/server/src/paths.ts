import { fileURLToPath } from 'node:url';

// This file sits one level below apps/server both as src/paths.ts and bundled into dist/*.js.
export const serverRoot = fileURLToPath(new URL('..', import.meta.url));
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
export const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** A migrated PGlite data directory made by `pnpm build` (build.mjs), copied into an empty data dir. */
export const pgliteTemplate = fileURLToPath(new URL('../dist/pglite-template', import.meta.url));
