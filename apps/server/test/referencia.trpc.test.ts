import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { clientes, conexionEquipos, conexiones, equipos, nodos, proveedores } from '../src/db/schema';
import { exigirProveedorActivo } from '../src/services/proveedores.service';
import { callerAs } from './helpers/app';
import { usarDb } from './helpers/db';
import { contarFilas } from './helpers/fixtures';

const database = await usarDb({ limpiar: true });

const RUC_BCP = '20100047862';
const RUC_OTRO = '20100130204';

const filas = (tabla: typeof proveedores | typeof clientes | typeof nodos | typeof equipos) =>
  contarFilas(database.db, tabla);

describe('proveedores (tRPC)', () => {
  it('creates a provider recording who did it, and reads it back', async () => {
    const op = await callerAs(database, 'operador');
    // created_by in the input is not part of the schema and must be ignored.
    const p = await op.proveedores.create({
      nombre: 'TELEFÓNICA',
      ruc: RUC_OTRO,
      contacto: 'NOC',
      email: 'NOC@Telefonica.pe ',
      created_by: 999,
    } as never);
    expect(p).toMatchObject({ nombre: 'TELEFÓNICA', ruc: RUC_OTRO, estado: 'ACTIVO', email: 'noc@telefonica.pe' });
    expect(p.created_by).toBeTypeOf('number');
    expect(p.created_by).not.toBe(999);
    expect(p.updated_by).toBe(p.created_by);
    expect(p.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const lector = await callerAs(database, 'lector');
    expect(await lector.proveedores.byId({ id: p.proveedor_id })).toEqual(p);
  });

  it('refuses a duplicate name regardless of case and accents, and changes nothing', async () => {
    const op = await callerAs(database, 'operador');
    await op.proveedores.create({ nombre: 'TELEFÓNICA' });
    await expect(op.proveedores.create({ nombre: 'telefonica' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Ya existe un proveedor con el nombre "TELEFÓNICA".',
    });
    await expect(op.proveedores.create({ nombre: ' Telefónica ' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await filas(proveedores)).toBe(1);
  });

  it('refuses a rename onto another provider and leaves the row as it was', async () => {
    const op = await callerAs(database, 'operador');
    await op.proveedores.create({ nombre: 'LUMEN' });
    const b = await op.proveedores.create({ nombre: 'BITEL', contacto: 'Ana' });
    await expect(
      op.proveedores.update({ id: b.proveedor_id, datos: { nombre: 'lumen', contacto: 'Otro' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('LUMEN') });
    expect(await op.proveedores.byId({ id: b.proveedor_id })).toEqual(b);
    // Renaming to its own name in another case is not a conflict.
    const renamed = await op.proveedores.update({ id: b.proveedor_id, datos: { nombre: 'Bitel' } });
    expect(renamed.nombre).toBe('Bitel');
    expect(renamed.contacto).toBe('Ana');
  });

  it('validates input in Spanish (RUC, estado, email) and refuses lectores and anonymous callers', async () => {
    const op = await callerAs(database, 'operador');
    await expect(op.proveedores.create({ nombre: 'X', ruc: '123' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(op.proveedores.create({ nombre: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(op.proveedores.create({ nombre: 'X', estado: 'CERRADO' as never })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(op.proveedores.create({ nombre: 'X', email: 'no-es-correo' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const lector = await callerAs(database, 'lector');
    await expect(lector.proveedores.create({ nombre: 'X' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const anon = await callerAs(database, null);
    await expect(anon.proveedores.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await filas(proveedores)).toBe(0);
  });

  it('answers NOT_FOUND for an unknown id, on read and on update', async () => {
    const op = await callerAs(database, 'operador');
    await expect(op.proveedores.byId({ id: 4242 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No existe el proveedor 4242.',
    });
    await expect(op.proveedores.update({ id: 4242, datos: { nombre: 'Z' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('paginates, searches (without accents) and sorts', async () => {
    const op = await callerAs(database, 'operador');
    for (let i = 1; i <= 25; i++) await op.proveedores.create({ nombre: `Proveedor ${String(i).padStart(2, '0')}` });
    await op.proveedores.create({ nombre: 'Telefónica del Perú', estado: 'INACTIVO' });

    const p1 = await op.proveedores.list({});
    expect(p1).toMatchObject({ total: 26, limit: 10, offset: 0 });
    expect(p1.data).toHaveLength(10);
    expect(p1.data[0]!.nombre).toBe('Proveedor 01');

    const p3 = await op.proveedores.list({ limit: 10, offset: 20 });
    expect(p3.data.map((p) => p.nombre)).toEqual([
      'Proveedor 21',
      'Proveedor 22',
      'Proveedor 23',
      'Proveedor 24',
      'Proveedor 25',
      'Telefónica del Perú',
    ]);

    const desc = await op.proveedores.list({ sort: 'nombre', dir: 'desc', limit: 2 });
    expect(desc.data.map((p) => p.nombre)).toEqual(['Telefónica del Perú', 'Proveedor 25']);

    const found = await op.proveedores.list({ search: 'TELEFONICA' });
    expect(found.total).toBe(1);
    expect((await op.proveedores.list({ search: '100%' })).total).toBe(0);
    expect((await op.proveedores.list({ estado: 'INACTIVO' })).data.map((p) => p.nombre)).toEqual([
      'Telefónica del Perú',
    ]);
    await expect(op.proveedores.list({ limit: 101 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('deactivates instead of deleting; exigirProveedorActivo guards new services', async () => {
    const op = await callerAs(database, 'operador');
    const p = await op.proveedores.create({ nombre: 'CLARO' });
    expect(await exigirProveedorActivo(database.db, p.proveedor_id)).toMatchObject({ nombre: 'CLARO' });
    const off = await op.proveedores.update({ id: p.proveedor_id, datos: { estado: 'Inactivo' as never } });
    expect(off.estado).toBe('INACTIVO');
    await expect(exigirProveedorActivo(database.db, p.proveedor_id)).rejects.toMatchObject({
      code: 'REGLA_NEGOCIO',
      message: expect.stringContaining('INACTIVO'),
    });
    await expect(exigirProveedorActivo(database.db, 999)).rejects.toMatchObject({ code: 'NO_ENCONTRADO' });
    expect('delete' in op.proveedores).toBe(false);
  });

  it('select lists providers with their services, filtered by estado', async () => {
    const op = await callerAs(database, 'operador');
    await op.proveedores.create({ nombre: 'B' });
    await op.proveedores.create({ nombre: 'A', estado: 'INACTIVO' });
    const all = await op.proveedores.select();
    expect(all.map((p) => [p.nombre, p.estado, p.servicios])).toEqual([
      ['A', 'INACTIVO', []],
      ['B', 'ACTIVO', []],
    ]);
    expect((await op.proveedores.select({ estado: 'ACTIVO' })).map((p) => p.nombre)).toEqual(['B']);
  });
});

describe('clientes (tRPC)', () => {
  it('creates a client with a valid RUC', async () => {
    const op = await callerAs(database, 'operador');
    const c = await op.clientes.create({ razon_social: 'Banco de Crédito del Perú', ruc: ` ${RUC_BCP} ` });
    expect(c).toMatchObject({ razon_social: 'Banco de Crédito del Perú', ruc: RUC_BCP, estado: 'ACTIVO' });
    expect(await op.clientes.byId({ id: c.cliente_id })).toEqual(c);
  });

  it.each([
    ['2010004786', 'El RUC debe tener 11 dígitos.'],
    ['2010004786A', 'El RUC debe tener 11 dígitos.'],
    ['30100047862', 'El RUC debe empezar con 10, 15, 16, 17 o 20.'],
    ['20100047863', 'El dígito verificador del RUC no es válido.'],
  ])('refuses the bad RUC %s with a Spanish message', async (ruc, message) => {
    const op = await callerAs(database, 'operador');
    const err = await op.clientes.create({ razon_social: 'X SAC', ruc }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    const cause = (err as { cause?: { issues?: { path: PropertyKey[]; message: string }[] } }).cause;
    expect(cause?.issues?.[0]).toMatchObject({ path: ['ruc'], message });
    expect(await filas(clientes)).toBe(0);
  });

  it('requires razón social and RUC', async () => {
    const op = await callerAs(database, 'operador');
    await expect(op.clientes.create({ razon_social: '  ', ruc: RUC_BCP })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(op.clientes.create({ razon_social: 'X' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await filas(clientes)).toBe(0);
  });

  it('refuses a duplicate RUC with a 409 naming it, on create and on update, changing nothing', async () => {
    const op = await callerAs(database, 'operador');
    await op.clientes.create({ razon_social: 'BCP', ruc: RUC_BCP });
    await expect(op.clientes.create({ razon_social: 'Otro', ruc: RUC_BCP })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Ya existe un cliente con el RUC ${RUC_BCP} (BCP).`,
    });
    const otro = await op.clientes.create({ razon_social: 'Otro', ruc: RUC_OTRO });
    await expect(op.clientes.update({ id: otro.cliente_id, datos: { ruc: RUC_BCP } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(op.clientes.update({ id: otro.cliente_id, datos: { ruc: '20100047863' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await op.clientes.byId({ id: otro.cliente_id })).toEqual(otro);
    expect(await filas(clientes)).toBe(2);
  });

  it('updates only the fields sent and deactivates', async () => {
    const op = await callerAs(database, 'operador');
    const c = await op.clientes.create({ razon_social: 'BCP', ruc: RUC_BCP, contacto: 'Ana', telefono: '01 311 9898' });
    const u = await op.clientes.update({ id: c.cliente_id, datos: { contacto: '', estado: 'INACTIVO' } });
    expect(u).toMatchObject({ razon_social: 'BCP', contacto: null, telefono: '01 311 9898', estado: 'INACTIVO' });
    expect(await op.clientes.select({ estado: 'ACTIVO' })).toEqual([]);
    expect(await op.clientes.select()).toEqual([
      { cliente_id: c.cliente_id, razon_social: 'BCP', ruc: RUC_BCP, estado: 'INACTIVO' },
    ]);
  });

  it('searches by razón social and RUC', async () => {
    const op = await callerAs(database, 'operador');
    await op.clientes.create({ razon_social: 'Banco de Crédito del Perú', ruc: RUC_BCP });
    await op.clientes.create({ razon_social: 'Minera Andina SAC', ruc: RUC_OTRO });
    expect((await op.clientes.list({ search: 'credito' })).data.map((c) => c.ruc)).toEqual([RUC_BCP]);
    expect((await op.clientes.list({ search: '2010013' })).data.map((c) => c.ruc)).toEqual([RUC_OTRO]);
    expect((await op.clientes.list({})).total).toBe(2);
  });
});

describe('nodos (tRPC)', () => {
  it('creates a node with a district ubigeo and shows its names', async () => {
    const op = await callerAs(database, 'operador');
    const n = await op.nodos.create({ nombre: 'NODO MIRAFLORES', tipo: 'Agregación' as never, ubigeo: '150122' });
    expect(n).toMatchObject({
      nombre: 'NODO MIRAFLORES',
      tipo: 'AGREGACION',
      ubigeo: '150122',
      departamento: 'Lima',
      provincia: 'Lima',
      distrito: 'Miraflores',
      ubigeo_nombre: 'Lima / Lima / Miraflores',
      estado: 'ACTIVO',
    });
    const sinUbigeo = await op.nodos.create({ nombre: 'POP Norte', tipo: 'POP', ubigeo: '' });
    expect(sinUbigeo).toMatchObject({ ubigeo: null, ubigeo_nombre: null, departamento: null });
    const depto = await op.nodos.create({ nombre: 'Core Arequipa', tipo: 'CORE', ubigeo: '04' });
    expect(depto).toMatchObject({ departamento: 'Arequipa', provincia: null, ubigeo_nombre: 'Arequipa' });
  });

  it('refuses an unknown tipo, a malformed or unknown ubigeo, and a duplicate name', async () => {
    const op = await callerAs(database, 'operador');
    await expect(op.nodos.create({ nombre: 'N1', tipo: 'SATELITE' as never })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(op.nodos.create({ nombre: 'N1', tipo: 'CORE', ubigeo: '15012' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(op.nodos.create({ nombre: 'N1', tipo: 'CORE', ubigeo: '999999' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await op.nodos.create({ nombre: 'Lima Core 1', tipo: 'CORE' });
    await expect(op.nodos.create({ nombre: 'LIMA CORE 1', tipo: 'EDGE' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Ya existe un nodo con el nombre "Lima Core 1".',
    });
    expect(await filas(nodos)).toBe(1);
  });

  it('filters by tipo and by ubigeo prefix, and changes the ubigeo on update', async () => {
    const op = await callerAs(database, 'operador');
    const a = await op.nodos.create({ nombre: 'A', tipo: 'CORE', ubigeo: '150122' });
    await op.nodos.create({ nombre: 'B', tipo: 'ACCESO', ubigeo: '040101' });
    await op.nodos.create({ nombre: 'C', tipo: 'ACCESO' });
    expect((await op.nodos.list({ tipo: 'ACCESO' })).data.map((n) => n.nombre)).toEqual(['B', 'C']);
    expect((await op.nodos.list({ ubigeo: '15' })).data.map((n) => n.nombre)).toEqual(['A']);
    const moved = await op.nodos.update({ id: a.nodo_id, datos: { ubigeo: '0401', direccion: 'Av. Ejército 101' } });
    expect(moved).toMatchObject({
      ubigeo: '0401',
      provincia: 'Arequipa',
      distrito: null,
      direccion: 'Av. Ejército 101',
    });
    await expect(op.nodos.update({ id: a.nodo_id, datos: { ubigeo: '990000' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await op.nodos.byId({ id: a.nodo_id })).ubigeo).toBe('0401');
    const sel = await op.nodos.select();
    expect(sel[0]).toEqual({
      nodo_id: a.nodo_id,
      nombre: 'A',
      tipo: 'CORE',
      estado: 'ACTIVO',
      ubigeo: '0401',
      ubigeo_nombre: 'Arequipa / Arequipa',
    });
    await expect(op.nodos.byId({ id: 77 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('equipos (tRPC)', () => {
  it('creates equipos, refuses a duplicate serial (any case) and labels the dropdown', async () => {
    const op = await callerAs(database, 'operador');
    const e = await op.equipos.create({ tipo: 'ROUTER', marca: 'Cisco', modelo: 'ISR4331', serial: 'FDO1234X' });
    expect(e).toMatchObject({ estado: 'DISPONIBLE', enlace_id: null, observacion: null });
    await expect(
      op.equipos.create({ tipo: 'SWITCH', marca: 'Huawei', modelo: 'S5720', serial: 'fdo1234x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: 'Ya existe un equipo con la serie "FDO1234X".' });
    await op.equipos.create({
      tipo: 'ont',
      marca: 'Huawei',
      modelo: 'HG8245',
      serial: 'HW-1',
      estado: 'BAJA',
    } as never);
    expect(await filas(equipos)).toBe(2);

    const sel = await op.equipos.select();
    expect(sel.map((x) => x.label)).toEqual([
      'ONT | Huawei | HG8245 | SN: HW-1',
      'ROUTER | Cisco | ISR4331 | SN: FDO1234X',
    ]);
    const disp = await op.equipos.select({ disponibles: true });
    expect(disp).toEqual([
      {
        equipo_id: e.equipo_id,
        label: 'ROUTER | Cisco | ISR4331 | SN: FDO1234X',
        estado: 'DISPONIBLE',
        tipo: 'ROUTER',
        marca: 'Cisco',
        modelo: 'ISR4331',
        serial: 'FDO1234X',
      },
    ]);
  });

  it('refuses wrong types and missing fields', async () => {
    const op = await callerAs(database, 'operador');
    await expect(
      op.equipos.create({ tipo: 'TOSTADORA', marca: 'X', modelo: 'Y', serial: 'Z' } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(op.equipos.create({ tipo: 'ROUTER', marca: 'X', modelo: 'Y' } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      op.equipos.create({ tipo: 'ROUTER', marca: 'X', modelo: 'Y', serial: 5 } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await filas(equipos)).toBe(0);
  });

  it('exposes the live connection holding an equipo and keeps its estado while it is there', async () => {
    const op = await callerAs(database, 'operador');
    const e = await op.equipos.create({ tipo: 'RADIO', marca: 'Ubiquiti', modelo: 'AF-5X', serial: 'UBQ-9' });
    await database.db.update(equipos).set({ estado: 'ASIGNADO' }).where(eq(equipos.equipo_id, e.equipo_id));
    const [cx] = await database.db
      .insert(conexiones)
      .values({ cid_enlace: '257001', enlace_estado: 'ACTIVO' })
      .returning({ enlace_id: conexiones.enlace_id });
    await database.db.insert(conexionEquipos).values({ enlace_id: cx!.enlace_id, equipo_id: e.equipo_id });

    const held = await op.equipos.byId({ id: e.equipo_id });
    expect(held).toMatchObject({ estado: 'ASIGNADO', enlace_id: cx!.enlace_id, cid_enlace: '257001' });
    await expect(op.equipos.update({ id: e.equipo_id, datos: { estado: 'BAJA' } })).rejects.toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      message: expect.stringContaining('257001'),
    });
    expect((await op.equipos.byId({ id: e.equipo_id })).estado).toBe('ASIGNADO');
    // Other fields can still be corrected.
    expect((await op.equipos.update({ id: e.equipo_id, datos: { observacion: 'Torre 3' } })).observacion).toBe(
      'Torre 3',
    );
    expect(await op.equipos.select({ disponibles: true })).toEqual([]);
    expect((await op.equipos.select({ disponibles: true, incluir: [e.equipo_id] })).map((x) => x.equipo_id)).toEqual([
      e.equipo_id,
    ]);

    // Once the connection is BAJA the equipo is free to be given BAJA too.
    await database.db.update(conexiones).set({ enlace_estado: 'BAJA' }).where(eq(conexiones.enlace_id, cx!.enlace_id));
    const baja = await op.equipos.update({ id: e.equipo_id, datos: { estado: 'BAJA' } });
    expect(baja).toMatchObject({ estado: 'BAJA', enlace_id: null });
  });

  it('lists newest first by default, filters and searches', async () => {
    const op = await callerAs(database, 'operador');
    await op.equipos.create({ tipo: 'ROUTER', marca: 'Cisco', modelo: 'ISR4331', serial: 'A1' });
    await op.equipos.create({ tipo: 'SWITCH', marca: 'Huawei', modelo: 'S5720', serial: 'B2' });
    await op.equipos.create({ tipo: 'FIREWALL', marca: 'Fortinet', modelo: 'FG-100F', serial: 'C3', estado: 'BAJA' });
    expect((await op.equipos.list({})).data.map((x) => x.serial)).toEqual(['C3', 'B2', 'A1']);
    expect((await op.equipos.list({ sort: 'marca' })).data.map((x) => x.marca)).toEqual([
      'Cisco',
      'Fortinet',
      'Huawei',
    ]);
    expect((await op.equipos.list({ estado: 'BAJA' })).data.map((x) => x.serial)).toEqual(['C3']);
    expect((await op.equipos.list({ tipo: 'SWITCH' })).data.map((x) => x.serial)).toEqual(['B2']);
    expect((await op.equipos.list({ search: 'huawei' })).total).toBe(1);
    await expect(op.equipos.update({ id: 99, datos: { marca: 'X' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
