import { leerCsv } from './csv';
import { exigirTamano, type LimitesImportacion, limitesCon } from './errores';
import { detectarFormato } from './formato';
import type { TablaImportada } from './tabla';
import { leerXlsx } from './xlsx';

/**
 * The one entry point for an uploaded file (multipart part or raw body): size first (413 naming
 * the limit), then the format from its bytes, then the reader.
 */
export async function leerArchivo(
  bytes: Uint8Array,
  tipoContenido?: string | null,
  parciales?: Partial<LimitesImportacion>,
): Promise<TablaImportada> {
  const limites = limitesCon(parciales);
  exigirTamano(bytes.length, limites);
  return detectarFormato(tipoContenido, bytes) === 'xlsx' ? leerXlsx(bytes, limites) : leerCsv(bytes, limites);
}
