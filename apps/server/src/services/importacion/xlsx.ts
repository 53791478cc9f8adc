import { decodificarEntidades, desescaparOoxml, indiceColumna } from '../exportacion/xml';
import { ErrorArchivo, exigirTamano, type LimitesImportacion, limitesCon } from './errores';
import { atributo, LectorXml } from './lector-xml';
import { type Celda, ConstructorTabla, type TablaImportada } from './tabla';
import { Detener, type EntradaZip, leerDirectorio, leerEntradaCompleta, leerEntradaTexto } from './zip';

/**
 * XLSX reader over fflate's inflate and a streaming tokenizer: only the first worksheet is read,
 * row by row, with shared strings, inline strings, booleans, numbers and dates (by the cell's
 * number format) typed. exceljs can read too, but loads its whole dependency tree and its reader
 * was not needed for anything this one does not do in ~250 lines.
 */

type TipoFecha = 'fecha' | 'fechaHora' | null;

/** Built-in number formats that are dates (14–17, 27–36, 50–58) or date-times (22). */
const FORMATOS_FECHA: Record<number, TipoFecha> = {
  14: 'fecha',
  15: 'fecha',
  16: 'fecha',
  17: 'fecha',
  22: 'fechaHora',
};
for (const id of [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]) FORMATOS_FECHA[id] = 'fecha';

/** A custom format is a date if, outside quotes, escapes and [brackets], it has y or d; with h or s, a date-time. */
export function tipoFormato(codigo: string): TipoFecha {
  const limpio = codigo.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, '');
  if (!/[yd]/i.test(limpio)) return null;
  return /[hs]/i.test(limpio) ? 'fechaHora' : 'fecha';
}

const dos = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Excel serial → "2025-06-01" or "2025-06-01T10:30:00" (wall time, as the sheet shows it). */
export function fechaDeSerial(serial: number, tipo: 'fecha' | 'fechaHora', sistema1904: boolean): string {
  const dias = serial + (sistema1904 ? 1462 : 0);
  const ms = Math.round((dias - 25_569) * 86_400) * 1000;
  const d = new Date(ms);
  const fecha = `${d.getUTCFullYear()}-${dos(d.getUTCMonth() + 1)}-${dos(d.getUTCDate())}`;
  if (tipo === 'fecha' && d.getUTCHours() + d.getUTCMinutes() + d.getUTCSeconds() === 0) return fecha;
  return `${fecha}T${dos(d.getUTCHours())}:${dos(d.getUTCMinutes())}:${dos(d.getUTCSeconds())}`;
}

function resolver(base: string, destino: string): string {
  if (destino.startsWith('/')) return destino.slice(1);
  const partes = base.split('/').slice(0, -1);
  for (const p of destino.split('/')) {
    if (p === '..') partes.pop();
    else if (p !== '.') partes.push(p);
  }
  return partes.join('/');
}

/** Relationship targets of a part, by id and by type suffix. */
function relaciones(b: Uint8Array, dir: Map<string, EntradaZip>, parte: string, max: number) {
  const ruta = resolver(parte, `_rels/${parte.split('/').pop()}.rels`);
  const porId = new Map<string, string>();
  const porTipo = new Map<string, string>();
  const e = dir.get(ruta);
  if (!e) return { porId, porTipo };
  for (const m of leerEntradaCompleta(b, e, max).matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const id = atributo(m[1] ?? '', 'Id');
    const destino = atributo(m[1] ?? '', 'Target');
    const tipo = atributo(m[1] ?? '', 'Type') ?? '';
    if (!destino) continue;
    const completo = resolver(parte, destino);
    if (id) porId.set(id, completo);
    porTipo.set(tipo.slice(tipo.lastIndexOf('/') + 1), completo);
  }
  return { porId, porTipo };
}

/** For each cellXfs index: whether its number format is a date. */
function estilosFecha(xml: string): TipoFecha[] {
  const propios = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const id = Number(atributo(m[1] ?? '', 'numFmtId'));
    propios.set(id, atributo(m[1] ?? '', 'formatCode') ?? '');
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)].map((m) => {
    const id = Number(atributo(m[1] ?? '', 'numFmtId') ?? 0);
    const codigo = propios.get(id);
    return codigo !== undefined ? tipoFormato(codigo) : (FORMATOS_FECHA[id] ?? null);
  });
}

/** Text of `<si>`/`<is>`: every `<t>` except phonetic runs (`<rPh>`). */
class TextoEnriquecido {
  partes: string[] = [];
  enT = false;
  enFonetica = false;
  abrir(nombre: string) {
    if (nombre === 't' && !this.enFonetica) this.enT = true;
    else if (nombre === 'rPh') this.enFonetica = true;
  }
  cerrar(nombre: string) {
    if (nombre === 't') this.enT = false;
    else if (nombre === 'rPh') this.enFonetica = false;
  }
  texto(s: string) {
    if (this.enT) this.partes.push(s);
  }
  tomar(): string {
    const s = desescaparOoxml(decodificarEntidades(this.partes.join('')));
    this.partes = [];
    return s;
  }
}

