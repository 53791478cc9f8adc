/** Until monitoreo/utilizada.ts imports it from './capacidad' directly (the ledger now lives there). */
export { bloquearServicios } from './capacidad';
