import { beforeEach, describe, expect, it } from 'vitest';
import { clientes, equipos, nodos, proveedores, serviciosProveedor } from '../src/db/schema';
import { bearerPorTest, clienteDe, usarApp } from './helpers/app';
import { contarFilas } from './helpers/fixtures';

const { database, app } = await usarApp({ limpiar: true });
const op = bearerPorTest(database, 'operador');
const lector = bearerPorTest(database, 'lector');
const call = clienteDe(app, op);

const RUC_BCP = '20100047862';

const filas = (tabla: typeof proveedores | typeof clientes | typeof nodos | typeof equipos) =>
  contarFilas(database.db, tabla);

describe('/v1 reference data: the REST consumer journey', () => {
  it('registers a provider, a client, two nodes and an equipo, then reads and updates them', async () => {
    const p = await call('POST', '/v1/proveedores/crear', { nombre: 'TELEFÓNICA', contacto: 'NOC', estado: 'activo' });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({
      ok: true,
      message: expect.any(String),
      proveedor_id: 1,
      data: { proveedor_id: 1, nombre: 'TELEFÓNICA', estado: 'ACTIVO', contacto: 'NOC', ruc: null },
    });

    const c = await call('POST', '/v1/clientes/crear', { razon_social: 'Banco de Crédito del Perú', ruc: RUC_BCP });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ ok: true, cliente_id: 1, data: { ruc: RUC_BCP, estado: 'ACTIVO' } });

    const n1 = await call('POST', '/v1/nodos/crear', { nombre: 'NODO SAN ISIDRO', tipo: 'CORE', ubigeo: '150131' });
    const n2 = await call('POST', '/v1/nodos/crear', {
      nombre: 'NODO AREQUIPA',
      tipo: 'agregacion',
      ubigeo: '040101',
      direccion: 'Calle Mercaderes 120',
    });
    expect([n1.status, n2.status]).toEqual([201, 201]);
    expect(n1.body).toMatchObject({ ok: true, nodo_id: 1, data: { distrito: 'San Isidro', provincia: 'Lima' } });
    expect(n2.body.data).toMatchObject({ tipo: 'AGREGACION', ubigeo_nombre: 'Arequipa / Arequipa / Arequipa' });

    const e = await call('POST', '/v1/equipos/crear', {
      tipo: 'Router',
      marca: 'Cisco',
      modelo: 'ISR4331',
      serial: 'FDO2130A0BC',
    });
    expect(e.status).toBe(201);
    expect(e.body).toMatchObject({ ok: true, equipo_id: 1, data: { tipo: 'ROUTER', estado: 'DISPONIBLE' } });

    const one = await call('GET', '/v1/clientes/1', undefined, lector);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ ok: true, data: c.body.data });

    const put = await call('PUT', '/v1/proveedores/1', { estado: 'INACTIVO', telefono: '01 210 0000' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      ok: true,
      message: expect.any(String),
      data: { nombre: 'TELEFÓNICA', estado: 'INACTIVO', telefono: '01 210 0000', contacto: 'NOC' },
    });

    const list = await call('GET', '/v1/nodos/listar', undefined, lector);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ ok: true, total: 2, limit: 10, offset: 0 });
    expect(list.body.data.map((n: { nombre: string }) => n.nombre)).toEqual(['NODO AREQUIPA', 'NODO SAN ISIDRO']);

    const sel = await call('GET', '/v1/equipos/listar/select?disponibles=true', undefined, lector);
    expect(sel.body).toEqual({
      ok: true,
      data: [
        {
          equipo_id: 1,
          label: 'ROUTER | Cisco | ISR4331 | SN: FDO2130A0BC',
          estado: 'DISPONIBLE',
          tipo: 'ROUTER',
          marca: 'Cisco',
          modelo: 'ISR4331',
          serial: 'FDO2130A0BC',
        },
      ],
    });
    const selC = await call('GET', '/v1/clientes/listar/select', undefined, lector);
    expect(selC.body).toEqual({
      ok: true,
      data: [{ cliente_id: 1, razon_social: 'Banco de Crédito del Perú', ruc: RUC_BCP, estado: 'ACTIVO' }],
    });
    const selN = await call('GET', '/v1/nodos/listar/select?tipo=CORE', undefined, lector);
    expect(selN.body.data).toEqual([
      {
        nodo_id: 1,
        nombre: 'NODO SAN ISIDRO',
        tipo: 'CORE',
        estado: 'ACTIVO',
        ubigeo: '150131',
        ubigeo_nombre: 'Lima / Lima / San Isidro',
      },
    ]);
  });

  it('records the token owner as author, whatever the body says', async () => {
    const r = await call('POST', '/v1/proveedores/crear', { nombre: 'BITEL', created_by: 12345, updated_by: 12345 });
    expect(r.status).toBe(201);
    const [row] = await database.db.select().from(proveedores);
    expect(row!.created_by).not.toBe(12345);
    expect(row!.created_by).toBeTypeOf('number');
  });
});

