export * from './calculos.js';
export * from './ledger.js';
export * from './preview.js';
