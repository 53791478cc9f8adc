import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { execRows } from '../src/db/client';
import { appRouter } from '../src/trpc/root';
import { anotarRutas, bearerAs, callerAs, type Ruta, usarApp } from './helpers/app';
import { invariante, PAYLOAD_SPEC, rucValido } from './helpers/conexiones';

/**
 * Robustness, enumerated: every /v1 route and every tRPC procedure registered when this runs gets
 * adversarial input as an admin. The standard: bad input gets a 4xx with `{ ok: false, message }`
 * in Spanish (never a 500), and a refused request changes nothing.
 */

const routes: Ruta[] = [];
const { database, app } = await usarApp({ onRoute: anotarRutas(routes) });
const admin = await bearerAs(database, 'admin');
beforeAll(sembrar);

// --- Seed: ids 1 exist, so handlers get past "not found" ----------------------------------------

const RUC = rucValido(4242);
let serie = 0;
const unico = () => `${process.pid}-${++serie}`;

/** The spec's create payload without node configurations or CID, on the seeded ids. */
const { configuracion_nodo_a: _a, configuracion_nodo_b: _b, cid: _cid, ...SIN_CONFIGURACION } = PAYLOAD_SPEC;
const CONEXION_VALIDA = {
  ...SIN_CONFIGURACION,
  nodo_a: 1,
  nodo_b: 2,
  cliente_id: 1,
  servicio_id: 1,
  bw_contratado: 5,
  locacion: 'Lima - Miraflores',
};

async function sembrar() {
  const pasos: [string, unknown][] = [
    ['/v1/proveedores/crear', { nombre: 'PROVEEDOR ROBUSTEZ', ruc: '20100047862' }],
    ['/v1/servicios-proveedor/crear', { proveedor_id: 1, modalidad: 'DEDICADO', capacidad_comprada: 1000 }],
    ['/v1/clientes/crear', { razon_social: 'CLIENTE ROBUSTEZ S.A.C.', ruc: RUC }],
    ['/v1/nodos/crear', { nombre: 'NODO A', tipo: 'CORE', ubigeo: '150131' }],
    ['/v1/nodos/crear', { nombre: 'NODO B', tipo: 'CLIENTE', ubigeo: '150122' }],
    ['/v1/equipos/crear', { tipo: 'ROUTER', marca: 'Cisco', modelo: 'ISR4331', serial: 'FDO-ROB-1' }],
    ['/v1/conexiones', { ...CONEXION_VALIDA, bw_contratado: 500, equipos_ids: [1], ajustar_servicio: true }],
  ];
  for (const [url, payload] of pasos) {
    const r = await app.inject({ method: 'POST', url, headers: admin, payload: payload as object });
    if (r.statusCode !== 201) throw new Error(`Siembra ${url}: ${r.statusCode} ${r.body}`);
  }
}

/** Valid bodies (fresh unique values on each call), so corrupting one field reaches the service. */
const BASES: Record<string, () => Record<string, unknown>> = {
  'POST /v1/proveedores/crear': () => ({ nombre: `PROV ${unico()}`, contacto: 'NOC', email: 'noc@ejemplo.pe' }),
  'PUT /v1/proveedores/:id': () => ({ contacto: 'NOC 2' }),
  'POST /v1/clientes/crear': () => ({ razon_social: `CLIENTE ${unico()}`, ruc: rucValido(serie + 5000) }),
  'PUT /v1/clientes/:id': () => ({ contacto: 'Compras' }),
  'POST /v1/nodos/crear': () => ({ nombre: `NODO ${unico()}`, tipo: 'ACCESO', ubigeo: '150101' }),
  'PUT /v1/nodos/:id': () => ({ direccion: 'Av. Arequipa 100' }),
  'POST /v1/equipos/crear': () => ({ tipo: 'SWITCH', marca: 'Huawei', modelo: 'S5720', serial: `SN-${unico()}` }),
  'PUT /v1/equipos/:id': () => ({ observacion: 'revisado' }),
  'POST /v1/servicios-proveedor/crear': () => ({ proveedor_id: 1, modalidad: 'DEDICADO', capacidad_comprada: 100 }),
  'PUT /v1/servicios-proveedor/servicios-proveedor/:id': () => ({ observacion: 'ok' }),
  'POST /v1/servicios-proveedor/:id/ajustar-capacidad': () => ({ delta_disponible: -1, motivo: 'prueba' }),
  'POST /v1/conexiones': () => ({ ...CONEXION_VALIDA }),
  'PUT /v1/conexiones/:id': () => ({ locacion: 'Lima' }),
  'POST /v1/conexiones/:id/ajustar-bw': () => ({ modo: 'AUMENTAR', mbps: 1 }),
};

