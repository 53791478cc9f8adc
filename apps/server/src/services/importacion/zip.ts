import { StringDecoder } from 'node:string_decoder';
import { constants, createInflateRaw, inflateRawSync } from 'node:zlib';
import { ErrorArchivo } from './errores';

/**
 * Just enough ZIP to read an XLSX held in memory: the central directory is authoritative (local
 * headers of streamed writers, ours included, carry no sizes), and entries are inflated by Node's
 * zlib (native, ~4× fflate's JS inflate here), the worksheet as a stream so it is never one buffer.
 */
export interface EntradaZip {
  nombre: string;
  metodo: number;
  comprimido: number;
  tamano: number;
  desplazamiento: number;
  cifrado: boolean;
}

const corrupto = () => new ErrorArchivo(400, 'El archivo .xlsx está dañado o incompleto: no se pudo leer como ZIP.');

export function leerDirectorio(b: Uint8Array): Map<string, EntradaZip> {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupto();
  const total = v.getUint16(eocd + 10, true);
  let p = v.getUint32(eocd + 16, true);
  if (p === 0xffffffff || total === 0xffff) {
    throw new ErrorArchivo(400, 'El archivo .xlsx usa ZIP64, que no se admite; guárdelo de nuevo desde Excel.');
  }
  const entradas = new Map<string, EntradaZip>();
  const nombres = new TextDecoder();
  for (let k = 0; k < total; k++) {
    if (p + 46 > b.length || v.getUint32(p, true) !== 0x02014b50) throw corrupto();
    const largoNombre = v.getUint16(p + 28, true);
    const entrada: EntradaZip = {
      nombre: nombres.decode(b.subarray(p + 46, p + 46 + largoNombre)),
      metodo: v.getUint16(p + 10, true),
      comprimido: v.getUint32(p + 20, true),
      tamano: v.getUint32(p + 24, true),
      desplazamiento: v.getUint32(p + 42, true),
      cifrado: (v.getUint16(p + 8, true) & 1) === 1,
    };
    entradas.set(entrada.nombre, entrada);
    p += 46 + largoNombre + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
  }
  return entradas;
}

function datosDe(b: Uint8Array, e: EntradaZip): Uint8Array {
  if (e.cifrado)
    throw new ErrorArchivo(400, 'El archivo .xlsx está protegido con contraseña; guárdelo sin contraseña.');
  if (e.metodo !== 0 && e.metodo !== 8) {
    throw new ErrorArchivo(400, `El archivo .xlsx usa una compresión no admitida (${e.metodo}).`);
  }
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const l = e.desplazamiento;
  if (l + 30 > b.length || v.getUint32(l, true) !== 0x04034b50) throw corrupto();
  const inicio = l + 30 + v.getUint16(l + 26, true) + v.getUint16(l + 28, true);
  const datos = b.subarray(inicio, inicio + e.comprimido);
  if (datos.length < e.comprimido) throw corrupto();
  return datos;
}

const demasiado = (e: EntradaZip, maximo: number) =>
  new ErrorArchivo(
    413,
    `El contenido de ${e.nombre} supera ${Math.round(maximo / 1024 / 1024)} MB descomprimido; divida el archivo.`,
  );

/** A small part (workbook, relationships, styles) as text. `maximo` bounds a zip bomb. */
export function leerEntradaCompleta(b: Uint8Array, e: EntradaZip, maximo: number): string {
  const datos = datosDe(b, e);
  if (e.metodo === 0) return Buffer.from(datos.buffer, datos.byteOffset, datos.byteLength).toString('utf8');
  try {
    return inflateRawSync(datos, { maxOutputLength: maximo }).toString('utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw demasiado(e, maximo);
    throw corrupto();
  }
}

/**
 * Inflates one entry as a stream, yielding its decoded UTF-8 text chunk by chunk (the event loop
 * runs between chunks); stopping the iteration stops the inflater.
 */
export async function* textosDeEntrada(b: Uint8Array, e: EntradaZip, maximo: number): AsyncGenerator<string, void> {
  const datos = datosDe(b, e);
  // StringDecoder, not a streaming TextDecoder: Node takes the slow ICU path for the latter.
  const texto = new StringDecoder('utf8');
  if (e.metodo === 0) {
    yield texto.write(Buffer.from(datos.buffer, datos.byteOffset, datos.byteLength)) + texto.end();
    return;
  }
  const inflador = createInflateRaw({ chunkSize: 256 * 1024, finishFlush: constants.Z_SYNC_FLUSH });
  inflador.end(datos);
  let total = 0;
  try {
    for await (const trozo of inflador as AsyncIterable<Buffer>) {
      total += trozo.length;
      if (total > maximo) throw demasiado(e, maximo);
      yield texto.write(trozo);
    }
  } catch (err) {
    if (err instanceof ErrorArchivo) throw err;
    throw corrupto();
  } finally {
    inflador.destroy();
  }
  yield texto.end();
}

/** `textosDeEntrada` with a callback: `alTexto` returns true to stop early. */
export async function leerEntradaTexto(
  b: Uint8Array,
  e: EntradaZip,
  alTexto: (texto: string) => boolean | undefined,
  maximo: number,
): Promise<void> {
  for await (const t of textosDeEntrada(b, e, maximo)) if (alTexto(t)) return;
}
