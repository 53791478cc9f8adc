import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { clientes, conexiones, proveedores } from '../src/db/schema';
import { bearerPorTest, clienteDe, pedir, testApp, usarApp } from './helpers/app';
import { venderEnLedger } from './helpers/conexiones';

const { database, app } = await usarApp({ limpiar: true });
const op = bearerPorTest(database, 'operador');
const lector = bearerPorTest(database, 'lector');
const call = clienteDe(app, op);
/** POST /v1/servicios-proveedor/{id}/ajustar-capacidad, as the operador unless told otherwise. */
const ajustar = (id: number, cuerpo: unknown, headers: Record<string, string> = op, a = app) =>
  pedir(a, 'POST', `/v1/servicios-proveedor/${id}/ajustar-capacidad`, cuerpo, headers);

// The spec's example payloads, verbatim.
const CREAR_SPEC = {
  proveedor_id: 3,
  nodo_id: null,
  modalidad: 'DEDICADO',
  capacidad_comprada: 500,
  ubicacion_servicio: 'Lima - Miraflores',
  condicion: 'ACTIVO',
  observacion: 'Enlace fibra oscura troncal',
  cid_interno: 'ICP-1045',
};
const DEVOLVER_SPEC = { delta_disponible: 100, motivo: 'Cliente ENTEL rescindió 100 Mbps' };
const VENDER_SPEC = { delta_disponible: -50, motivo: 'Nueva venta: cliente RIPLEY 50 Mbps' };

async function tresProveedores() {
  await database.db
    .insert(proveedores)
    .values([{ nombre: 'AMÉRICA MÓVIL' }, { nombre: 'ENTEL' }, { nombre: 'TELEFÓNICA' }]);
}

/** Everything a refusal must leave as it was: the service rows, the ledger, the samples, the CID sequence. */
async function foto() {
  const [servicios, ledger, muestras, seq] = await Promise.all([
    execRows(database.db, sql`select * from servicios_proveedor order by servicio_id`),
    execRows(database.db, sql`select * from movimientos_capacidad order by movimiento_id`),
    execRows(database.db, sql`select count(*)::int as n from muestras_uso`),
    execRows(database.db, sql`select last_value, is_called from servicio_cid_seq`),
  ]);
  return JSON.stringify({ servicios, ledger, muestras, seq });
}

/**
 * The spec's numbers: service 88 (500 Mbps bought) with 400 Mbps sold to two connections that use
 * 280 Mbps, so returning 100 gives exactly the spec's response (vendida 300, utilizada 280, disponible 200).
 */
async function escenarioSpec() {
  await tresProveedores();
  await database.db.execute(sql`select setval('servicio_cid_seq', 1044)`);
  await database.db.execute(sql`select setval(pg_get_serial_sequence('servicios_proveedor', 'servicio_id'), 87)`);
  const creado = await call('POST', '/v1/servicios-proveedor/crear', CREAR_SPEC);
  const [cli] = await database.db
    .insert(clientes)
    .values({ razon_social: 'ENTEL PERÚ S.A.', ruc: '20106897914' })
    .returning();
  const enlaces = await database.db
    .insert(conexiones)
    .values([
      {
        servicio_id: 88,
        cid_enlace: '257001',
        bw_contratado: 250,
        bw_utilizado: 180,
        cliente_id: cli!.cliente_id,
        enlace_estado: 'ACTIVO',
        modalidad_enlace: 'Fibra Oscura',
        enlace_fecha_activacion: '2025-06-01',
      },
      { servicio_id: 88, cid_enlace: '257002', bw_contratado: 150, bw_utilizado: 100, enlace_estado: 'ACTIVO' },
    ])
    .returning();
  await venderEnLedger(database.db, 88, enlaces);
  return { creado, enlaces, cliente: cli! };
}

