import { ErrorArchivo } from './errores';

export type FormatoArchivo = 'csv' | 'xlsx';

const empiezaCon = (b: Uint8Array, firma: readonly number[]) => firma.every((x, i) => b[i] === x);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_VACIO = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const NO_ADMITIDO =
  'Formato no admitido: envíe un archivo CSV (UTF-8 o Windows-1252, separado por comas o punto y coma) o un libro de Excel .xlsx.';

/** Signatures of files people upload by mistake, each with what to do instead. */
const CONOCIDOS: { firma: readonly number[]; message: string }[] = [
  {
    firma: OLE2,
    message:
      'El archivo es un libro de Excel 97-2003 (.xls), que no se admite. Ábralo en Excel y guárdelo como "Libro de Excel (.xlsx)" o como CSV.',
  },
  { firma: [0x25, 0x50, 0x44, 0x46], message: `El archivo es un PDF. ${NO_ADMITIDO}` },
  { firma: [0x1f, 0x8b], message: `El archivo está comprimido con gzip. ${NO_ADMITIDO}` },
  { firma: [0x89, 0x50, 0x4e, 0x47], message: `El archivo es una imagen PNG. ${NO_ADMITIDO}` },
  { firma: [0xff, 0xd8, 0xff], message: `El archivo es una imagen JPEG. ${NO_ADMITIDO}` },
  { firma: [0x52, 0x61, 0x72, 0x21], message: `El archivo es un RAR. ${NO_ADMITIDO}` },
  { firma: [0x37, 0x7a, 0xbc, 0xaf], message: `El archivo es un 7z. ${NO_ADMITIDO}` },
];

/**
 * What a CSV cannot be: UTF-16 (Excel's "Texto Unicode"), a known binary format, or anything
 * with a NUL byte in its first 8 KB (no text encoding this reader accepts has one).
 */
export function rechazarBinario(bytes: Uint8Array): void {
  if (empiezaCon(bytes, [0xff, 0xfe]) || empiezaCon(bytes, [0xfe, 0xff])) {
    throw new ErrorArchivo(
      415,
      'El archivo está en UTF-16 ("Texto Unicode"). Guárdelo como "CSV UTF-8 (delimitado por comas)" o como .xlsx.',
    );
  }
  for (const { firma, message } of CONOCIDOS) if (empiezaCon(bytes, firma)) throw new ErrorArchivo(415, message);
  if (empiezaCon(bytes, ZIP) || empiezaCon(bytes, ZIP_VACIO)) {
    throw new ErrorArchivo(415, `El archivo es un ZIP y se envió como CSV. ${NO_ADMITIDO}`);
  }
  const inicio = bytes.subarray(0, 8192);
  if (inicio.includes(0)) throw new ErrorArchivo(415, `El archivo no es texto. ${NO_ADMITIDO}`);
}

const TIPOS_CSV = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'text/comma-separated-values',
  'text/x-csv',
  'application/x-csv',
  // Browsers on Windows with Office installed label .csv files with the old Excel type.
  'application/vnd.ms-excel',
]);
const TIPO_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TIPOS_NEUTROS = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'multipart/form-data']);

/**
 * The bytes decide: a ZIP is an XLSX candidate, an OLE2 file is an old .xls, the rest must be
 * text. The declared type only refuses what is clearly something else (JSON, PDF, images) and
 * catches an .xlsx declared whose bytes are not a ZIP; browsers guess the type from the name.
 */
export function detectarFormato(tipoContenido: string | null | undefined, bytes: Uint8Array): FormatoArchivo {
  const tipo = (tipoContenido ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (bytes.length === 0) throw new ErrorArchivo(400, 'El archivo está vacío.');
  if (empiezaCon(bytes, ZIP)) return 'xlsx';
  if (empiezaCon(bytes, ZIP_VACIO)) throw new ErrorArchivo(415, 'El archivo es un ZIP vacío, no un libro .xlsx.');
  if (empiezaCon(bytes, OLE2)) rechazarBinario(bytes);
  if (tipo === TIPO_XLSX) {
    throw new ErrorArchivo(415, 'El archivo se envió como .xlsx pero su contenido no es un libro de Excel válido.');
  }
  if (!TIPOS_CSV.has(tipo) && !TIPOS_NEUTROS.has(tipo)) {
    throw new ErrorArchivo(415, `Tipo de contenido no admitido (${tipo}). ${NO_ADMITIDO}`);
  }
  return 'csv';
}

export const TIPOS_IMPORTACION = [...TIPOS_CSV, TIPO_XLSX];
