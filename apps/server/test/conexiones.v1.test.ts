import { asc } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { movimientosCapacidad } from '../src/db/schema';
import { leerCapacidad } from '../src/services/capacidad';
import { bearerPorTest, clienteDe, type Metodo, pedir, testApp, usarApp } from './helpers/app';
import {
  AJUSTE_SPEC,
  contarHistorial,
  contarLedger,
  escenarioSpec,
  estadosEquipos,
  foto,
  insertEquipo,
  invariante,
  PAYLOAD_SPEC,
} from './helpers/conexiones';
import { insertServicio } from './helpers/fixtures';

/** The /v1 contract: the spec's paths, payloads and shapes, and real statuses for every refusal. */

const { database, app } = await usarApp({ limpiar: true });
const appBlock = await testApp(database, { TRONCAL_SOBREVENTA: 'block' });
afterAll(() => appBlock.close());
const op = bearerPorTest(database, 'operador');
const lector = bearerPorTest(database, 'lector');
const call = clienteDe(app, op);

/** Every field of the spec's `Conexion` type. */
const CAMPOS_SPEC = [
  'enlace_id',
  'servicio_id',
  'cid_enlace',
  'modalidad_enlace',
  'tipo_enlace',
  'enlace_estado',
  'enlace_fecha_activacion',
  'bw_contratado',
  'bw_disponible',
  'bw_utilizado',
  'created_at',
  'departamento_enlace',
  'provincia_enlace',
  'distrito_enlace',
  'direccion_enlace',
  'locacion',
  'cliente_id',
  'cliente_razon_social',
  'cliente_ruc',
  'nodo_a',
  'nodo_a_nombre',
  'nodo_a_tipo',
  'configuracion_nodo_a',
  'nodo_b',
  'nodo_b_nombre',
  'nodo_b_tipo',
  'configuracion_nodo_b',
  'equipos_ids',
];