describe('/v1/servicios-proveedor: the spec examples, verbatim', () => {
  it('next-cid reports {ok, next, last} without consuming a number', async () => {
    const vacio = await call('GET', '/v1/servicios-proveedor/next-cid', undefined, lector);
    expect(vacio).toEqual({ status: 200, body: { ok: true, next: 1001, last: 1000 } });
    await database.db.execute(sql`select setval('servicio_cid_seq', 1044)`);
    const a = await call('GET', '/v1/servicios-proveedor/next-cid');
    const b = await call('GET', '/v1/servicios-proveedor/next-cid');
    expect(a.body).toEqual({ ok: true, next: 1045, last: 1044 });
    expect(b.body).toEqual(a.body);
  });

  it('creates the spec service and answers exactly the spec response', async () => {
    const { creado } = await escenarioSpec();
    expect(creado.status).toBe(201);
    expect(creado.body).toEqual({
      ok: true,
      message: 'Servicio creado.',
      servicio_id: 88,
      cid_generado: 1045,
      cid_anterior: 1044,
    });
    // The manual ICP-1045 moved the sequence on: the next automatic CID is 1046.
    expect((await call('GET', '/v1/servicios-proveedor/next-cid')).body).toEqual({ ok: true, next: 1046, last: 1045 });
    const uno = await call('GET', '/v1/servicios-proveedor/88', undefined, lector);
    expect(uno.body.data).toMatchObject({
      servicio_id: 88,
      proveedor_id: 3,
      proveedor_nombre: 'TELEFÓNICA',
      nodo_id: null,
      tipo_nodo: null,
      direccion: null,
      modalidad: 'DEDICADO',
      capacidad_comprada: 500,
      ubicacion_servicio: 'Lima - Miraflores',
      condicion: 'ACTIVO',
      observacion: 'Enlace fibra oscura troncal',
      cid_interno: 'ICP-1045',
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/),
    });
  });

  it('returns 100 Mbps to the pool, then sells 50, with the spec responses', async () => {
    await escenarioSpec();
    const ajustada = { ok: true, message: 'Capacidad ajustada.', servicio_id: 88 };
    const devolver = await ajustar(88, DEVOLVER_SPEC);
    expect(devolver.status).toBe(200);
    expect(devolver.body).toEqual({
      ...ajustada,
      capacidad_comprada: 500,
      capacidad_vendida: 300,
      capacidad_utilizada: 280,
      capacidad_disponible: 200,
      advertencias: [],
    });
    const vender = await ajustar(88, VENDER_SPEC);
    expect(vender.status).toBe(200);
    expect(vender.body).toMatchObject({ ...ajustada, capacidad_vendida: 350, capacidad_disponible: 150 });

    const movs = await call('GET', '/v1/servicios-proveedor/88/movimientos', undefined, lector);
    expect(movs.status).toBe(200);
    expect(movs.body).toMatchObject({ ok: true, total: 4, limit: 10, offset: 0 });
    expect(movs.body.data.map((m: { delta_vendida: number }) => m.delta_vendida)).toEqual([50, -100, 150, 250]);
    expect(movs.body.data[0]).toMatchObject({
      origen: 'AJUSTE_MANUAL',
      motivo: VENDER_SPEC.motivo,
      vendida_resultante: 350,
      usuario_id: expect.any(Number),
      usuario_nombre: expect.stringContaining('operador'),
    });
    expect(movs.body.data[3]).toMatchObject({ origen: 'VENTA_CONEXION', cid_enlace: '257001' });
  });

  it('lists the connections as EnlaceRed with exactly the spec fields', async () => {
    const { enlaces, cliente } = await escenarioSpec();
    const res = await call('GET', '/v1/servicios-proveedor/88/conexiones', undefined, lector);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['conexiones', 'ok', 'servicio']);
    expect(res.body.servicio).toMatchObject({ servicio_id: 88, capacidad_vendida: 400, capacidad_utilizada: 280 });
    expect(res.body.conexiones).toHaveLength(2);
    const [primera] = res.body.conexiones;
    expect(primera).toEqual({
      enlace_id: enlaces[0]!.enlace_id,
      modalidad_enlace: 'Fibra Oscura',
      enlace_estado: 'ACTIVO',
      enlace_created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      enlace_fecha_activacion: '2025-06-01',
      bw_contratado: 250,
      bw_disponible: 70,
      bw_utilizado: 180,
      cliente_id: cliente.cliente_id,
      cid: '257001',
      razon_social: 'ENTEL PERÚ S.A.',
      cliente_fecha_activacion: '2025-06-01',
    });
    for (const campo of [
      'enlace_id',
      'modalidad_enlace',
      'enlace_estado',
      'enlace_created_at',
      'enlace_fecha_activacion',
      'bw_contratado',
      'bw_disponible',
      'cliente_id',
      'cid',
      'razon_social',
      'cliente_fecha_activacion',
    ]) {
      expect(res.body.conexiones[1]).toHaveProperty(campo);
    }
  });
});

