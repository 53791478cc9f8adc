import { ROLES, type Rol } from '@troncal/domain/enums';
import { beforeAll, describe, expect, it } from 'vitest';
import { rolAlcanza } from '../src/auth/types';
import type { ProcedureMeta } from '../src/trpc/init';
import { appRouter } from '../src/trpc/root';
import { anotarRutas, bearerAs, callerAs, type Ruta, usarApp } from './helpers/app';

/**
 * Access control, enumerated: every tRPC procedure and every /v1 route that exists when this runs
 * (other features keep adding them) must refuse anonymous callers, except this explicit allow-list,
 * and must enforce the role it declares.
 */
const ANONYMOUS_PROCEDURES = new Set(['health.check', 'auth.estado', 'auth.setup', 'auth.login', 'auth.logout']);
/** The only writes a lector may make: on their own account. */
const SELF_SERVICE_MUTATIONS = new Set(['auth.cambiarPassword']);
const ANONYMOUS_ROUTES = new Set(['GET /v1/openapi.json', 'HEAD /v1/openapi.json', 'GET /healthz', 'HEAD /healthz']);

type AnyProcedure = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).map(
  ([path, p]) => ({
    path,
    type: p._def.type,
    rol: p._def.meta?.rol,
  }),
);

const routes: Ruta[] = [];
const { database, app } = await usarApp({ onRoute: anotarRutas(routes) });

/** A concrete URL for a route pattern: every `:param` becomes 1, wildcards a plain segment. */
const concreteUrl = (url: string) => url.replace(/:[A-Za-z_][\w]*/g, '1').replace(/\*/g, 'x');
const v1Routes = () => routes.filter((r) => r.url.startsWith('/v1') && r.method !== 'OPTIONS');
const isWrite = (method: string) => !['GET', 'HEAD'].includes(method);

/** A call through the caller API; resolves to the tRPC error code, or 'OK'. */
async function codeOf(caller: unknown, path: string): Promise<string> {
  let fn: unknown = caller;
  for (const part of path.split('.')) fn = (fn as Record<string, unknown>)[part];
  try {
    await (fn as (input: unknown) => Promise<unknown>)({});
    return 'OK';
  } catch (e) {
    return (e as { code?: string }).code ?? 'THROWN';
  }
}

describe('the enumeration itself', () => {
  it('finds the procedures and routes this feature and the skeleton register', () => {
    const paths = procedures.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['auth.login', 'auth.yo', 'usuarios.create', 'tokens.revocar']));
    expect(v1Routes().map((r) => `${r.method} ${r.url}`)).toContain('GET /v1/ubigeo/departamentos');
  });

  it('every allow-listed name still exists (a stale allow-list hides nothing)', () => {
    const paths = new Set(procedures.map((p) => p.path));
    for (const p of ANONYMOUS_PROCEDURES) expect(paths, p).toContain(p);
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const r of ANONYMOUS_ROUTES) expect(keys, r).toContain(r);
  });
});

