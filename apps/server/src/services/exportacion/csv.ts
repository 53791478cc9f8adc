import { Readable } from 'node:stream';
import {
  aNumero,
  aTexto,
  type ColumnaExportacion,
  type FilasExportacion,
  isoFecha,
  leerValor,
  partesFecha,
} from './columnas';
import { neutralizarTexto } from './neutralizar';

export interface OpcionesCsv {
  /** ',' (default) or ';' for spreadsheets set to a Spanish list separator. */
  separador?: ',' | ';';
  /** Excel needs the BOM to read UTF-8 (accents, Ñ) instead of the ANSI code page. Default true. */
  bom?: boolean;
  /** Wall-time offset for Date objects in 'fecha' columns; default −300 (Lima). */
  desfaseMinutos?: number;
}

export const BOM_UTF8 = new Uint8Array([0xef, 0xbb, 0xbf]);
/** Big enough that the encoder and the socket see few chunks, small enough to keep memory flat. */
const LOTE_CARACTERES = 64 * 1024;

/** RFC 4180: quote a field holding the separator, a quote, CR or LF; double inner quotes. */
export function citarCsv(s: string, separador: string): string {
  if (s.includes('"')) return `"${s.replaceAll('"', '""')}"`;
  if (s.includes(separador) || s.includes('\n') || s.includes('\r')) return `"${s}"`;
  return s;
}

/** One cell's CSV text: numbers as numbers (never neutralised), every text cell neutralised. */
export function celdaCsv<F>(col: ColumnaExportacion<F>, v: unknown, separador: string, desfaseMinutos = -300): string {
  if (v == null || v === '') return '';
  switch (col.tipo ?? 'texto') {
    case 'numero': {
      const n = aNumero(v);
      if (n !== null) return typeof v === 'string' ? v : String(n);
      break;
    }
    case 'booleano':
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      break;
    case 'fecha': {
      const p = v instanceof Date ? partesFecha(v, desfaseMinutos) : typeof v === 'string' ? partesFecha(v, 0) : null;
      if (p) return isoFecha(p);
      break;
    }
    case 'fechaHora':
      // The `/v1` value verbatim, so the file says what the API says.
      if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString();
      break;
  }
  return citarCsv(neutralizarTexto(aTexto(v)), separador);
}

/**
 * Streams a CSV: the BOM and header come out before the first row is read, then rows in ~64 KB
 * chunks; rows are pulled only as fast as the consumer reads, so memory stays flat for any count.
 */
export async function* escribirCsv<F>(
  columnas: readonly ColumnaExportacion<F>[],
  filas: FilasExportacion<F>,
  opciones: OpcionesCsv = {},
): AsyncGenerator<Uint8Array> {
  const sep = opciones.separador ?? ',';
  const desfase = opciones.desfaseMinutos ?? -300;
  const cabecera = `${columnas.map((c) => citarCsv(neutralizarTexto(c.campo), sep)).join(sep)}\r\n`;
  const inicio = Buffer.from(cabecera, 'utf8');
  yield opciones.bom === false ? inicio : Buffer.concat([BOM_UTF8, inicio]);
  let lote = '';
  for await (const fila of filas) {
    let linea = '';
    for (let i = 0; i < columnas.length; i++) {
      const col = columnas[i] as ColumnaExportacion<F>;
      if (i > 0) linea += sep;
      linea += celdaCsv(col, leerValor(col, fila), sep, desfase);
    }
    lote += `${linea}\r\n`;
    if (lote.length >= LOTE_CARACTERES) {
      yield Buffer.from(lote, 'utf8');
      lote = '';
    }
  }
  if (lote) yield Buffer.from(lote, 'utf8');
}

/** The same stream as a Node Readable (e.g. `reply.send(csvReadable(...))` in Fastify). */
export function csvReadable<F>(
  columnas: readonly ColumnaExportacion<F>[],
  filas: FilasExportacion<F>,
  opciones?: OpcionesCsv,
): Readable {
  return Readable.from(escribirCsv(columnas, filas, opciones), { objectMode: false });
}

export const TIPO_CSV = 'text/csv; charset=utf-8';
