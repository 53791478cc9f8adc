import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { setImmediate as ceder } from 'node:timers/promises';
import { ErrorArchivo, exigirTamano, type LimitesImportacion, limitesCon } from './errores';
import { rechazarBinario } from './formato';
import { abrirLectura, ConstructorTabla, type LecturaImportada, type TablaImportada, tablaCompleta } from './tabla';

/**
 * RFC 4180 as a state machine fed in chunks, so a 60 MB file is decoded 1 MB at a time and never
 * held twice as one string. Lenient where Excel is: a quote inside an unquoted field is a literal,
 * and text after a closing quote is kept.
 */
export class ParserCsv {
  private campos: string[] = [];
  private campo = '';
  private enComillas = false;
  /** A quote was the last character of a chunk inside a quoted field: "" or end of field? */
  private comillaPendiente = false;
  /** A CR ended the last chunk: skip an LF that starts the next one. */
  private crPendiente = false;
  private registro = 0;
  private inicioComillas = 0;
  detenido = false;

  constructor(
    private readonly sep: string,
    /** Called with each record and its 1-based number; return false to stop. */
    private readonly alRegistro: (campos: string[], numero: number) => boolean | undefined,
  ) {}

  private cerrarCampo() {
    this.campos.push(this.campo);
    this.campo = '';
  }

  private cerrarRegistro() {
    this.cerrarCampo();
    this.registro++;
    const campos = this.campos;
    this.campos = [];
    if (this.alRegistro(campos, this.registro) === false) this.detenido = true;
  }

  push(t: string): void {
    const n = t.length;
    let i = 0;
    if (this.crPendiente && n > 0) {
      if (t.charCodeAt(0) === 10) i = 1;
      this.crPendiente = false;
    }
    if (this.comillaPendiente && n > 0) {
      this.comillaPendiente = false;
      if (t.charCodeAt(0) === 34) {
        this.campo += '"';
        i++;
      } else this.enComillas = false;
    }
    const sep = this.sep.charCodeAt(0);
    while (i < n && !this.detenido) {
      if (this.enComillas) {
        const q = t.indexOf('"', i);
        if (q === -1) {
          this.campo += t.slice(i);
          return;
        }
        this.campo += t.slice(i, q);
        if (q + 1 === n) {
          this.comillaPendiente = true;
          return;
        }
        if (t.charCodeAt(q + 1) === 34) {
          this.campo += '"';
          i = q + 2;
        } else {
          this.enComillas = false;
          i = q + 1;
        }
        continue;
      }
      const c = t.charCodeAt(i);
      if (c === sep) {
        this.cerrarCampo();
        i++;
      } else if (c === 10) {
        this.cerrarRegistro();
        i++;
      } else if (c === 13) {
        this.cerrarRegistro();
        i++;
        if (i === n) this.crPendiente = true;
        else if (t.charCodeAt(i) === 10) i++;
      } else if (c === 34 && this.campo === '') {
        this.enComillas = true;
        this.inicioComillas = this.registro + 1;
        i++;
      } else {
        let j = i + 1;
        while (j < n) {
          const d = t.charCodeAt(j);
          if (d === sep || d === 10 || d === 13 || d === 34) break;
          j++;
        }
        // A quote in the middle of an unquoted field is kept as a literal.
        if (j < n && t.charCodeAt(j) === 34) j++;
        this.campo += t.slice(i, j);
        i = j;
      }
    }
  }

  end(): void {
    if (this.detenido) return;
    if (this.comillaPendiente) {
      this.comillaPendiente = false;
      this.enComillas = false;
    }
    if (this.enComillas) {
      throw new ErrorArchivo(
        400,
        `Hay comillas sin cerrar desde la fila ${this.inicioComillas}: revise que cada " de apertura tenga su cierre.`,
      );
    }
    if (this.campo !== '' || this.campos.length > 0) this.cerrarRegistro();
  }
}

const SEPARADORES = [',', ';', '\t'] as const;