function cadenasCompartidas(b: Uint8Array, e: EntradaZip | undefined, max: number): string[] {
  const lista: string[] = [];
  if (!e) return lista;
  const rico = new TextoEnriquecido();
  const lector = new LectorXml({
    abrir: (n) => rico.abrir(n),
    cerrar: (n) => (n === 'si' ? lista.push(rico.tomar()) : rico.cerrar(n)),
    texto: (s) => rico.texto(s),
  });
  leerEntradaTexto(b, e, (t) => lector.push(t), max);
  lector.end();
  return lista;
}

export function leerXlsx(bytes: Uint8Array, parciales?: Partial<LimitesImportacion>): TablaImportada {
  const limites = limitesCon(parciales);
  exigirTamano(bytes.length, limites);
  const dir = leerDirectorio(bytes);
  // Inflated parts may be far larger than the file; this bounds a zip bomb, not a real workbook.
  const max = Math.max(limites.bytes * 40, 64 * 1024 * 1024);
  if (dir.has('mimetype') && dir.has('content.xml')) {
    throw new ErrorArchivo(415, 'El archivo es una hoja de cálculo OpenDocument (.ods). Guárdelo como .xlsx o CSV.');
  }
  const raiz = relaciones(bytes, dir, '', max);
  const rutaLibro = raiz.porTipo.get('officeDocument') ?? 'xl/workbook.xml';
  const libro = dir.get(rutaLibro);
  if (!libro) {
    throw new ErrorArchivo(415, 'El archivo es un ZIP pero no un libro de Excel (.xlsx): falta el libro de trabajo.');
  }
  const xmlLibro = leerEntradaCompleta(bytes, libro, max);
  const sistema1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(xmlLibro);
  const primera = /<(?:\w+:)?sheet\b([^>]*)>/.exec(xmlLibro)?.[1];
  const rels = relaciones(bytes, dir, rutaLibro, max);
  const rutaHoja = primera ? rels.porId.get(atributo(primera, 'id') ?? '') : undefined;
  const hoja = rutaHoja ? dir.get(rutaHoja) : undefined;
  if (!primera || !hoja) throw new ErrorArchivo(400, 'El libro de Excel no tiene hojas que leer.');
  const compartidas = cadenasCompartidas(bytes, dir.get(rels.porTipo.get('sharedStrings') ?? ''), max);
  const rutaEstilos = rels.porTipo.get('styles');
  const estilos =
    rutaEstilos && dir.has(rutaEstilos) ? estilosFecha(leerEntradaCompleta(bytes, dir.get(rutaEstilos)!, max)) : [];

  const constructorTabla = new ConstructorTabla('xlsx', limites);
  let fila = 0;
  let celdas: Celda[] = [];
  let col = -1;
  let tipo = '';
  let estilo = 0;
  let valor: string[] = [];
  let enV = false;
  const rico = new TextoEnriquecido();
  let enIs = false;

  const cerrarCelda = () => {
    const crudo = decodificarEntidades(valor.join(''));
    let c: Celda = null;
    if (tipo === 's') c = compartidas[Number(crudo)] ?? null;
    else if (tipo === 'inlineStr') c = rico.tomar();
    else if (tipo === 'str' || tipo === 'e') c = desescaparOoxml(crudo);
    else if (tipo === 'b') c = crudo === '1' || crudo === 'true';
    else if (tipo === 'd') c = crudo.endsWith('T00:00:00') ? crudo.slice(0, 10) : crudo;
    else if (crudo !== '') {
      const n = Number(crudo);
      const f = estilos[estilo] ?? null;
      c = Number.isFinite(n) ? (f ? fechaDeSerial(n, f, sistema1904) : n) : crudo;
    }
    if (col >= 0 && col < 16_384) celdas[col] = c;
  };

  const lector = new LectorXml({
    abrir(nombre, atributos) {
      if (enIs) return rico.abrir(nombre);
      switch (nombre) {
        case 'row':
          fila = Number(atributo(atributos, 'r')) || fila + 1;
          celdas = [];
          col = -1;
          break;
        case 'c': {
          const ref = atributo(atributos, 'r');
          col = ref ? indiceColumna(ref) : col + 1;
          tipo = atributo(atributos, 't') ?? 'n';
          estilo = Number(atributo(atributos, 's') ?? 0);
          valor = [];
          break;
        }
        case 'v':
          enV = true;
          break;
        case 'is':
          enIs = true;
          break;
      }
    },
    cerrar(nombre) {
      if (nombre === 'is') enIs = false;
      else if (enIs) rico.cerrar(nombre);
      else if (nombre === 'v') enV = false;
      else if (nombre === 'c') cerrarCelda();
      else if (nombre === 'row') constructorTabla.agregar(fila, celdas);
      else if (nombre === 'sheetData') throw new Detener();
    },
    texto(s) {
      if (enIs) rico.texto(s);
      else if (enV) valor.push(s);
    },
  });
  try {
    leerEntradaTexto(bytes, hoja, (t) => lector.push(t), max);
    lector.end();
  } catch (err) {
    if (!(err instanceof Detener)) throw err;
  }
  const tabla = constructorTabla.tabla;
  if (tabla.encabezados.length === 0)
    throw new ErrorArchivo(400, 'La primera hoja del libro está vacía: no tiene encabezado ni filas.');
  const nombreHoja = atributo(primera, 'name');
  return nombreHoja ? { ...tabla, hoja: nombreHoja } : tabla;
}
