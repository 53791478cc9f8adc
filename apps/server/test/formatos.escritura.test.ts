import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COLUMNAS_EXPORTACION,
  type ColumnaExportacion,
  escribirCsv,
  escribirXlsx,
  TIPO_XLSX,
} from '../src/services/exportacion';
import { leerArchivo, PLANTILLAS, plantillaCsv, plantillaXlsx } from '../src/services/importacion';

const dir = mkdtempSync(path.join(os.tmpdir(), 'troncal-formatos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function juntar(flujo: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const partes: Uint8Array[] = [];
  for await (const p of flujo) partes.push(p);
  return Buffer.concat(partes);
}

/** Written to disk and read back, as a download would be. */
async function archivo(nombre: string, flujo: AsyncIterable<Uint8Array> | Uint8Array): Promise<Buffer> {
  const ruta = path.join(dir, nombre);
  writeFileSync(ruta, flujo instanceof Uint8Array ? flujo : await juntar(flujo));
  return readFileSync(ruta);
}

const COLUMNAS: ColumnaExportacion[] = [
  { campo: 'nombre' },
  { campo: 'bw', tipo: 'numero' },
  { campo: 'fecha', tipo: 'fecha' },
  { campo: 'creado', tipo: 'fechaHora' },
  { campo: 'activo', tipo: 'booleano' },
  { campo: 'seriales', tipo: 'lista' },
];

const FILAS = [
  {
    nombre: '=HYPERLINK("http://x","clic")',
    bw: 500.5,
    fecha: '2025-06-01',
    creado: '2026-01-15T15:30:00Z',
    activo: true,
    seriales: ['A1', 'B2'],
  },
  { nombre: 'Ñandú "sur", y\nnorte', bw: -5, fecha: null, creado: '2026-01-15T10:30:00', activo: false, seriales: [] },
  { nombre: '-5', bw: '12.000', fecha: undefined, creado: null, activo: null, seriales: null },
  { nombre: '+51 1 555', bw: 0, fecha: '', creado: '', activo: undefined, seriales: ['@x'] },
  { nombre: '@SUMA(A1)', bw: null, fecha: null, creado: null, activo: null, seriales: null },
  { nombre: '\tTAB', bw: null, fecha: null, creado: null, activo: null, seriales: null },
  { nombre: '\rCR', bw: null, fecha: null, creado: null, activo: null, seriales: null },
];

describe('CSV writer', () => {
  it('writes UTF-8 with BOM, CRLF, RFC 4180 quoting, numbers as numbers and every text cell neutralised', async () => {
    const b = await archivo('export.csv', escribirCsv(COLUMNAS, FILAS));
    expect([...b.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const texto = b.subarray(3).toString('utf8');
    expect(texto).toBe(
      [
        'nombre,bw,fecha,creado,activo,seriales',
        `"'=HYPERLINK(""http://x"",""clic"")",500.5,2025-06-01,2026-01-15T15:30:00Z,true,A1|B2`,
        '"Ñandú ""sur"", y\nnorte",-5,,2026-01-15T10:30:00,false,',
        "'-5,12.000,,,,",
        "'+51 1 555,0,,,,'@x",
        "'@SUMA(A1),,,,,",
        "'\tTAB,,,,,",
        `"'\rCR",,,,,`,
        '',
      ].join('\r\n'),
    );
  });

  it('quotes cells holding the separator when it is ";"', async () => {
    const b = await juntar(
      escribirCsv([{ campo: 'a' }, { campo: 'b', tipo: 'numero' }], [{ a: 'x;y', b: 1.5 }], {
        separador: ';',
        bom: false,
      }),
    );
    expect(b.toString('utf8')).toBe('a;b\r\n"x;y";1.5\r\n');
  });

  it('sends the header before reading any row and reads rows only as the output is consumed', async () => {
    let leidas = 0;
    async function* filas() {
      for (let i = 0; i < 50_000; i++) {
        leidas++;
        yield { nombre: `fila ${i}`, bw: i };
      }
    }
    const flujo = escribirCsv(COLUMNAS.slice(0, 2), filas());
    const primero = await flujo.next();
    expect(Buffer.from(primero.value as Uint8Array).toString('utf8')).toContain('nombre,bw');
    expect(leidas).toBe(0);
    await flujo.next();
    expect(leidas).toBeGreaterThan(0);
    expect(leidas).toBeLessThan(50_000);
    await flujo.return(undefined);
  });
});

function partes(b: Buffer): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(b)).map(([k, v]) => [k, strFromU8(v)]));
}