/** The separator that appears most often in the first record, outside quotes; ',' when none does. */
export function detectarSeparador(inicio: string): string {
  const cuenta = new Map<string, number>(SEPARADORES.map((s) => [s, 0]));
  let enComillas = false;
  for (let i = 0; i < inicio.length; i++) {
    const c = inicio[i] as string;
    if (c === '"') enComillas = !enComillas;
    else if (!enComillas && (c === '\n' || c === '\r')) break;
    else if (!enComillas && cuenta.has(c)) cuenta.set(c, (cuenta.get(c) ?? 0) + 1);
  }
  let mejor = ',';
  for (const s of SEPARADORES) if ((cuenta.get(s) ?? 0) > (cuenta.get(mejor) ?? 0)) mejor = s;
  return mejor;
}

/** The template's instructions section starts with a record whose first cell begins with "###". */
export const MARCA_INSTRUCCIONES = '###';
const TROZO = 1024 * 1024;

/** Windows-1252 at 0x80–0x9F, where Latin-1 has control characters (undefined bytes stay as they are). */
const CP1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;

/**
 * Chunk decoder. UTF-8 through StringDecoder (Node's streaming TextDecoder takes a slow ICU path);
 * Windows-1252 as Latin-1 plus its 32 differing characters, because Node 20's
 * TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1 controls (€ came out as U+0080).
 */
function decodificador(utf8: boolean): (trozo: Uint8Array, final: boolean) => string {
  if (utf8) {
    const d = new StringDecoder('utf8');
    return (trozo, final) =>
      d.write(Buffer.from(trozo.buffer, trozo.byteOffset, trozo.byteLength)) + (final ? d.end() : '');
  }
  return (trozo) => {
    const s = Buffer.from(trozo.buffer, trozo.byteOffset, trozo.byteLength).toString('latin1');
    return s.replace(C1, (c) => CP1252[c.charCodeAt(0) - 0x80] as string);
  };
}

/**
 * Reads a CSV in UTF-8 (with or without BOM) or, when the bytes are not valid UTF-8, Windows-1252
 * (what Excel on Windows saves as "CSV (delimitado por comas)"). Separator `,`, `;` or tab, sniffed
 * from the header line. The rows come in stretches of one 1 MB chunk as `tramos` is iterated.
 */
export async function abrirCsv(bytes: Uint8Array, parciales?: Partial<LimitesImportacion>): Promise<LecturaImportada> {
  const limites = limitesCon(parciales);
  exigirTamano(bytes.length, limites);
  rechazarBinario(bytes);
  const utf8 = isUtf8(bytes);
  const codificacion = utf8 ? 'utf-8' : 'windows-1252';
  const decodificar = decodificador(utf8);
  const bom = utf8 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let primero = decodificar(bytes.subarray(bom, TROZO), bytes.length <= TROZO);
  // Excel's "sep=;" first line names the separator; Excel hides it, so it is not a row either.
  const indicado = /^sep=([,;\t|])\r?\n/i.exec(primero);
  if (indicado) primero = primero.slice(indicado[0].length);
  const separador = indicado?.[1] ?? detectarSeparador(primero.slice(0, 64 * 1024));
  const constructorTabla = new ConstructorTabla('csv', limites);
  const parser = new ParserCsv(separador, (campos, numero) => {
    if (campos[0]?.trimStart().startsWith(MARCA_INSTRUCCIONES)) return false;
    constructorTabla.agregar(numero, campos);
    return true;
  });
  async function* pasos() {
    parser.push(primero);
    primero = '';
    yield;
    for (let o = TROZO; o < bytes.length && !parser.detenido; o += TROZO) {
      const fin = Math.min(o + TROZO, bytes.length);
      // Lets the server answer other requests while a large file is read.
      await ceder();
      parser.push(decodificar(bytes.subarray(o, fin), fin === bytes.length));
      yield;
    }
    parser.end();
  }
  const lectura = await abrirLectura(constructorTabla, pasos(), 'El archivo está vacío: no tiene encabezado ni filas.');
  return { ...lectura, codificacion, separador };
}

/** The whole CSV as one table. */
export async function leerCsv(bytes: Uint8Array, parciales?: Partial<LimitesImportacion>): Promise<TablaImportada> {
  return tablaCompleta(await abrirCsv(bytes, parciales));
}
