import type { Rol } from '@troncal/domain/enums';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildApp } from '../../src/app';
import { createApiToken } from '../../src/auth/tokens';
import type { AuthUser } from '../../src/auth/types';
import type { Db } from '../../src/db/client';
import { usuarios } from '../../src/db/schema';
import { type Env, loadEnv } from '../../src/env';
import { createCaller } from '../../src/trpc/root';
import { createTestDb, type TestDatabase } from './db';

export const testEnv = (over: Record<string, string> = {}): Env =>
  loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TRONCAL_DATA_DIR: '/nonexistent', ...over });

export async function testApp(database: TestDatabase, envOver: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ env: testEnv(envOver), database, logger: false });
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

/**
 * A test file's database and app, created before its tests and closed after them (and truncated
 * before each test with `limpiar`); `listos` hands them to the file's own variables.
 */
export function usarApp(listos: (database: TestDatabase, app: FastifyInstance) => void, o: { limpiar?: boolean } = {}) {
  let database: TestDatabase | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    database = await createTestDb();
    app = await testApp(database);
    listos(database, app);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });
  if (o.limpiar) beforeEach(() => database?.truncate());
}
