/**
 * The binding API over /v1 and tRPC: validation in Spanish, 404/401/403, idempotent writes,
 * the state reset on a rebind, guardarVinculo inside the caller's transaction, the usage query's
 * range checks, the OpenAPI document.
 */
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { guardarVinculo, obtenerVinculo } from '../src/services/monitoreo/vinculos';
import { bearerAs, callerAs, testApp } from './helpers/app';
import { createTestDb, type TestDatabase } from './helpers/db';
import { insertarConexion, insertarServicio } from './helpers/monitoreo-datos';

const ZBX = { fuente: 'zabbix', host: 'core-lim-01', interfaz: 'Gi0/0/1' } as const;

describe('API de vínculos de monitoreo', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let operador: { authorization: string };
  let lector: { authorization: string };
  let s1 = 0;
  let c1 = 0;

  beforeAll(async () => {
    database = await createTestDb();
    app = await testApp(database);
    operador = await bearerAs(database, 'operador');
    lector = await bearerAs(database, 'lector');
    s1 = await insertarServicio(database.db);
    c1 = await insertarConexion(database.db, { servicio_id: s1 });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const put = (url: string, payload: unknown, headers = operador) =>
    app.inject({ method: 'PUT', url, headers, payload: payload as object });

  it('refuses bad bindings with the domain schema’s Spanish messages, and writes nothing', async () => {
    const casos: [unknown, string][] = [
      [{ fuente: 'snmp', host: 'x' }, 'Datos inválidos: fuente: La fuente debe ser "zabbix" o "prometheus".'],
      [{ fuente: 'zabbix', host: 'r1' }, 'Datos inválidos: interfaz: Este campo es obligatorio.'],
      [
        { fuente: 'zabbix', host: 'r1/../x', interfaz: 'Gi0/0/1' },
        'Datos inválidos: host: El host de Zabbix admite solo letras, números, espacios, puntos, guiones y guiones bajos (el "Host name" técnico, no el visible).',
      ],
      [{ ...ZBX, extra: 1 }, 'Datos inválidos: Campo no admitido: extra.'],
      [{ fuente: 'prometheus', entrada: '  ', salida: 'x' }, 'Datos inválidos: entrada: Este campo es obligatorio.'],
    ];
    for (const [cuerpo, mensaje] of casos) {
      const r = await put(`/v1/conexiones/${c1}/monitoreo`, cuerpo);
      expect(r.statusCode, JSON.stringify(cuerpo)).toBe(400);
      expect(r.json()).toMatchObject({ ok: false, message: mensaje });
    }
    expect(await execRows(database.db, sql`select * from vinculos_monitoreo`)).toEqual([]);
  });

  it('404 for a record that does not exist, 401 without a token, 403 for lector', async () => {
    const r = await put('/v1/conexiones/999999/monitoreo', ZBX);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ ok: false, message: 'No existe la conexión 999999.' });
    const s = await app.inject({ url: '/v1/servicios-proveedor/999999/uso', headers: lector });
    expect(s.json()).toEqual({ ok: false, message: 'No existe el servicio de proveedor 999999.' });
    expect((await app.inject({ method: 'PUT', url: `/v1/conexiones/${c1}/monitoreo`, payload: ZBX })).statusCode).toBe(
      401,
    );
    const l = await put(`/v1/conexiones/${c1}/monitoreo`, ZBX, lector);
    expect(l.statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/v1/monitoreo/sincronizar', headers: lector })).statusCode).toBe(
      403,
    );
  });

  it('GET, PUT, PUT again, rebind (state reset, figures kept), DELETE, DELETE again', async () => {
    const url = `/v1/conexiones/${c1}/monitoreo`;
    expect((await app.inject({ url, headers: lector })).json()).toEqual({ ok: true, data: null });
    const creado = await put(url, ZBX);
    expect(creado.json()).toMatchObject({
      ok: true,
      message: `La conexión ${c1} queda vinculada a Zabbix, host «core-lim-01», interfaz «Gi0/0/1»; el próximo ciclo la medirá.`,
      data: { objeto: 'conexion', id: c1, etiqueta: expect.any(String), monitoreo: ZBX, estado: null },
    });
    // As a cycle would leave it.
    await database.db.execute(
      sql`update vinculos_monitoreo set estado = 'OK', p95_mbps = 12.5, medido_en = now(), ultima_muestra_en = now()`,
    );
    const igual = await put(url, ZBX);
    expect(igual.json()).toMatchObject({
      message: `El monitoreo de la conexión ${c1} no cambió.`,
      data: { estado: 'OK', p95_mbps: 12.5 },
    });
    const otro = await put(url, { ...ZBX, interfaz: 'Gi0/0/2' });
    expect(otro.json().data).toMatchObject({
      estado: null,
      p95_mbps: 12.5,
      ultima_muestra_en: null,
      monitoreo: { interfaz: 'Gi0/0/2' },
    });
    const quitado = await app.inject({ method: 'DELETE', url, headers: operador });
    expect(quitado.json()).toEqual({ ok: true, message: `Se quitó el monitoreo de la conexión ${c1}.`, data: null });
    const otraVez = await app.inject({ method: 'DELETE', url, headers: operador });
    expect(otraVez.json()).toEqual({ ok: true, message: `La conexión ${c1} no tenía monitoreo.`, data: null });
  });

  it('guardarVinculo writes in the caller’s transaction: a rollback leaves no binding', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        expect(await guardarVinculo(tx, 'servicio', s1, ZBX)).toMatchObject({ objeto: 'servicio', id: s1 });
        expect(await guardarVinculo(tx, 'servicio', s1, undefined)).toBeUndefined();
        throw new Error('la operación del caso de uso falló');
      }),
    ).rejects.toThrow('la operación del caso de uso falló');
    expect(await obtenerVinculo(database.db, 'servicio', s1)).toBeNull();
    await database.db.transaction(async (tx) => {
      await guardarVinculo(tx, 'servicio', s1, { fuente: 'prometheus', entrada: 'a', salida: 'b' });
    });
    expect(await obtenerVinculo(database.db, 'servicio', s1)).toMatchObject({ monitoreo: { fuente: 'prometheus' } });
    await expect(database.db.transaction((tx) => guardarVinculo(tx, 'conexion', 424242, ZBX))).rejects.toMatchObject({
      code: 'NO_ENCONTRADO',
      message: 'No existe la conexión 424242.',
    });
  });

  it('tRPC: vincular needs operador; listar filters by state (PENDIENTE = never read); vinculo reads', async () => {
    const l = await callerAs(database, 'lector');
    await expect(l.monitoreo.vincular({ objeto: 'conexion', id: c1, monitoreo: ZBX })).rejects.toBeInstanceOf(
      TRPCError,
    );
    const o = await callerAs(database, 'operador');
    const r = await o.monitoreo.vincular({ objeto: 'conexion', id: c1, monitoreo: ZBX });
    expect(r.data).toMatchObject({ estado: null, monitoreo: ZBX });
    const pendientes = await l.monitoreo.listar({ estado: 'PENDIENTE' });
    expect(pendientes).toMatchObject({ total: 2, resumen: { PENDIENTE: 2, OK: 0, ERROR: 0, SIN_DATOS: 0 } });
    expect(pendientes.data.map((v) => [v.objeto, v.id])).toEqual([
      ['conexion', c1],
      ['servicio', s1],
    ]);
    expect(await l.monitoreo.listar({ estado: 'ERROR' })).toMatchObject({ total: 0, data: [] });
    expect(await l.monitoreo.listar({ objeto: 'servicio' })).toMatchObject({ total: 1 });
    expect(await l.monitoreo.vinculo({ objeto: 'conexion', id: c1 })).toMatchObject({ monitoreo: ZBX });
    await expect(l.monitoreo.listar({ estado: 'MAL' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(o.monitoreo.probar({} as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('the usage range: zone required, desde before hasta, at most 400 days; an empty series is fine', async () => {
    const base = `/v1/conexiones/${c1}/uso`;
    const pedir = (q: string) => app.inject({ url: `${base}?${q}`, headers: lector });
    const sinZona = await pedir('desde=2025-06-01T08:00:00');
    expect(sinZona.statusCode).toBe(400);
    expect(sinZona.json().message).toBe(
      'Datos inválidos: query.desde: desde debe indicar su zona horaria (por ejemplo 2025-06-01T08:00:00-05:00 o …Z).',
    );
    expect((await pedir('desde=ayer')).json().message).toBe(
      'Datos inválidos: query.desde: desde debe ser una fecha ISO 8601 (2025-06-01 o 2025-06-01T08:00:00-05:00).',
    );
    const alReves = await pedir('desde=2025-06-02&hasta=2025-06-01');
    expect(alReves.statusCode).toBe(400);
    expect(alReves.json()).toMatchObject({ ok: false, message: 'desde debe ser anterior a hasta.' });
    expect((await pedir('desde=2020-01-01&hasta=2025-01-01')).json()).toMatchObject({
      ok: false,
      message: 'El rango admite como máximo 400 días (lo que se conserva).',
    });
    const vacia = await pedir('desde=2025-06-01T00:00:00-05:00&hasta=2025-06-02T00:00:00-05:00');
    expect(vacia.statusCode).toBe(200);
    expect(vacia.json()).toEqual({
      ok: true,
      objeto: 'conexion',
      id: c1,
      desde: '2025-06-01T05:00:00.000Z',
      hasta: '2025-06-02T05:00:00.000Z',
      resolucion_s: 300,
      serie: [],
      p95_mbps: null,
      max_mbps: null,
      promedio_mbps: null,
      muestras: 0,
      p95_exacto: true,
      fuente: 'zabbix',
      estado: null,
      mensaje: null,
      actualizado_en: null,
    });
  });

  it('the OpenAPI document lists every monitoring path', async () => {
    const doc = (await app.inject({ url: '/v1/openapi.json' })).json();
    for (const p of [
      '/v1/conexiones/{id}/monitoreo',
      '/v1/conexiones/{id}/uso',
      '/v1/servicios-proveedor/{id}/monitoreo',
      '/v1/servicios-proveedor/{id}/uso',
      '/v1/monitoreo/vinculos',
      '/v1/monitoreo/estado',
      '/v1/monitoreo/sincronizar',
      '/v1/monitoreo/probar',
    ]) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
    expect(Object.keys(doc.paths['/v1/conexiones/{id}/monitoreo'])).toEqual(['get', 'put', 'delete']);
  });
});