describe('anonymous callers', () => {
  it('every tRPC procedure outside the allow-list answers 401 over HTTP; the allow-listed ones do not', async () => {
    expect(procedures.length).toBeGreaterThan(5);
    for (const p of procedures) {
      const res =
        p.type === 'query'
          ? await app.inject({ method: 'GET', url: `/trpc/${p.path}?input=${encodeURIComponent('{}')}` })
          : await app.inject({ method: 'POST', url: `/trpc/${p.path}`, payload: {} });
      if (ANONYMOUS_PROCEDURES.has(p.path)) {
        expect(res.statusCode, `${p.path} is anonymous`).not.toBe(401);
      } else {
        expect(res.statusCode, `${p.type} ${p.path}`).toBe(401);
        expect(res.json().error.data.code, p.path).toBe('UNAUTHORIZED');
      }
    }
  });

  it('every procedure outside the allow-list declares a role through its base procedure', () => {
    for (const p of procedures) {
      if (ANONYMOUS_PROCEDURES.has(p.path)) expect(p.rol, `${p.path} is public`).toBeUndefined();
      else expect(ROLES, `${p.path} must use protected/operador/adminProcedure`).toContain(p.rol);
    }
  });

  it('every /v1 route outside the allow-list answers 401 {ok:false}', async () => {
    const list = v1Routes();
    expect(list.length).toBeGreaterThan(2);
    for (const r of list) {
      const key = `${r.method} ${r.url}`;
      if (ANONYMOUS_ROUTES.has(key)) continue;
      expect((r.config as { publico?: boolean } | undefined)?.publico, `${key} must not be publico`).toBeFalsy();
      const res = await app.inject({
        method: r.method as 'GET',
        url: concreteUrl(r.url),
        ...(isWrite(r.method) ? { payload: {} } : {}),
      });
      expect(res.statusCode, key).toBe(401);
      if (r.method !== 'HEAD') expect(res.json(), key).toMatchObject({ ok: false, message: expect.any(String) });
    }
  });

  it('outside /v1 and /trpc only health, the API docs and static files are served, and only for reading', () => {
    for (const r of routes) {
      if (r.url.startsWith('/v1') || r.url.startsWith('/trpc')) continue;
      const key = `${r.method} ${r.url}`;
      expect(['GET', 'HEAD'], key).toContain(r.method);
      const allowed =
        ANONYMOUS_ROUTES.has(key) || r.url.startsWith('/docs/api') || /\.[a-z0-9]+$/i.test(r.url) || r.url === '/';
      expect(allowed, `${key} is not an expected anonymous route`).toBe(true);
    }
  });

  it('answers the anonymous allow-list without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/openapi.json' })).statusCode).toBe(200);
    const estado = await app.inject({ method: 'GET', url: '/trpc/auth.estado' });
    expect(estado.statusCode).toBe(200);
    expect(estado.json().result.data).toEqual({ necesitaSetup: true, usuario: null });
  });
});

describe('role matrix', () => {
  const callers = {} as Record<Rol, unknown>;
  beforeAll(async () => {
    for (const rol of ROLES) callers[rol] = await callerAs(database, rol);
  });

  it('mutations: lector is refused with FORBIDDEN; each role from the declared one up is allowed', async () => {
    const mutations = procedures.filter((p) => p.type === 'mutation' && p.rol && !SELF_SERVICE_MUTATIONS.has(p.path));
    expect(mutations.length).toBeGreaterThan(3);
    for (const p of mutations) {
      for (const rol of ROLES) {
        const code = await codeOf(callers[rol], p.path);
        if (rolAlcanza(rol, p.rol!)) {
          expect(code, `${rol} → ${p.path}`).not.toMatch(/^(FORBIDDEN|UNAUTHORIZED)$/);
        } else {
          expect(code, `${rol} → ${p.path}`).toBe('FORBIDDEN');
        }
      }
      // Writes are never for readers, but for the allow-listed self-service ones.
      expect(p.rol, `${p.path} is a mutation open to lector`).not.toBe('lector');
    }
  });

  it('queries: each role from the declared one up is allowed, the others FORBIDDEN', async () => {
    for (const p of procedures.filter((q) => q.type === 'query' && q.rol)) {
      for (const rol of ROLES) {
        const code = await codeOf(callers[rol], p.path);
        if (rolAlcanza(rol, p.rol!)) expect(code, `${rol} → ${p.path}`).not.toMatch(/^(FORBIDDEN|UNAUTHORIZED)$/);
        else expect(code, `${rol} → ${p.path}`).toBe('FORBIDDEN');
      }
    }
  });

  it('/v1 writes: a lector token gets 403 {ok:false}; operador and admin tokens get past the role check', async () => {
    const headers = {} as Record<Rol, { authorization: string }>;
    for (const rol of ROLES) headers[rol] = await bearerAs(database, rol);
    for (const r of v1Routes()) {
      const key = `${r.method} ${r.url}`;
      if (ANONYMOUS_ROUTES.has(key)) continue;
      const needed: Rol = (r.config as { rol?: Rol } | undefined)?.rol ?? (isWrite(r.method) ? 'operador' : 'lector');
      for (const rol of ROLES) {
        const res = await app.inject({
          method: r.method as 'GET',
          url: concreteUrl(r.url),
          headers: headers[rol],
          ...(isWrite(r.method) ? { payload: {} } : {}),
        });
        if (rolAlcanza(rol, needed)) {
          expect([401, 403], `${rol} → ${key}`).not.toContain(res.statusCode);
        } else {
          expect(res.statusCode, `${rol} → ${key}`).toBe(403);
          // HEAD answers carry no body (the first admin-only GET routes, webhooks and cambios, have HEAD twins).
          if (r.method !== 'HEAD') expect(res.json()).toMatchObject({ ok: false });
        }
      }
    }
  });
});
