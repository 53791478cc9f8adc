export * from './calculos.js';
export * from './ledger.js';
export * from './percentil.js';
export * from './preview.js';
