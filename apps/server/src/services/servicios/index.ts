/** Provider services: one use case per file; routers, /v1 routes and the seed import from here. */
export { type ActualizarServicio, actualizarServicio, type ServicioActualizado } from './actualizar';
export { type AjustarCapacidad, ajustarCapacidad, type CapacidadAjustada, SIN_MOTIVO } from './ajustar-capacidad';
export { type CrearServicio, crearServicio, type ServicioCreado, valoresNuevoServicio } from './crear';
export {
  type ConciliacionServicio,
  conciliarServicio,
  conexionesDeServicio,
  type DetalleServicio,
  detalleServicio,
  movimientosServicio,
} from './detalle';
export { obtenerServicio, type ServicioOpcion, seleccionarServicios, serviciosDeProveedor } from './leer';
export { kpiServicios, type ListadoServicios, listarServicios, opcionesFiltroServicios } from './listar';
