import { abrirCsv } from './csv';
import { exigirTamano, type LimitesImportacion, limitesCon } from './errores';
import { detectarFormato } from './formato';
import { type LecturaImportada, type TablaImportada, tablaCompleta } from './tabla';
import { abrirXlsx } from './xlsx';

/**
 * The one entry point for an uploaded file (multipart part or raw body): size first (413 naming
 * the limit), then the format from its bytes, then the reader, which reads the header and hands
 * the rows over in stretches.
 */
export async function abrirArchivo(
  bytes: Uint8Array,
  tipoContenido?: string | null,
  parciales?: Partial<LimitesImportacion>,
): Promise<LecturaImportada> {
  const limites = limitesCon(parciales);
  exigirTamano(bytes.length, limites);
  return detectarFormato(tipoContenido, bytes) === 'xlsx' ? abrirXlsx(bytes, limites) : abrirCsv(bytes, limites);
}

/** The whole file as one table. */
export async function leerArchivo(
  bytes: Uint8Array,
  tipoContenido?: string | null,
  parciales?: Partial<LimitesImportacion>,
): Promise<TablaImportada> {
  return tablaCompleta(await abrirArchivo(bytes, tipoContenido, parciales));
}
