import { Readable } from 'node:stream';
import {
  aNumero,
  anchoColumna,
  aTexto,
  type ColumnaExportacion,
  type FilasExportacion,
  leerValor,
  partesFecha,
  serialExcel,
} from './columnas';
import { esTextoPeligroso } from './neutralizar';
import { escaparXml, letraColumna } from './xml';
import { EscritorZip } from './zip';

/**
 * A streaming XLSX writer: SpreadsheetML written by hand into a streaming ZIP (zip.ts). exceljs's
 * WorkbookWriter was measured on the same 100,000 × 35 rows at +180 MB RSS and 20 s; this one keeps
 * only the current ~64 KB of XML and the deflate window in memory (figures: bench/exportar.mjs).
 * Strings are inline (`t="inlineStr"`), never shared: a shared-string table would grow with the data.
 */

export interface HojaXlsx<F = Record<string, unknown>> {
  /** Up to 31 characters; `[]:*?/\` are replaced. */
  nombre: string;
  columnas: readonly ColumnaExportacion<F>[];
  filas: FilasExportacion<F>;
  /** Autofilter on the header row. Default true. */
  filtro?: boolean;
}

export interface OpcionesXlsx {
  /** Deflate level 0–9. Default 4: XML compresses ~10× already at 1, and CPU is the scarce resource. */
  nivel?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Wall-time offset for instants in 'fechaHora' columns; default −300 (Lima, no DST). */
  desfaseMinutos?: number;
}

export const TIPO_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CABECERA_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const LOTE_CARACTERES = 64 * 1024;
/** Excel refuses longer cells. */
const MAX_CELDA = 32_767;

// cellXfs indices in ESTILOS.
const E_CABECERA = 1;
const E_FECHA = 2;
const E_FECHA_HORA = 3;
const E_TEXTO_LITERAL = 4;
const E_ENVUELTO = 5;

const ESTILOS = `${CABECERA_XML}<styleSheet xmlns="${NS}">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** A sheet of typed rows, for a workbook whose sheets hold different row types. */
export const hoja = <F>(h: HojaXlsx<F>): HojaXlsx => h as unknown as HojaXlsx;

function nombreHoja(nombre: string, usados: Set<string>): string {
  const base = (nombre.replace(/[[\]:*?/\\]/g, '_').trim() || 'Hoja').slice(0, 31);
  let n = base;
  for (let i = 2; usados.has(n.toLowerCase()); i++) n = `${base.slice(0, 28)}_${i}`;
  usados.add(n.toLowerCase());
  return n;
}

function celdaTexto(ref: string, s: string, estilo = 0): string {
  const t = s.length > MAX_CELDA ? s.slice(0, MAX_CELDA) : s;
  const espacio = /^\s|\s$/.test(t) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${estilo ? ` s="${estilo}"` : ''} t="inlineStr"><is><t${espacio}>${escaparXml(t)}</t></is></c>`;
}

/**
 * One typed cell. Text that looks like a formula is still an inline string (a formula cell is
 * `<f>`, which this writer never emits) and gets the quotePrefix style: Excel shows it verbatim and
 * keeps it text if someone edits it, without altering the value as a CSV apostrophe would.
 */
function celdaXlsx<F>(col: ColumnaExportacion<F>, v: unknown, ref: string, desfase: number): string {
  if (v == null || v === '') return '';
  switch (col.tipo ?? 'texto') {
    case 'numero': {
      const n = aNumero(v);
      if (n !== null) return `<c r="${ref}"><v>${n}</v></c>`;
      break;
    }
    case 'booleano':
      if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
      break;
    case 'fecha':
    case 'fechaHora': {
      const conHora = col.tipo === 'fechaHora';
      const p = partesFecha(v, desfase);
      // Excel's calendar starts in 1900; earlier dates stay text rather than become negative serials.
      if (p && p.y >= 1900) {
        const serial = serialExcel(conHora ? p : { ...p, hh: 0, mi: 0, ss: 0 });
        return `<c r="${ref}" s="${conHora ? E_FECHA_HORA : E_FECHA}"><v>${serial}</v></c>`;
      }
      break;
    }
  }
  const s = aTexto(v);
  if (s === '') return '';
  return celdaTexto(ref, s, esTextoPeligroso(s) ? E_TEXTO_LITERAL : col.envolver ? E_ENVUELTO : 0);
}

