import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import helmet from 'helmet';
import { describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app';
import { auditoria, auditoriaCambio, usuarioId } from '../src/auth/auditoria';
import { LIMITE_LOGIN } from '../src/auth/intentos';
import { verifyDummyPassword } from '../src/auth/passwords';
import { SESSION_COOKIE } from '../src/auth/tokens';
import type { AuthUser } from '../src/auth/types';
import type { Database } from '../src/db/client';
import { intentosLogin, sesiones, usuarios } from '../src/db/schema';
import { resolverActor, USUARIO_SISTEMA } from '../src/seed/comun';
import { cabecerasSeguridad, OPCIONES_HELMET } from '../src/seguridad';
import { crearUsuario } from '../src/services/usuarios.service';
import { testApp, testEnv, usarApp } from './helpers/app';

// Spied on, not replaced: the login path must still pay a real argon2 verification for unknown emails.
vi.mock('../src/auth/passwords', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../src/auth/passwords')>();
  return { ...orig, verifyDummyPassword: vi.fn(orig.verifyDummyPassword) };
});

const { database, app } = await usarApp({ limpiar: true });

const HOST = 'troncal.isp.pe';
const password = () => `Clave-${randomBytes(6).toString('hex')}-9`;

type Headers = Record<string, string>;

function post(path: string, input: unknown, headers: Headers = {}, extra: { remoteAddress?: string } = {}) {
  return app.inject({
    method: 'POST',
    url: `/trpc/${path}`,
    payload: input ?? {},
    headers: { host: HOST, ...headers },
    ...extra,
  });
}

function get(path: string, headers: Headers = {}) {
  return app.inject({ method: 'GET', url: `/trpc/${path}`, headers: { host: HOST, ...headers } });
}

function sessionCookie(res: LightMyRequestResponse) {
  return res.cookies.find((c) => c.name === SESSION_COOKIE);
}

const cookieHeader = (value: string) => ({ cookie: `${SESSION_COOKIE}=${value}` });

async function setupAdmin(over: Partial<{ email: string; nombre: string; password: string }> = {}) {
  const creds = { email: 'admin@isp.pe', nombre: 'Ana Admin', password: password(), ...over };
  const res = await post('auth.setup', creds);
  expect(res.statusCode).toBe(200);
  return { ...creds, cookie: sessionCookie(res)!.value };
}

async function login(email: string, pass: string, extra: { remoteAddress?: string } = {}) {
  return post('auth.login', { email, password: pass }, {}, extra);
}

describe('first-run setup', () => {
  it('is offered while no user exists, creates an admin with a session, and is gone for good', async () => {
    expect((await get('auth.estado')).json().result.data).toEqual({ necesitaSetup: true, usuario: null });

    const res = await post('auth.setup', { email: ' Admin@ISP.pe ', nombre: 'Ana Admin', password: password() });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.data).toEqual({
      usuario_id: 1,
      email: 'admin@isp.pe',
      nombre: 'Ana Admin',
      rol: 'admin',
      via: 'sesion',
    });
    const cookie = sessionCookie(res)!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 12 * 3600 });
    expect(cookie.secure).toBeFalsy(); // plain http and TRONCAL_COOKIE_SECURE=auto

    const [row] = await database.db.select().from(usuarios);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    const [s] = await database.db.select().from(sesiones);
    expect(s!.sesion_id).not.toBe(cookie.value); // only the hash is stored
    expect(s!.sesion_id).toMatch(/^[0-9a-f]{64}$/);

    const estado = (await get('auth.estado', cookieHeader(cookie.value))).json().result.data;
    expect(estado).toMatchObject({ necesitaSetup: false, usuario: { email: 'admin@isp.pe', rol: 'admin' } });
    expect((await get('auth.estado')).json().result.data).toEqual({ necesitaSetup: false, usuario: null });

    const again = await post('auth.setup', { email: 'otro@isp.pe', nombre: 'Otro', password: password() });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.data.code).toBe('CONFLICT');
    expect(await database.db.select({ n: count() }).from(usuarios)).toEqual([{ n: 1 }]);
  });

  it('lets only one of two simultaneous setups win', async () => {
    const results = await Promise.all(
      ['uno', 'dos', 'tres'].map((n) => post('auth.setup', { email: `${n}@isp.pe`, nombre: n, password: password() })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    expect(await database.db.select({ n: count() }).from(usuarios)).toEqual([{ n: 1 }]);
  });

  it('asks for a password of at least 10 characters with letters and digits', async () => {
    for (const weak of ['corta1', 'soloLetrasLargas', '12345678901']) {
      const res = await post('auth.setup', { email: 'a@isp.pe', nombre: 'A', password: weak });
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().error.data.errors[0].path).toBe('password');
    }
    expect(await database.db.select({ n: count() }).from(usuarios)).toEqual([{ n: 0 }]);
  });
});

