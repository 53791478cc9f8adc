import { defineConfig } from 'vitest/config';

// Workspace packages are read from their TypeScript source in tests (no build step needed).
const conditions = ['@troncal/source', 'module', 'node', 'development|production'];

// One PGlite instance per test file costs ~2 s and ~700 MB: keep the worker count low.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: [/@troncal\//] } },
  },
});
