import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/tokens';
import { EnvError, loadEnv } from '../src/env';
import { bearerAs, usarApp } from './helpers/app';

/**
 * Item 7 of issue #11: a client that sends its headers and then dribbles the body must be cut when the
 * request timeout ends (it used to hold the connection for more than 330 s), and one tRPC call may not
 * carry an unbounded batch of procedures.
 */

const { database, app } = await usarApp({ env: { TRONCAL_REQUEST_TIMEOUT_S: '2', TRONCAL_TRPC_MAX_BATCH: '20' } });
const base = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
const sesion = (
  await app.inject({
    method: 'POST',
    url: '/trpc/auth.setup',
    payload: { email: 'admin@isp.pe', nombre: 'Ana', password: `Clave-${randomBytes(6).toString('hex')}-9` },
  })
).cookies.find((c) => c.name === SESSION_COOKIE)!.value;
const admin = await bearerAs(database, 'admin');

interface Corte {
  /** ms from the first byte sent until the server closed the connection (null: still open at the deadline). */
  cerradoTras: number | null;
  respuesta: string;
  enviados: number;
}

/**
 * Sends `cabecera` at once, then one byte of `goteo` every `cadaMs`, and reports when the server cut
 * the connection; gives up (cerradoTras: null) after `limiteMs`.
 */
function gotear(cabecera: string, goteo: string, cadaMs: number, limiteMs: number): Promise<Corte> {
  return new Promise((resolve) => {
    const s: Socket = connect(Number(base.port), '127.0.0.1');
    const t0 = Date.now();
    let respuesta = '';
    let enviados = 0;
    let fin = false;
    const terminar = (cerradoTras: number | null) => {
      if (fin) return;
      fin = true;
      clearInterval(reloj);
      clearTimeout(plazo);
      s.destroy();
      resolve({ cerradoTras, respuesta, enviados });
    };
    s.on('data', (d) => {
      respuesta += d.toString('utf8');
    });
    s.on('close', () => terminar(Date.now() - t0));
    s.on('error', () => terminar(Date.now() - t0));
    s.write(cabecera);
    const reloj = setInterval(() => {
      if (s.destroyed || enviados >= goteo.length) return;
      s.write(goteo[enviados++]!);
    }, cadaMs);
    const plazo = setTimeout(() => terminar(null), limiteMs);
  });
}

const CUERPO = JSON.stringify({ nombre: 'Nodo lento', tipo: 'CORE', direccion: 'x'.repeat(400) });

describe('request timeout (TRONCAL_REQUEST_TIMEOUT_S=2)', () => {
  it('cuts an authenticated /v1 POST whose body dribbles in, with a Spanish 408 {ok:false, message}', async () => {
    const cabecera =
      `POST /v1/nodos/crear HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${admin.authorization}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${CUERPO.length}\r\n\r\n`;
    const r = await gotear(cabecera, CUERPO, 200, 12_000);
    expect(r.cerradoTras, 'connection still open after 12 s').not.toBeNull();
    expect(r.cerradoTras!).toBeGreaterThanOrEqual(1_500);
    expect(r.cerradoTras!).toBeLessThan(6_000);
    expect(r.enviados).toBeLessThan(CUERPO.length);
    expect(r.respuesta).toMatch(/^HTTP\/1\.1 408 /);
    const body = JSON.parse(r.respuesta.split('\r\n\r\n')[1]!);
    expect(body).toEqual({ ok: false, message: expect.stringContaining('tiempo') });
  });

  it('cuts an authenticated tRPC mutation whose body dribbles in', async () => {
    const cabecera =
      `POST /trpc/nodos.create HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${SESSION_COOKIE}=${sesion}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${CUERPO.length}\r\n\r\n`;
    const r = await gotear(cabecera, CUERPO, 200, 12_000);
    expect(r.cerradoTras, 'connection still open after 12 s').not.toBeNull();
    expect(r.cerradoTras!).toBeLessThan(6_000);
    expect(r.respuesta).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts a client that dribbles its headers (slowloris)', async () => {
    const cabeceras = `GET /v1/nodos/listar HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Relleno: ${'a'.repeat(200)}\r\n\r\n`;
    const r = await gotear('', cabeceras, 200, 12_000);
    expect(r.cerradoTras, 'connection still open after 12 s').not.toBeNull();
    expect(r.cerradoTras!).toBeLessThan(6_000);
  });

  it('lets a request that arrives within the timeout through, and nothing of the cut ones was created', async () => {
    const res = await fetch(new URL('/v1/nodos/crear', base), {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ nombre: 'Nodo rápido', tipo: 'CORE' }),
    });
    expect(res.status).toBe(201);
    const lista = await app.inject({ method: 'GET', url: '/v1/nodos/listar', headers: admin });
    expect(lista.json().data.map((n: { nombre: string }) => n.nombre)).toEqual(['Nodo rápido']);
  });

  it('applies the configured socket timeouts to the server', () => {
    expect(app.server.requestTimeout).toBe(2_000);
    expect(app.server.headersTimeout).toBeLessThanOrEqual(2_000);
    expect(app.server.keepAliveTimeout).toBe(72_000);
    expect(app.server.timeout).toBe(120_000);
  });
});

describe('timeout settings', () => {
  it('have sensible defaults and refuse nonsense', () => {
    const env = loadEnv({});
    expect(env.TRONCAL_REQUEST_TIMEOUT_S).toBe(60);
    expect(env.TRONCAL_KEEPALIVE_TIMEOUT_S).toBe(72);
    expect(env.TRONCAL_CONNECTION_TIMEOUT_S).toBe(120);
    expect(env.TRONCAL_TRPC_MAX_BATCH).toBe(50);
    for (const [k, v] of [
      ['TRONCAL_REQUEST_TIMEOUT_S', '0'],
      ['TRONCAL_REQUEST_TIMEOUT_S', 'abc'],
      ['TRONCAL_KEEPALIVE_TIMEOUT_S', '-1'],
      ['TRONCAL_CONNECTION_TIMEOUT_S', '1.5x'],
      ['TRONCAL_TRPC_MAX_BATCH', '0'],
    ]) {
      expect(() => loadEnv({ [k!]: v }), `${k}=${v}`).toThrow(EnvError);
    }
  });
});

describe('tRPC batch cap (TRONCAL_TRPC_MAX_BATCH=20)', () => {
  const lote = (n: number) => Array.from({ length: n }, () => 'auth.estado').join(',');

  it('answers a batch of up to 20 procedures', async () => {
    const res = await app.inject({ method: 'GET', url: `/trpc/${lote(20)}?batch=1&input={}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(20);
  });

  it.each([
    ['GET', (n: number) => `/trpc/${lote(n)}?batch=1&input={}`],
    ['GET with %2C commas', (n: number) => `/trpc/${lote(n).replaceAll(',', '%2C')}?batch=1&input={}`],
    ['GET without batch=1', (n: number) => `/trpc/${lote(n)}`],
    ['POST', (n: number) => `/trpc/${lote(n)}?batch=1`],
  ])('refuses a batch of 21 or 330 (%s) with 413 and a Spanish message, running none', async (modo, url) => {
    for (const n of [21, 330]) {
      const res = await app.inject({
        method: modo === 'POST' ? 'POST' : 'GET',
        url: url(n),
        ...(modo === 'POST' ? { payload: Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}])) } : {}),
      });
      expect(res.statusCode, `${modo} ${n}`).toBe(413);
      expect(res.json().error).toMatchObject({
        message: `Demasiados procedimientos en una sola llamada (${n}); el máximo es 20.`,
        data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
      });
    }
  });
});