describe('session lifecycle over HTTP', () => {
  it('setup → cookie → auth.yo → logout → 401, and logout deletes the session row', async () => {
    const admin = await setupAdmin();
    const yo = await get('auth.yo', cookieHeader(admin.cookie));
    expect(yo.statusCode).toBe(200);
    expect(yo.json().result.data).toMatchObject({ email: admin.email, rol: 'admin', via: 'sesion' });
    expect(JSON.stringify(yo.json())).not.toMatch(/password|hash|sesion_id/);

    const out = await post('auth.logout', {}, cookieHeader(admin.cookie));
    expect(out.statusCode).toBe(200);
    const cleared = sessionCookie(out)!;
    expect(cleared.value).toBe('');
    expect(await database.db.select({ n: count() }).from(sesiones)).toEqual([{ n: 0 }]);

    const after = await get('auth.yo', cookieHeader(admin.cookie));
    expect(after.statusCode).toBe(401);
    expect(after.json().error.data.code).toBe('UNAUTHORIZED');
  });

  it('logs in with email in any case, replaces a previous session, and honours expiry', async () => {
    const admin = await setupAdmin();
    const res = await login('ADMIN@isp.pe', admin.password);
    expect(res.statusCode).toBe(200);
    const cookie = sessionCookie(res)!.value;
    expect((await get('auth.yo', cookieHeader(cookie))).statusCode).toBe(200);

    // Logging in again from the same browser drops the old row.
    const again = await post('auth.login', { email: admin.email, password: admin.password }, cookieHeader(cookie));
    expect(again.statusCode).toBe(200);
    expect((await get('auth.yo', cookieHeader(cookie))).statusCode).toBe(401);
    const fresh = sessionCookie(again)!.value;

    await database.db.update(sesiones).set({ expires_at: sql`now() - interval '1 second'` });
    expect((await get('auth.yo', cookieHeader(fresh))).statusCode).toBe(401);
  });

  it('uses TRONCAL_SESSION_HOURS and TRONCAL_COOKIE_SECURE', async () => {
    const secureApp = await testApp(database, { TRONCAL_COOKIE_SECURE: 'true', TRONCAL_SESSION_HOURS: '2' });
    try {
      const res = await secureApp.inject({
        method: 'POST',
        url: '/trpc/auth.setup',
        payload: { email: 'a@isp.pe', nombre: 'A', password: password() },
      });
      expect(sessionCookie(res)).toMatchObject({ secure: true, maxAge: 7200, httpOnly: true, sameSite: 'Lax' });
      const [s] = await database.db
        .select({ horas: sql<number>`round(extract(epoch from ${sesiones.expires_at} - now()) / 3600)::int` })
        .from(sesiones);
      expect(s!.horas).toBe(2);
    } finally {
      await secureApp.close();
    }
    // auto: Secure when the request arrived over https — through a proxy only when it is trusted.
    await database.truncate();
    const forged = await post(
      'auth.setup',
      { email: 'b@isp.pe', nombre: 'B', password: password() },
      { 'x-forwarded-proto': 'https' },
    );
    expect(sessionCookie(forged)!.secure).toBeFalsy();
    await database.truncate();
    const proxyApp = await testApp(database, { TRONCAL_TRUST_PROXY: '127.0.0.1' });
    try {
      const res = await proxyApp.inject({
        method: 'POST',
        url: '/trpc/auth.setup',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: 'c@isp.pe', nombre: 'C', password: password() },
      });
      expect(sessionCookie(res)!.secure).toBe(true);
    } finally {
      await proxyApp.close();
    }
  });

  it('refuses a session of a deactivated user and a malformed cookie', async () => {
    const admin = await setupAdmin();
    await database.db.update(usuarios).set({ activo: false });
    expect((await get('auth.yo', cookieHeader(admin.cookie))).statusCode).toBe(401);
    expect((await get('auth.yo', { cookie: `${SESSION_COOKIE}=%E0%A4%A` })).statusCode).toBe(401);
  });
});

