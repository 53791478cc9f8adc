import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { execRows } from '../../src/db/client';
import { escribirXlsx, TIPO_XLSX } from '../../src/services/exportacion';
import { bearerAs, testApp } from './app';
import { createTestDb, type TestDatabase } from './db';

/** Test files written to disk and read back, as a person's upload would be. */
export function carpetaArchivos() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'troncal-importacion-'));
  const escribir = (nombre: string, contenido: Uint8Array | string, codificacion: BufferEncoding = 'utf8'): Buffer => {
    const ruta = path.join(dir, nombre);
    writeFileSync(ruta, typeof contenido === 'string' ? Buffer.from(contenido, codificacion) : contenido);
    return readFileSync(ruta);
  };
  return {
    dir,
    escribir,
    /** A CSV file of `filas` (see `csv`). */
    csv: (nombre: string, filas: (string | number)[][]): Buffer => escribir(nombre, csv(filas)),
    borrar: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A CSV text from rows of cells (quoted when needed), CRLF line ends. */
export function csv(filas: (string | number)[][], sep = ','): string {
  const celda = (v: string | number) => {
    const s = String(v);
    return s.includes(sep) || s.includes('"') || s.includes('\n') ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${filas.map((f) => f.map(celda).join(sep)).join('\r\n')}\r\n`;
}

/** Latin-1/Windows-1252 bytes of a text with only Latin-1 characters. */
export const latin1 = (s: string) => Buffer.from(s, 'latin1');

export async function xlsx(filas: (string | number)[][]): Promise<Buffer> {
  const [cab, ...datos] = filas;
  const columnas = (cab ?? []).map((c) => ({ campo: String(c) }));
  const objetos = datos.map((f) => Object.fromEntries(f.map((v, i) => [String(cab?.[i]), v])));
  const partes: Uint8Array[] = [];
  for await (const p of escribirXlsx(columnas, objetos)) partes.push(p);
  return Buffer.concat(partes);
}

export function multipart(nombre: string, bytes: Buffer, tipo = 'text/csv') {
  // Mixed case, as browsers send it (----WebKitFormBoundaryAbC…): the boundary is case-sensitive.
  const frontera = `----TroncalFormBoundary${Date.now()}XyZ`;
  const cuerpo = Buffer.concat([
    Buffer.from(`--${frontera}\r\nContent-Disposition: form-data; name="nota"\r\n\r\nhola\r\n`),
    Buffer.from(
      `--${frontera}\r\nContent-Disposition: form-data; name="archivo"; filename="${nombre}"\r\nContent-Type: ${tipo}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${frontera}--\r\n`),
  ]);
  return { cuerpo, tipo: `multipart/form-data; boundary=${frontera}` };
}

export interface Subida {
  modo?: 'validar' | 'aplicar';
  existentes?: 'actualizar';
  tipo?: string;
  nombre?: string;
  multipart?: boolean;
}

/** POST /v1/<entidad>/importar with a raw body (default) or multipart. */
export async function subir(
  app: FastifyInstance,
  headers: Record<string, string>,
  entidad: string,
  bytes: Buffer,
  o: Subida = {},
) {
  const q = new URLSearchParams({ modo: o.modo ?? 'validar' });
  if (o.existentes) q.set('existentes', o.existentes);
  const esXlsx = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const tipo = o.tipo ?? (esXlsx ? TIPO_XLSX : 'text/csv');
  let payload = bytes;
  let contentType = tipo;
  if (o.multipart) {
    const m = multipart(o.nombre ?? (esXlsx ? 'datos.xlsx' : 'datos.csv'), bytes, tipo);
    payload = m.cuerpo;
    contentType = m.tipo;
  } else if (o.nombre) q.set('archivo', o.nombre);
  const res = await app.inject({
    method: 'POST',
    url: `/v1/${entidad}/importar?${q}`,
    headers: { ...headers, 'content-type': contentType },
    payload,
  });
  return { status: res.statusCode, body: res.json(), res };
}

/** The RUCs (valid check digit) the import and export tests register. */
export const RUC_BCP = '20100047862';
export const RUC_TDP = '20100017491';

export interface EntornoHttp {
  database: TestDatabase;
  app: FastifyInstance;
  /** The same database under `TRONCAL_SOBREVENTA=block`, when asked for. */
  appBloqueo: FastifyInstance;
  op: { authorization: string };
  lector: { authorization: string };
  admin: { authorization: string };
  archivos: ReturnType<typeof carpetaArchivos>;
}

/**
 * The routes over one database per test file, emptied before each test, with an operador, a lector
 * and an admin token; files written to a folder removed at the end. Its fields are set by the hooks.
 */
export function entornoHttp(opciones: { bloqueo?: boolean } = {}): EntornoHttp {
  const e = { archivos: carpetaArchivos() } as EntornoHttp;
  beforeAll(async () => {
    e.database = await createTestDb();
    e.app = await testApp(e.database);
    if (opciones.bloqueo) e.appBloqueo = await testApp(e.database, { TRONCAL_SOBREVENTA: 'block' });
  });
  afterAll(async () => {
    await e.app?.close();
    await e.appBloqueo?.close();
    await e.database?.close();
    e.archivos.borrar();
  });
  beforeEach(async () => {
    await e.database.truncate();
    e.op = await bearerAs(e.database, 'operador');
    e.lector = await bearerAs(e.database, 'lector');
    e.admin = await bearerAs(e.database, 'admin');
  });
  return e;
}

/** How many services' capacidad_vendida differs from the sum of their ledger (vendida = Σ movimientos). */
export async function serviciosDescuadrados(database: TestDatabase): Promise<number> {
  const r = await execRows<{ n: string | number }>(
    database.db,
    sql`select count(*) as n from servicios_proveedor s
         where s.capacidad_vendida <> coalesce((select sum(delta_vendida) from movimientos_capacidad m
                                                 where m.servicio_id = s.servicio_id), 0)`,
  );
  return Number(r[0]?.n);
}
