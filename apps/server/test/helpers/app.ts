import type { Rol } from '@troncal/domain/enums';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildApp } from '../../src/app';
import { createApiToken } from '../../src/auth/tokens';
import type { AuthUser } from '../../src/auth/types';
import type { Database, Db } from '../../src/db/client';
import { usuarios } from '../../src/db/schema';
import { type Env, loadEnv } from '../../src/env';
import { createCaller } from '../../src/trpc/root';
import { type TestDatabase, usarDb } from './db';

export const testEnv = (over: Record<string, string> = {}): Env =>
  loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TRONCAL_DATA_DIR: '/nonexistent', ...over });

export async function testApp(
  database: Database,
  envOver: Record<string, string> = {},
  onRoute?: (route: RouteOptions) => void,
): Promise<FastifyInstance> {
  const app = await buildApp({ env: testEnv(envOver), database, logger: false, onRoute });
  await app.ready();
  return app;
}

let seq = 0;
/** A real user row (hash is a placeholder: these users never log in with a password). */
export async function createTestUser(db: Db, rol: Rol): Promise<AuthUser> {
  seq += 1;
  const email = `${rol}${seq}-${process.pid}@troncal.test`;
  const [u] = await db
    .insert(usuarios)
    .values({ email, nombre: `Usuario ${rol} ${seq}`, rol, password_hash: 'x' })
    .returning();
  return { usuario_id: u!.usuario_id, nombre: u!.nombre, email, rol, via: 'sesion' };
}

/** A caller for tRPC procedures as that role (or anonymous with null). */
export async function callerAs(database: TestDatabase, rol: Rol | null, envOver: Record<string, string> = {}) {
  const user = rol ? await createTestUser(database.db, rol) : null;
  return createCaller({ db: database.db, dbKind: database.kind, env: testEnv(envOver), user });
}

/** A bearer header for /v1 as that role, from a real token row. */
export async function bearerAs(database: TestDatabase, rol: Rol): Promise<{ authorization: string }> {
  const user = await createTestUser(database.db, rol);
  const { token } = await createApiToken(database.db, { nombre: `test-${rol}`, rol, createdBy: user.usuario_id });
  return { authorization: `Bearer ${token}` };
}

export interface OpcionesApp {
  /** Empty every table before each test. */
  limpiar?: boolean;
  poolSize?: number;
  /** Environment variables for the app, over testEnv's. */
  env?: Record<string, string>;
  /** Sees every route the app registers. */
  onRoute?: (route: RouteOptions) => void;
}

/** A route the app registered, one row per method. */
export interface Ruta {
  method: string;
  url: string;
  config: RouteOptions['config'];
}

/** An onRoute hook that adds to `rutas` every route the app registers, one row per method. */
export function anotarRutas(rutas: Ruta[]) {
  return (r: RouteOptions) => {
    for (const method of [r.method].flat()) rutas.push({ method, url: r.url, config: r.config });
  };
}

/**
 * A test file's database and app: created while the file is collected (`await usarApp()` at the top
 * level of the file), closed after its tests, and with `limpiar` truncated before each test.
 */
export async function usarApp(o: OpcionesApp = {}): Promise<{ database: TestDatabase; app: FastifyInstance }> {
  const database = await usarDb(o);
  const app = await testApp(database, o.env, o.onRoute);
  afterAll(() => app.close());
  return { database, app };
}

/**
 * Within a describe: an app on the database `abrir` opens, built before its tests and closed with that
 * database after them (the fields are set by the time the tests run); `env` may be read only then.
 */
export function usarAppEn<D extends Database>(
  abrir: () => Promise<D> | D,
  o: { env?: Record<string, string> | (() => Record<string, string>); onRoute?: OpcionesApp['onRoute'] } = {},
): { database: D; app: FastifyInstance } {
  const t = {} as { database: D; app: FastifyInstance };
  beforeAll(async () => {
    t.database = await abrir();
    t.app = await testApp(t.database, typeof o.env === 'function' ? o.env() : o.env, o.onRoute);
  });
  afterAll(async () => {
    await t.app?.close();
    await t.database?.close();
  });
  return t;
}

/**
 * A bearer header for /v1 as that role whose token is created anew before each test (call it after
 * `usarApp({ limpiar: true })`, whose truncate removes the previous test's token): the same object,
 * so it can be passed around before the tests run.
 */
export function bearerPorTest(database: TestDatabase, rol: Rol): { authorization: string } {
  const headers = { authorization: '' };
  beforeEach(async () => {
    headers.authorization = (await bearerAs(database, rol)).authorization;
  });
  return headers;
}

export type Metodo = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request with a JSON payload when one is given: its status and parsed body. */
export async function pedir(
  app: FastifyInstance,
  method: Metodo,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({
    method,
    url,
    headers: { ...headers, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are asserted field by field
  return { status: res.statusCode, body: res.json() as any };
}

/** `pedir` on one app, as `porDefecto` (e.g. a bearerPorTest header) unless other headers are given. */
export function clienteDe(app: FastifyInstance, porDefecto: Record<string, string> = {}) {
  return (method: Metodo, url: string, payload?: unknown, headers: Record<string, string> = porDefecto) =>
    pedir(app, method, url, payload, headers);
}