describe('/v1 listar: pagination and search', () => {
  beforeEach(async () => {
    for (let i = 1; i <= 23; i++) {
      await database.db.insert(proveedores).values({ nombre: `Carrier ${String(i).padStart(2, '0')}` });
    }
    await database.db.insert(proveedores).values({ nombre: 'Telefónica del Perú', estado: 'INACTIVO' });
  });

  it('pages with limit (default 10, max 100) and offset', async () => {
    const first = await call('GET', '/v1/proveedores/listar', undefined, lector);
    expect(first.body).toMatchObject({ ok: true, total: 24, limit: 10, offset: 0 });
    expect(first.body.data).toHaveLength(10);
    const last = await call('GET', '/v1/proveedores/listar?limit=10&offset=20', undefined, lector);
    expect(last.body.data.map((p: { nombre: string }) => p.nombre)).toEqual([
      'Carrier 21',
      'Carrier 22',
      'Carrier 23',
      'Telefónica del Perú',
    ]);
    const big = await call('GET', '/v1/proveedores/listar?limit=100', undefined, lector);
    expect(big.body.data).toHaveLength(24);
    const beyond = await call('GET', '/v1/proveedores/listar?offset=500', undefined, lector);
    expect(beyond.body).toMatchObject({ ok: true, data: [], total: 24, offset: 500 });
  });

  it('searches case- and accent-insensitively and filters by estado', async () => {
    const s = await call('GET', `/v1/proveedores/listar?search=${encodeURIComponent('telefonica')}`, undefined, lector);
    expect(s.body).toMatchObject({ total: 1, data: [{ nombre: 'Telefónica del Perú' }] });
    const e = await call('GET', '/v1/proveedores/listar?estado=INACTIVO', undefined, lector);
    expect(e.body.total).toBe(1);
    const sorted = await call('GET', '/v1/proveedores/listar?sort=nombre&dir=desc&limit=1', undefined, lector);
    expect(sorted.body.data[0].nombre).toBe('Telefónica del Perú');
  });

  it('answers 400 ok:false with errors for a bad limit, offset or sort', async () => {
    for (const q of ['limit=101', 'limit=0', 'limit=abc', 'offset=-1', 'sort=password', 'estado=CERRADO']) {
      const r = await call('GET', `/v1/proveedores/listar?${q}`, undefined, lector);
      expect(r.status, q).toBe(400);
      expect(r.body, q).toMatchObject({
        ok: false,
        message: expect.any(String),
        errors: [{ path: expect.any(String) }],
      });
      expect(r.body.errors[0].path, q).toMatch(/^query\./);
    }
    const r = await call('GET', '/v1/proveedores/listar?limit=101', undefined, lector);
    expect(r.body.errors[0]).toEqual({ path: 'query.limit', message: 'El límite debe estar entre 1 y 100.' });
  });
});

