/**
 * The `monitoreo` object in the create/edit bodies of connections and provider services (/v1 and
 * tRPC): validated by the domain schema, written in the use case's transaction, answered on reads
 * (by id and in lists, null when unbound), and the 422 for a typed bw_utilizado of a bound connection.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { bearerAs, callerAs, testApp } from './helpers/app';
import { escenario } from './helpers/conexiones';
import { createTestDb, type TestDatabase } from './helpers/db';

const ZBX = { fuente: 'zabbix', host: 'pe-lim-core-01', interfaz: 'Gi0/0/1' } as const;
const PROM = {
  fuente: 'prometheus',
  entrada: 'rate(ifHCInOctets{ifName="Gi0/0/2"}[5m]) * 8',
  salida: 'rate(ifHCOutOctets{ifName="Gi0/0/2"}[5m]) * 8',
} as const;

describe('monitoreo en los cuerpos de alta y edición', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let operador: { authorization: string };
  let e: Awaited<ReturnType<typeof escenario>>;

  beforeAll(async () => {
    database = await createTestDb();
    app = await testApp(database);
    operador = await bearerAs(database, 'operador');
    e = await escenario(database.db, { comprada: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: operador, ...(payload === undefined ? {} : { payload: payload as object }) });

  const cuerpo = (over: Record<string, unknown> = {}) => ({
    servicio_id: e.servicio.servicio_id,
    cliente_id: e.cliente.cliente_id,
    nodo_a: e.nodoA.nodo_id,
    tipo_enlace: 'Internet',
    bw_contratado: 100,
    estado: 'ACTIVO',
    ...over,
  });

  const vinculos = () =>
    execRows<{ objeto: string; objeto_id: number; fuente: string; host: string | null; entrada: string | null }>(
      database.db,
      sql`select objeto, objeto_id, fuente, host, entrada from vinculos_monitoreo order by objeto, objeto_id`,
    );
  const conteo = async () => {
    const [r] = await execRows<{ c: number; v: number; s: number }>(
      database.db,
      sql`select (select count(*)::int from conexiones) as c, (select count(*)::int from vinculos_monitoreo) as v,
                 (select count(*)::int from servicios_proveedor) as s`,
    );
    return r;
  };

  it('POST /v1/conexiones with monitoreo binds it in the same transaction; GET answers it; unbound reads say null', async () => {
    const libre = await call('POST', '/v1/conexiones', cuerpo());
    expect(libre.statusCode).toBe(201);
    const sinVinculo = await call('GET', `/v1/conexiones/${libre.json().enlace_id}`);
    expect(sinVinculo.json().data).toMatchObject({ monitoreo: null, medicion: null });

    const r = await call('POST', '/v1/conexiones', cuerpo({ monitoreo: ZBX }));
    expect(r.statusCode).toBe(201);
    const id = r.json().enlace_id as number;
    const g = (await call('GET', `/v1/conexiones/${id}`)).json();
    expect(g.data.monitoreo).toEqual(ZBX);
    expect(g.data.medicion).toEqual({
      estado: null,
      mensaje: null,
      p95_mbps: null,
      max_mbps: null,
      promedio_mbps: null,
      medido_en: null,
    });
    expect(await vinculos()).toContainEqual({
      objeto: 'conexion',
      objeto_id: id,
      fuente: 'zabbix',
      host: ZBX.host,
      entrada: null,
    });

    // The list answers the same two fields per row.
    const lista = (await call('GET', '/v1/conexiones/listar?limit=10')).json();
    const fila = lista.data.find((c: { enlace_id: number }) => c.enlace_id === id);
    expect(fila.monitoreo).toEqual(ZBX);
    expect(lista.data.find((c: { enlace_id: number }) => c.enlace_id === libre.json().enlace_id).monitoreo).toBeNull();
  });

  it('a bad monitoreo in a body is a 400 in Spanish naming the field, and nothing is written', async () => {
    const antes = await conteo();
    const r = await call('POST', '/v1/conexiones', cuerpo({ monitoreo: { fuente: 'snmp' } }));
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('La fuente debe ser "zabbix" o "prometheus".');
    const r2 = await call('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: e.servicio.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 1000,
      monitoreo: { fuente: 'zabbix', host: 'r1' },
    });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().message).toContain('interfaz: Este campo es obligatorio.');
    expect(await conteo()).toEqual(antes);
  });

  it('a typed bw_utilizado on a bound connection is a 422 and changes nothing; the value it has passes; null unbinds and frees it', async () => {
    // Create: a binding and a non-zero bw_utilizado in one body.
    const antes = await conteo();
    const c = await call('POST', '/v1/conexiones', cuerpo({ monitoreo: PROM, bw_utilizado: 40 }));
    expect(c.statusCode).toBe(422);
    expect(c.json().message).toMatch(/^El BW utilizado de esta conexión lo mide el monitoreo \(Prometheus/);
    expect(await conteo()).toEqual(antes);

    const id = (await call('POST', '/v1/conexiones', cuerpo({ monitoreo: PROM }))).json().enlace_id as number;
    const u = await call('PUT', `/v1/conexiones/${id}`, { bw_utilizado: 55, direccion_enlace: 'Av. Arequipa 123' });
    expect(u.statusCode).toBe(422);
    expect(u.json().message).toContain('(vale 0 Mbps)');
    const leida = (await call('GET', `/v1/conexiones/${id}`)).json().data;
    expect(leida.direccion_enlace).toBeNull();
    expect(leida.bw_utilizado).toBe(0);

    // The form posts every field: the value it already has passes.
    const mismo = await call('PUT', `/v1/conexiones/${id}`, { bw_utilizado: 0, direccion_enlace: 'Av. Arequipa 123' });
    expect(mismo.statusCode).toBe(200);
    expect(mismo.json().data.monitoreo).toEqual(PROM);

    // Unbinding in the same body frees the field.
    const libre = await call('PUT', `/v1/conexiones/${id}`, { bw_utilizado: 55, monitoreo: null });
    expect(libre.statusCode).toBe(200);
    expect(libre.json().data).toMatchObject({ bw_utilizado: 55, monitoreo: null, medicion: null });
    expect((await vinculos()).some((v) => v.objeto === 'conexion' && v.objeto_id === id)).toBe(false);

    // Rebinding through PUT, then a PUT without the field leaves the binding alone.
    expect((await call('PUT', `/v1/conexiones/${id}`, { monitoreo: ZBX })).json().data.monitoreo).toEqual(ZBX);
    expect((await call('PUT', `/v1/conexiones/${id}`, { locacion: 'Piso 3' })).json().data.monitoreo).toEqual(ZBX);
  });

  it('provider services: POST …/crear and PUT …/servicios-proveedor/{id} bind, rebind and unbind; reads and lists answer it', async () => {
    const r = await call('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: e.servicio.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 1000,
      monitoreo: ZBX,
    });
    expect(r.statusCode).toBe(201);
    const id = r.json().servicio_id as number;
    expect((await call('GET', `/v1/servicios-proveedor/${id}`)).json().data).toMatchObject({
      monitoreo: ZBX,
      medicion: { estado: null },
    });
    const lista = (await call('GET', '/v1/servicios-proveedor/listar?limit=50')).json();
    expect(lista.data.find((s: { servicio_id: number }) => s.servicio_id === id).monitoreo).toEqual(ZBX);
    expect(
      lista.data.find((s: { servicio_id: number }) => s.servicio_id === e.servicio.servicio_id).monitoreo,
    ).toBeNull();

    const p = await call('PUT', `/v1/servicios-proveedor/servicios-proveedor/${id}`, { monitoreo: PROM });
    expect(p.statusCode).toBe(200);
    expect(p.json().data.monitoreo).toEqual(PROM);
    const q = await call('PUT', `/v1/servicios-proveedor/servicios-proveedor/${id}`, { monitoreo: null });
    expect(q.json().data).toMatchObject({ monitoreo: null, medicion: null });
    expect((await vinculos()).some((v) => v.objeto === 'servicio' && v.objeto_id === id)).toBe(false);
  });

  it('a refused service edit writes no binding (one transaction)', async () => {
    const r = await call('PUT', `/v1/servicios-proveedor/servicios-proveedor/${e.servicio.servicio_id}`, {
      monitoreo: ZBX,
      nodo_id: 999_999,
    });
    expect(r.statusCode).toBe(422);
    expect((await vinculos()).some((v) => v.objeto === 'servicio' && v.objeto_id === e.servicio.servicio_id)).toBe(
      false,
    );
  });

  it('tRPC: conexiones.create/update and servicios.create/update take monitoreo; byId answers it; the 422 is UNPROCESSABLE_CONTENT', async () => {
    const op = await callerAs(database, 'operador');
    const creada = await op.conexiones.create({ datos: cuerpo({ monitoreo: ZBX }) as never });
    const id = creada.conexion.enlace_id;
    expect((await op.conexiones.byId({ enlace_id: id })).monitoreo).toEqual(ZBX);
    const err = await op.conexiones.update({ id, datos: { bw_utilizado: 12 } }).catch((x: unknown) => x);
    expect(err).toMatchObject({ message: expect.stringContaining('lo mide el monitoreo') });
    expect((err as { code: string }).code).toMatch(/UNPROCESSABLE|BAD_REQUEST/);
    const u = await op.conexiones.update({ id, datos: { monitoreo: PROM } });
    expect(u.conexion.monitoreo).toEqual(PROM);

    const s = await op.servicios.create({
      proveedor_id: e.servicio.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 500,
      monitoreo: PROM,
    });
    expect((await op.servicios.byId({ servicio_id: s.servicio_id })).monitoreo).toEqual(PROM);
    const su = await op.servicios.update({ id: s.servicio_id, datos: { monitoreo: null } });
    expect(su.servicio.monitoreo).toBeNull();
  });

  it('the OpenAPI document describes monitoreo in the bodies and medicion in the reads', async () => {
    const doc = JSON.stringify((await app.inject({ url: '/v1/openapi.json' })).json());
    expect(doc).toContain('"monitoreo"');
    expect(doc).toContain('"medicion"');
  });
});