/** Required query parameters, so corrupting another one is not hidden behind "missing". */
const QUERY_BASE: Record<string, Record<string, string>> = {
  '/v1/ubigeo/provincias': { departamento: '15' },
  '/v1/ubigeo/distritos': { provincia: '1501' },
};

// --- Adversarial values -------------------------------------------------------------------------

const PARAMS_MALOS = ['abc', '-1', '0', '99999999999999999999', '1.5', '%00'];
const QUERY_GENERICAS = [
  'limit=-1',
  'limit=abc',
  'limit=100000',
  'limit=1&limit=2',
  'offset=-5',
  'offset=1e309',
  'offset=99999999999999999999',
  `search=${'a'.repeat(5000)}`,
  'search=%27%3B--',
  'search=%00',
  'search=%C0%AF',
  'zzz_desconocido=1&__proto__=x',
];
const QUERY_VALORES = [
  'abc',
  '-1',
  '0',
  '99999999999999999999',
  '9'.repeat(400),
  '1.5',
  '%00',
  'x'.repeat(5000),
  '%27%3B--',
  '%FF',
];
const LARGO = 'x'.repeat(10_000);
const VALORES_MALOS: unknown[] = [
  null,
  1e308,
  -1,
  LARGO,
  [1],
  { a: 1 },
  'NaN',
  'a\u0000b',
  true,
  1.5e-7,
  '9'.repeat(400),
  2_147_483_648,
];

type Esquema = { type?: string | string[]; anyOf?: Esquema[]; oneOf?: Esquema[]; allOf?: Esquema[] } & Record<
  string,
  unknown
>;
function tipos(s: Esquema | undefined, out = new Set<string>()): Set<string> {
  if (!s) return out;
  if (typeof s.type === 'string') out.add(s.type);
  if (Array.isArray(s.type)) for (const t of s.type) out.add(t);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const x of s[k] ?? []) tipos(x, out);
  return out;
}
/** A value of the wrong type for what the schema declares. */
function tipoCambiado(s: Esquema | undefined): unknown {
  const t = tipos(s);
  if (t.has('number') || t.has('integer')) return 'abc';
  if (t.has('string')) return 12345;
  if (t.has('boolean')) return 'sí';
  return 'texto';
}

/** Representative wrong values for a field, by what it declares (all of them when it declares nothing). */
function valoresPara(s: Esquema | undefined): unknown[] {
  const t = tipos(s);
  const out = new Set<unknown>();
  const numero = t.has('number') || t.has('integer');
  if (numero) for (const v of ['abc', 1e308, -1, 1.5e-7, '9'.repeat(400), 2_147_483_648, 'NaN']) out.add(v);
  if (t.has('string')) for (const v of [12345, LARGO, 'a\u0000b', 'NaN']) out.add(v);
  if (t.has('boolean')) for (const v of ['sí', 1]) out.add(v);
  if (t.has('array')) for (const v of ['texto', [-1], ['abc'], [1e308], [null], [1, 1], Array(60).fill(1)]) out.add(v);
  if (out.size === 0) return VALORES_MALOS;
  for (const v of [null, [1], { a: 1 }, true]) out.add(v);
  return [...out];
}