describe('XLSX writer', () => {
  it('writes typed cells, a bold frozen header with widths and an autofilter, and never a formula', async () => {
    const b = await archivo('export.xlsx', escribirXlsx(COLUMNAS, FILAS, { hoja: 'Conexiones' }));
    expect([...b.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const p = partes(b);
    expect(Object.keys(p).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const hoja = p['xl/worksheets/sheet1.xml'] as string;
    expect(p['xl/workbook.xml']).toContain('<sheet name="Conexiones" sheetId="1" r:id="rId1"/>');
    expect(hoja).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(hoja).toContain('<col min="1" max="1" width="16" customWidth="1"/>');
    expect(hoja).toContain('<c r="A1" s="1" t="inlineStr"><is><t>nombre</t></is></c>');
    // Numbers as numbers, dates as serials with a date style, instants in Lima wall time, booleans.
    expect(hoja).toContain('<c r="B2"><v>500.5</v></c>');
    expect(hoja).toContain('<c r="C2" s="2"><v>45809</v></c>');
    expect(hoja).toContain('<c r="D2" s="3"><v>46037.4375</v></c>');
    expect(hoja).toContain('<c r="E2" t="b"><v>1</v></c>');
    expect(hoja).toContain('<c r="B3"><v>-5</v></c>');
    expect(hoja).toContain('<c r="B4"><v>12</v></c>');
    // Formula-looking text: an inline string with the quotePrefix style (4), value unchanged.
    expect(hoja).toContain(
      '<c r="A2" s="4" t="inlineStr"><is><t>=HYPERLINK(&quot;http://x&quot;,&quot;clic&quot;)</t></is></c>',
    );
    expect(hoja).toContain('<c r="A4" s="4" t="inlineStr"><is><t>-5</t></is></c>');
    expect(hoja).toContain('<c r="A7" s="4" t="inlineStr"><is><t xml:space="preserve">\tTAB</t></is></c>');
    expect(hoja).not.toMatch(/<f[ >]/);
    expect(p['xl/styles.xml']).toContain('quotePrefix="1"');
    expect(p['xl/styles.xml']).toContain('formatCode="yyyy-mm-dd"');
    expect(hoja).toContain('<autoFilter ref="A1:F8"/>');
  });

  it('reads back through the importer with the same values and types', async () => {
    const b = await archivo('ida-vuelta.xlsx', escribirXlsx(COLUMNAS, FILAS));
    const t = await leerArchivo(b, TIPO_XLSX);
    expect(t.encabezados).toEqual(COLUMNAS.map((c) => c.campo));
    expect(t.filas[0]).toEqual({
      fila: 2,
      celdas: ['=HYPERLINK("http://x","clic")', 500.5, '2025-06-01', '2026-01-15T10:30:00', true, 'A1|B2'],
    });
    expect(t.filas[1]?.celdas).toEqual(['Ñandú "sur", y\nnorte', -5, null, '2026-01-15T10:30:00', false, null]);
    expect(t.filas[2]?.celdas.slice(0, 2)).toEqual(['-5', 12]);
    expect(t.filas.map((f) => f.celdas[0])).toContain('\rCR');
  });

  it('keeps control characters and literal _xHHHH_ text through the XML escape', async () => {
    const raro = 'a\u0001b _x0041_ \ud83d\ude00';
    const b = await juntar(escribirXlsx([{ campo: 'x' }], [{ x: raro }]));
    expect(partes(b)['xl/worksheets/sheet1.xml']).toContain('a_x0001_b _x005F_x0041_ \ud83d\ude00');
    const t = await leerArchivo(b, null);
    expect(t.filas[0]?.celdas[0]).toBe(raro);
  });

  it('streams: the first bytes come out long before the last row is read', async () => {
    const total = 30_000;
    let leidas = 0;
    async function* filas() {
      for (let i = 0; i < total; i++) {
        leidas++;
        yield {
          nombre: `CLIENTE ${i}`,
          bw: i * 1.5,
          fecha: '2025-01-01',
          creado: '2025-01-01T00:00:00Z',
          activo: i % 2 === 0,
          seriales: [`SN${i}`],
        };
      }
    }
    const flujo = escribirXlsx(COLUMNAS, filas());
    let leidasAlPrimerByte = -1;
    let bytes = 0;
    for await (const p of flujo) {
      if (leidasAlPrimerByte < 0) leidasAlPrimerByte = leidas;
      bytes += p.length;
    }
    expect(leidasAlPrimerByte).toBeLessThan(total / 10);
    expect(leidas).toBe(total);
    expect(bytes).toBeGreaterThan(100_000);
  });
});

describe('100,000 connections', () => {
  /** A list row as the connections list gives it, 34 columns. */
  const fila = (i: number) => ({
    enlace_id: i,
    cid_enlace: String(257001 + i),
    servicio_id: (i % 500) + 1,
    servicio_cid_interno: `ICP-${1000 + (i % 500)}`,
    proveedor_id: 1,
    proveedor_nombre: 'TELEFÓNICA',
    tipo_enlace: 'Internet',
    modalidad_enlace: 'P2P',
    enlace_estado: 'ACTIVO',
    enlace_fecha_activacion: '2025-06-01',
    bw_contratado: 100 + (i % 50),
    bw_disponible: 50.5,
    bw_utilizado: 49.5,
    cliente_id: (i % 5000) + 1,
    cliente_razon_social: `CLIENTE ${i % 5000} S.A.C.`,
    cliente_ruc: '20100070970',
    nodo_a: 1,
    nodo_a_nombre: 'NODO SAN ISIDRO',
    nodo_a_tipo: 'CORE',
    configuracion_nodo_a: null,
    nodo_b: 2,
    nodo_b_nombre: 'NODO MIRAFLORES',
    nodo_b_tipo: 'ACCESO',
    configuracion_nodo_b: null,
    departamento_enlace: 'Lima',
    provincia_enlace: 'Lima',
    distrito_enlace: 'Miraflores',
    direccion_enlace: `Av. Larco ${i}`,
    locacion: 'Lima - Miraflores / Oficina',
    asignacion_ip: '10.0.0.1/30',
    equipos_ids: [i],
    equipos_seriales: [`SN${i}`],
    created_at: '2025-01-01T10:00:00.000Z',
    updated_at: '2025-01-02T10:00:00.000Z',
  });

  it('export as XLSX with RSS growth under 100 MB, the first bytes out before 1% of the rows is read', async () => {
    const total = 100_000;
    let leidas = 0;
    async function* cursor() {
      for (let i = 0; i < total; i += 1000) {
        // A cursor's batch arrives on a later turn of the event loop.
        await new Promise((r) => setImmediate(r));
        for (let j = i; j < i + 1000; j++) {
          leidas++;
          yield fila(j);
        }
      }
    }
    globalThis.gc?.();
    const base = process.memoryUsage().rss;
    let pico = base;
    const muestreo = setInterval(() => {
      pico = Math.max(pico, process.memoryUsage().rss);
    }, 5);
    let leidasAlPrimerByte = -1;
    let bytes = 0;
    try {
      for await (const p of escribirXlsx(COLUMNAS_EXPORTACION.conexiones, cursor())) {
        if (leidasAlPrimerByte < 0) leidasAlPrimerByte = leidas;
        bytes += p.length;
        pico = Math.max(pico, process.memoryUsage().rss);
      }
    } finally {
      clearInterval(muestreo);
    }
    expect(leidas).toBe(total);
    expect(leidasAlPrimerByte).toBeLessThan(total / 100);
    expect(bytes).toBeGreaterThan(5_000_000);
    expect((pico - base) / 1024 / 1024).toBeLessThan(100);
  }, 120_000);
});

describe('export columns', () => {
  it('name every connection column as the /v1 field, and include what the import template reads', () => {
    const exportadas = COLUMNAS_EXPORTACION.conexiones.map((c) => c.campo);
    expect(exportadas).toHaveLength(34);
    for (const c of PLANTILLAS.conexiones.columnas) expect(exportadas).toContain(c.columna);
    for (const lista of ['proveedores', 'clientes', 'nodos', 'equipos', 'servicios-proveedor'] as const) {
      const campos = COLUMNAS_EXPORTACION[lista].map((c) => c.campo);
      for (const c of PLANTILLAS[lista].columnas) expect(campos).toContain(c.columna);
    }
  });
});

describe('templates', () => {
  it('CSV: the header, then an explanation section the reader ignores', async () => {
    const b = await archivo('plantilla-conexiones.csv', plantillaCsv('conexiones'));
    const texto = b.subarray(3).toString('utf8');
    const lineas = texto.split('\r\n');
    expect(lineas[0]).toBe(PLANTILLAS.conexiones.columnas.map((c) => c.columna).join(','));
    expect(lineas[1]).toBe('');
    expect(lineas[2]).toMatch(/^"?### INSTRUCCIONES \(Conexiones\)/);
    expect(lineas[3]).toBe('columna,obligatorio,descripcion,ejemplo,otros_nombres');
    expect(texto).toContain('equipos_seriales,No,"Seriales de equipos registrados, separados por |.');
    expect(texto).toContain('bw_contratado,Sí,');
    const t = await leerArchivo(b, 'text/csv');
    expect(t.encabezados).toEqual(PLANTILLAS.conexiones.columnas.map((c) => c.columna));
    expect(t.filas).toEqual([]);
  });

  it('XLSX: a data sheet with the header and an "Instrucciones" sheet explaining each column', async () => {
    for (const entidad of ['proveedores', 'servicios-proveedor'] as const) {
      const b = await archivo(`plantilla-${entidad}.xlsx`, plantillaXlsx(entidad));
      const p = partes(b);
      expect(p['xl/workbook.xml']).toContain(`<sheet name="${PLANTILLAS[entidad].titulo}" sheetId="1" r:id="rId1"/>`);
      expect(p['xl/workbook.xml']).toContain('<sheet name="Instrucciones" sheetId="2" r:id="rId2"/>');
      const instrucciones = p['xl/worksheets/sheet2.xml'] as string;
      for (const c of PLANTILLAS[entidad].columnas) expect(instrucciones).toContain(`<t>${c.columna}</t>`);
      const t = await leerArchivo(b, TIPO_XLSX);
      expect(t.hoja).toBe(PLANTILLAS[entidad].titulo);
      expect(t.encabezados).toEqual(PLANTILLAS[entidad].columnas.map((c) => c.columna));
    }
  });
});