describe('/v1/servicios-proveedor: lists and lookups', () => {
  it('lists with search, proveedor_id and cid filters, enriched with provider and node', async () => {
    await tresProveedores();
    const [nodo] = await execRows<{ nodo_id: number }>(
      database.db,
      sql`insert into nodos (nombre, tipo, direccion) values ('NODO SAN ISIDRO', 'CORE', 'Av. Javier Prado 123') returning nodo_id`,
    );
    const crear = (body: object) => call('POST', '/v1/servicios-proveedor/crear', body);
    await crear({
      proveedor_id: 3,
      modalidad: 'DEDICADO',
      capacidad_comprada: 1000,
      ubicacion_servicio: 'Lima - San Isidro',
      nodo_id: nodo!.nodo_id,
      cid_proveedor: 'TDP-0001',
    });
    await crear({
      proveedor_id: 3,
      modalidad: 'COMPARTIDO',
      capacidad_comprada: 500,
      ubicacion_servicio: 'Arequipa',
      cid_proveedor: 'TDP-0002',
    });
    await crear({ proveedor_id: 2, modalidad: 'dedicado', capacidad_comprada: '200', ubicacion_servicio: 'Cusco' });

    const todo = await call('GET', '/v1/servicios-proveedor/listar', undefined, lector);
    expect(todo.status).toBe(200);
    expect(todo.body).toMatchObject({ ok: true, total: 3, limit: 10, offset: 0 });
    expect(todo.body.data.map((s: { cid_interno: string }) => s.cid_interno)).toEqual([
      'ICP-1003',
      'ICP-1002',
      'ICP-1001',
    ]);
    expect(todo.body.data[2]).toMatchObject({
      proveedor_nombre: 'TELEFÓNICA',
      tipo_nodo: 'CORE',
      direccion: 'Av. Javier Prado 123',
      capacidad_disponible: 1000,
    });

    const porTexto = await call('GET', '/v1/servicios-proveedor/listar?search=arequipa');
    expect(porTexto.body.data.map((s: { ubicacion_servicio: string }) => s.ubicacion_servicio)).toEqual(['Arequipa']);
    const porProveedorNombre = await call('GET', '/v1/servicios-proveedor/listar?search=telefonica');
    expect(porProveedorNombre.body.total).toBe(2);
    const porProveedor = await call('GET', '/v1/servicios-proveedor/listar?proveedor_id=2');
    expect(porProveedor.body.data.map((s: { ubicacion_servicio: string }) => s.ubicacion_servicio)).toEqual(['Cusco']);
    const porCid = await call('GET', '/v1/servicios-proveedor/listar?cid=tdp-0002');
    expect(porCid.body.total).toBe(1);
    const pagina = await call('GET', '/v1/servicios-proveedor/listar?limit=2&offset=2');
    expect(pagina.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(pagina.body.data).toHaveLength(1);
    expect((await call('GET', '/v1/servicios-proveedor/listar?limit=500')).status).toBe(400);

    const deProveedor = await call('GET', '/v1/servicios-proveedor/proveedor/3', undefined, lector);
    expect(deProveedor.status).toBe(200);
    expect(deProveedor.body.data.map((s: { cid_interno: string }) => s.cid_interno)).toEqual(['ICP-1001', 'ICP-1002']);
    expect((await call('GET', '/v1/servicios-proveedor/proveedor/99')).status).toBe(404);

    const select = await call('GET', '/v1/servicios-proveedor/listar/select?proveedor_id=3');
    expect(select.body.data).toHaveLength(2);
    expect(select.body.data[0]).toMatchObject({ servicio_id: 1, cid_interno: 'ICP-1001', capacidad_disponible: 1000 });
  });

  it('keeps next-cid, listar and proveedor/… out of {id}, and answers 404/400 for bad ids', async () => {
    expect((await call('GET', '/v1/servicios-proveedor/next-cid')).body).toMatchObject({ ok: true });
    expect((await call('GET', '/v1/servicios-proveedor/listar')).body).toMatchObject({ ok: true, total: 0 });
    const noExiste = await call('GET', '/v1/servicios-proveedor/999');
    expect(noExiste).toMatchObject({ status: 404, body: { ok: false, message: expect.stringContaining('999') } });
    expect((await call('GET', '/v1/servicios-proveedor/abc')).status).toBe(400);
    expect((await call('GET', '/v1/servicios-proveedor/999/conexiones')).status).toBe(404);
    expect((await call('GET', '/v1/servicios-proveedor/999/movimientos')).status).toBe(404);
    expect((await ajustar(999, DEVOLVER_SPEC)).status).toBe(404);
    expect((await call('PUT', '/v1/servicios-proveedor/servicios-proveedor/999', { observacion: 'x' })).status).toBe(
      404,
    );
  });

  it('documents the routes in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/v1/servicios-proveedor/listar',
      '/v1/servicios-proveedor/next-cid',
      '/v1/servicios-proveedor/crear',
      '/v1/servicios-proveedor/{id}/ajustar-capacidad',
      '/v1/servicios-proveedor/{id}/conexiones',
      '/v1/servicios-proveedor/proveedor/{proveedor_id}',
      '/v1/servicios-proveedor/servicios-proveedor/{id}',
    ]) {
      expect(paths).toContain(p);
    }
  });
});