describe('/v1 refusals: nothing changes', () => {
  it.each([
    ['12345', 'El RUC debe tener 11 dígitos.'],
    ['20100047863', 'El dígito verificador del RUC no es válido.'],
    ['99100047862', 'El RUC debe empezar con 10, 15, 16, 17 o 20.'],
  ])('refuses the RUC %s with 400 and a Spanish message', async (ruc, message) => {
    const r = await call('POST', '/v1/clientes/crear', { razon_social: 'ACME SAC', ruc });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      ok: false,
      message: `Datos inválidos: ruc: ${message}`,
      errors: [{ path: 'ruc', message }],
    });
    expect(await filas(clientes)).toBe(0);
  });

  it('refuses duplicates with 409 and a message naming the record', async () => {
    await call('POST', '/v1/clientes/crear', { razon_social: 'BCP', ruc: RUC_BCP });
    const dupC = await call('POST', '/v1/clientes/crear', { razon_social: 'Otro', ruc: RUC_BCP });
    expect(dupC.status).toBe(409);
    expect(dupC.body).toMatchObject({ ok: false, message: `Ya existe un cliente con el RUC ${RUC_BCP} (BCP).` });

    await call('POST', '/v1/proveedores/crear', { nombre: 'Claro' });
    const dupP = await call('POST', '/v1/proveedores/crear', { nombre: 'CLARO' });
    expect(dupP.status).toBe(409);
    expect(dupP.body.message).toContain('"Claro"');

    await call('POST', '/v1/nodos/crear', { nombre: 'Core 1', tipo: 'CORE' });
    expect((await call('POST', '/v1/nodos/crear', { nombre: 'core 1', tipo: 'EDGE' })).status).toBe(409);

    await call('POST', '/v1/equipos/crear', { tipo: 'ONT', marca: 'Huawei', modelo: 'HG8245', serial: 'ABC' });
    const dupE = await call('POST', '/v1/equipos/crear', { tipo: 'ONT', marca: 'ZTE', modelo: 'F660', serial: 'abc' });
    expect(dupE.status).toBe(409);
    expect(dupE.body.message).toContain('ABC');

    // A PUT that would collide is refused too, and the record stays as it was.
    const otro = await call('POST', '/v1/proveedores/crear', { nombre: 'Lumen' });
    const clash = await call('PUT', `/v1/proveedores/${otro.body.proveedor_id}`, { nombre: 'claro', contacto: 'X' });
    expect(clash.status).toBe(409);
    const after = await call('GET', `/v1/proveedores/${otro.body.proveedor_id}`);
    expect(after.body.data).toEqual(otro.body.data);

    expect([await filas(clientes), await filas(proveedores), await filas(nodos), await filas(equipos)]).toEqual([
      1, 2, 1, 1,
    ]);
  });

  it('answers 404 for unknown ids and 400 for ids that are not numbers', async () => {
    for (const x of ['proveedores', 'clientes', 'nodos', 'equipos']) {
      const g = await call('GET', `/v1/${x}/999`, undefined, lector);
      expect(g.status, x).toBe(404);
      expect(g.body, x).toMatchObject({ ok: false, message: expect.stringContaining('999') });
      const u = await call('PUT', `/v1/${x}/999`, {});
      expect(u.status, x).toBe(404);
      const bad = await call('GET', `/v1/${x}/abc`, undefined, lector);
      expect(bad.status, x).toBe(400);
      expect(bad.body, x).toMatchObject({ ok: false, errors: [{ path: 'params.id' }] });
    }
  });

  it('answers 400 for wrong types and missing fields, in Spanish', async () => {
    const cases: [string, unknown, string][] = [
      ['/v1/proveedores/crear', { nombre: 42 }, 'nombre'],
      ['/v1/proveedores/crear', {}, 'nombre'],
      ['/v1/proveedores/crear', { nombre: 'X', email: 'no' }, 'email'],
      ['/v1/clientes/crear', { ruc: RUC_BCP }, 'razon_social'],
      ['/v1/clientes/crear', { razon_social: 'X', ruc: 20100047862 }, 'ruc'],
      ['/v1/nodos/crear', { nombre: 'N', tipo: 'SATELITE' }, 'tipo'],
      ['/v1/nodos/crear', { nombre: 'N', tipo: 'CORE', ubigeo: '990101' }, 'ubigeo'],
      ['/v1/equipos/crear', { tipo: 'ROUTER', marca: 'X', modelo: 'Y', serial: 'Z', estado: 'PERDIDO' }, 'estado'],
      ['/v1/equipos/crear', { tipo: 'ROUTER', marca: ['X'], modelo: 'Y', serial: 'Z' }, 'marca'],
    ];
    for (const [url, payload, path] of cases) {
      const r = await call('POST', url, payload);
      expect(r.status, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(r.body.ok).toBe(false);
      expect(
        r.body.errors.map((e: { path: string }) => e.path),
        url,
      ).toContain(path);
      expect(r.body.message).not.toMatch(/expected|invalid input|required/i);
    }
    const arr = await call('POST', '/v1/proveedores/crear', [1, 2]);
    expect(arr.status).toBe(400);
    expect(arr.body).toMatchObject({
      ok: false,
      message: expect.stringContaining('El cuerpo debe ser un objeto JSON'),
    });
    expect([await filas(clientes), await filas(proveedores), await filas(nodos), await filas(equipos)]).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('requires a token (401) and the operador role to write (403)', async () => {
    const anon = await app.inject({ method: 'GET', url: '/v1/proveedores/listar' });
    expect(anon.statusCode).toBe(401);
    const w = await call('POST', '/v1/proveedores/crear', { nombre: 'X' }, lector);
    expect(w.status).toBe(403);
    expect(w.body.ok).toBe(false);
    expect(await filas(proveedores)).toBe(0);
  });

  it('has no DELETE: records are deactivated instead', async () => {
    await call('POST', '/v1/proveedores/crear', { nombre: 'X' });
    const d = await call('DELETE', '/v1/proveedores/1');
    expect(d.status).toBe(404);
    expect(d.body.ok).toBe(false);
    expect(await filas(proveedores)).toBe(1);
  });
});

describe('/v1 foundation: bodies the parser refuses', () => {
  // [what, status, content type, body, message]
  it.each([
    ['malformed JSON', 400, 'application/json', '{"nombre": "X",', 'El cuerpo no es JSON válido.'],
    ['a text/plain body', 415, 'text/plain', 'nombre=X', expect.stringContaining('application/json')],
    [
      'a body over 1 MiB',
      413,
      'application/json',
      JSON.stringify({ nombre: 'X', contacto: 'a'.repeat(1024 * 1024 + 10) }),
      expect.any(String),
    ],
    ['an empty JSON body', 400, 'application/json', '', expect.any(String)],
  ])('answers %s with %i ok:false', async (_, status, tipo, payload, message) => {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/proveedores/crear',
      headers: { ...op, 'content-type': tipo },
      payload,
    });
    expect(r.statusCode).toBe(status);
    expect(r.json()).toEqual({ ok: false, message });
    expect(await filas(proveedores)).toBe(0);
  });
});

