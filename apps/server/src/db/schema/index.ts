export * from './auth';
export * from './capacidad';
export * from './referencia';
