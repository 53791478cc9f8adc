export * from './auth';
export * from './cambios';
export * from './capacidad';
export * from './idempotencia';
export * from './monitoreo';
export * from './referencia';
export * from './webhooks';
