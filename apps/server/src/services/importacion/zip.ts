import { Inflate } from 'fflate';
import { ErrorArchivo } from './errores';

/**
 * Just enough ZIP to read an XLSX held in memory: the central directory is authoritative (local
 * headers of streamed writers, ours included, carry no sizes), and entries are inflated in chunks
 * so a large worksheet is never one buffer.
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

/** Stops an inflation early (the row limit was reached); not an error. */
export class Detener extends Error {}

/**
 * Inflates one entry, handing decoded UTF-8 text to `alTexto` chunk by chunk. `maximo` caps the
 * inflated size: a few KB of deflate can expand to gigabytes.
 */
export function leerEntradaTexto(b: Uint8Array, e: EntradaZip, alTexto: (texto: string) => void, maximo: number): void {
  if (e.cifrado)
    throw new ErrorArchivo(400, 'El archivo .xlsx está protegido con contraseña; guárdelo sin contraseña.');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const l = e.desplazamiento;
  if (l + 30 > b.length || v.getUint32(l, true) !== 0x04034b50) throw corrupto();
  const inicio = l + 30 + v.getUint16(l + 26, true) + v.getUint16(l + 28, true);
  const datos = b.subarray(inicio, inicio + e.comprimido);
  if (datos.length < e.comprimido) throw corrupto();
  const texto = new TextDecoder('utf-8');
  let total = 0;
  const emitir = (trozo: Uint8Array, final: boolean) => {
    total += trozo.length;
    if (total > maximo) {
      throw new ErrorArchivo(
        413,
        `El contenido de ${e.nombre} supera ${Math.round(maximo / 1024 / 1024)} MB descomprimido; divida el archivo.`,
      );
    }
    alTexto(texto.decode(trozo, { stream: !final }));
  };
  try {
    if (e.metodo === 0) {
      emitir(datos, true);
      return;
    }
    if (e.metodo !== 8) throw new ErrorArchivo(400, `El archivo .xlsx usa una compresión no admitida (${e.metodo}).`);
    const inflador = new Inflate((trozo, final) => emitir(trozo, final));
    const TROZO = 256 * 1024;
    for (let o = 0; o < datos.length; o += TROZO) {
      inflador.push(datos.subarray(o, Math.min(o + TROZO, datos.length)), o + TROZO >= datos.length);
    }
  } catch (err) {
    if (err instanceof Detener || err instanceof ErrorArchivo) throw err;
    throw corrupto();
  }
}

export function leerEntradaCompleta(b: Uint8Array, e: EntradaZip, maximo: number): string {
  const partes: string[] = [];
  leerEntradaTexto(b, e, (t) => partes.push(t), maximo);
  return partes.join('');
}