describe('POST /v1/conexiones with the spec payload, then the legacy consumer sequence', () => {
  it('creates the record only (201, no ledger row), and GET returns every field of the spec type', async () => {
    await escenarioSpec(database.db);
    const r = await call('POST', '/v1/conexiones', PAYLOAD_SPEC);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ ok: true, message: expect.any(String), enlace_id: 1, cid_enlace: '257001' });
    expect(await contarLedger(database.db)).toBe(0);
    expect((await leerCapacidad(database.db, 3))!.capacidad_vendida).toBe(0);

    const g = await call('GET', '/v1/conexiones/1', undefined, lector);
    expect(g.status).toBe(200);
    expect(g.body.ok).toBe(true);
    for (const campo of CAMPOS_SPEC) expect(g.body.data, campo).toHaveProperty(campo);
    expect(g.body.data).toMatchObject({
      enlace_id: 1,
      servicio_id: 3,
      cid_enlace: '257001',
      modalidad_enlace: 'P2P',
      tipo_enlace: 'Internet',
      enlace_estado: 'ACTIVO',
      enlace_fecha_activacion: '2025-06-01',
      bw_contratado: 500,
      bw_disponible: 500,
      bw_utilizado: 0,
      departamento_enlace: 'Lima',
      provincia_enlace: 'Lima',
      distrito_enlace: 'Miraflores',
      direccion_enlace: 'Av. Larco 1150',
      locacion: 'Lima - Miraflores / Oficina',
      cliente_id: 5,
      cliente_razon_social: expect.any(String),
      cliente_ruc: expect.stringMatching(/^\d{11}$/),
      nodo_a: 12,
      nodo_a_nombre: expect.any(String),
      nodo_a_tipo: 'CLIENTE',
      configuracion_nodo_a: 'interface Gi0/0\n ip address 10.0.0.1 255.255.255.252',
      nodo_b: 17,
      nodo_b_tipo: 'CORE',
      configuracion_nodo_b: null,
      equipos_ids: [],
      asignacion_ip: null,
    });
    expect(new Date(g.body.data.created_at).toISOString()).toBe(g.body.data.created_at);

    // The CID in the payload came from the sequence's own range, so the next one continues after it.
    expect((await call('GET', '/v1/conexiones/next-cid', undefined, lector)).body).toEqual({
      ok: true,
      next: 257002,
      last: 257001,
    });
  });

  it('ajustar-bw with the spec payload changes the link only; the consumer then adjusts the service itself', async () => {
    await escenarioSpec(database.db);
    await call('POST', '/v1/conexiones', PAYLOAD_SPEC);
    const a = await call('POST', '/v1/conexiones/1/ajustar-bw', AJUSTE_SPEC);
    expect(a.status).toBe(200);
    expect(a.body).toEqual({
      ok: true,
      message: expect.stringContaining('600'),
      data: expect.any(Object),
      advertencias: [],
    });
    expect(a.body.data).toMatchObject({ enlace_id: 1, bw_contratado: 600, bw_disponible: 600 });
    expect(await contarLedger(database.db)).toBe(0);
    expect(await contarHistorial(database.db, 1)).toBe(2);

    // The documented second call, on the provider service.
    const s = await call('POST', '/v1/servicios-proveedor/3/ajustar-capacidad', {
      delta_disponible: -600,
      motivo: 'Enlace 257001',
    });
    expect(s.status).toBe(200);
    expect((await leerCapacidad(database.db, 3))!.capacidad_disponible).toBe(400);
    await invariante(database.db, { soloConexiones: false });
  });

  it('with ajustar_servicio: true, POST and ajustar-bw perform the whole atomic operation', async () => {
    await escenarioSpec(database.db);
    const c = await call('POST', '/v1/conexiones', { ...PAYLOAD_SPEC, ajustar_servicio: true });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({
      ok: true,
      message: expect.any(String),
      enlace_id: 1,
      cid_enlace: '257001',
      advertencias: [],
    });
    expect((await leerCapacidad(database.db, 3))!.capacidad_vendida).toBe(500);

    const a = await call('POST', '/v1/conexiones/1/ajustar-bw', {
      ...AJUSTE_SPEC,
      ajustar_servicio: true,
      motivo: 'Upgrade',
    });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      ok: true,
      data: { bw_contratado: 600 },
      servicio: {
        servicio_id: 3,
        capacidad_comprada: 1000,
        capacidad_vendida: 600,
        capacidad_utilizada: 0,
        capacidad_disponible: 400,
      },
      advertencias: [],
    });
    const ledger = await database.db
      .select()
      .from(movimientosCapacidad)
      .orderBy(asc(movimientosCapacidad.movimiento_id));
    expect(ledger.map((m) => [m.origen, m.delta_vendida, m.enlace_id, m.usuario_id !== null])).toEqual([
      ['VENTA_CONEXION', 500, 1, true],
      ['AJUSTE_BW', 100, 1, true],
    ]);

    // Oversale warns by default (the spec does not block) …
    const over = await call('POST', '/v1/conexiones/1/ajustar-bw', {
      modo: 'AUMENTAR',
      mbps: 500,
      ajustar_servicio: true,
    });
    expect(over.status).toBe(200);
    expect(over.body.advertencias).toEqual([expect.stringContaining('100 Mbps')]);
    // … and TRONCAL_SOBREVENTA=block turns it into a 409 that changes nothing.
    const antes = await foto(database.db, [3]);
    const blocked = await pedir(
      appBlock,
      'POST',
      '/v1/conexiones/1/ajustar-bw',
      { modo: 'AUMENTAR', mbps: 1, ajustar_servicio: true },
      op,
    );
    expect(blocked.status).toBe(409);
    expect(blocked.body).toMatchObject({ ok: false, message: expect.stringContaining('sobreventa') });
    expect(await foto(database.db, [3])).toEqual(antes);
    await invariante(database.db);
  });

  it('PUT updates only the fields sent, record-only by default and whole with ajustar_servicio', async () => {
    await escenarioSpec(database.db);
    await call('POST', '/v1/conexiones', { ...PAYLOAD_SPEC, ajustar_servicio: true });
    const u = await call('PUT', '/v1/conexiones/1', {
      locacion: 'Lima - San Isidro / Data Center',
      asignacion_ip: '192.168.1.1/24',
    });
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({
      ok: true,
      message: expect.any(String),
      data: {
        locacion: 'Lima - San Isidro / Data Center',
        asignacion_ip: '192.168.1.1/24',
        bw_contratado: 500,
        direccion_enlace: 'Av. Larco 1150',
      },
      advertencias: [],
    });
    const baja = await call('PUT', '/v1/conexiones/1', { estado: 'baja', ajustar_servicio: true });
    expect(baja.status).toBe(200);
    expect(baja.body.data.enlace_estado).toBe('BAJA');
    expect(baja.body.servicios).toEqual([expect.objectContaining({ servicio_id: 3, capacidad_vendida: 0 })]);
    await invariante(database.db);
  });

  it('listar paginates with limit/offset and filters by search and estado; select and next-cid answer their shapes', async () => {
    await escenarioSpec(database.db);
    for (let i = 0; i < 12; i++) {
      await call('POST', '/v1/conexiones', {
        ...PAYLOAD_SPEC,
        cid: undefined,
        estado: i % 3 ? 'ACTIVO' : 'pendiente',
        locacion: i === 4 ? 'Cusco - Wanchaq' : PAYLOAD_SPEC.locacion,
        bw_contratado: 10,
      });
    }
    const l = await call('GET', '/v1/conexiones/listar', undefined, lector);
    expect(l.status).toBe(200);
    expect(l.body).toMatchObject({ ok: true, total: 12, limit: 10, offset: 0 });
    expect(l.body.data).toHaveLength(10);
    const p2 = await call('GET', '/v1/conexiones/listar?limit=5&offset=10', undefined, lector);
    expect(p2.body).toMatchObject({ total: 12, limit: 5, offset: 10 });
    expect(p2.body.data).toHaveLength(2);
    expect(p2.body.siguiente).toBeNull();
    // Keyset cursor: the first page's `siguiente` as `antes_de` gives the rest, newest first.
    expect(l.body.siguiente).toBe(3);
    const c2 = await call('GET', `/v1/conexiones/listar?antes_de=${l.body.siguiente}`, undefined, lector);
    expect(c2.status).toBe(200);
    expect(c2.body).toMatchObject({ total: 12, siguiente: null });
    expect(c2.body.data.map((c: { enlace_id: number }) => c.enlace_id)).toEqual([2, 1]);
    const malo = await call('GET', '/v1/conexiones/listar?antes_de=abc', undefined, lector);
    expect(malo.status).toBe(400);
    expect(malo.body.ok).toBe(false);
    expect(malo.body.errors).toContainEqual({
      path: 'query.antes_de',
      message: 'El identificador debe ser un número entero positivo.',
    });
    expect((await call('GET', '/v1/conexiones/listar?search=wanchaq', undefined, lector)).body.total).toBe(1);
    expect((await call('GET', '/v1/conexiones/listar?estado=Pendiente', undefined, lector)).body.total).toBe(4);

    const sel = await call('GET', '/v1/conexiones/listar/select', undefined, lector);
    expect(sel.status).toBe(200);
    expect(sel.body.ok).toBe(true);
    expect(sel.body.data[0]).toEqual({
      enlace_id: 12,
      cid_enlace: '257012',
      cliente_razon_social: expect.any(String),
      tipo_enlace: 'Internet',
      enlace_estado: 'ACTIVO',
      bw_contratado: 10,
    });

    const n1 = await call('GET', '/v1/conexiones/next-cid', undefined, lector);
    const n2 = await call('GET', '/v1/conexiones/next-cid', undefined, lector);
    expect(n1.body).toEqual({ ok: true, next: 257013, last: 257012 });
    expect(n2.body).toEqual(n1.body);
  });
});