describe('/v1/proveedores/listar/select', () => {
  it('returns each provider with its services in one answer', async () => {
    const [a] = await database.db.insert(proveedores).values({ nombre: 'Telefónica' }).returning();
    const [b] = await database.db.insert(proveedores).values({ nombre: 'Bitel', estado: 'INACTIVO' }).returning();
    await database.db.insert(serviciosProveedor).values([
      {
        proveedor_id: a!.proveedor_id,
        modalidad: 'DEDICADO',
        cid_interno: 'ICP-1001',
        capacidad_comprada: 1000,
        capacidad_vendida: 250.5,
        ubicacion_servicio: 'Lima',
      },
      { proveedor_id: a!.proveedor_id, modalidad: 'COMPARTIDO', cid_interno: 'ICP-1002', capacidad_comprada: 100 },
    ]);
    const r = await call('GET', '/v1/proveedores/listar/select', undefined, lector);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      ok: true,
      data: [
        { proveedor_id: b!.proveedor_id, nombre: 'Bitel', estado: 'INACTIVO', servicios: [] },
        {
          proveedor_id: a!.proveedor_id,
          nombre: 'Telefónica',
          estado: 'ACTIVO',
          servicios: [
            {
              servicio_id: 1,
              cid_interno: 'ICP-1001',
              modalidad: 'DEDICADO',
              ubicacion_servicio: 'Lima',
              capacidad_disponible: 749.5,
            },
            {
              servicio_id: 2,
              cid_interno: 'ICP-1002',
              modalidad: 'COMPARTIDO',
              ubicacion_servicio: null,
              capacidad_disponible: 100,
            },
          ],
        },
      ],
    });
    const activos = await call('GET', '/v1/proveedores/listar/select?estado=ACTIVO', undefined, lector);
    expect(activos.body.data.map((p: { nombre: string }) => p.nombre)).toEqual(['Telefónica']);
  });
});

describe('OpenAPI for reference data', () => {
  it('documents every reference route with its tag, parameters and body', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    const tags: Record<string, string> = {
      proveedores: 'Proveedores',
      clientes: 'Clientes',
      nodos: 'Nodos',
      equipos: 'Equipos',
    };
    for (const [x, tag] of Object.entries(tags)) {
      expect(doc.paths[`/v1/${x}/listar`].get.tags).toEqual([tag]);
      expect(doc.paths[`/v1/${x}/listar/select`].get.tags).toEqual([tag]);
      expect(doc.paths[`/v1/${x}/crear`].post.tags).toEqual([tag]);
      expect(doc.paths[`/v1/${x}/crear`].post.requestBody).toBeTruthy();
      expect(Object.keys(doc.paths[`/v1/${x}/crear`].post.responses)).toContain('201');
      expect(doc.paths[`/v1/${x}/{id}`].get.tags).toEqual([tag]);
      expect(doc.paths[`/v1/${x}/{id}`].put.tags).toEqual([tag]);
      const params = doc.paths[`/v1/${x}/listar`].get.parameters.map((p: { name: string }) => p.name);
      expect(params).toEqual(expect.arrayContaining(['limit', 'offset', 'search']));
    }
  });
});