describe('login failures', () => {
  it('say the same for a wrong password, an unknown email and an inactive account', async () => {
    const admin = await setupAdmin();
    await crearUsuario(
      database.db,
      { email: 'baja@isp.pe', nombre: 'Baja', password: admin.password, rol: 'lector' },
      null,
    );
    await database.db.update(usuarios).set({ activo: false }).where(eq(usuarios.email, 'baja@isp.pe'));
    const answers = await Promise.all([
      login(admin.email, 'incorrecta123'),
      login('nadie@isp.pe', 'incorrecta123'),
      login('baja@isp.pe', admin.password),
    ]);
    for (const res of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toBe('Correo o contraseña incorrectos.');
      expect(res.json().error.data.code).toBe('UNAUTHORIZED');
      expect(sessionCookie(res)).toBeUndefined();
    }
  });

  it('cost an argon2 verification for an unknown email too, so timing does not reveal accounts', async () => {
    const admin = await setupAdmin();
    vi.mocked(verifyDummyPassword).mockClear();
    await login('nadie@isp.pe', 'incorrecta123');
    expect(verifyDummyPassword).toHaveBeenCalledWith('incorrecta123');
    vi.mocked(verifyDummyPassword).mockClear();
    await login(admin.email, 'incorrecta123');
    expect(verifyDummyPassword).not.toHaveBeenCalled(); // the real hash was verified instead
    // And the dummy really is an argon2id verification, not a shortcut.
    const t = performance.now();
    await expect(verifyDummyPassword('x')).resolves.toBe(false);
    expect(performance.now() - t).toBeGreaterThan(2);
  });

  it('lock an account after 10 failures in 15 minutes, counted in the database, then let it in again', async () => {
    const admin = await setupAdmin();
    for (let i = 0; i < LIMITE_LOGIN.porCuenta; i++) {
      const res = await login(admin.email, `mala-${i}-clave`, { remoteAddress: `10.0.0.${i + 1}` });
      expect(res.statusCode).toBe(401);
    }
    // Even the right password is refused now, from any address.
    const locked = await login(admin.email, admin.password, { remoteAddress: '10.0.1.1' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.data.code).toBe('TOO_MANY_REQUESTS');
    expect(sessionCookie(locked)).toBeUndefined();

    const [row] = await database.db
      .select()
      .from(intentosLogin)
      .where(eq(intentosLogin.clave, `cuenta:${admin.email}`));
    expect(row!.fallos).toBe(LIMITE_LOGIN.porCuenta);

    // When the window has passed the account works again, and success clears its counter.
    await database.db.update(intentosLogin).set({ ventana_inicio: sql`now() - interval '16 minutes'` });
    const ok = await login(admin.email, admin.password, { remoteAddress: '10.0.1.1' });
    expect(ok.statusCode).toBe(200);
    expect(
      await database.db
        .select()
        .from(intentosLogin)
        .where(eq(intentosLogin.clave, `cuenta:${admin.email}`)),
    ).toEqual([]);
  });

  it('lock an address after 30 failures in 15 minutes across accounts, and only that address', async () => {
    const admin = await setupAdmin();
    for (let i = 0; i < LIMITE_LOGIN.porIp; i++) {
      const res = await login(`intruso${i}@isp.pe`, 'mala-clave-1', { remoteAddress: '203.0.113.7' });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await login(admin.email, admin.password, { remoteAddress: '203.0.113.7' });
    expect(blocked.statusCode).toBe(429);
    const other = await login(admin.email, admin.password, { remoteAddress: '198.51.100.2' });
    expect(other.statusCode).toBe(200);
  });

  it('are counted for unknown emails too, so a lockout reveals nothing', async () => {
    await setupAdmin();
    for (let i = 0; i < LIMITE_LOGIN.porCuenta; i++) await login('nadie@isp.pe', 'mala-clave-1');
    expect((await login('nadie@isp.pe', 'mala-clave-1')).statusCode).toBe(429);
  });
});

describe('CSRF', () => {
  it('refuses a cross-origin tRPC POST carrying a session cookie with 403', async () => {
    const admin = await setupAdmin();
    const res = await post('auth.logout', {}, { ...cookieHeader(admin.cookie), origin: 'https://atacante.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
    // The session survived.
    expect((await get('auth.yo', cookieHeader(admin.cookie))).statusCode).toBe(200);
  });

  it('checks the Referer when there is no Origin, and refuses an opaque Origin', async () => {
    const admin = await setupAdmin();
    const viaReferer = await post(
      'usuarios.create',
      {},
      { ...cookieHeader(admin.cookie), referer: 'http://evil.example/x' },
    );
    expect(viaReferer.statusCode).toBe(403);
    const opaque = await post('usuarios.create', {}, { ...cookieHeader(admin.cookie), origin: 'null' });
    expect(opaque.statusCode).toBe(403);
  });

  it('refuses login and setup from another origin (login CSRF)', async () => {
    const res = await post(
      'auth.setup',
      { email: 'a@isp.pe', nombre: 'A', password: password() },
      { origin: 'https://atacante.example' },
    );
    expect(res.statusCode).toBe(403);
    expect(await database.db.select({ n: count() }).from(usuarios)).toEqual([{ n: 0 }]);
  });

  it('lets same-origin requests through, default ports included, and a forwarded host behind the proxy', async () => {
    const admin = await setupAdmin();
    const same = await post(
      'auth.login',
      { email: admin.email, password: admin.password },
      { origin: `https://${HOST}` },
    );
    expect(same.statusCode).toBe(200);
    const port = await post(
      'auth.login',
      { email: admin.email, password: admin.password },
      { origin: `https://${HOST}`, host: `${HOST}:443` },
    );
    expect(port.statusCode).toBe(200);
    // X-Forwarded-Host counts only when TRONCAL_TRUST_PROXY says a proxy is in front.
    const forged = await post(
      'auth.login',
      { email: admin.email, password: admin.password },
      { origin: `https://${HOST}`, host: '127.0.0.1:3000', 'x-forwarded-host': HOST },
    );
    expect(forged.statusCode).toBe(403);
    const behindProxy = await testApp(database, { TRONCAL_TRUST_PROXY: 'true' });
    try {
      const proxied = await behindProxy.inject({
        method: 'POST',
        url: '/trpc/auth.login',
        headers: {
          'content-type': 'application/json',
          origin: `https://${HOST}`,
          host: '127.0.0.1:3000',
          'x-forwarded-host': HOST,
        },
        payload: JSON.stringify({ email: admin.email, password: admin.password }),
      });
      expect(proxied.statusCode).toBe(200);
    } finally {
      await behindProxy.close();
    }
    const otherPort = await post('auth.login', {}, { origin: `https://${HOST}:8443` });
    expect(otherPort.statusCode).toBe(403);
  });

  it('guards /v1 writes authenticated by cookie; Bearer requests are exempt', async () => {
    const admin = await setupAdmin();
    const cross = await app.inject({
      method: 'POST',
      url: '/v1/proveedores/crear',
      payload: { nombre: 'X' },
      headers: { host: HOST, origin: 'https://atacante.example', ...cookieHeader(admin.cookie) },
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json()).toEqual({ ok: false, message: expect.stringContaining('CSRF') });

    const bearer = await app.inject({
      method: 'POST',
      url: '/v1/ubigeo/departamentos',
      headers: { host: HOST, origin: 'https://otra-app.example', authorization: 'Bearer trc_desconocido' },
    });
    expect(bearer.statusCode).not.toBe(403); // past the CSRF check; the token itself is then refused
  });

  it('never applies to reads', async () => {
    const admin = await setupAdmin();
    const res = await get('auth.yo', { ...cookieHeader(admin.cookie), origin: 'https://atacante.example' });
    expect(res.statusCode).toBe(200);
  });
});

describe('responses', () => {
  it('carry security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/trpc/auth.estado' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeTruthy();
  });

  it('carry exactly the headers helmet itself sets, on every kind of answer', async () => {
    // The reference: helmet's own middleware on a real node:http response.
    const servidor = createServer((req, res) =>
      helmet(OPCIONES_HELMET)(req, res, () => {
        res.end();
      }),
    );
    await new Promise<void>((ok) => servidor.listen(0, '127.0.0.1', ok));
    const { port } = servidor.address() as AddressInfo;
    const ref = await fetch(`http://127.0.0.1:${port}/`);
    servidor.close();
    const esperadas = Object.fromEntries(
      [...ref.headers.entries()].filter(
        ([k]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k),
      ),
    );
    expect(Object.keys(esperadas).length).toBeGreaterThan(8);
    expect(cabecerasSeguridad().poner).toEqual(esperadas);
    for (const url of ['/trpc/auth.estado', '/v1/conexiones/listar', '/v1/no-existe', '/healthz']) {
      const res = await app.inject({ method: 'GET', url });
      for (const [k, v] of Object.entries(esperadas)) expect(res.headers[k], `${url} ${k}`).toBe(v);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('never include a stack trace, also when the database fails', async () => {
    const boom = () => {
      throw new Error('fallo interno secreto');
    };
    const broken = { db: new Proxy({}, { get: boom }), kind: 'pglite' } as unknown as Pick<Database, 'db' | 'kind'>;
    const brokenApp = await buildApp({ env: testEnv(), database: broken, logger: false });
    try {
      const trpc = await brokenApp.inject({ method: 'GET', url: '/trpc/auth.estado' });
      expect(trpc.statusCode).toBe(500);
      const v1 = await brokenApp.inject({
        method: 'GET',
        url: '/v1/ubigeo/departamentos',
        headers: { authorization: 'Bearer trc_x' },
      });
      expect(v1.statusCode).toBe(500);
      expect(v1.json()).toEqual({ ok: false, message: 'Error interno del servidor.' });
      for (const body of [trpc.body, v1.body]) {
        expect(body).not.toMatch(/stack|secreto|\.ts:\d+|at .*\(/);
      }
    } finally {
      await brokenApp.close();
    }
    // And the ordinary failures neither.
    const bad = await post('auth.setup', { email: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toMatch(/stack|\.ts:\d+/);
  });
});

describe('auditoria helper', () => {
  const token: AuthUser = { usuario_id: null, nombre: 'token:ci', email: null, rol: 'operador', via: 'token' };
  const ana: AuthUser = { usuario_id: 7, nombre: 'Ana', email: 'ana@isp.pe', rol: 'operador', via: 'sesion' };
  it('records the session user or the token creator, null for an owner-less CLI token', () => {
    expect(auditoria(ana)).toEqual({ created_by: 7, updated_by: 7 });
    expect(auditoria(token)).toEqual({ created_by: null, updated_by: null });
    expect(auditoriaCambio(ana).updated_by).toBe(7);
    expect(usuarioId({ ...token, usuario_id: 3 })).toBe(3);
  });
});

describe('API tokens of a deactivated user', () => {
  it('stop working when their creator is deactivated, and work again when reactivated', async () => {
    const { createApiToken } = await import('../src/auth/tokens');
    const admin = await crearUsuario(
      database.db,
      { email: 'dueno@troncal.test', nombre: 'Dueño', rol: 'admin', password: password() },
      null,
    );
    const { token } = await createApiToken(database.db, {
      nombre: 'integracion',
      rol: 'lector',
      createdBy: admin.usuario_id,
    });
    const call = () =>
      app.inject({ method: 'GET', url: '/v1/ubigeo/departamentos', headers: { authorization: `Bearer ${token}` } });
    expect((await call()).statusCode).toBe(200);
    await database.db.update(usuarios).set({ activo: false }).where(eq(usuarios.usuario_id, admin.usuario_id));
    expect((await call()).statusCode).toBe(401);
    await database.db.update(usuarios).set({ activo: true }).where(eq(usuarios.usuario_id, admin.usuario_id));
    expect((await call()).statusCode).toBe(200);
  });
});

describe('first-run setup after `db:seed --demo` on an empty database', () => {
  it('is still offered while the only user is the inactive system user, and then closes', async () => {
    // What the seeder does when no admin exists: an inactive operador owns the demo data.
    const { user } = await resolverActor(database.db);
    expect(user.email).toBe(USUARIO_SISTEMA);
    expect((await get('auth.estado')).json().result.data).toEqual({ necesitaSetup: true, usuario: null });

    const admin = await setupAdmin();
    expect((await get('auth.estado')).json().result.data).toEqual({ necesitaSetup: false, usuario: null });
    const yo = await get('auth.yo', cookieHeader(admin.cookie));
    expect(yo.json().result.data).toMatchObject({ email: 'admin@isp.pe', rol: 'admin' });
    const again = await post('auth.setup', { email: 'otro@isp.pe', nombre: 'Otro', password: password() });
    expect(again.statusCode).toBe(409);
    // The system user is untouched: still there, still unable to sign in.
    const [sistema] = await database.db.select().from(usuarios).where(eq(usuarios.email, USUARIO_SISTEMA));
    expect(sistema).toMatchObject({ activo: false, rol: 'operador' });
  });

  it('stays closed once an active user exists, whatever its role', async () => {
    await resolverActor(database.db);
    await crearUsuario(
      database.db,
      { email: 'lectora@isp.pe', nombre: 'Lectora', rol: 'lector', password: password() },
      null,
    );
    expect((await get('auth.estado')).json().result.data).toEqual({ necesitaSetup: false, usuario: null });
    const res = await post('auth.setup', { email: 'x@isp.pe', nombre: 'X', password: password() });
    expect(res.statusCode).toBe(409);
  });
});
