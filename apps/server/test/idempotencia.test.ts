import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conexiones, movimientosCapacidad, serviciosProveedor, solicitudesIdempotentes } from '../src/db/schema';
import { createCaller } from '../src/trpc/root';
import { bearerAs, bearerPorTest, createTestUser, testEnv, usarApp } from './helpers/app';
import { escenario } from './helpers/conexiones';
import { onPostgres } from './helpers/db';
import { contarFilas, insertProveedor } from './helpers/fixtures';

/** Idempotency-Key on /v1 POSTs and on the SPA's tRPC creates (defects issue, item 1). */

const { database, app } = await usarApp({ limpiar: true, poolSize: 20 });
const op = bearerPorTest(database, 'operador');

async function post(url: string, payload: unknown, extra: Record<string, string> = {}, quien = op) {
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { ...quien, 'content-type': 'application/json', ...extra },
    payload: JSON.stringify(payload),
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown>, headers: res.headers };
}

const contar = (tabla: typeof conexiones | typeof serviciosProveedor | typeof movimientosCapacidad) =>
  contarFilas(database.db, tabla);

const conexion = (e: Awaited<ReturnType<typeof escenario>>, bw = 100) => ({
  servicio_id: e.servicio.servicio_id,
  cliente_id: e.cliente.cliente_id,
  nodo_a: e.nodoA.nodo_id,
  tipo_enlace: 'Internet',
  bw_contratado: bw,
  estado: 'ACTIVO',
  ajustar_servicio: true,
});

describe('Idempotency-Key on /v1', () => {
  it('a repeat of a create answers the first answer and sells nothing twice', async () => {
    const e = await escenario(database.db);
    const clave = { 'idempotency-key': 'f3a1c2e4-0b7d-4c1e-9a55-1d2f3e4a5b6c' };
    const primera = await post('/v1/conexiones', conexion(e), clave);
    expect(primera.status).toBe(201);
    const segunda = await post('/v1/conexiones', conexion(e), clave);
    expect(segunda.status).toBe(201);
    expect(segunda.body).toEqual(primera.body);
    expect(segunda.headers['idempotent-replayed']).toBe('true');
    expect(await contar(conexiones)).toBe(1);
    expect(await contar(movimientosCapacidad)).toBe(1);
    // Without a key, the same body is a new sale (the header is opt-in for /v1 consumers).
    expect((await post('/v1/conexiones', conexion(e))).status).toBe(201);
    expect(await contar(conexiones)).toBe(2);
  });

  it('the same key with another body, or on another operation, is refused with 422 and changes nothing', async () => {
    const e = await escenario(database.db);
    const clave = { 'idempotency-key': 'k-1' };
    expect((await post('/v1/conexiones', conexion(e), clave)).status).toBe(201);
    const otra = await post('/v1/conexiones', conexion(e, 50), clave);
    expect(otra.status).toBe(422);
    expect(otra.body).toMatchObject({ ok: false, message: expect.stringMatching(/Idempotency-Key "k-1" ya se usó/) });
    const otraRuta = await post(
      `/v1/servicios-proveedor/${e.servicio.servicio_id}/ajustar-capacidad`,
      { delta_disponible: 5 },
      clave,
    );
    expect(otraRuta.status).toBe(422);
    expect(await contar(conexiones)).toBe(1);
    expect(await contar(movimientosCapacidad)).toBe(1);
  });

  it('a refused request frees its key; a bad key is a 400; keys are per user', async () => {
    const e = await escenario(database.db, { comprada: 100 });
    const clave = { 'idempotency-key': 'reintento' };
    const mala = await post('/v1/conexiones', { ...conexion(e), nodo_a: 9999 }, clave);
    expect(mala.status).toBe(422);
    expect((await post('/v1/conexiones', conexion(e), clave)).status).toBe(201);
    for (const k of ['', 'x'.repeat(201), 'con espacio']) {
      const r = await post('/v1/conexiones', conexion(e), { 'idempotency-key': k });
      expect(r.status, k).toBe(400);
      expect(r.body.message).toMatch(/Idempotency-Key/);
    }
    const otro = await bearerAs(database, 'operador');
    expect((await post('/v1/conexiones', conexion(e), clave, otro)).status).toBe(201);
    expect(await contar(conexiones)).toBe(2);
  });

  it('services: two creates with one key draw one ICP CID', async () => {
    const p = await insertProveedor(database.db);
    const cuerpo = { proveedor_id: p.proveedor_id, modalidad: 'DEDICADO', capacidad_comprada: 1000 };
    const clave = { 'idempotency-key': 'svc-1' };
    const [a, b] = [
      await post('/v1/servicios-proveedor/crear', cuerpo, clave),
      await post('/v1/servicios-proveedor/crear', cuerpo, clave),
    ];
    expect(a.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(await contar(serviciosProveedor)).toBe(1);
  });

  it('an expired key (over 24 h) may be used again', async () => {
    const e = await escenario(database.db);
    const clave = { 'idempotency-key': 'viejo' };
    expect((await post('/v1/conexiones', conexion(e), clave)).status).toBe(201);
    await database.db
      .update(solicitudesIdempotentes)
      .set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
      .where(eq(solicitudesIdempotentes.clave, 'viejo'));
    expect((await post('/v1/conexiones', conexion(e, 50), clave)).status).toBe(201);
    expect(await contar(conexiones)).toBe(2);
  });
});

describe('Idempotency-Key in the OpenAPI document', () => {
  it('every /v1 POST documents the optional header', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      paths: Record<string, { post?: { parameters?: { name: string; in: string }[] } }>;
    };
    const posts = Object.entries(doc.paths).filter(([ruta, m]) => ruta.startsWith('/v1/') && m.post);
    expect(posts.length).toBeGreaterThanOrEqual(8);
    for (const [ruta, m] of posts) {
      expect(
        m.post!.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'),
        ruta,
      ).toBe(true);
    }
  });
});

