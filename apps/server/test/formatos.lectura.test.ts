import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDomainError } from '@troncal/domain/errors';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { escribirXlsx, TIPO_XLSX } from '../src/services/exportacion';
import { detectarFormato, ErrorArchivo, LIMITES_POR_DEFECTO, leerArchivo } from '../src/services/importacion';

const dir = mkdtempSync(path.join(os.tmpdir(), 'troncal-lectura-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every fixture is a real file on disk, read back as an upload would be. */
function archivo(nombre: string, contenido: Uint8Array | string, codificacion: BufferEncoding = 'utf8'): Buffer {
  const ruta = path.join(dir, nombre);
  writeFileSync(ruta, typeof contenido === 'string' ? Buffer.from(contenido, codificacion) : contenido);
  return readFileSync(ruta);
}

async function rechazo(p: Promise<unknown>): Promise<ErrorArchivo> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ErrorArchivo);
  return e as ErrorArchivo;
}

describe('CSV reader', () => {
  it('reads a Windows-1252 file separated by ";" (Excel on Windows), with CRLF and quoted fields', async () => {
    const texto =
      'razon_social;ruc;contacto\r\nTELEFÓNICA DEL PERÚ S.A.A.;20100017491;"Peña; Ñahui"\r\n"Café ""El Sol""";20100070970;€ 5 – “ok”\r\n';
    // Windows-1252: Latin-1 plus € – “ ” at 0x80, 0x96, 0x93, 0x94 (where Latin-1 has controls).
    const extra: Record<string, number> = { '€': 0x80, '–': 0x96, '“': 0x93, '”': 0x94 };
    const cp1252 = Buffer.from([...texto].map((c) => extra[c] ?? c.charCodeAt(0)));
    expect(cp1252.includes(0x80) && cp1252.includes(0xd3)).toBe(true);
    const t = await leerArchivo(archivo('cp1252.csv', cp1252), 'text/csv');
    expect(t.codificacion).toBe('windows-1252');
    expect(t.separador).toBe(';');
    expect(t.encabezados).toEqual(['razon_social', 'ruc', 'contacto']);
    expect(t.filas).toEqual([
      { fila: 2, celdas: ['TELEFÓNICA DEL PERÚ S.A.A.', '20100017491', 'Peña; Ñahui'] },
      { fila: 3, celdas: ['Café "El Sol"', '20100070970', '€ 5 – “ok”'] },
    ]);
  });

  it('reads UTF-8 with BOM and "," with LF line ends, a quoted line break, and numbers rows as the spreadsheet does', async () => {
    const b = archivo('bom.csv', '\ufeffnombre,direccion\nNODO ÑAÑA,"Av. Uno\nPiso 2"\n,\n\nNODO B,x\n');
    const t = await leerArchivo(b, 'application/vnd.ms-excel');
    expect(t.codificacion).toBe('utf-8');
    expect(t.separador).toBe(',');
    expect(t.encabezados).toEqual(['nombre', 'direccion']);
    // Blank records are skipped but still counted: the row numbers are the ones Excel shows.
    expect(t.filas).toEqual([
      { fila: 2, celdas: ['NODO ÑAÑA', 'Av. Uno\nPiso 2'] },
      { fila: 5, celdas: ['NODO B', 'x'] },
    ]);
  });

  it('reads UTF-8 without BOM and removes the apostrophe the exporter put before a formula trigger', async () => {
    const t = await leerArchivo(archivo('sin-bom.csv', "a,b\n'=1+1,'-5\n'normal,x\n"), null);
    expect(t.filas[0]?.celdas).toEqual(['=1+1', '-5']);
    expect(t.filas[1]?.celdas).toEqual(["'normal", 'x']);
  });

  it('handles chunk boundaries inside quotes, doubled quotes and CRLF (a file over 1 MB)', async () => {
    const largo = 'x'.repeat(1024 * 1024 - 20);
    const texto = `a,b\r\n"${largo}","he said ""hi"""\r\nfin,"dos\r\nlineas"\r\n`;
    const t = await leerArchivo(archivo('grande.csv', texto), 'text/csv', { caracteresCelda: 2_000_000 });
    expect(t.filas[0]?.celdas).toEqual([largo, 'he said "hi"']);
    expect(t.filas[1]).toEqual({ fila: 3, celdas: ['fin', 'dos\r\nlineas'] });
  });

  it('honours Excel\'s "sep=" first line and does not count it as a row', async () => {
    const t = await leerArchivo(archivo('sep.csv', 'sep=;\r\nnombre;bw\r\nA, B;1,5\r\n'), 'text/csv');
    expect(t.separador).toBe(';');
    expect(t.filas).toEqual([{ fila: 2, celdas: ['A, B', '1,5'] }]);
  });

  it('reports a value outside the header columns with its fila and columna', async () => {
    const t = await leerArchivo(archivo('ancho.csv', 'a,b\n1,2,3\n'), null);
    expect(t.errores).toEqual([
      {
        fila: 2,
        columna: '(columna 3)',
        valor: '3',
        message: 'La fila tiene un valor en la columna 3, que no tiene encabezado (el encabezado tiene 2 columnas).',
      },
    ]);
  });

  it('refuses an unclosed quote naming the row where it opened', async () => {
    const e = await rechazo(leerArchivo(archivo('comillas.csv', 'a,b\n1,2\n3,"abierta\n4,5\n'), 'text/csv'));
    expect(e.status).toBe(400);
    expect(e.message).toBe('Hay comillas sin cerrar desde la fila 3: revise que cada " de apertura tenga su cierre.');
  });

  it('refuses binary and other formats with a Spanish message (415)', async () => {
    const casos: [string, Uint8Array, RegExp][] = [
      ['viejo.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /Excel 97-2003 \(\.xls\)/],
      ['doc.pdf', Buffer.from('%PDF-1.7\n...'), /es un PDF/],
      ['unicode.txt', Buffer.from('\ufeffa\tb\n', 'utf16le'), /UTF-16/],
      ['imagen.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), /imagen PNG/],
      ['binario.bin', new Uint8Array([0x61, 0x2c, 0x00, 0x62]), /no es texto/],
    ];
    for (const [nombre, bytes, mensaje] of casos) {
      const e = await rechazo(leerArchivo(archivo(nombre, bytes), 'text/csv'));
      expect(e.status, nombre).toBe(415);
      expect(e.message, nombre).toMatch(mensaje);
    }
    const json = await rechazo(leerArchivo(archivo('x.json', '{"a":1}'), 'application/json'));
    expect(json.status).toBe(415);
    expect(json.message).toMatch(/^Tipo de contenido no admitido \(application\/json\)/);
  });

  it('refuses an empty file', async () => {
    expect((await rechazo(leerArchivo(archivo('vacio.csv', ''), 'text/csv'))).message).toBe('El archivo está vacío.');
    expect((await rechazo(leerArchivo(archivo('blancos.csv', '\n\n ,\n'), 'text/csv'))).message).toMatch(/vacío/);
  });
});

describe('limits', () => {
  it('size: 413 whose message names the limit', async () => {
    const e = await rechazo(
      leerArchivo(archivo('pesado.csv', `a\n${'x\n'.repeat(700_000)}`), 'text/csv', { bytes: 1024 * 1024 }),
    );
    // A DomainError, so /v1's error handler sends it, with `status` 413 rather than VALIDACION's 400.
    expect(isDomainError(e)).toBe(true);
    expect(e.status).toBe(413);
    expect(e.message).toBe('El archivo pesa 1.3 MB y el máximo admitido es 1 MB. Divídalo en archivos más pequeños.');
    expect(LIMITES_POR_DEFECTO.bytes).toBe(60 * 1024 * 1024);
  });

  it('rows: 413 beyond the row limit, in CSV and XLSX', async () => {
    const csv = archivo('filas.csv', `a\n${'1\n'.repeat(11)}`);
    expect((await leerArchivo(csv, 'text/csv', { filas: 11 })).filas).toHaveLength(11);
    const e = await rechazo(leerArchivo(csv, 'text/csv', { filas: 10 }));
    expect(e.status).toBe(413);
    expect(e.message).toBe(
      'El archivo tiene más de 10 filas de datos, el máximo por importación. Divídalo en archivos más pequeños.',
    );
    const partes: Uint8Array[] = [];
    for await (const p of escribirXlsx(
      [{ campo: 'a' }],
      Array.from({ length: 11 }, (_, i) => ({ a: i })),
    ))
      partes.push(p);
    const ex = await rechazo(leerArchivo(archivo('filas.xlsx', Buffer.concat(partes)), TIPO_XLSX, { filas: 10 }));
    expect(ex.status).toBe(413);
  });

  it('cell length: an error with fila and columna, the value cut short', async () => {
    const t = await leerArchivo(archivo('celda.csv', `nombre,obs\nA,${'z'.repeat(30)}\n`), 'text/csv', {
      caracteresCelda: 25,
    });
    expect(t.errores).toEqual([
      { fila: 2, columna: 'obs', valor: 'z'.repeat(30), message: 'La celda tiene 30 caracteres; el máximo es 25.' },
    ]);
  });
});

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook shaped as Excel saves it: shared strings (rich text, phonetic runs), styles, 1904 optional. */
function libroExcel(hoja: string, opciones: { prefijo?: string; fecha1904?: boolean } = {}): Uint8Array {
  const x = opciones.prefijo ? `${opciones.prefijo}:` : '';
  const xmlns = opciones.prefijo ? `xmlns:${opciones.prefijo}="${NS}"` : `xmlns="${NS}"`;
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    '_rels/.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<${x}workbook ${xmlns} xmlns:r="${REL}"><${x}workbookPr${opciones.fecha1904 ? ' date1904="1"' : ''}/><${x}sheets><${x}sheet name="Hoja1" sheetId="1" r:id="rId3"/><${x}sheet name="Otra" sheetId="2" r:id="rId9"/></${x}sheets></${x}workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId4" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId5" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/sharedStrings.xml': strToU8(
      `<${x}sst ${xmlns} count="5" uniqueCount="5"><${x}si><${x}t>nombre</${x}t></${x}si><${x}si><${x}t>alta</${x}t></${x}si><${x}si><${x}r><${x}rPr><${x}b/></${x}rPr><${x}t>TELE</${x}t></${x}r><${x}r><${x}t xml:space="preserve">FÓNICA &amp; Cía</${x}t></${x}r><${x}rPh sb="0" eb="1"><${x}t>テレ</${x}t></${x}rPh></${x}si><${x}si><${x}t>monto</${x}t></${x}si><${x}si><${x}t/></${x}si></${x}sst>`,
    ),
    'xl/styles.xml': strToU8(
      `<${x}styleSheet ${xmlns}><${x}numFmts count="1"><${x}numFmt numFmtId="170" formatCode="dd/mm/yyyy\\ hh:mm"/></${x}numFmts><${x}cellXfs count="4"><${x}xf numFmtId="0"/><${x}xf numFmtId="14" applyNumberFormat="1"/><${x}xf numFmtId="170" applyNumberFormat="1"/><${x}xf numFmtId="4" applyNumberFormat="1"/></${x}cellXfs></${x}styleSheet>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(hoja),
    'xl/worksheets/sheet2.xml': strToU8(
      `<${x}worksheet ${xmlns}><${x}sheetData><${x}row r="1"><${x}c r="A1" t="inlineStr"><${x}is><${x}t>no</${x}t></${x}is></${x}c></${x}row></${x}sheetData></${x}worksheet>`,
    ),
  });
}

const hojaExcel = (x = '') => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<${x}worksheet ${x ? `xmlns:x="${NS}"` : `xmlns="${NS}"`}><${x}sheetData>
<${x}row r="1" spans="1:6"><${x}c r="A1" t="s"><${x}v>0</${x}v></${x}c><${x}c r="B1" t="s"><${x}v>1</${x}v></${x}c><${x}c r="C1" t="inlineStr"><${x}is><${x}t>hora</${x}t></${x}is></${x}c><${x}c r="D1" t="s"><${x}v>3</${x}v></${x}c><${x}c r="E1" t="inlineStr"><${x}is><${x}t>activo</${x}t></${x}is></${x}c><${x}c r="F1" t="inlineStr"><${x}is><${x}t>calc</${x}t></${x}is></${x}c></${x}row>
<${x}row r="3"><${x}c r="A3" t="s"><${x}v>2</${x}v></${x}c><${x}c r="B3" s="1"><${x}v>45809</${x}v></${x}c><${x}c r="C3" s="2"><${x}v>45809.4375</${x}v></${x}c><${x}c r="D3" s="3"><${x}v>1500.25</${x}v></${x}c><${x}c r="E3" t="b"><${x}v>1</${x}v></${x}c><${x}c r="F3" t="str"><${x}f>A3&amp;"!"</${x}f><${x}v>TELEFÓNICA &amp; Cía!</${x}v></${x}c></${x}row>
<${x}row r="4"><${x}c r="A4" t="s"><${x}v>4</${x}v></${x}c><${x}c r="D4"><${x}v>20100017491</${x}v></${x}c><${x}c r="E4" t="b"><${x}v>0</${x}v></${x}c><${x}c r="F4" t="e"><${x}v>#N/A</${x}v></${x}c></${x}row>
<${x}row r="5"/>
</${x}sheetData><${x}mergeCells count="0"/></${x}worksheet>`;

describe('XLSX reader', () => {
  it('reads the first sheet of an Excel-shaped workbook: shared and rich strings, dates by format, numbers, booleans, formula results', async () => {
    const t = await leerArchivo(archivo('excel.xlsx', libroExcel(hojaExcel())), TIPO_XLSX);
    expect(t.formato).toBe('xlsx');
    expect(t.hoja).toBe('Hoja1');
    expect(t.encabezados).toEqual(['nombre', 'alta', 'hora', 'monto', 'activo', 'calc']);
    expect(t.filas).toEqual([
      {
        fila: 3,
        celdas: ['TELEFÓNICA & Cía', '2025-06-01', '2025-06-01T10:30:00', 1500.25, true, 'TELEFÓNICA & Cía!'],
      },
      { fila: 4, celdas: ['', null, null, 20100017491, false, '#N/A'] },
    ]);
  });

  it('accepts prefixed element names and the 1904 date system', async () => {
    const t = await leerArchivo(
      archivo('prefijo.xlsx', libroExcel(hojaExcel('x:'), { prefijo: 'x', fecha1904: true })),
      null,
    );
    expect(t.filas[0]?.celdas.slice(0, 3)).toEqual(['TELEFÓNICA & Cía', '2029-06-02', '2029-06-02T10:30:00']);
  });

  it('refuses a ZIP that is not a workbook, an .ods and a damaged file', async () => {
    const zip = archivo('otro.zip', zipSync({ 'leame.txt': strToU8('hola') }));
    expect((await rechazo(leerArchivo(zip, null))).message).toBe(
      'El archivo es un ZIP pero no un libro de Excel (.xlsx): falta el libro de trabajo.',
    );
    const ods = archivo(
      'hoja.ods',
      zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<x/>') }),
    );
    expect((await rechazo(leerArchivo(ods, null))).message).toMatch(/OpenDocument \(\.ods\)/);
    const bueno = libroExcel(hojaExcel());
    const roto = archivo('roto.xlsx', bueno.subarray(0, bueno.length - 40));
    const e = await rechazo(leerArchivo(roto, TIPO_XLSX));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(/dañado o incompleto/);
  });

  it('refuses a zip bomb by its inflated size', async () => {
    const bomba = archivo(
      'bomba.xlsx',
      libroExcel(`<worksheet xmlns="${NS}"><sheetData>${' '.repeat(10 * 1024 * 1024)}</sheetData></worksheet>`),
    );
    const e = await rechazo(leerArchivo(bomba, TIPO_XLSX, { bytes: 100_000 }));
    expect(e.status).toBe(413);
    expect(e.message).toMatch(/xl\/worksheets\/sheet1\.xml supera 8 MB descomprimido/);
  });
});

describe('format detection', () => {
  it('trusts the bytes: a ZIP is XLSX whatever the declared type, text is CSV', () => {
    expect(detectarFormato('text/csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
    expect(detectarFormato(undefined, Buffer.from('a,b'))).toBe('csv');
    expect(detectarFormato('text/plain; charset=utf-8', Buffer.from('a,b'))).toBe('csv');
    expect(detectarFormato('application/octet-stream', Buffer.from('a,b'))).toBe('csv');
    expect(() => detectarFormato(TIPO_XLSX, Buffer.from('a,b'))).toThrow(/no es un libro de Excel válido/);
    expect(() => detectarFormato('image/png', Buffer.from('a,b'))).toThrow(ErrorArchivo);
  });
});
