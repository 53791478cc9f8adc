import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { LIMITE_LOGIN } from '../src/auth/intentos';
import { verifyDummyPassword, verifyPassword } from '../src/auth/passwords';
import { intentosLogin } from '../src/db/schema';
import { usarApp } from './helpers/app';
import { onPostgres } from './helpers/db';

/**
 * Item 5 of issue #11: the limit must hold under concurrency, i.e. the attempt is counted before the
 * argon2 check, atomically. Each argon2 verification the login path pays is counted through the spies.
 */
vi.mock('../src/auth/passwords', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../src/auth/passwords')>();
  return {
    ...orig,
    verifyPassword: vi.fn(orig.verifyPassword),
    verifyDummyPassword: vi.fn(orig.verifyDummyPassword),
  };
});

const { database, app } = await usarApp({ limpiar: true, poolSize: 10 });

const HOST = 'troncal.isp.pe';
const clave = () => `Clave-${randomBytes(6).toString('hex')}-9`;

function login(email: string, password: string, remoteAddress: string) {
  return app.inject({
    method: 'POST',
    url: '/trpc/auth.login',
    payload: { email, password },
    headers: { host: HOST },
    remoteAddress,
  });
}

async function setupAdmin() {
  const creds = { email: 'admin@isp.pe', nombre: 'Ana Admin', password: clave() };
  const res = await app.inject({ method: 'POST', url: '/trpc/auth.setup', payload: creds, headers: { host: HOST } });
  expect(res.statusCode).toBe(200);
  return creds;
}

function verificaciones(): number {
  return vi.mocked(verifyPassword).mock.calls.length + vi.mocked(verifyDummyPassword).mock.calls.length;
}

function resetEspias() {
  vi.mocked(verifyPassword).mockClear();
  vi.mocked(verifyDummyPassword).mockClear();
}

const estados = (codes: number[]) =>
  codes.reduce<Record<number, number>>((acc, c) => {
    acc[c] = (acc[c] ?? 0) + 1;
    return acc;
  }, {});

describe(`login throttling under concurrency (${onPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('checks at most 10 passwords of one account out of 200 parallel attempts from 200 addresses', async () => {
    const admin = await setupAdmin();
    resetEspias();
    const res = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(admin.email, `mala-${i}-clave`, `10.1.${i >> 8}.${i & 255}`)),
    );
    const porEstado = estados(res.map((r) => r.statusCode));
    expect(verificaciones()).toBeLessThanOrEqual(LIMITE_LOGIN.porCuenta);
    expect(porEstado).toEqual({ 401: LIMITE_LOGIN.porCuenta, 429: 200 - LIMITE_LOGIN.porCuenta });
    for (const r of res.filter((x) => x.statusCode === 429)) {
      expect(r.json().error.message).toBe('Demasiados intentos fallidos. Espere unos minutos e inténtelo de nuevo.');
    }
    // The right password is refused too until the window ends; refusals do not pay argon2 either.
    resetEspias();
    expect((await login(admin.email, admin.password, '10.9.9.9')).statusCode).toBe(429);
    expect(verificaciones()).toBe(0);
    const [row] = await database.db
      .select()
      .from(intentosLogin)
      .where(eq(intentosLogin.clave, `cuenta:${admin.email}`));
    expect(row!.fallos).toBe(LIMITE_LOGIN.porCuenta);
  });

  it('checks at most 30 passwords from one address out of 200 parallel attempts on 200 accounts', async () => {
    await setupAdmin();
    resetEspias();
    const res = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(`intruso${i}@isp.pe`, 'mala-clave-1', '203.0.113.9')),
    );
    expect(verificaciones()).toBeLessThanOrEqual(LIMITE_LOGIN.porIp);
    expect(estados(res.map((r) => r.statusCode))).toEqual({ 401: LIMITE_LOGIN.porIp, 429: 200 - LIMITE_LOGIN.porIp });
  });

  it('checks at most 10 when account and address are the same for all 200', async () => {
    const admin = await setupAdmin();
    resetEspias();
    const res = await Promise.all(
      Array.from({ length: 200 }, () => login(admin.email, 'mala-clave-1', '198.51.100.7')),
    );
    expect(verificaciones()).toBeLessThanOrEqual(LIMITE_LOGIN.porCuenta);
    expect(res.filter((r) => r.statusCode === 401)).toHaveLength(LIMITE_LOGIN.porCuenta);
    // A refused attempt is not a failure of the address: only the checked ones count there.
    const [ip] = await database.db.select().from(intentosLogin).where(eq(intentosLogin.clave, 'ip:198.51.100.7'));
    expect(ip!.fallos).toBe(LIMITE_LOGIN.porCuenta);
  });

  it('does not charge successful logins to the address (an office behind one NAT keeps signing in)', async () => {
    const admin = await setupAdmin();
    for (let i = 0; i < LIMITE_LOGIN.porIp + 3; i++) {
      const ok = await login(admin.email, admin.password, '192.0.2.50');
      expect(ok.statusCode, `login ${i + 1}`).toBe(200);
    }
    expect((await login(admin.email, 'mala-clave-1', '192.0.2.50')).statusCode).toBe(401);
    const [ip] = await database.db.select().from(intentosLogin).where(eq(intentosLogin.clave, 'ip:192.0.2.50'));
    expect(ip!.fallos).toBe(1);
  });
});
