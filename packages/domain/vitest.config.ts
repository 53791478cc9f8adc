import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@troncal/source'] },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