describe('Idempotency-Key on the tRPC creates', () => {
  it('conexiones.create and servicios.create with one key run once; without a key each call runs', async () => {
    const e = await escenario(database.db);
    const user = await createTestUser(database.db, 'operador');
    const caller = (idempotencyKey?: string) =>
      createCaller({ db: database.db, dbKind: database.kind, env: testEnv(), user, idempotencyKey });
    const datos = { datos: { ...conexion(e), ajustar_servicio: undefined } };
    const a = await caller('doble-clic').conexiones.create(datos);
    const b = await caller('doble-clic').conexiones.create(datos);
    expect(b).toEqual(a);
    expect(await contar(conexiones)).toBe(1);
    await caller().conexiones.create(datos);
    expect(await contar(conexiones)).toBe(2);
    const s1 = await caller('svc').servicios.create({ proveedor_id: e.servicio.proveedor_id, modalidad: 'DEDICADO' });
    const s2 = await caller('svc').servicios.create({ proveedor_id: e.servicio.proveedor_id, modalidad: 'DEDICADO' });
    expect(s2).toEqual(s1);
    expect(await contar(serviciosProveedor)).toBe(2);
  });

  it('the header reaches tRPC over HTTP', async () => {
    const e = await escenario(database.db);
    const enviar = () =>
      app.inject({
        method: 'POST',
        url: '/trpc/conexiones.create',
        headers: { ...op, 'content-type': 'application/json', 'idempotency-key': 'http-1' },
        payload: JSON.stringify({ datos: { ...conexion(e), ajustar_servicio: undefined } }),
      });
    const [r1, r2] = [await enviar(), await enviar()];
    expect(r1.statusCode).toBe(200);
    expect(r2.json()).toEqual(r1.json());
    expect(await contar(conexiones)).toBe(1);
  });
});

describe.skipIf(!onPostgres())('Idempotency-Key under concurrency (PostgreSQL, real HTTP)', () => {
  it('20 identical requests at once with one key create one connection and all get its answer', async () => {
    const e = await escenario(database.db);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const rs = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/v1/conexiones`, {
          method: 'POST',
          headers: { ...op, 'content-type': 'application/json', 'idempotency-key': 'rafaga' },
          body: JSON.stringify(conexion(e)),
        }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(rs.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await contar(conexiones)).toBe(1);
    expect(await contar(movimientosCapacidad)).toBe(1);
  });
});
