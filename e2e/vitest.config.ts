import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.e2e.ts'],
    // One server and one browser at a time: journeys share the server's database.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    // expect.poll gives up after 1 s by default: too short for a lazy chunk or a refetch on a busy
    // 2-core CI machine (the ubigeo selectors stayed "Cargando…" past it once). A poll still ends
    // as soon as its condition holds; only a failing one waits this long.
    expect: { poll: { timeout: 15_000 } },
    globalSetup: ['./support/global-setup.ts'],
  },
});
