import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { connectPostgres, type Database } from '../src/db/client';
import {
  esErrorDeConexion,
  MENSAJE_BD_NO_DISPONIBLE,
  RETRY_AFTER_SEGUNDOS,
  retryAfterEnRutas,
} from '../src/db/disponibilidad';
import { testDatabaseUrl } from '../src/env';
import { checkDatabase } from '../src/services/health.service';
import { bearerAs, usarAppEn } from './helpers/app';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { puertoLibre } from './helpers/monitoreo';

/**
 * The database unreachable, without needing one: a pool pointed at a port nobody listens on gets
 * ECONNREFUSED on every connection attempt, as the server does while PostgreSQL restarts. Every
 * transport must answer 503 with the Spanish message and Retry-After, quickly, and /healthz must say
 * so. The same app on PGlite (or TEST_DATABASE_URL) keeps answering as before.
 */

const BEARER = { authorization: `Bearer trc_${'x'.repeat(43)}` };

describe('con la base de datos inalcanzable (puerto cerrado)', () => {
  const sinBd = usarAppEn(
    async () => connectPostgres(`postgres://troncal@127.0.0.1:${await puertoLibre()}/troncal`, { max: 2 }),
    { onRoute: retryAfterEnRutas },
  );

  it('/v1 answers 503 { ok: false, message } with Retry-After, for reads and writes, without waiting long', async () => {
    for (const [method, url, payload] of [
      ['GET', '/v1/proveedores/listar', undefined],
      ['GET', '/v1/servicios-proveedor/listar?page=1', undefined],
      ['POST', '/v1/proveedores/crear', { nombre: 'NUEVO' }],
    ] as const) {
      const t0 = performance.now();
      const res = await sinBd.app.inject({ method, url, headers: BEARER, ...(payload ? { payload } : {}) });
      expect(performance.now() - t0, url).toBeLessThan(3000);
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['retry-after'], url).toBe(String(RETRY_AFTER_SEGUNDOS));
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toEqual({ ok: false, message: MENSAJE_BD_NO_DISPONIBLE });
    }
  });

  it('tRPC answers 503 SERVICE_UNAVAILABLE with the message and Retry-After, single and batched', async () => {
    const uno = await sinBd.app.inject({
      method: 'GET',
      url: `/trpc/proveedores.list?input=${encodeURIComponent(JSON.stringify({}))}`,
      headers: BEARER,
    });
    expect(uno.statusCode).toBe(503);
    expect(uno.headers['retry-after']).toBe(String(RETRY_AFTER_SEGUNDOS));
    const cuerpo = uno.json();
    expect(cuerpo.error.message).toBe(MENSAJE_BD_NO_DISPONIBLE);
    expect(cuerpo.error.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503 });
    expect(JSON.stringify(cuerpo)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);

    // Anonymous: the procedure itself reaches the database (the mapping middleware, not createContext).
    const anonimo = await sinBd.app.inject({ method: 'GET', url: '/trpc/health.check' });
    expect(anonimo.statusCode).toBe(200);
    expect(anonimo.json().result.data).toMatchObject({ ok: false, estado: 'no_disponible' });
    const login = await sinBd.app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { email: 'a@b.pe', password: 'una-clave-cualquiera' },
    });
    expect(login.statusCode).toBe(503);
    expect(login.headers['retry-after']).toBe(String(RETRY_AFTER_SEGUNDOS));
    expect(login.json().error).toMatchObject({
      message: MENSAJE_BD_NO_DISPONIBLE,
      data: { code: 'SERVICE_UNAVAILABLE' },
    });

    const lote = await sinBd.app.inject({
      method: 'GET',
      url: `/trpc/proveedores.list,clientes.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: {}, 1: {} }))}`,
      headers: BEARER,
    });
    expect(lote.statusCode).toBe(503);
    expect(lote.json().map((r: { error: { data: { code: string } } }) => r.error.data.code)).toEqual([
      'SERVICE_UNAVAILABLE',
      'SERVICE_UNAVAILABLE',
    ]);
  });

  it('/healthz answers 503 with the database state and Retry-After', async () => {
    const res = await sinBd.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SEGUNDOS));
    expect(res.json()).toEqual({
      ok: false,
      db: 'postgres',
      estado: 'no_disponible',
      message: MENSAJE_BD_NO_DISPONIBLE,
    });
  });

  it('an unknown /v1 path is still a 404 (only database failures become 503)', async () => {
    const res = await sinBd.app.inject({ method: 'GET', url: '/v1/no-existe' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['retry-after']).toBeUndefined();
  });
});

