/**
 * A service's capacity: `moverCapacidad` is what a use case calls (once); the rest is for reading
 * (detail pages, tests) and for the service edit's comprada check.
 */
export { type CambioComprada, registrarMuestra, revisarCambioComprada } from './comprada';
export { type Conciliacion, conciliar } from './conciliar';
export {
  bloquearServicios,
  type FilaCapacidad,
  leerCapacidad,
  type Movimiento,
  sobreventaPermitidaSql,
} from './libro';
export { type EnlaceEscrito, moverCapacidad, type OpcionesCapacidad, type ResultadoCapacidad } from './mover';