function propiedades(s: Esquema | undefined): Record<string, Esquema> {
  if (!s) return {};
  const props = { ...((s.properties as Record<string, Esquema> | undefined) ?? {}) };
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const x of s[k] ?? []) Object.assign(props, propiedades(x));
  return props;
}

/** Bodies built from a schema: every field wrong at once, then each field wrong on a valid base. */
function cuerposMalos(schema: Esquema | undefined, base: Record<string, unknown>): [string, unknown][] {
  const props = propiedades(schema);
  const nombres = Object.keys(props);
  const casos: [string, unknown][] = [];
  const todos = (f: (p: string) => unknown) => Object.fromEntries(nombres.map((n) => [n, f(n)]));
  if (nombres.length) {
    casos.push(['todos: tipo cambiado', todos((n) => tipoCambiado(props[n]))]);
    for (const v of VALORES_MALOS) casos.push([`todos: ${etiqueta(v)}`, todos(() => v)]);
  }
  for (const n of nombres) {
    casos.push([`${n}: tipo cambiado`, { ...base, [n]: tipoCambiado(props[n]) }]);
    for (const v of valoresPara(props[n])) casos.push([`${n}: ${etiqueta(v)}`, { ...base, [n]: v }]);
  }
  return casos;
}

function etiqueta(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 24 ? `${s.slice(0, 12)}…(${s.length})` : s;
}

// --- What a refusal must leave untouched --------------------------------------------------------

/** One hash per table (api_tokens without last_used_at, which every request may touch) and both CID sequences. */
let consultaFoto: string | undefined;
async function foto(): Promise<Record<string, string>> {
  consultaFoto ??= await armarFoto();
  const [r] = await execRows<Record<string, string>>(database.db, sql.raw(consultaFoto));
  return r!;
}
async function armarFoto(): Promise<string> {
  const tablas = await execRows<{ tablename: string }>(
    database.db,
    sql`select tablename from pg_tables where schemaname = 'public'
        and tablename not in ('sesiones', 'intentos_login', 'api_tokens') order by tablename`,
  );
  const partes = tablas.map(
    (t) =>
      `(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from "${t.tablename}" t) as "${t.tablename}"`,
  );
  partes.push(
    `(select md5(coalesce(string_agg(row(token_id, nombre, rol, revoked_at)::text, '|' order by token_id), '')) from api_tokens) as api_tokens`,
    `(select last_value::text || is_called::text from servicio_cid_seq) as servicio_cid_seq`,
    `(select last_value::text || is_called::text from enlace_cid_seq) as enlace_cid_seq`,
  );
  return `select ${partes.join(', ')}`;
}

const cambios = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);

// --- /v1 ----------------------------------------------------------------------------------------

interface Fila {
  ruta: string;
  caso: string;
  status: number | string;
  problema?: string;
}

const INGLES = /\b(Invalid|Expected|expected|Required|received|must be|Unrecognized|Too (big|small)|Unexpected)\b/;

const ARCHIVOS = /\/(exportar|importar\/plantilla)$/;

function revisar(ruta: string, caso: string, status: number, texto: string, fila: Fila[]) {
  let body: unknown;
  try {
    body = texto ? JSON.parse(texto) : undefined;
  } catch {
    body = undefined;
  }
  const b = body as { ok?: unknown; message?: unknown; errors?: { message?: unknown }[] } | undefined;
  let problema: string | undefined;
  if (status >= 500) problema = `5xx: ${texto.slice(0, 160)}`;
  else if (status >= 400) {
    if (b?.ok !== false || typeof b.message !== 'string' || !b.message.trim()) {
      problema = `4xx sin { ok:false, message }: ${texto.slice(0, 120)}`;
    } else {
      const ingles = [b.message, ...(b.errors ?? []).map((e) => String(e.message))].find((m) => INGLES.test(m));
      if (ingles) problema = `mensaje no está en español: ${ingles.slice(0, 120)}`;
    }
  } else if (status >= 200 && status < 300 && ARCHIVOS.test(ruta)) {
    // Exports and templates answer a file (CSV or XLSX), never a JSON envelope.
    if (b !== undefined) problema = `2xx de archivo con JSON: ${texto.slice(0, 120)}`;
  } else if (status >= 200 && status < 300 && ruta !== 'GET /v1/openapi.json' && b?.ok !== true) {
    problema = `2xx sin ok:true: ${texto.slice(0, 120)}`;
  }
  fila.push({ ruta, caso, status, ...(problema ? { problema } : {}) });
}

