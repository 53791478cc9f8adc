import { asc, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/auth/tokens';
import type { AuthUser } from '../src/auth/types';
import { apiTokens, cambios, proveedores, usuarios } from '../src/db/schema';
import { OCULTO } from '../src/services/cambios';
import { crearCliente } from '../src/services/clientes.service';
import { actualizarConexion, ajustarBwConexion, crearConexion } from '../src/services/conexiones';
import { actualizarProveedor, crearProveedor } from '../src/services/proveedores.service';
import { ajustarCapacidad } from '../src/services/servicios';
import { crearToken, revocarToken } from '../src/services/tokens.service';
import { actualizarUsuario, crearUsuario } from '../src/services/usuarios.service';
import { createTestUser, usarApp } from './helpers/app';
import { escenario, insertEquipo, rucValido } from './helpers/conexiones';

const { database, app } = await usarApp({ limpiar: true });
let admin: AuthUser;
beforeEach(async () => {
  admin = await createTestUser(database.db, 'admin');
});

const filas = () => database.db.select().from(cambios).orderBy(asc(cambios.cambio_id));
const opciones = (usuario: AuthUser) =>
  ({ usuario, politica: 'warn', ajustarServicio: true, sobreventaConfirmada: true }) as const;

describe('what a change record holds', () => {
  it('a connection: its creation, an edit and a BW adjustment, with exact before/after, and the service’s capacity moves', async () => {
    const { cliente, nodoA, servicio } = await escenario(database.db);
    const equipo = await insertEquipo(database.db, { serial: 'FDO-DIFF' });
    const r = await crearConexion(database.db, {
      ...opciones(admin),
      datos: {
        servicio_id: servicio.servicio_id,
        cliente_id: cliente.cliente_id,
        nodo_a: nodoA.nodo_id,
        tipo_enlace: 'Internet',
        bw_contratado: 100,
        enlace_estado: 'ACTIVO',
        equipos_ids: [equipo.equipo_id],
      },
    });
    const id = r.conexion.enlace_id;
    await actualizarConexion(database.db, {
      ...opciones(admin),
      id,
      datos: { direccion_enlace: 'Av. Larco 1150', bw_contratado: 150 },
    });
    await ajustarBwConexion(database.db, {
      ...opciones(admin),
      id,
      datos: { modo: 'DISMINUIR', mbps: 30, motivo: null },
    });

    const todas = await filas();
    const deConexion = todas.filter((f) => f.entidad === 'conexion');
    expect(deConexion.map((f) => f.accion)).toEqual(['crear', 'actualizar', 'ajustar_bw']);
    expect(deConexion[0]!.cambios).toEqual([
      { campo: 'cid_enlace', antes: null, despues: '257001' },
      { campo: 'servicio_id', antes: null, despues: servicio.servicio_id },
      { campo: 'cliente_id', antes: null, despues: cliente.cliente_id },
      { campo: 'tipo_enlace', antes: null, despues: 'Internet' },
      { campo: 'enlace_estado', antes: null, despues: 'ACTIVO' },
      { campo: 'bw_contratado', antes: null, despues: 100 },
      { campo: 'bw_utilizado', antes: null, despues: 0 },
      { campo: 'nodo_a', antes: null, despues: nodoA.nodo_id },
      { campo: 'equipos_ids', antes: null, despues: [equipo.equipo_id] },
    ]);
    expect(deConexion[1]!.cambios).toEqual([
      { campo: 'bw_contratado', antes: 100, despues: 150 },
      { campo: 'direccion_enlace', antes: null, despues: 'Av. Larco 1150' },
    ]);
    expect(deConexion[2]!.cambios).toEqual([{ campo: 'bw_contratado', antes: 150, despues: 120 }]);
    for (const f of deConexion) {
      expect(f).toMatchObject({ entidad_id: id, usuario_id: admin.usuario_id, via: 'spa', token_id: null });
    }

    // Every sale and release on the service: vendida before and after, in the same transactions.
    const delServicio = todas.filter((f) => f.entidad === 'servicio');
    expect(delServicio.map((f) => [f.accion, f.entidad_id, f.cambios])).toEqual([
      ['mover_capacidad', servicio.servicio_id, [{ campo: 'capacidad_vendida', antes: 0, despues: 100 }]],
      ['mover_capacidad', servicio.servicio_id, [{ campo: 'capacidad_vendida', antes: 100, despues: 150 }]],
      ['mover_capacidad', servicio.servicio_id, [{ campo: 'capacidad_vendida', antes: 150, despues: 120 }]],
    ]);
    // The equipo the connection took changed state: its own history says so.
    expect(todas.filter((f) => f.entidad === 'equipo').map((f) => [f.accion, f.entidad_id, f.cambios])).toEqual([
      ['cambiar_estado', equipo.equipo_id, [{ campo: 'estado', antes: 'DISPONIBLE', despues: 'ASIGNADO' }]],
    ]);
  });

  it('an edit that changes nothing writes nothing; an edit of the state alone is a cambiar_estado', async () => {
    const p = await crearProveedor(database.db, { nombre: 'CLARO', contacto: null, telefono: null }, admin);
    await actualizarProveedor(database.db, p.proveedor_id, { nombre: 'CLARO' }, admin);
    await actualizarProveedor(database.db, p.proveedor_id, { estado: 'INACTIVO' }, admin);
    await actualizarProveedor(database.db, p.proveedor_id, { estado: 'ACTIVO', email: 'noc@claro.pe' }, admin);
    expect((await filas()).map((f) => [f.accion, f.cambios])).toEqual([
      [
        'crear',
        [
          { campo: 'nombre', antes: null, despues: 'CLARO' },
          { campo: 'estado', antes: null, despues: 'ACTIVO' },
        ],
      ],
      ['cambiar_estado', [{ campo: 'estado', antes: 'ACTIVO', despues: 'INACTIVO' }]],
      [
        'actualizar',
        [
          { campo: 'estado', antes: 'INACTIVO', despues: 'ACTIVO' },
          { campo: 'email', antes: null, despues: 'noc@claro.pe' },
        ],
      ],
    ]);
  });

  it('never holds a password, a password hash, a token or a token hash', async () => {
    const u = await crearUsuario(
      database.db,
      { email: 'ana@isp.pe', nombre: 'Ana', rol: 'operador', password: 'secreto-de-ana-1' },
      admin,
    );
    await actualizarUsuario(database.db, u.usuario_id, { password: 'secreto-nuevo-de-ana-2' }, admin);
    await actualizarUsuario(database.db, u.usuario_id, { rol: 'lector', password: 'otro-secreto-3' }, admin);
    const t = await crearToken(database.db, { nombre: 'facturacion', rol: 'lector' }, admin.usuario_id, admin);
    await revocarToken(database.db, t.token_id, admin);

    const [hash] = await database.db
      .select({ h: usuarios.password_hash })
      .from(usuarios)
      .where(eq(usuarios.usuario_id, u.usuario_id));
    const [th] = await database.db
      .select({ h: apiTokens.token_hash })
      .from(apiTokens)
      .where(eq(apiTokens.token_id, t.token_id));
    const texto = JSON.stringify(await filas());
    for (const secreto of ['secreto-de-ana-1', 'secreto-nuevo-de-ana-2', 'otro-secreto-3', t.token, hash!.h, th!.h]) {
      expect(texto).not.toContain(secreto);
    }
    // Argon2 and sha-256 shapes never appear either.
    expect(texto).not.toMatch(/\$argon2/);
    expect(texto).not.toMatch(/[0-9a-f]{64}/);

    const deUsuario = (await filas()).filter((f) => f.entidad === 'usuario' && f.entidad_id === u.usuario_id);
    expect(deUsuario.map((f) => f.accion)).toEqual(['crear', 'cambiar_password', 'actualizar']);
    expect(deUsuario[1]!.cambios).toEqual([{ campo: 'password_hash', antes: OCULTO, despues: OCULTO }]);
    expect(deUsuario[2]!.cambios).toEqual([
      { campo: 'rol', antes: 'operador', despues: 'lector' },
      { campo: 'password_hash', antes: OCULTO, despues: OCULTO },
    ]);
    const deToken = (await filas()).filter((f) => f.entidad === 'token');
    expect(deToken.map((f) => f.accion)).toEqual(['crear', 'revocar']);
    expect(deToken[0]!.cambios).toContainEqual({ campo: 'token_hash', antes: null, despues: OCULTO });
    expect(deToken[0]!.cambios).toContainEqual({ campo: 'prefijo', antes: null, despues: t.prefijo });
  });
});

describe('append-only', () => {
  it('the database refuses UPDATE and DELETE on cambios, even of no row; the rows stay as written', async () => {
    await crearProveedor(database.db, { nombre: 'ENTEL', contacto: null, telefono: null }, admin);
    const antes = await filas();
    expect(antes).toHaveLength(1);
    const intentos = [
      sql`update cambios set accion = 'eliminar'`,
      sql`update cambios set cambios = '[]'::jsonb where cambio_id = ${antes[0]!.cambio_id}`,
      sql`delete from cambios`,
      sql`delete from cambios where false`,
    ];
    for (const q of intentos) {
      await expect(database.db.execute(q)).rejects.toThrow();
      try {
        await database.db.execute(q);
      } catch (e) {
        const msg = String((e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message);
        expect(msg).toMatch(/solo agregar/);
      }
    }
    expect(await filas()).toEqual(antes);
  });

  it('a rolled-back change leaves no record; a refused one neither', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await crearProveedor(tx, { nombre: 'LUMEN', contacto: null, telefono: null }, admin);
        throw new Error('rollback a propósito');
      }),
    ).rejects.toThrow('rollback a propósito');
    expect(await database.db.select().from(proveedores)).toHaveLength(0);

    const { servicio } = await escenario(database.db);
    // Returning more than was sold is refused (422): no ledger row and no history row.
    await expect(
      ajustarCapacidad(database.db, {
        id: servicio.servicio_id,
        datos: { delta_disponible: 10, motivo: null },
        usuario: admin,
        politica: 'warn',
      }),
    ).rejects.toThrow();
    // A duplicate RUC is refused after the pre-check: nothing recorded.
    await crearCliente(database.db, { razon_social: 'A', ruc: rucValido(1), contacto: null, telefono: null }, admin);
    await expect(
      crearCliente(database.db, { razon_social: 'B', ruc: rucValido(1), contacto: null, telefono: null }, admin),
    ).rejects.toThrow();
    expect((await filas()).map((f) => f.entidad)).toEqual(['cliente']);
  });
});

