// Development and tests: the monitoring child process (monitoreo-proceso.ts) under tsx. The built
// server starts dist/monitoreo-proceso.js instead.
const { register } = await import('tsx/esm/api');
register();
await import('./monitoreo-proceso.ts');