function tabla(filas: Fila[]): string {
  return filas
    .map((f) => `${f.ruta.padEnd(58)} ${f.caso.slice(0, 60).padEnd(60)} ${String(f.status).padEnd(4)} ${f.problema}`)
    .join('\n');
}

describe('robustez de /v1', () => {
  it('every route answers adversarial input with a 4xx envelope (never 5xx) and refusals change nothing', async () => {
    const openapi = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { in: string; name: string; schema?: Esquema }[];
            requestBody?: { content?: Record<string, { schema?: Esquema }> };
          }
        >
      >;
    };
    const v1 = routes.filter((r) => r.url.startsWith('/v1') && !['HEAD', 'OPTIONS'].includes(r.method));
    expect(v1.length).toBeGreaterThan(30);

    const filas: Fila[] = [];
    const t0 = performance.now();
    let antes = await foto();

    async function enviar(
      ruta: string,
      caso: string,
      method: string,
      url: string,
      body?: { payload: string; tipo?: string },
    ) {
      const headers: Record<string, string> = { ...admin };
      if (body?.tipo) headers['content-type'] = body.tipo;
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(body ? { payload: body.payload } : {}),
      });
      revisar(ruta, caso, res.statusCode, res.body, filas);
      if (method !== 'GET') {
        const despues = await foto();
        const cambiado = cambios(antes, despues);
        const rechazada = res.statusCode < 200 || res.statusCode >= 300;
        if (cambiado.length && rechazada) {
          filas.push({
            ruta,
            caso,
            status: res.statusCode,
            problema: `rechazada pero cambió: ${cambiado.join(', ')}`,
          });
        }
        antes = despues;
      }
    }
    const json = (v: unknown) => ({ payload: JSON.stringify(v), tipo: 'application/json' });

    for (const { method, url } of v1) {
      const ruta = `${method} ${url}`;
      const oa = openapi.paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      const params = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const concreta = (valores: Record<string, string> = {}) =>
        url.replace(/:(\w+)/g, (_m, p: string) => valores[p] ?? '1');
      const escribe = method === 'POST' || method === 'PUT';
      const base = BASES[`${method} ${url}`];
      const cuerpoBase = () => (escribe ? json(base?.() ?? {}) : undefined);
      const qBase = QUERY_BASE[url] ?? {};
      const conQuery = (extra: string) => {
        const qs = [new URLSearchParams(qBase).toString(), extra].filter(Boolean).join('&');
        return `${concreta()}${qs ? `?${qs}` : ''}`;
      };

      // Path params.
      for (const p of params) {
        for (const v of PARAMS_MALOS) await enviar(ruta, `:${p}=${v}`, method, concreta({ [p]: v }), cuerpoBase());
      }

      // Query strings (every route; GETs also each declared parameter).
      const generales = method === 'GET' ? QUERY_GENERICAS : ['limit=-1', 'zzz_desconocido=1'];
      for (const q of generales) await enviar(ruta, `?${q.slice(0, 40)}`, method, conQuery(q), cuerpoBase());
      if (method === 'GET') {
        for (const prm of oa?.parameters ?? []) {
          if (prm.in !== 'query') continue;
          for (const v of QUERY_VALORES) {
            const qs = new URLSearchParams({ ...qBase });
            qs.delete(prm.name);
            const raw = `${qs.toString() ? `${qs.toString()}&` : ''}${prm.name}=${v}`;
            await enviar(ruta, `?${prm.name}=${etiqueta(v)}`, method, `${concreta()}?${raw}`);
          }
        }
      }

      if (!escribe) continue;
      // Bodies.
      const crudos: [string, { payload: string; tipo?: string } | undefined][] = [
        ['sin cuerpo', undefined],
        ['{}', json({})],
        ['[]', json([])],
        ['null', json(null)],
        ['"texto"', json('texto')],
        ['123', json(123)],
        ['true', json(true)],
        ['JSON malformado', { payload: '{"nombre": ', tipo: 'application/json' }],
        ['JSON vacío', { payload: '', tipo: 'application/json' }],
        ['text/plain', { payload: 'nombre=x', tipo: 'text/plain' }],
        ['form-urlencoded', { payload: 'nombre=x', tipo: 'application/x-www-form-urlencoded' }],
        [
          '__proto__',
          { payload: '{"__proto__": {"ok": true}, "constructor": {"prototype": {}}}', tipo: 'application/json' },
        ],
        ['profundo', { payload: `${'['.repeat(5000)}${']'.repeat(5000)}`, tipo: 'application/json' }],
        ['1.1 MB', json({ ...(base?.() ?? {}), relleno: 'x'.repeat(1_100_000) })],
      ];
      for (const [caso, body] of crudos) await enviar(ruta, caso, method, concreta(), body);
      const schema = oa?.requestBody?.content?.['application/json']?.schema;
      for (const [caso, cuerpo] of cuerposMalos(schema, base?.() ?? {})) {
        await enviar(ruta, caso, method, concreta(), json(cuerpo));
      }
    }

    const malos = filas.filter((f) => f.problema);
    console.info(`robustez /v1: ${v1.length} rutas, ${filas.length} casos en ${Math.round(performance.now() - t0)} ms`);
    expect(malos.length, `${malos.length} de ${filas.length} casos con problemas:\n${tabla(malos)}`).toBe(0);
    await invariante(database.db, { soloConexiones: false });
  }, 180_000);
});

