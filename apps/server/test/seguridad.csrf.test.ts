import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/tokens';
import { nodos } from '../src/db/schema';
import { testApp, usarApp } from './helpers/app';

/**
 * Item 6 of issue #11: the router decodes percent-encoded paths (`/%74rpc/…` reaches /trpc, `/%761/…`
 * reaches /v1), so a CSRF check that looks at the raw URL's prefix could be walked around. Every
 * cross-origin unsafe request carrying a session cookie must be refused, whatever its spelling.
 */

const { database, app } = await usarApp({ limpiar: true });

const HOST = 'troncal.isp.pe';
const ATACANTE = 'https://atacante.example';

async function sesionAdmin(): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/trpc/auth.setup',
    payload: { email: 'admin@isp.pe', nombre: 'Ana Admin', password: `Clave-${randomBytes(6).toString('hex')}-9` },
    headers: { host: HOST },
  });
  expect(res.statusCode).toBe(200);
  return res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
}

const cookie = (v: string) => ({ cookie: `${SESSION_COOKIE}=${v}` });
const totalNodos = async () => (await database.db.select({ n: count() }).from(nodos))[0]!.n;

function post(url: string, payload: unknown, headers: Record<string, string>) {
  return app.inject({ method: 'POST', url, payload: payload as string, headers: { host: HOST, ...headers } });
}

const NODO = { nombre: 'Nodo CSRF', tipo: 'CORE' };

describe('CSRF whatever the spelling of the path', () => {
  it.each([
    ['/%74rpc/nodos.create'],
    ['/t%72pc/nodos.create'],
    ['/%74%72%70%63/nodos.create'],
    ['/trpc/%6eodos.create'],
  ])('refuses a cross-origin tRPC write at %s and creates nothing', async (url) => {
    const s = await sesionAdmin();
    const res = await post(url, NODO, { ...cookie(s), origin: ATACANTE });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      message: expect.stringContaining('CSRF'),
      data: { code: 'FORBIDDEN', httpStatus: 403 },
    });
    expect(await totalNodos()).toBe(0);
  });

  it.each([['/%761/nodos/crear'], ['/v%31/nodos/crear'], ['/%76%31/%6e%6f%64%6f%73/crear']])(
    'refuses a cross-origin /v1 write at %s with {ok:false, message} and creates nothing',
    async (url) => {
      const s = await sesionAdmin();
      const res = await post(url, NODO, { ...cookie(s), origin: ATACANTE });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ ok: false, message: expect.stringContaining('CSRF') });
      expect(await totalNodos()).toBe(0);
    },
  );

  it('refuses a cross-site plain form post to an encoded logout (text/plain, Referer only), and the session survives', async () => {
    const s = await sesionAdmin();
    for (const headers of [{ origin: ATACANTE }, { referer: `${ATACANTE}/pagina` }] as Record<string, string>[]) {
      const res = await post('/%74rpc/auth.logout', 'x=1', {
        ...cookie(s),
        ...headers,
        'content-type': 'text/plain',
      });
      expect(res.statusCode).toBe(403);
    }
    const yo = await app.inject({ method: 'GET', url: '/trpc/auth.yo', headers: { host: HOST, ...cookie(s) } });
    expect(yo.statusCode).toBe(200);
  });

  it('refuses cross-origin writes to any other path too (PUT, PATCH, DELETE included)', async () => {
    const s = await sesionAdmin();
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({
        method,
        url: '/%761/nodos/1',
        payload: NODO,
        headers: { host: HOST, origin: ATACANTE, ...cookie(s) },
      });
      expect(res.statusCode, method).toBe(403);
    }
    const otra = await post('/cualquier/cosa', {}, { ...cookie(s), origin: ATACANTE });
    expect(otra.statusCode).toBe(403);
  });

  it('still lets the same origin write through an encoded path, and Bearer clients from anywhere', async () => {
    const s = await sesionAdmin();
    const mismo = await post('/%74rpc/nodos.create', NODO, { ...cookie(s), origin: `https://${HOST}` });
    expect(mismo.statusCode).toBe(200);
    const bearer = await post('/%761/nodos/crear', NODO, { origin: ATACANTE, authorization: 'Bearer trc_desconocido' });
    expect(bearer.statusCode).toBe(401); // past the CSRF check; the token itself is then refused
    expect(await totalNodos()).toBe(1);
  });

  it('does not let an HTML form (multipart/form-data) run a tRPC mutation, cross-site or not, over a real socket', async () => {
    const s = await sesionAdmin();
    const enRed = await testApp(database);
    const base = await enRed.listen({ port: 0, host: '127.0.0.1' });
    try {
      const form = () => {
        const fd = new FormData();
        fd.append('nombre', 'Nodo formulario');
        fd.append('tipo', 'CORE');
        return fd;
      };
      const cruzada = await fetch(`${base}/%74rpc/auth.logout`, {
        method: 'POST',
        body: form(),
        headers: { ...cookie(s), origin: ATACANTE },
      });
      expect(cruzada.status).toBe(403);
      for (const ruta of ['/trpc/auth.logout', '/trpc/nodos.create']) {
        const res = await fetch(`${base}${ruta}`, { method: 'POST', body: form(), headers: cookie(s) });
        expect(res.status, ruta).toBe(415);
        expect(((await res.json()) as { error: unknown }).error).toMatchObject({
          message: expect.stringContaining('application/json'),
          data: { code: 'UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 },
        });
      }
      const yo = await app.inject({ method: 'GET', url: '/trpc/auth.yo', headers: { host: HOST, ...cookie(s) } });
      expect(yo.statusCode).toBe(200);
      expect(await totalNodos()).toBe(0);
    } finally {
      await enRed.close();
    }
  });
});
