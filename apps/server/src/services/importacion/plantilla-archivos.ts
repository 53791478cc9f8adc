import type { ColumnaExportacion } from '../exportacion/columnas';
import { BOM_UTF8, citarCsv } from '../exportacion/csv';
import { neutralizarTexto } from '../exportacion/neutralizar';
import { escribirLibroXlsx, type HojaXlsx } from '../exportacion/xlsx';
import { MARCA_INSTRUCCIONES } from './csv';
import { type EntidadImportacion, PLANTILLAS } from './plantillas';

/** One row per template column, for the CSV section and the XLSX sheet "Instrucciones". */
export function filasInstrucciones(entidad: EntidadImportacion): Record<string, string>[] {
  return PLANTILLAS[entidad].columnas.map((c) => ({
    columna: c.columna,
    obligatorio: c.requerido ? 'Sí' : 'No',
    descripcion: c.descripcion,
    ejemplo: c.ejemplo,
    otros_nombres: (c.alias ?? []).join(', '),
  }));
}

const COLUMNAS_INSTRUCCIONES: ColumnaExportacion[] = [
  { campo: 'columna', ancho: 26 },
  { campo: 'obligatorio', ancho: 12 },
  { campo: 'descripcion', ancho: 90, envolver: true },
  { campo: 'ejemplo', ancho: 30 },
  { campo: 'otros_nombres', ancho: 20 },
];

export const nombreArchivoPlantilla = (entidad: EntidadImportacion, formato: 'csv' | 'xlsx') =>
  `plantilla-${entidad}.${formato}`;

/**
 * The CSV template: the header row, a blank line, then the explanation. The reader stops at the
 * "###" line, so the file imports as it is once rows are typed between the header and the section.
 */
export function plantillaCsv(entidad: EntidadImportacion, separador: ',' | ';' = ','): Uint8Array {
  const linea = (celdas: string[]) =>
    `${celdas.map((c) => citarCsv(neutralizarTexto(c), separador)).join(separador)}\r\n`;
  const p = PLANTILLAS[entidad];
  let texto = linea(p.columnas.map((c) => c.columna));
  texto += '\r\n';
  texto += linea([
    `${MARCA_INSTRUCCIONES} INSTRUCCIONES (${p.titulo}): escriba los datos debajo del encabezado, antes de esta sección; la importación ignora desde esta línea.`,
  ]);
  texto += linea(COLUMNAS_INSTRUCCIONES.map((c) => c.campo));
  for (const f of filasInstrucciones(entidad)) texto += linea(COLUMNAS_INSTRUCCIONES.map((c) => f[c.campo] ?? ''));
  return Buffer.concat([BOM_UTF8, Buffer.from(texto, 'utf8')]);
}

/** The XLSX template: a sheet with the header for the data, and "Instrucciones" explaining each column. */
export function plantillaXlsx(entidad: EntidadImportacion): AsyncGenerator<Uint8Array> {
  const p = PLANTILLAS[entidad];
  const datos: HojaXlsx = {
    nombre: p.titulo,
    columnas: p.columnas.map((c) => ({
      campo: c.columna,
      ancho: Math.max(c.columna.length + 2, Math.min(40, c.ejemplo.length + 2), 12),
    })),
    filas: [],
    filtro: false,
  };
  const instrucciones: HojaXlsx = {
    nombre: 'Instrucciones',
    columnas: COLUMNAS_INSTRUCCIONES,
    filas: filasInstrucciones(entidad),
    filtro: false,
  };
  return escribirLibroXlsx([datos, instrucciones]);
}
