import { sql } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { leerArchivo } from '../src/services/importacion';
import { bearerAs } from './helpers/app';
import { entornoHttp, RUC_BCP, RUC_TDP, serviciosDescuadrados, subir } from './helpers/importacion';

const h = entornoHttp();

async function post(url: string, payload: object) {
  const r = await h.app.inject({ method: 'POST', url, headers: h.op, payload });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

async function exportar(ruta: string, formato: 'csv' | 'xlsx', headers = h.op) {
  const [camino, filtros] = ruta.split('?');
  const q = new URLSearchParams(filtros);
  q.set('formato', formato);
  const r = await h.app.inject({ method: 'GET', url: `/v1/${camino}/exportar?${q}`, headers });
  return r;
}

/** An inventory built through the use cases, with the service adjusted so vendida = Σ live connections. */
async function inventario() {
  const tdp = await post('/v1/proveedores/crear', { nombre: 'TELEFÓNICA', ruc: RUC_TDP, contacto: '=1+1' });
  const claro = await post('/v1/proveedores/crear', { nombre: 'Claro', estado: 'ACTIVO' });
  await post('/v1/proveedores/crear', { nombre: 'Antiguo', estado: 'INACTIVO' });
  const bcp = await post('/v1/clientes/crear', { razon_social: 'Banco de Crédito, "BCP"', ruc: RUC_BCP });
  const tdpCli = await post('/v1/clientes/crear', { razon_social: 'Telefónica del Perú', ruc: RUC_TDP });
  const n1 = await post('/v1/nodos/crear', { nombre: 'NODO SAN ISIDRO', tipo: 'CORE', ubigeo: '150131' });
  const n2 = await post('/v1/nodos/crear', {
    nombre: 'NODO AREQUIPA',
    tipo: 'ACCESO',
    ubigeo: '040101',
    direccion: 'Av. Ejército 1',
  });
  const e1 = await post('/v1/equipos/crear', { tipo: 'ROUTER', marca: 'Cisco', modelo: 'ASR920', serial: 'SN-1' });
  const e2 = await post('/v1/equipos/crear', { tipo: 'ONT', marca: 'Huawei', modelo: 'HG8245', serial: 'SN-2' });
  const s1 = await post('/v1/servicios-proveedor/crear', {
    proveedor_id: tdp.proveedor_id,
    nodo_id: n1.nodo_id,
    modalidad: 'DEDICADO',
    capacidad_comprada: 1000,
    cid_proveedor: 'TDP-77',
    limite_sobreventa_pct: 20,
  });
  const s2 = await post('/v1/servicios-proveedor/crear', {
    proveedor_id: claro.proveedor_id,
    modalidad: 'COMPARTIDO',
    capacidad_comprada: 250.5,
  });
  const cx = (o: object) =>
    post('/v1/conexiones', {
      cliente_id: bcp.cliente_id,
      nodo_a: n1.nodo_id,
      tipo_enlace: 'Internet',
      ajustar_servicio: true,
      ...o,
    });
  await cx({
    servicio_id: s1.servicio_id,
    bw_contratado: 300,
    bw_utilizado: 120.5,
    enlace_estado: 'ACTIVO',
    enlace_fecha_activacion: '2026-03-01',
    nodo_b: n2.nodo_id,
    asignacion_ip: '10.0.0.0/30',
    equipos_ids: [e1.equipo_id, e2.equipo_id],
    configuracion_nodo_a: 'interface Gi0/1\n  description "BCP"',
    direccion_enlace: 'Av. Javier Prado 123, piso 4',
  });
  await cx({
    servicio_id: s1.servicio_id,
    bw_contratado: 50,
    enlace_estado: 'PENDIENTE',
    cliente_id: tdpCli.cliente_id,
  });
  await cx({ servicio_id: s2.servicio_id, bw_contratado: 100, enlace_estado: 'BAJA', locacion: '-Sótano' });
  await cx({ servicio_id: s2.servicio_id, bw_contratado: 75.125, enlace_estado: 'SUSPENDIDO' });
  return { s1: s1.servicio_id as number, s2: s2.servicio_id as number };
}

/** A table as the importer reads it, without what a fresh h.database numbers or stamps differently. */
async function contenido(bytes: Buffer) {
  const t = await leerArchivo(bytes);
  const fuera = (h: string) => /_id$|^nodo_[ab]$|^equipos_ids$|^created_at$|^updated_at$|^movimiento_id$/.test(h);
  const quedan = t.encabezados.map((h, i) => [h, i] as const).filter(([h]) => !fuera(h));
  const filas = t.filas.map((f) => quedan.map(([, i]) => f.celdas[i] ?? null));
  return {
    encabezados: quedan.map(([h]) => h),
    filas: filas.map((f) => JSON.stringify(f)).sort(),
  };
}

const ORDEN = ['proveedores', 'clientes', 'nodos', 'equipos', 'servicios-proveedor', 'conexiones'] as const;

describe('export: round trip', () => {
  it('export → import into an empty database → export again gives the same content, ledger included', async () => {
    const { s1, s2 } = await inventario();
    const formato = (l: string) => (['nodos', 'servicios-proveedor', 'conexiones'].includes(l) ? 'xlsx' : 'csv');
    const antes = new Map<string, Buffer>();
    for (const l of ORDEN) {
      const r = await exportar(l, formato(l));
      expect(r.statusCode, r.body).toBe(200);
      antes.set(l, h.archivos.escribir(`antes-${l}.${formato(l)}`, r.rawPayload));
    }
    const libroAntes = [
      (await exportar(`servicios-proveedor/${s1}/movimientos`, 'csv')).rawPayload,
      (await exportar(`servicios-proveedor/${s2}/movimientos`, 'csv')).rawPayload,
    ];

    await h.database.truncate();
    h.op = await bearerAs(h.database, 'operador');
    for (const l of ORDEN) {
      const r = await subir(h.app, h.op, l, antes.get(l) as Buffer, {
        modo: 'aplicar',
        nombre: `antes-${l}.${formato(l)}`,
      });
      expect(r.body, `${l}: ${JSON.stringify(r.body)}`).toMatchObject({ ok: true });
    }
    for (const l of ORDEN) {
      const r = await exportar(l, formato(l));
      const despues = h.archivos.escribir(`despues-${l}.${formato(l)}`, r.rawPayload);
      expect(await contenido(despues), l).toEqual(await contenido(antes.get(l) as Buffer));
    }
    // The ledger: one IMPORTACION row per connection that holds capacity, ending at the same vendida.
    const cids = await execRows<{ cid_interno: string; servicio_id: number }>(
      h.database.db,
      sql`select cid_interno, servicio_id from servicios_proveedor order by cid_interno`,
    );
    // Ids are numbered anew: the services are found again by their natural key (ICP-1001, ICP-1002).
    for (const [i, id] of cids.map((c) => Number(c.servicio_id)).entries()) {
      const antesT = await leerArchivo(libroAntes[i] as Buffer);
      const despuesT = await leerArchivo((await exportar(`servicios-proveedor/${id}/movimientos`, 'csv')).rawPayload);
      const col = (t: typeof antesT, c: string) => t.filas.map((f) => f.celdas[t.encabezados.indexOf(c)]);
      expect(col(despuesT, 'origen').every((o) => o === 'IMPORTACION')).toBe(true);
      expect(col(despuesT, 'vendida_resultante')[0]).toEqual(col(antesT, 'vendida_resultante')[0]);
      expect(col(despuesT, 'motivo')[0]).toMatch(/^Importación desde antes-conexiones\.xlsx \(fila \d+\)$/);
    }
    expect(await serviciosDescuadrados(h.database)).toBe(0);
  }, 60_000);
});

describe('export: formats, filters and access', () => {
  it('CSV with BOM, RFC 4180 quoting, neutralised formulas and a dated attachment name', async () => {
    await inventario();
    const r = await exportar('proveedores', 'csv', h.lector);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="proveedores-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...r.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const texto = r.rawPayload.toString('utf8').slice(1);
    expect(texto.split('\r\n')[0]).toBe('proveedor_id,nombre,ruc,estado,contacto,telefono,email,created_at,updated_at');
    expect(texto).toContain("'=1+1");
    const c = (await exportar('clientes', 'csv')).rawPayload.toString('utf8');
    expect(c).toContain('"Banco de Crédito, ""BCP"""');
    const cx = (await exportar('conexiones', 'csv')).rawPayload.toString('utf8');
    expect(cx).toContain("'-Sótano");
    expect(cx).toContain('"interface Gi0/1\n  description ""BCP"""');
    expect(cx).toContain('SN-1|SN-2');
  });

  it('XLSX with typed cells, a frozen header and widths', async () => {
    await inventario();
    const r = await exportar('conexiones', 'xlsx');
    expect(r.headers['content-type']).toContain('spreadsheetml.sheet');
    expect(r.headers['content-disposition']).toMatch(/conexiones-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const zip = unzipSync(new Uint8Array(r.rawPayload));
    const hoja = Buffer.from(zip['xl/worksheets/sheet1.xml'] as Uint8Array).toString('utf8');
    expect(hoja).toContain('state="frozen"');
    expect(hoja).toMatch(/<col [^>]*width=/);
    expect(hoja).toMatch(/<c r="K\d+"[^>]*><v>300<\/v>/); // bw_contratado as a number
    const t = await leerArchivo(r.rawPayload);
    expect(t.filas).toHaveLength(4);
  });

  it('exports with the filters of the list, validated as the list validates them', async () => {
    const { s1 } = await inventario();
    const filas = async (ruta: string) => (await leerArchivo((await exportar(ruta, 'csv')).rawPayload)).filas.length;
    expect(await filas('proveedores?estado=inactivo')).toBe(1);
    expect(await filas('proveedores?search=telefonica')).toBe(1);
    expect(await filas('conexiones?estado=BAJA')).toBe(1);
    expect(await filas(`conexiones?servicio_id=${s1}`)).toBe(2);
    expect(await filas('conexiones?search=sotano')).toBe(1);
    expect(await filas('servicios-proveedor?search=claro')).toBe(1);
    expect(await filas('nodos?tipo=core')).toBe(1);
    expect(await filas('equipos?tipo=ONT')).toBe(1);
    expect(await filas(`servicios-proveedor/${s1}/movimientos`)).toBe(2);
    const malo = await exportar('conexiones?estado=VOLANDO', 'csv');
    expect(malo.statusCode).toBe(400);
    expect(malo.json().message).toMatch(/estado/);
    expect((await exportar('proveedores', 'pdf' as 'csv')).statusCode).toBe(400);
    const r404 = await exportar('servicios-proveedor/999/movimientos', 'csv');
    expect(r404.statusCode).toBe(404);
    expect(r404.json().message).toContain('999');
  });

  it('every export and import route is in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    const rutas = Object.keys(doc.paths);
    for (const l of ['proveedores', 'clientes', 'nodos', 'equipos', 'servicios-proveedor', 'conexiones', 'usuarios']) {
      expect(rutas).toContain(`/v1/${l}/exportar`);
    }
    expect(rutas).toContain('/v1/servicios-proveedor/{id}/movimientos/exportar');
    for (const e of ['proveedores', 'clientes', 'nodos', 'equipos', 'servicios-proveedor', 'conexiones']) {
      expect(rutas).toContain(`/v1/${e}/importar`);
      expect(rutas).toContain(`/v1/${e}/importar/plantilla`);
    }
    const exportar = doc.paths['/v1/conexiones/exportar'].get;
    expect(exportar.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['formato', 'search', 'estado', 'servicio_id', 'cliente_id']),
    );
    expect(doc.paths['/v1/conexiones/importar'].post.responses).toHaveProperty('422');
  });

  it('users export is for admins only; anonymous gets 401', async () => {
    expect((await exportar('usuarios', 'csv', h.op)).statusCode).toBe(403);
    const r = await exportar('usuarios', 'xlsx', h.admin);
    expect(r.statusCode).toBe(200);
    const t = await leerArchivo(r.rawPayload);
    expect(t.encabezados).toEqual(['usuario_id', 'email', 'nombre', 'rol', 'activo', 'created_at', 'updated_at']);
    expect(t.filas.length).toBe(3);
    expect(JSON.stringify(t.filas)).not.toContain('password');
    expect((await h.app.inject({ method: 'GET', url: '/v1/conexiones/exportar' })).statusCode).toBe(401);
  });

  it('streams 3,500 connections in keyset batches: every row once, newest first, chunked', async () => {
    const { s1 } = await inventario();
    await h.database.db.execute(sql`
      insert into conexiones (servicio_id, cid_enlace, tipo_enlace, enlace_estado, bw_contratado, cliente_id, nodo_a)
      select ${s1}, 'X' || g, 'Internet', 'PENDIENTE', 1, c.cliente_id, n.nodo_id
        from generate_series(1, 3500) g, (select min(cliente_id) cliente_id from clientes) c,
             (select min(nodo_id) nodo_id from nodos) n`);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/v1/conexiones/exportar?formato=csv`, { headers: h.op });
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const t = await leerArchivo(Buffer.from(await res.arrayBuffer()));
    const ids = t.filas.map((f) => Number(f.celdas[0]));
    expect(ids).toHaveLength(3504);
    expect(new Set(ids).size).toBe(3504);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
