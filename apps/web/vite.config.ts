import react from '@vitejs/plugin-react';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript source under this condition (see tsconfig.base.json),
// so the SPA builds against @troncal/domain without building it first.
const SOURCE_CONDITION = '@troncal/source';
const API_TARGET = process.env.TRONCAL_API_URL ?? 'http://127.0.0.1:3000';
const proxied = ['/trpc', '/v1', '/healthz', '/docs'];

export default defineConfig({
  plugins: [react()],
  resolve: {
    conditions: [SOURCE_CONDITION, ...defaultClientConditions],
  },
  ssr: {
    // vitest runs node-environment tests through the SSR resolver.
    resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: API_TARGET, changeOrigin: false }])),
  },
  preview: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: API_TARGET, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Named vendor chunks change rarely, so they stay cached across deploys. `$initial` keeps each
          // group to what the shell loads at start-up: library code used only by lazy pages (Select,
          // Table, charts, dates, ubigeo data) stays in the lazy chunks of the pages that use it.
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 40 },
            {
              name: 'router',
              test: /[\\/]node_modules[\\/](react-router|cookie|set-cookie-parser)[\\/]/,
              tags: ['$initial'],
              priority: 30,
            },
            { name: 'query', test: /[\\/]node_modules[\\/](@tanstack|@trpc)[\\/]/, tags: ['$initial'], priority: 30 },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'], priority: 10 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
