export * from './auth';
export * from './capacidad';
export * from './idempotencia';
export * from './referencia';
export * from './monitoreo';
