import { describe, expect, it } from 'vitest';
import { bearerAs, callerAs, usarApp } from './helpers/app';

const { database, app } = await usarApp({ limpiar: true });

describe('healthz', () => {
  it('answers 200 with the database kind when the database answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, db: database.kind });
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('/v1 ubigeo', () => {
  it('refuses an anonymous call with 401 ok:false', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/ubigeo/departamentos' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ ok: false, message: expect.stringContaining('No autenticado') });
  });

  it('refuses an unknown token with 401', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/ubigeo/departamentos',
      headers: { authorization: 'Bearer trc_nope' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('lists 25 departamentos, 10 provincias of Lima and the distritos of a provincia', async () => {
    const headers = await bearerAs(database, 'lector');
    const deps = await app.inject({ method: 'GET', url: '/v1/ubigeo/departamentos', headers });
    expect(deps.statusCode).toBe(200);
    expect(deps.json().ok).toBe(true);
    expect(deps.json().data).toHaveLength(25);

    const provs = await app.inject({ method: 'GET', url: '/v1/ubigeo/provincias?departamento=Lima', headers });
    expect(provs.statusCode).toBe(200);
    expect(provs.json().data).toHaveLength(10);
    expect(provs.json().data.map((p: { nombre: string }) => p.nombre)).toContain('Cañete');

    const byCode = await app.inject({ method: 'GET', url: '/v1/ubigeo/provincias?departamento=15', headers });
    expect(byCode.json().data).toEqual(provs.json().data);

    const dist = await app.inject({ method: 'GET', url: '/v1/ubigeo/distritos?provincia=1501', headers });
    expect(dist.statusCode).toBe(200);
    expect(dist.json().data.map((d: { nombre: string }) => d.nombre)).toContain('Miraflores');
  });

  it('answers 400 for a missing parameter and 404 for an unknown departamento', async () => {
    const headers = await bearerAs(database, 'lector');
    const missing = await app.inject({ method: 'GET', url: '/v1/ubigeo/provincias', headers });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ ok: false, errors: [{ path: 'query.departamento' }] });

    const unknown = await app.inject({ method: 'GET', url: '/v1/ubigeo/provincias?departamento=Atlantida', headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ ok: false, message: expect.stringContaining('Atlantida') });
  });

  it('answers an unknown /v1 path with 404 ok:false', async () => {
    const headers = await bearerAs(database, 'lector');
    const res = await app.inject({ method: 'GET', url: '/v1/no-existe', headers });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ ok: false });
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document for /v1 anonymously, and the reference page', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/ubigeo/provincias');
    expect(doc.paths['/v1/ubigeo/provincias'].get.parameters[0]).toMatchObject({ name: 'departamento', in: 'query' });
    const page = await app.inject({ method: 'GET', url: '/docs/api' });
    expect([200, 302]).toContain(page.statusCode);
  });
});

describe('tRPC', () => {
  it('serves ubigeo to a signed-in user and refuses anonymous callers', async () => {
    const lector = await callerAs(database, 'lector');
    expect(await lector.ubigeo.departamentos()).toHaveLength(25);
    expect(await lector.ubigeo.provincias({ departamento: 'lima' })).toHaveLength(10);
    await expect(lector.ubigeo.provincias({ departamento: 'Narnia' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const anon = await callerAs(database, null);
    await expect(anon.ubigeo.departamentos()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('answers over HTTP at /trpc with the error shape the SPA reads', async () => {
    const res = await app.inject({ method: 'GET', url: '/trpc/ubigeo.departamentos' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.data).toMatchObject({ code: 'UNAUTHORIZED' });
    const health = await app.inject({ method: 'GET', url: '/trpc/health.check' });
    expect(health.statusCode).toBe(200);
    expect(health.json().result.data).toEqual({ ok: true, db: database.kind });
  });
});
