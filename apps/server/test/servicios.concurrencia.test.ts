import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { proveedores } from '../src/db/schema';
import { bearerAs, testApp } from './helpers/app';
import { conteos } from './helpers/conexiones';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';

/**
 * Real concurrency needs a real server: PGlite runs one transaction at a time, so these run on
 * PostgreSQL only, through a listening HTTP server (fetch, not inject) and a pool of connections.
 */
describe.skipIf(!onPostgres())('servicios under concurrent load (PostgreSQL, real HTTP)', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDb({ poolSize: 20 });
    app = await testApp(database);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  beforeEach(async () => {
    await database.truncate();
    headers = { ...(await bearerAs(database, 'operador')), 'content-type': 'application/json' };
    await database.db.insert(proveedores).values({ nombre: 'TELEFÓNICA' });
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}/v1/servicios-proveedor${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const sumaLedger = async (servicio_id: number) => {
    const [r] = await execRows<{ s: string | null; n: string }>(
      database.db,
      sql`select sum(delta_vendida) as s, count(*) as n from movimientos_capacidad where servicio_id = ${servicio_id}`,
    );
    return { suma: Number(r?.s ?? 0), filas: Number(r?.n ?? 0) };
  };

  it('80 parallel ajustar-capacidad calls on one service: no lost update, no deadlock, no 5xx', async () => {
    const creado = await post('/crear', { proveedor_id: 1, modalidad: 'DEDICADO', capacidad_comprada: 10_000 });
    const id = creado.body.servicio_id as number;
    await post(`/${id}/ajustar-capacidad`, { delta_disponible: -1000, motivo: 'venta inicial' });

    // Sales, returns and some returns bigger than anything sold (refused with 422), interleaved.
    const deltas = Array.from({ length: 80 }, (_, i) => (i % 10 === 9 ? 5000 : i % 3 === 0 ? 7.5 : -12.25));
    const t0 = performance.now();
    const results = await Promise.all(
      deltas.map((delta_disponible, i) => post(`/${id}/ajustar-capacidad`, { delta_disponible, motivo: `carga ${i}` })),
    );
    const ms = Math.round(performance.now() - t0);

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s !== 200 && s !== 422)).toEqual([]);
    const aceptados = deltas.filter((_, i) => statuses[i] === 200);
    expect(statuses.filter((s) => s === 422)).toHaveLength(8);
    const esperado = 1000 - aceptados.reduce((a, d) => a + d, 0);

    const [svc] = await execRows<{ capacidad_vendida: string; capacidad_disponible: string }>(
      database.db,
      sql`select capacidad_vendida, capacidad_disponible from servicios_proveedor where servicio_id = ${id}`,
    );
    const { suma, filas } = await sumaLedger(id);
    expect(Number(svc!.capacidad_vendida)).toBeCloseTo(esperado, 3);
    expect(suma).toBeCloseTo(esperado, 3);
    expect(filas).toBe(1 + aceptados.length);
    expect(Number(svc!.capacidad_disponible)).toBeCloseTo(10_000 - esperado, 3);
    // Each ledger row's vendida_resultante is a running total: no two adjustments saw the same base.
    const [dup] = await execRows<{ n: string }>(
      database.db,
      sql`select count(*) - count(distinct movimiento_id) as n from movimientos_capacidad m
           where servicio_id = ${id}
             and vendida_resultante <> (select sum(delta_vendida) from movimientos_capacidad x
                                         where x.servicio_id = m.servicio_id and x.movimiento_id <= m.movimiento_id)`,
    );
    expect(Number(dup!.n)).toBe(0);
    console.info(
      `[concurrencia] ${deltas.length} ajustes en paralelo por HTTP: ${ms} ms, ${aceptados.length} aceptados`,
    );
  });

  it('60 parallel sales against a 10 % oversale limit: exactly the allowed ones pass, the rest get 409', async () => {
    const creado = await post('/crear', { proveedor_id: 1, modalidad: 'DEDICADO', capacidad_comprada: 100 });
    const id = creado.body.servicio_id as number;
    await execRows(
      database.db,
      sql`update servicios_proveedor set limite_sobreventa_pct = 10 where servicio_id = ${id}`,
    );
    await post(`/${id}/ajustar-capacidad`, { delta_disponible: -100, motivo: 'venta inicial' });

    // vendida 100 of 100; the limit allows up to 110: ten of these 1 Mbps sales fit, fifty do not.
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        post(`/${id}/ajustar-capacidad`, { delta_disponible: -1, motivo: `venta ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50);
    expect(results.find((r) => r.status === 409)?.body.message).toMatch(/límite de sobreventa .* 10 %/);
    const [svc] = await execRows<{ capacidad_vendida: string }>(
      database.db,
      sql`select capacidad_vendida from servicios_proveedor where servicio_id = ${id}`,
    );
    expect(Number(svc!.capacidad_vendida)).toBe(110);
    expect(await sumaLedger(id)).toEqual({ suma: 110, filas: 11 });
  });

  it('60 parallel creates with a blank cid_interno, mixed with manual ICP-<n>, never collide', async () => {
    const bodies = Array.from({ length: 60 }, (_, i) => ({
      proveedor_id: 1,
      modalidad: 'COMPARTIDO',
      capacidad_comprada: 100,
      // Every 10th one takes a manual number far ahead of the sequence, forcing it to jump mid-flight
      // (far enough apart that an automatic number can never legitimately reach the next manual one).
      ...(i % 10 === 5 ? { cid_interno: `ICP-${10_000 * (1 + Math.floor(i / 10))}` } : {}),
    }));
    const t0 = performance.now();
    const results = await Promise.all(bodies.map((b) => post('/crear', b)));
    const ms = Math.round(performance.now() - t0);

    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const generados = results.map((r) => r.body.cid_generado as number);
    expect(new Set(generados).size).toBe(60);
    const [r] = await execRows<{ n: string; d: string }>(
      database.db,
      sql`select count(*) as n, count(distinct cid_interno) as d from servicios_proveedor`,
    );
    expect(Number(r!.n)).toBe(60);
    expect(Number(r!.d)).toBe(60);
    // The sequence ends past every number handed out, so the next automatic one is free.
    const next = (await fetch(`${base}/v1/servicios-proveedor/next-cid`, { headers }).then((x) => x.json())) as {
      next: number;
    };
    expect(next.next).toBeGreaterThan(Math.max(...generados));
    console.info(`[concurrencia] 60 altas en paralelo por HTTP: ${ms} ms`);
    expect(await conteos(database.db)).toMatchObject({ 'servicios_proveedor:*': 60 });
    const lista = (await fetch(`${base}/v1/servicios-proveedor/listar?limit=1`, { headers }).then((x) => x.json())) as {
      total: number;
    };
    expect(lista.total).toBe(60);
  });
});
