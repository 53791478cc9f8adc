import { desescaparOoxml } from '../exportacion/xml';
import { ErrorArchivo, exigirTamano, type LimitesImportacion, limitesCon } from './errores';
import { atributo, type CeldaCruda, EscanerCompartidas, EscanerHoja } from './hoja-xml';
import {
  abrirLectura,
  type Celda,
  ConstructorTabla,
  desprender,
  type LecturaImportada,
  type TablaImportada,
  tablaCompleta,
} from './tabla';
import { type EntradaZip, leerDirectorio, leerEntradaCompleta, leerEntradaTexto, textosDeEntrada } from './zip';

/**
 * XLSX reader over Node's zlib (zip.ts) and the scanners of hoja-xml.ts: only the first worksheet is read,
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

async function cadenasCompartidas(b: Uint8Array, e: EntradaZip | undefined, max: number): Promise<string[]> {
  if (!e) return [];
  const escaner = new EscanerCompartidas();
  await leerEntradaTexto(
    b,
    e,
    (t) => {
      escaner.push(t);
      return false;
    },
    max,
  );
  return escaner.lista.map(desprender);
}

/** The first worksheet, its rows in stretches (one inflated chunk each) as `tramos` is iterated. */
export async function abrirXlsx(bytes: Uint8Array, parciales?: Partial<LimitesImportacion>): Promise<LecturaImportada> {
  const limites = limitesCon(parciales);
  exigirTamano(bytes.length, limites);
  const dir = leerDirectorio(bytes);
  // Inflated parts may be far larger than the file; this bounds a zip bomb, not a real workbook.
  const max = Math.max(limites.bytes * 40, 8 * 1024 * 1024);
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
  const compartidas = await cadenasCompartidas(bytes, dir.get(rels.porTipo.get('sharedStrings') ?? ''), max);
  const rutaEstilos = rels.porTipo.get('styles');
  const estilos =
    rutaEstilos && dir.has(rutaEstilos) ? estilosFecha(leerEntradaCompleta(bytes, dir.get(rutaEstilos)!, max)) : [];

  const constructorTabla = new ConstructorTabla('xlsx', limites);
  const valorDe = (c: CeldaCruda): Celda => {
    const v = c.valor;
    switch (c.tipo) {
      case 's':
        return compartidas[Number(v)] ?? null;
      case 'inlineStr':
      case 'e':
        return v;
      case 'str':
        return desescaparOoxml(v);
      case 'b':
        return v === '1' || v === 'true';
      case 'd':
        return v.endsWith('T00:00:00') ? v.slice(0, 10) : v;
    }
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) return v;
    const f = estilos[c.estilo] ?? null;
    return f ? fechaDeSerial(n, f, sistema1904) : n;
  };
  const escaner = new EscanerHoja((fila, crudas) => {
    const celdas: Celda[] = [];
    for (const c of crudas) celdas[c.columna] = valorDe(c);
    constructorTabla.agregar(fila, celdas);
  });
  async function* pasos(entrada: EntradaZip) {
    for await (const t of textosDeEntrada(bytes, entrada, max)) {
      escaner.push(t);
      yield;
      if (escaner.terminado) return;
    }
    escaner.end();
  }
  const lectura = await abrirLectura(
    constructorTabla,
    pasos(hoja),
    'La primera hoja del libro está vacía: no tiene encabezado ni filas.',
  );
  const nombreHoja = atributo(primera, 'name');
  return nombreHoja ? { ...lectura, hoja: nombreHoja } : lectura;
}

/** The first worksheet as one table. */
export async function leerXlsx(bytes: Uint8Array, parciales?: Partial<LimitesImportacion>): Promise<TablaImportada> {
  return tablaCompleta(await abrirXlsx(bytes, parciales));
}
