/** The change history: written by every use case in its own transaction, read by /v1, tRPC and the SPA. */
export { CAMPO_ESTADO, CAMPOS_CAMBIO } from './campos';
export { diferencias, esSecreto, OCULTO, ocultarSecretos } from './diff';
export {
  type Cambio,
  type CambioListQuery,
  type CambiosDeQuery,
  cambioExportQuery,
  cambioListQuery,
  cambioSchema,
  cambiosDeQuery,
  cambiosEnvelope,
} from './esquemas';
export { cambiosDe, type EntidadConDetalle, historialDe, listarCambios, type PaginaCambios } from './listar';
export { type Actor, actorDe, type NuevoCambio, registrarCambio, registrarCreaciones } from './registrar';