// --- tRPC ---------------------------------------------------------------------------------------

type AnyProcedure = { _def: { type: string; inputs: z.ZodType[] } };

const TRPC_BASES: Record<string, () => Record<string, unknown>> = {
  'proveedores.update': () => ({ id: 1, datos: { contacto: 'x' } }),
  'clientes.update': () => ({ id: 1, datos: { contacto: 'x' } }),
  'nodos.update': () => ({ id: 1, datos: { direccion: 'x' } }),
  'equipos.update': () => ({ id: 1, datos: { observacion: 'x' } }),
  'proveedores.create': BASES['POST /v1/proveedores/crear']!,
  'clientes.create': BASES['POST /v1/clientes/crear']!,
  'nodos.create': BASES['POST /v1/nodos/crear']!,
  'equipos.create': BASES['POST /v1/equipos/crear']!,
  'servicios.create': BASES['POST /v1/servicios-proveedor/crear']!,
  'servicios.update': () => ({ id: 1, datos: { observacion: 'x' } }),
  'servicios.ajustarCapacidad': () => ({ servicio_id: 1, delta_disponible: -1, motivo: 'prueba' }),
  'conexiones.create': () => ({ datos: { ...CONEXION_VALIDA } }),
  'conexiones.update': () => ({ id: 1, datos: { locacion: 'Lima' } }),
  'conexiones.ajustarBw': () => ({ enlace_id: 1, modo: 'AUMENTAR', mbps: 1 }),
  'conexiones.cambiarEstado': () => ({ enlace_id: 1, enlace_estado: 'ACTIVO' }),
  'ubigeo.provincias': () => ({ departamento: '15' }),
  'ubigeo.distritos': () => ({ provincia: '1501' }),
  'usuarios.create': () => ({
    email: `u${unico()}@troncal.test`,
    nombre: 'Usuario Robustez',
    password: 'clave12345x',
    rol: 'lector',
  }),
  'tokens.create': () => ({ nombre: `token ${unico()}`, rol: 'lector' }),
  'auth.login': () => ({ email: 'nadie@troncal.test', password: 'incorrecta1' }),
  'auth.setup': () => ({ email: 'setup@troncal.test', nombre: 'Admin', password: 'clave12345x' }),
  'auth.cambiarPassword': () => ({ actual: 'incorrecta1', nueva: 'clave12345y' }),
  // Never a real token or user id here: the suite's own admin must stay usable.
  'tokens.revocar': () => ({}),
  'usuarios.update': () => ({ id: 999, datos: {} }),
};

