export * from './capacity/index.js';
export * from './enums.js';
export * from './errors.js';
export * from './schemas/index.js';
export * from './ubigeo/index.js';
export * from './validators.js';