describe('/v1 conexiones refusals: real statuses, Spanish messages, nothing changed, never a 500', () => {
  it('400 for bad input with errors[], 404 for unknown ids, 401/403 for access', async () => {
    await escenarioSpec(database.db);
    const sinCampos = await call('POST', '/v1/conexiones', { tipo_enlace: 'Internet' });
    expect(sinCampos.status).toBe(400);
    expect(sinCampos.body.ok).toBe(false);
    expect(sinCampos.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'servicio_id', message: 'Este campo es obligatorio.' },
        { path: 'cliente_id', message: 'Este campo es obligatorio.' },
      ]),
    );
    const ip = await call('POST', '/v1/conexiones', { ...PAYLOAD_SPEC, asignacion_ip: '192.168.1.300/24' });
    expect(ip.status).toBe(400);
    expect(ip.body.errors).toEqual([{ path: 'asignacion_ip', message: expect.stringContaining('octeto') }]);
    for (const body of [
      null,
      [],
      'texto',
      { ...PAYLOAD_SPEC, bw_contratado: 'mucho' },
      { ...PAYLOAD_SPEC, estado: 'ROTO' },
    ]) {
      const r = await call('POST', '/v1/conexiones', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.ok).toBe(false);
      expect(r.body.message).not.toMatch(/invalid|expected/i);
    }
    expect((await call('GET', '/v1/conexiones/99', undefined, lector)).status).toBe(404);
    expect((await call('GET', '/v1/conexiones/abc', undefined, lector)).status).toBe(400);
    expect((await call('PUT', '/v1/conexiones/99', { locacion: 'x' })).status).toBe(404);
    expect((await call('POST', '/v1/conexiones/99/ajustar-bw', AJUSTE_SPEC)).status).toBe(404);
    const bw = await call('POST', '/v1/conexiones/1/ajustar-bw', { modo: 'SUBIR', mbps: -3 });
    expect(bw.status).toBe(400);
    expect(bw.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['mbps', 'modo']);
    expect((await call('GET', '/v1/conexiones/listar?limit=500', undefined, lector)).status).toBe(400);
    expect((await call('GET', '/v1/conexiones/listar?estado=roto', undefined, lector)).status).toBe(400);

    // Odd input anywhere is a 400 with a Spanish message, never a 500.
    const raros: [Metodo, string, unknown][] = [
      ['POST', '/v1/conexiones', { ...PAYLOAD_SPEC, nodo_a: 0 }],
      ['POST', '/v1/conexiones', { ...PAYLOAD_SPEC, cliente_id: 99_999_999_999 }],
      ['POST', '/v1/conexiones', { ...PAYLOAD_SPEC, bw_contratado: 1e20 }],
      ['POST', '/v1/conexiones', { ...PAYLOAD_SPEC, cid: 257001 }],
      ['POST', '/v1/conexiones', { ...PAYLOAD_SPEC, equipos_ids: '1,2' }],
      ['POST', '/v1/conexiones', { ...PAYLOAD_SPEC, fecha_activacion: '01/06/2025' }],
      ['POST', '/v1/conexiones', { ...PAYLOAD_SPEC, departamento_enlace: 'Atlantida' }],
      ['POST', '/v1/conexiones', { ...PAYLOAD_SPEC, estado: 'ACTIVO', enlace_estado: 'BAJA' }],
      ['POST', '/v1/conexiones/1/ajustar-bw', { modo: 'AUMENTAR', mbps: 'cien' }],
      ['POST', '/v1/conexiones/1/ajustar-bw', { modo: 'AUMENTAR', mbps: 0.0001 }],
      ['POST', '/v1/conexiones/1/ajustar-bw', { modo: 'AUMENTAR', mbps: 1, ajustar_servicio: 'si' }],
      ['PUT', '/v1/conexiones/1', { bw_contratado: -5 }],
      ['PUT', '/v1/conexiones/99999999999', { locacion: 'x' }],
      ['GET', '/v1/conexiones/listar?offset=-1', undefined],
      ['GET', `/v1/conexiones/listar?search=${'x'.repeat(300)}`, undefined],
    ];
    for (const [m, url, body] of raros) {
      const r = await call(m, url, body);
      expect(r.status, `${m} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body).toMatchObject({ ok: false, message: expect.any(String) });
    }

    expect((await call('GET', '/v1/conexiones/listar', undefined, {})).status).toBe(401);
    expect((await call('POST', '/v1/conexiones', PAYLOAD_SPEC, lector)).status).toBe(403);
    expect((await call('POST', '/v1/conexiones/1/ajustar-bw', AJUSTE_SPEC, lector)).status).toBe(403);
    expect(await foto(database.db, [1, 2, 3])).toMatchObject({ conexiones: 0, ledger: 0, historial: 0 });
  });

  it('422 without nodes/services, for unknown references and DISMINUIR below 0; 409 for CID and equipos conflicts', async () => {
    const vacio = await call('POST', '/v1/conexiones', PAYLOAD_SPEC);
    expect(vacio.status).toBe(422);
    expect(vacio.body).toEqual({
      ok: false,
      message: expect.stringContaining('al menos un nodo y un servicio de proveedor'),
    });

    await escenarioSpec(database.db);
    const sinCliente = await call('POST', '/v1/conexiones', { ...PAYLOAD_SPEC, cliente_id: 6 });
    expect(sinCliente.status).toBe(422);
    expect(sinCliente.body.errors).toEqual([{ path: 'cliente_id', message: 'No existe el cliente 6.' }]);

    const eq1 = await insertEquipo(database.db, { serial: 'ZX-900' });
    await call('POST', '/v1/conexiones', { ...PAYLOAD_SPEC, equipos_ids: [eq1.equipo_id] });
    expect((await estadosEquipos(database.db, [eq1.equipo_id]))[eq1.equipo_id]).toBe('ASIGNADO');
    const antes = await foto(database.db, [3], [eq1.equipo_id]);

    const dup = await call('POST', '/v1/conexiones', { ...PAYLOAD_SPEC });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ ok: false, message: 'Ya existe una conexión con el CID 257001.' });
    const ocupado = await call('POST', '/v1/conexiones', { ...PAYLOAD_SPEC, cid: null, equipos_ids: [eq1.equipo_id] });
    expect(ocupado.status).toBe(409);
    expect(ocupado.body.message).toContain('ZX-900');

    const menos = await call('POST', '/v1/conexiones/1/ajustar-bw', { modo: 'DISMINUIR', mbps: 501 });
    expect(menos.status).toBe(422);
    expect(menos.body).toMatchObject({ ok: false, message: expect.stringContaining('500 Mbps contratados') });
    expect(await foto(database.db, [3], [eq1.equipo_id])).toEqual(antes);

    // A per-service oversale limit blocks even in warn mode.
    const l = await insertServicio(database.db, { capacidad_comprada: 100, limite_sobreventa_pct: 0 });
    const lim = await call('POST', '/v1/conexiones', {
      ...PAYLOAD_SPEC,
      cid: null,
      servicio_id: l.servicio_id,
      ajustar_servicio: true,
      bw_contratado: 101,
    });
    expect(lim.status).toBe(409);
    expect(await foto(database.db, [3], [eq1.equipo_id])).toEqual(antes);
  });
});