describe('/v1/servicios-proveedor: writes and refusals (each leaves the data as it was)', () => {
  it('assigns ICP-<n> to a blank cid_interno and ignores vendida/utilizada/disponible in the body', async () => {
    await tresProveedores();
    const res = await call('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: 1,
      modalidad: 'COMPARTIDO',
      capacidad_comprada: 300,
      cid_interno: '',
      capacidad_vendida: 999,
      capacidad_utilizada: 999,
      capacidad_disponible: 999,
    });
    expect(res).toEqual({
      status: 201,
      body: { ok: true, message: 'Servicio creado.', servicio_id: 1, cid_generado: 1001, cid_anterior: 1000 },
    });
    const segundo = await call('POST', '/v1/servicios-proveedor/crear', { proveedor_id: 1, modalidad: 'DEDICADO' });
    expect(segundo.body).toMatchObject({ servicio_id: 2, cid_generado: 1002, cid_anterior: 1001 });
    const uno = await call('GET', '/v1/servicios-proveedor/1');
    expect(uno.body.data).toMatchObject({
      cid_interno: 'ICP-1001',
      capacidad_comprada: 300,
      capacidad_vendida: 0,
      capacidad_utilizada: 0,
      capacidad_disponible: 300,
    });
    const dos = await call('GET', '/v1/servicios-proveedor/2');
    expect(dos.body.data).toMatchObject({ capacidad_comprada: 0, condicion: 'ACTIVO' });
  });

  it('normalises a manual icp-<n>, jumps the sequence past it and refuses a duplicate with 409', async () => {
    await tresProveedores();
    const manual = await call('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: 1,
      modalidad: 'DEDICADO',
      cid_interno: ' icp-2000 ',
    });
    expect(manual.body).toMatchObject({ cid_generado: 2000, cid_anterior: 1000 });
    const auto = await call('POST', '/v1/servicios-proveedor/crear', { proveedor_id: 1, modalidad: 'DEDICADO' });
    expect(auto.body).toMatchObject({ cid_generado: 2001, cid_anterior: 2000 });
    // Below the sequence: accepted as is, the sequence stays.
    const bajo = await call('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: 1,
      modalidad: 'DEDICADO',
      cid_interno: 'ICP-1500',
    });
    expect(bajo.body).toMatchObject({ cid_generado: 1500, cid_anterior: 2001 });
    const libre = await call('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: 1,
      modalidad: 'DEDICADO',
      cid_interno: 'LIM-TRONCAL-01',
    });
    expect(libre.body).toMatchObject({ ok: true, cid_generado: null });

    const antes = await foto();
    for (const cid of ['ICP-2000', 'icp-2001', 'lim-troncal-01']) {
      const dup = await call('POST', '/v1/servicios-proveedor/crear', {
        proveedor_id: 1,
        modalidad: 'DEDICADO',
        cid_interno: cid,
      });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ ok: false, message: expect.stringContaining('CID interno') });
    }
    expect(await foto()).toBe(antes);
    expect((await call('GET', '/v1/servicios-proveedor/next-cid')).body).toEqual({ ok: true, next: 2002, last: 2001 });
  });

  it('refuses bad creates: unknown or inactive provider, bad modalidad, negative capacity, lector role', async () => {
    await tresProveedores();
    await database.db.execute(sql`update proveedores set estado = 'INACTIVO' where proveedor_id = 2`);
    const antes = await foto();
    const inactivo = await call('POST', '/v1/servicios-proveedor/crear', { ...CREAR_SPEC, proveedor_id: 2 });
    expect(inactivo).toMatchObject({ status: 422, body: { ok: false, message: expect.stringContaining('INACTIVO') } });
    expect((await call('POST', '/v1/servicios-proveedor/crear', { ...CREAR_SPEC, proveedor_id: 99 })).status).toBe(404);
    const sinModalidad = await call('POST', '/v1/servicios-proveedor/crear', { proveedor_id: 1 });
    expect(sinModalidad).toMatchObject({ status: 400, body: { ok: false, errors: [{ path: 'modalidad' }] } });
    expect(
      (await call('POST', '/v1/servicios-proveedor/crear', { ...CREAR_SPEC, modalidad: 'SATELITAL' })).status,
    ).toBe(400);
    expect(
      (await call('POST', '/v1/servicios-proveedor/crear', { ...CREAR_SPEC, capacidad_comprada: -1 })).status,
    ).toBe(400);
    expect((await call('POST', '/v1/servicios-proveedor/crear', { ...CREAR_SPEC, nodo_id: 77 })).status).toBe(422);
    expect((await call('POST', '/v1/servicios-proveedor/crear', CREAR_SPEC, lector)).status).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/v1/servicios-proveedor/crear', payload: CREAR_SPEC })).statusCode,
    ).toBe(401);
    expect(await foto()).toBe(antes);
  });

  it('refuses bad adjustments: more returned than sold (422), zero or non-numeric delta (400), oversale blocked (409)', async () => {
    await escenarioSpec();
    const antes = await foto();
    const demasiado = await ajustar(88, {
      delta_disponible: 401,
      motivo: 'x',
    });
    expect(demasiado.status).toBe(422);
    expect(demasiado.body).toMatchObject({ ok: false, message: expect.stringContaining('400') });
    for (const delta_disponible of [0, '0', 'abc', null, '', 1.0001]) {
      const r = await ajustar(88, { delta_disponible, motivo: 'x' });
      expect(r.status, `delta ${String(delta_disponible)}`).toBe(400);
      expect(r.body.ok).toBe(false);
    }
    expect((await ajustar(88, { delta_disponible: 5, motivo: 7 })).status).toBe(400);
    expect((await ajustar(88, DEVOLVER_SPEC, lector)).status).toBe(403);

    // A per-service limit: 500 bought, 10 % tolerated → at most 550 sold (400 sold now).
    await call('PUT', '/v1/servicios-proveedor/servicios-proveedor/88', { limite_sobreventa_pct: 10 });
    const conLimite = await foto();
    const excede = await ajustar(88, {
      delta_disponible: -151,
      motivo: 'venta grande',
    });
    expect(excede).toMatchObject({ status: 409, body: { ok: false, message: expect.stringContaining('límite') } });
    expect(await foto()).toBe(conLimite);
    const tolerado = await ajustar(88, {
      delta_disponible: -150,
      motivo: 'venta',
    });
    expect(tolerado.body).toMatchObject({
      ok: true,
      capacidad_disponible: -50,
      advertencias: [expect.stringContaining('50')],
    });
    expect(antes).not.toBe(conLimite);
  });

  it('blocks any oversale with TRONCAL_SOBREVENTA=block and only warns by default', async () => {
    await tresProveedores();
    await call('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: 1,
      modalidad: 'DEDICADO',
      capacidad_comprada: 100,
    });
    const warn = await ajustar(1, {
      delta_disponible: -120,
      motivo: 'venta',
    });
    expect(warn.body).toMatchObject({ ok: true, capacidad_disponible: -20, advertencias: [expect.any(String)] });

    const bloqueo = await testApp(database, { TRONCAL_SOBREVENTA: 'block' });
    try {
      const antes = await foto();
      const res = await ajustar(1, { delta_disponible: -1, motivo: 'otra venta' }, op, bloqueo);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ ok: false, message: expect.stringContaining('sobreventa') });
      expect(await foto()).toBe(antes);
      // Returning capacity is never blocked, even while oversold.
      const devolver = await ajustar(1, { delta_disponible: 10, motivo: 'rescisión' }, op, bloqueo);
      expect(devolver.body).toMatchObject({ ok: true, capacidad_vendida: 110 });
    } finally {
      await bloqueo.close();
    }
  });

  it('edits a service: full edit, derived fields ignored, limit editable, refusals change nothing', async () => {
    await escenarioSpec();
    const edit = await call('PUT', '/v1/servicios-proveedor/servicios-proveedor/88', {
      proveedor_id: 1,
      modalidad: 'COMPARTIDO',
      capacidad_comprada: 600,
      ubicacion_servicio: 'Lima - San Isidro',
      condicion: 'standby',
      observacion: null,
      cid_proveedor: 'AMX-77',
      limite_sobreventa_pct: 5,
      capacidad_vendida: 0,
      capacidad_disponible: 1,
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({
      ok: true,
      message: 'Servicio actualizado.',
      data: {
        servicio_id: 88,
        proveedor_nombre: 'AMÉRICA MÓVIL',
        modalidad: 'COMPARTIDO',
        capacidad_comprada: 600,
        capacidad_vendida: 400,
        capacidad_disponible: 200,
        condicion: 'STANDBY',
        observacion: null,
        cid_proveedor: 'AMX-77',
        cid_interno: 'ICP-1045',
        limite_sobreventa_pct: 5,
      },
      advertencias: [],
    });

    const antes = await foto();
    const negativo = await call('PUT', '/v1/servicios-proveedor/servicios-proveedor/88', { capacidad_comprada: -5 });
    expect(negativo).toMatchObject({ status: 400, body: { ok: false, errors: [{ path: 'capacidad_comprada' }] } });
    // 400 sold with a 5 % limit: 380 bought would allow only 399.
    const bajo = await call('PUT', '/v1/servicios-proveedor/servicios-proveedor/88', { capacidad_comprada: 380 });
    expect(bajo).toMatchObject({ status: 409, body: { ok: false } });
    await database.db.execute(sql`update proveedores set estado = 'INACTIVO' where proveedor_id = 2`);
    const antesInactivo = await foto();
    expect((await call('PUT', '/v1/servicios-proveedor/servicios-proveedor/88', { proveedor_id: 2 })).status).toBe(422);
    expect(
      (await call('PUT', '/v1/servicios-proveedor/servicios-proveedor/88', { observacion: 'x' }, lector)).status,
    ).toBe(403);
    expect(await foto()).toBe(antesInactivo);
    expect(antes).toBe(antesInactivo);

    // Without a limit, lowering under vendida only warns.
    const sinLimite = await call('PUT', '/v1/servicios-proveedor/servicios-proveedor/88', {
      limite_sobreventa_pct: null,
      capacidad_comprada: 380,
    });
    expect(sinLimite.body).toMatchObject({
      ok: true,
      data: { capacidad_disponible: -20 },
      advertencias: [expect.any(String)],
    });
  });
});