describe('GET /v1/cambios and /v1/<entidad>/{id}/cambios', () => {
  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });

  async function preparar() {
    const { token, token_id } = await createApiToken(database.db, {
      nombre: 'auditor',
      rol: 'admin',
      createdBy: admin.usuario_id,
    });
    const h = { authorization: `Bearer ${token}` };
    const ids: number[] = [];
    for (const nombre of ['UNO', 'DOS', 'TRES']) {
      const r = await app.inject({ method: 'POST', url: '/v1/proveedores/crear', headers: h, payload: { nombre } });
      expect(r.statusCode).toBe(201);
      ids.push(r.json().proveedor_id);
    }
    const r = await app.inject({
      method: 'PUT',
      url: `/v1/proveedores/${ids[0]}`,
      headers: h,
      payload: { contacto: 'Rosa' },
    });
    expect(r.statusCode).toBe(200);
    return { h, ids, token_id };
  }

  it('answers the contract’s shape newest first, with who and through which door', async () => {
    const { h, ids, token_id } = await preparar();
    const res = await get('/v1/cambios', h);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, limit: 10, siguiente: null });
    expect(body.data.map((c: { accion: string; id: number }) => [c.accion, c.id])).toEqual([
      ['actualizar', ids[0]],
      ['crear', ids[2]],
      ['crear', ids[1]],
      ['crear', ids[0]],
    ]);
    const [ultimo] = body.data;
    expect(Object.keys(ultimo)).toEqual(
      expect.arrayContaining(['cambio_id', 'accion', 'entidad', 'id', 'usuario', 'via', 'ocurrido_en', 'cambios']),
    );
    expect(ultimo).toMatchObject({
      entidad: 'proveedor',
      via: 'v1',
      usuario: { usuario_id: admin.usuario_id, nombre: admin.nombre, token_id, token_nombre: 'auditor' },
      cambios: [{ campo: 'contacto', antes: null, despues: 'Rosa' }],
    });
    expect(ultimo.solicitud_id).toMatch(/\S/);
    expect(new Date(ultimo.ocurrido_en).toISOString()).toBe(ultimo.ocurrido_en);

    const uno = await get(`/v1/proveedores/${ids[0]}/cambios`, h);
    expect(uno.statusCode).toBe(200);
    expect(uno.json().data.map((c: { accion: string }) => c.accion)).toEqual(['actualizar', 'crear']);
  });

  it('filters by entity, record, action, user and dates, and pages with the keyset cursor', async () => {
    const { h, ids } = await preparar();
    const q = async (qs: string) => {
      const r = await get(`/v1/cambios?${qs}`, h);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { data: { cambio_id: number; id: number; accion: string }[]; siguiente: number | null };
    };
    expect((await q('accion=actualizar')).data.map((c) => c.id)).toEqual([ids[0]]);
    expect((await q('accion=Creación')).data).toHaveLength(3); // the Spanish label works too
    expect((await q(`entidad=proveedor&entidad_id=${ids[1]}`)).data.map((c) => c.accion)).toEqual(['crear']);
    expect((await q('entidad=conexion')).data).toEqual([]);
    expect((await q(`usuario=${admin.usuario_id}`)).data).toHaveLength(4);
    expect((await q(`usuario=${admin.usuario_id! + 1000}`)).data).toEqual([]);
    const hoy = new Date().toISOString().slice(0, 10);
    expect((await q(`desde=${hoy}&hasta=${hoy}`)).data).toHaveLength(4);
    expect((await q('hasta=2000-01-01')).data).toEqual([]);
    expect((await q(`desde=${new Date(Date.now() + 3_600_000).toISOString()}`)).data).toEqual([]);

    const p1 = await q('limit=3');
    expect(p1.data).toHaveLength(3);
    expect(p1.siguiente).toBe(p1.data[2]!.cambio_id);
    const p2 = await q(`limit=3&antes_de=${p1.siguiente}`);
    expect(p2.data.map((c) => c.cambio_id)).toEqual([p1.data[2]!.cambio_id - 1]);
    expect(p2.siguiente).toBeNull();
    const todos = [...p1.data, ...p2.data].map((c) => c.cambio_id);
    expect(todos).toEqual([...todos].sort((a, b) => b - a));

    const e1 = await get(`/v1/proveedores/${ids[0]}/cambios?limit=1`, h);
    expect(e1.json().data).toHaveLength(1);
    const e2 = await get(`/v1/proveedores/${ids[0]}/cambios?limit=1&antes_de=${e1.json().siguiente}`, h);
    expect(e2.json().data.map((c: { accion: string }) => c.accion)).toEqual(['crear']);
  });

  it('refuses bad filters with 400 and a Spanish message; unknown records 404; the whole log is for admins', async () => {
    const { h } = await preparar();
    const casos: [string, RegExp][] = [
      ['accion=borrar', /Valores permitidos/],
      ['entidad=planeta', /Valores permitidos/],
      ['desde=ayer', /fecha \(AAAA-MM-DD\)/],
      ['hasta=2026-13-45', /fecha \(AAAA-MM-DD\)/],
      ['desde=2026-12-05&hasta=2026-12-01', /«desde» no puede ser posterior a «hasta»/],
      ['limit=0', /límite/],
      ['limit=500', /límite/],
      ['usuario=abc', /./],
      ['antes_de=-3', /./],
    ];
    for (const [qs, msg] of casos) {
      const r = await get(`/v1/cambios?${qs}`, h);
      expect(r.statusCode, qs).toBe(400);
      expect(r.json(), qs).toMatchObject({ ok: false });
      expect(r.json().message, qs).toMatch(msg);
    }
    const mal = await get('/v1/conexiones/1/cambios?accion=x', h);
    expect(mal.statusCode).toBe(400);
    for (const ruta of ['conexiones', 'servicios-proveedor', 'proveedores', 'clientes', 'nodos', 'equipos']) {
      const r = await get(`/v1/${ruta}/99999/cambios`, h);
      expect(r.statusCode, ruta).toBe(404);
      expect(r.json().message, ruta).toMatch(/No existe|no existe/);
    }

    const lector = await createTestUser(database.db, 'lector');
    const { token } = await createApiToken(database.db, { nombre: 'l', rol: 'lector', createdBy: lector.usuario_id });
    const hl = { authorization: `Bearer ${token}` };
    expect((await get('/v1/cambios', hl)).statusCode).toBe(403);
    const [p] = await database.db.select().from(proveedores).limit(1);
    expect((await get(`/v1/proveedores/${p!.proveedor_id}/cambios`, hl)).statusCode).toBe(200);
  });

  it('exports with the lists’ export: CSV and XLSX with the same filters, admin only, bad filters 400', async () => {
    const { h, ids } = await preparar();
    const csv = await get('/v1/cambios/exportar?formato=csv&accion=actualizar', h);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/cambios-\d{4}-\d{2}-\d{2}\.csv/);
    const lineas = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lineas[0]).toBe(
      'cambio_id,ocurrido_en,entidad,id,accion,usuario_id,usuario_nombre,token_id,token_nombre,via,solicitud_id,cambios',
    );
    expect(lineas).toHaveLength(2);
    expect(lineas[1]).toContain(`,proveedor,${ids[0]},actualizar,`);
    expect(lineas[1]).toContain('contacto: — → Rosa');
    const todo = await get('/v1/cambios/exportar?formato=csv', h);
    expect(todo.body.trim().split(/\r?\n/)).toHaveLength(5);

    const xlsx = await get('/v1/cambios/exportar?formato=xlsx&entidad=proveedor', h);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    const mal = await get('/v1/cambios/exportar?formato=csv&desde=ayer', h);
    expect(mal.statusCode).toBe(400);
    expect(mal.json().message).toMatch(/fecha \(AAAA-MM-DD\)/);
    const lector = await createTestUser(database.db, 'lector');
    const { token } = await createApiToken(database.db, { nombre: 'l', rol: 'lector', createdBy: lector.usuario_id });
    expect((await get('/v1/cambios/exportar?formato=csv', { authorization: `Bearer ${token}` })).statusCode).toBe(403);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    for (const ruta of [
      '/v1/cambios',
      '/v1/conexiones/{id}/cambios',
      '/v1/servicios-proveedor/{id}/cambios',
      '/v1/proveedores/{id}/cambios',
      '/v1/clientes/{id}/cambios',
      '/v1/nodos/{id}/cambios',
      '/v1/equipos/{id}/cambios',
    ]) {
      expect(doc.paths[ruta]?.get, ruta).toBeDefined();
    }
    const params = doc.paths['/v1/cambios'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining(['usuario', 'entidad', 'accion', 'desde', 'hasta', 'limit', 'antes_de']),
    );
  });
});
