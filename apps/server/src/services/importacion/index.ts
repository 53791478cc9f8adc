/**
 * Import, the format layer: read a CSV/XLSX upload into a table, validate it per entity against the
 * domain schemas with natural keys resolved through an injected resolver. Writing to the database
 * (`aplicar`) belongs to the services that own each entity.
 */

export { detectarSeparador, leerCsv, MARCA_INSTRUCCIONES } from './csv';
export type { DatosImportacion } from './entidades';
export {
  ErrorArchivo,
  type ErrorFila,
  LIMITES_POR_DEFECTO,
  type LimitesImportacion,
} from './errores';
export { detectarFormato, type FormatoArchivo, TIPOS_IMPORTACION } from './formato';
export { abrirArchivo, leerArchivo } from './leer';
export { filasInstrucciones, nombreArchivoPlantilla, plantillaCsv, plantillaXlsx } from './plantilla-archivos';
export {
  type ColumnaPlantilla,
  ENTIDADES_IMPORTACION,
  type EntidadImportacion,
  esEntidadImportacion,
  PLANTILLAS,
  type Plantilla,
} from './plantillas';
export {
  type DatosEnMemoria,
  type ReferenciaEquipo,
  type ReferenciaProveedor,
  type ReferenciaServicio,
  type ReferenciaSimple,
  type ResolverImportacion,
  resolverEnMemoria,
} from './resolver';
export {
  type Celda,
  type FilaImportada,
  type LecturaImportada,
  normalizarEncabezado,
  type TablaImportada,
} from './tabla';
export {
  mapearEncabezados,
  type OpcionesValidacion,
  type RegistroImportado,
  type ResultadoValidacion,
  validarImportacion,
} from './validar';
export { leerXlsx } from './xlsx';
