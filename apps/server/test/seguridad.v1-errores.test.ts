import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bearerAs, testApp, usarApp } from './helpers/app';

/**
 * Item 9 of issue #11: answers the router or the HTTP parser gives before any /v1 route runs (a bad
 * percent-escape, an overlong parameter, an unknown path or method, a request line too long for the
 * parser) keep the documented `{ ok: false, message }` shape, in Spanish, with the right status.
 */

const { database, app } = await usarApp();
const admin = await bearerAs(database, 'admin');

const ESPANOL = /[áéíóúñ]|\b(la|el|no|de|ruta|solicitud)\b/i;
const INGLES = /\b(is not|exceeding|Not Found|Bad Request|Client Error|Unsupported|valid url)\b/i;

function esSobre(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = JSON.parse(res.body);
  expect(Object.keys(body).sort()).toEqual(['message', 'ok']);
  expect(body.ok).toBe(false);
  expect(body.message).toMatch(ESPANOL);
  expect(body.message).not.toMatch(INGLES);
  expect(res.body).not.toMatch(/FST_ERR|statusCode/);
  return body.message as string;
}

/** The same request with the admin's token, then without one: both answers. */
async function conYSinToken(method: string, url: string, payload?: object) {
  const respuestas = [];
  for (const headers of [admin, {}])
    respuestas.push(await app.inject({ method: method as 'GET', url, headers, payload }));
  return respuestas;
}

describe('/v1 router-level errors keep the {ok:false, message} shape', () => {
  it.each([
    ['GET', '/v1/proveedores/%C3%28'],
    ['PUT', '/v1/proveedores/%E0%A4%A'],
    ['GET', '/v1/%ZZ/listar'],
    ['GET', '/v1/nodos/%'],
  ])('%s %s (a broken percent-escape) → 400', async (method, url) => {
    for (const res of await conYSinToken(method, url, method === 'GET' ? undefined : {})) {
      expect(esSobre(res, 400)).toContain('codificación');
    }
  });

  it('a bad escape keeps the security headers and the request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/proveedores/%C3%28', headers: { 'x-request-id': 'r-1' } });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBe('r-1');
  });

  it('a 6,000-character id → 414 in Spanish, with and without a token', async () => {
    for (const res of await conYSinToken('GET', `/v1/proveedores/${'9'.repeat(6000)}`)) {
      expect(esSobre(res, 414)).toMatch(/larg/);
    }
    // Just under the limit it is an ordinary invalid id: 400 with the field named.
    const corto = await app.inject({ method: 'GET', url: `/v1/proveedores/${'9'.repeat(4000)}`, headers: admin });
    expect(corto.statusCode).toBe(400);
    expect(corto.json().ok).toBe(false);
  });

  it.each([
    ['GET', '/v1'],
    ['GET', '/v1/'],
    ['GET', '/v1/no-existe'],
    ['GET', '/v1/proveedores/1/sobra'],
    ['POST', '/v1/proveedores/listar'],
    ['DELETE', '/v1/proveedores/1'],
    ['PATCH', '/v1/nodos/1'],
    ['OPTIONS', '/v1/proveedores/listar'],
    ['PROPFIND', '/v1/proveedores/listar'],
  ])('%s %s (no such route) → 404', async (method, url) => {
    for (const res of await conYSinToken(method, url)) expect(esSobre(res, 404)).toContain('No existe la ruta');
  });

  it('a request line too long for the HTTP parser → 431 {ok:false, message}, over a real socket', async () => {
    const enRed = await testApp(database);
    const url = new URL(await enRed.listen({ port: 0, host: '127.0.0.1' }));
    try {
      const crudo = await new Promise<string>((resolve, reject) => {
        const s = connect(Number(url.port), '127.0.0.1');
        let datos = '';
        s.on('data', (d) => {
          datos += d.toString('utf8');
        });
        s.on('close', () => resolve(datos));
        s.on('error', reject);
        s.write(`GET /v1/proveedores/${'9'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      });
      const [cabecera, cuerpo] = crudo.split('\r\n\r\n');
      expect(cabecera).toMatch(/^HTTP\/1\.1 431 /);
      expect(cabecera).toMatch(/content-type: application\/json/i);
      const body = JSON.parse(cuerpo!);
      expect(body).toEqual({ ok: false, message: expect.stringMatching(ESPANOL) });
      expect(body.message).not.toMatch(INGLES);
    } finally {
      await enRed.close();
    }
  });

  it('tRPC keeps its own error shape for the same router-level failures', async () => {
    const malo = await app.inject({ method: 'GET', url: '/trpc/%C3%28' });
    expect(malo.statusCode).toBe(400);
    expect(malo.json().error).toMatchObject({
      message: expect.stringContaining('codificación'),
      data: { code: 'BAD_REQUEST', httpStatus: 400 },
    });
    const largo = await app.inject({ method: 'GET', url: `/trpc/${'a'.repeat(6000)}` });
    expect(largo.statusCode).toBe(414);
    expect(largo.json().error.data).toMatchObject({ httpStatus: 414 });
  });
});