function esquemaJson(s: z.ZodType | undefined): Esquema | undefined {
  if (!s) return undefined;
  try {
    return z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Esquema;
  } catch {
    return undefined;
  }
}

describe('robustez de tRPC', () => {
  it('every procedure refuses garbage with a TRPCError other than INTERNAL_SERVER_ERROR and changes nothing', async () => {
    const caller = await callerAs(database, 'admin');
    const procs = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
    expect(procs.length).toBeGreaterThan(40);
    const filas: Fila[] = [];
    const t0 = performance.now();
    let antes = await foto();

    for (const [path, proc] of procs) {
      let fn: unknown = caller;
      for (const part of path.split('.')) fn = (fn as Record<string, unknown>)[part];
      const schema = esquemaJson(proc._def.inputs[0]);
      const props = propiedades(schema);
      const requeridos = (schema?.required as string[] | undefined) ?? [];
      const base =
        TRPC_BASES[path]?.() ??
        Object.fromEntries(requeridos.filter((n) => /(^id|_id)$/.test(n)).map((n) => [n, 1] as [string, unknown]));

      const casos: [string, unknown][] = [
        ['undefined', undefined],
        ['null', null],
        ['{}', {}],
        ['[]', []],
        ['"texto"', 'texto'],
        ['-1', -1],
        ['largo', LARGO],
        ...cuerposMalos(schema, base),
      ];
      // Nested objects (`data`, `datos`): each of their fields wrong, the rest valid.
      for (const [n, sub] of Object.entries(props)) {
        const valor = base[n];
        if (valor && typeof valor === 'object' && !Array.isArray(valor)) {
          for (const [caso, cuerpo] of cuerposMalos(sub, valor as Record<string, unknown>)) {
            casos.push([`${n}.${caso}`, { ...base, [n]: cuerpo }]);
          }
        }
      }

      for (const [caso, input] of casos) {
        let status: string = 'OK';
        let problema: string | undefined;
        try {
          await (fn as (i: unknown) => Promise<unknown>)(input);
        } catch (e) {
          if (!(e instanceof TRPCError)) {
            status = 'THROWN';
            problema = `no es TRPCError: ${String(e).slice(0, 160)}`;
          } else {
            status = e.code;
            if (e.code === 'INTERNAL_SERVER_ERROR') {
              const causa = e.cause as { message?: string; code?: string } | undefined;
              problema = `INTERNAL_SERVER_ERROR: ${causa?.code ?? ''} ${(causa?.message ?? e.message).slice(0, 160)}`;
            } else if (!e.message.trim()) problema = 'error sin mensaje';
          }
        }
        if (proc._def.type === 'mutation') {
          const despues = await foto();
          const cambiado = cambios(antes, despues);
          if (cambiado.length && status !== 'OK') {
            problema ??= `rechazada pero cambió: ${cambiado.join(', ')}`;
          }
          antes = despues;
        }
        filas.push({ ruta: path, caso, status, ...(problema ? { problema } : {}) });
      }
    }

    const malos = filas.filter((f) => f.problema);
    console.info(
      `robustez tRPC: ${procs.length} procedimientos, ${filas.length} casos en ${Math.round(performance.now() - t0)} ms`,
    );
    expect(malos.length, `${malos.length} de ${filas.length} casos con problemas:\n${tabla(malos)}`).toBe(0);
    await invariante(database.db, { soloConexiones: false });
  }, 180_000);
});
