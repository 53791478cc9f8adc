// Development and tests: the monitoring worker thread (monitoreo-hilo.ts) under tsx, which a worker
// cannot take from `--import`. The built server starts dist/monitoreo-hilo.js instead.
const { register } = await import('tsx/esm/api');
register();
await import('./monitoreo-hilo.ts');
