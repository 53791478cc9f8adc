/** Connections: one use case per file; routers, /v1 routes and the seed import from here. */

export { type ActualizarConexion, actualizarConexion, type CambiosConexion } from './actualizar';
export { type AjustarBwConexion, ajustarBwConexion, type ResultadoAjusteBw } from './ajustar-bw';
export { type CambiarEstadoConexion, cambiarEstadoConexion } from './cambiar-estado';
export { type CrearConexion, crearConexion, type NuevaConexion, valoresNuevaConexion } from './crear';
export { type ConexionDetalle, detalleConexion, obtenerConexion } from './leer';
export { type ListadoConexiones, listarConexiones, seleccionarConexiones } from './listar';
export type { OpcionesConexion, ResultadoOperacion } from './tipos';
