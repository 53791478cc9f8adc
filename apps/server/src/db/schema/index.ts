export * from './auth';
export * from './capacidad';
export * from './contadores';
export * from './idempotencia';
export * from './referencia';