/** What `select 1` throws on that database (null if it answers). */
const errorAlConsultar = (db: Database) =>
  db.db.execute(sql`select 1`).then(
    () => null,
    (e: unknown) => e,
  );

describe('esErrorDeConexion, on errors the drivers really throw', () => {
  it('recognises a refused connection, also wrapped by drizzle', async () => {
    const db = connectPostgres(`postgres://troncal@127.0.0.1:${await puertoLibre()}/troncal`, { max: 1 });
    try {
      const err = await errorAlConsultar(db);
      expect(err).toBeTruthy();
      expect(esErrorDeConexion(err)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('leaves request and data errors alone', () => {
    expect(esErrorDeConexion(new Error('x'))).toBe(false);
    expect(esErrorDeConexion(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(esErrorDeConexion(Object.assign(new Error('protocolo'), { code: '08P01' }))).toBe(false);
    expect(esErrorDeConexion(null)).toBe(false);
    expect(esErrorDeConexion(new Error('envuelto', { cause: Object.assign(new Error(), { code: '57P01' }) }))).toBe(
      true,
    );
  });

  it.skipIf(!onPostgres())(
    'recognises a database that does not exist (dropped, or renamed during a restore)',
    async () => {
      const u = new URL(testDatabaseUrl()!);
      u.pathname = `/troncal_no_existe_${process.pid}`;
      const db = connectPostgres(u.toString(), { max: 1 });
      try {
        const err = await errorAlConsultar(db);
        expect((err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code).toBe('3D000');
        expect(esErrorDeConexion(err)).toBe(true);
        expect(await checkDatabase(db.db, 'postgres')).toMatchObject({ ok: false, estado: 'no_disponible' });
      } finally {
        await db.close();
      }
    },
  );
});

describe('con la base de datos disponible (PGlite, o PostgreSQL con TEST_DATABASE_URL)', () => {
  const conBd = usarAppEn(() => createTestDb(), { onRoute: retryAfterEnRutas });

  /** A new operador's bearer, and its /v1 create of the provider RESILIENTE. */
  async function crearResiliente() {
    const op = await bearerAs(conBd.database, 'operador');
    const res = await conBd.app.inject({
      method: 'POST',
      url: '/v1/proveedores/crear',
      headers: op,
      payload: { nombre: 'RESILIENTE' },
    });
    return { op, res };
  }

  it('/healthz answers 200 with its historic shape, and /v1 and tRPC serve', async () => {
    const salud = await conBd.app.inject({ method: 'GET', url: '/healthz' });
    expect(salud.statusCode).toBe(200);
    expect(salud.json()).toEqual({ ok: true, db: conBd.database.kind });
    expect(salud.headers['retry-after']).toBeUndefined();

    const { op, res: creado } = await crearResiliente();
    expect(creado.statusCode).toBe(201);
    const lista = await conBd.app.inject({
      method: 'GET',
      url: `/trpc/proveedores.list?input=${encodeURIComponent(JSON.stringify({ search: 'RESILIENTE' }))}`,
      headers: op,
    });
    expect(lista.statusCode).toBe(200);
    expect(lista.json().result.data.total).toBe(1);
  });

  it("a database refusal that is the request's fault is still a 4xx, not a 503", async () => {
    const { res } = await crearResiliente();
    expect(res.statusCode).toBe(409);
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('a check that does not come back in time answers sin_respuesta instead of hanging', async () => {
    const lento = await checkDatabase(
      { execute: () => new Promise(() => {}) } as unknown as TestDatabase['db'],
      conBd.database.kind,
      50,
    );
    expect(lento).toEqual({
      ok: false,
      db: conBd.database.kind,
      estado: 'sin_respuesta',
      message: 'La base de datos no respondió en 0.05 s.',
    });
  });
});