function inicioHoja(columnas: readonly ColumnaExportacion<never>[]): string {
  const cols = columnas
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${anchoColumna(c)}" customWidth="1"/>`)
    .join('');
  const vista =
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>';
  const cabecera = columnas.map((c, i) => celdaTexto(`${letraColumna(i)}1`, c.campo, E_CABECERA)).join('');
  return `${CABECERA_XML}<worksheet xmlns="${NS}" xmlns:r="${NS_R}">${vista}<sheetFormatPr defaultRowHeight="15"/>\
<cols>${cols}</cols><sheetData><row r="1">${cabecera}</row>`;
}

/** Streams an XLSX workbook of one or more sheets; each sheet's rows are pulled as the output is read. */
export async function* escribirLibroXlsx(
  hojas: readonly HojaXlsx[],
  opciones: OpcionesXlsx = {},
): AsyncGenerator<Uint8Array> {
  const zip = new EscritorZip(opciones.nivel ?? 4);
  const desfase = opciones.desfaseMinutos ?? -300;
  const archivo = (ruta: string, texto: string) => zip.archivo(ruta, [Buffer.from(texto, 'utf8')]);

  const usados = new Set<string>();
  const nombres = hojas.map((h) => nombreHoja(h.nombre, usados));
  const sobrescrituras = hojas
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  yield* archivo(
    '[Content_Types].xml',
    `${CABECERA_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
${sobrescrituras}</Types>`,
  );
  yield* archivo(
    '_rels/.rels',
    `${CABECERA_XML}<Relationships xmlns="${NS_PKG}"><Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  yield* archivo('xl/styles.xml', ESTILOS);

  const filtros: string[] = [];
  for (const [i, hoja] of hojas.entries()) {
    const columnas = hoja.columnas as readonly ColumnaExportacion<unknown>[];
    const letras = columnas.map((_, j) => letraColumna(j));
    const conFiltro = hoja.filtro !== false && columnas.length > 0;
    async function* xml(): AsyncGenerator<Buffer> {
      let lote = inicioHoja(columnas);
      let r = 1;
      for await (const fila of hoja.filas as FilasExportacion<unknown>) {
        r++;
        let x = `<row r="${r}">`;
        for (let j = 0; j < columnas.length; j++) {
          const col = columnas[j] as ColumnaExportacion<unknown>;
          x += celdaXlsx(col, leerValor(col, fila), `${letras[j]}${r}`, desfase);
        }
        lote += `${x}</row>`;
        if (lote.length >= LOTE_CARACTERES) {
          yield Buffer.from(lote, 'utf8');
          lote = '';
        }
      }
      const rango = `$A$1:$${letras[letras.length - 1] ?? 'A'}$${r}`;
      if (conFiltro) {
        const nombre = escaparXml(nombres[i] as string).replaceAll("'", "''");
        filtros.push(
          `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${nombre}'!${rango}</definedName>`,
        );
      }
      yield Buffer.from(
        `${lote}</sheetData>${conFiltro ? `<autoFilter ref="${rango.replaceAll('$', '')}"/>` : ''}</worksheet>`,
        'utf8',
      );
    }
    yield* zip.archivo(`xl/worksheets/sheet${i + 1}.xml`, xml());
  }

  const hojasXml = nombres.map((n, i) => `<sheet name="${escaparXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`);
  yield* archivo(
    'xl/workbook.xml',
    `${CABECERA_XML}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><bookViews><workbookView/></bookViews>\
<sheets>${hojasXml.join('')}</sheets>${filtros.length ? `<definedNames>${filtros.join('')}</definedNames>` : ''}</workbook>`,
  );
  const relaciones = nombres.map(
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  yield* archivo(
    'xl/_rels/workbook.xml.rels',
    `${CABECERA_XML}<Relationships xmlns="${NS_PKG}">${relaciones.join('')}\
<Relationship Id="rId${nombres.length + 1}" Type="${NS_R}/styles" Target="styles.xml"/></Relationships>`,
  );
  yield zip.fin();
}

/** One sheet: the usual export of a list. */
export function escribirXlsx<F>(
  columnas: readonly ColumnaExportacion<F>[],
  filas: FilasExportacion<F>,
  opciones: OpcionesXlsx & { hoja?: string } = {},
): AsyncGenerator<Uint8Array> {
  return escribirLibroXlsx([hoja({ nombre: opciones.hoja ?? 'Datos', columnas, filas })], opciones);
}

export function xlsxReadable<F>(
  columnas: readonly ColumnaExportacion<F>[],
  filas: FilasExportacion<F>,
  opciones?: OpcionesXlsx & { hoja?: string },
): Readable {
  return Readable.from(escribirXlsx(columnas, filas, opciones), { objectMode: false });
}
