/**
 * Export, the format layer: streaming CSV and XLSX writers over any (async) iterable of rows, and
 * the columns of each list named as the `/v1` fields. Routes feed them rows from a cursor.
 */
export type { ColumnaExportacion, FilasExportacion, TipoColumna } from './columnas';
export { csvReadable, escribirCsv, type OpcionesCsv, TIPO_CSV } from './csv';
export { COLUMNAS_EXPORTACION, LISTAS_EXPORTACION, type ListaExportacion } from './listas';
export { desneutralizarTexto, neutralizarTexto } from './neutralizar';
export {
  escribirLibroXlsx,
  escribirXlsx,
  type HojaXlsx,
  hoja,
  type OpcionesXlsx,
  TIPO_XLSX,
  xlsxReadable,
} from './xlsx';
