// The baseline: the same SQL Troncal runs for each benchmarked endpoint (token lookup included),
// served by bare node:http + postgres-js, with no framework, no validation library and no ORM.
// Queries go through `sql.unsafe(text, params)` as Troncal's database client sends them (drizzle on
// postgres-js: unnamed statements, parsed and planned each time), with the same pool size (10).
// What is left between Troncal and this is the cost of Fastify, tRPC, zod, drizzle and the
// response mapping.
//
//   DATABASE_URL=postgres://… PORT=4000 node bench/baseline.mjs

import { createHash } from 'node:crypto';
import http from 'node:http';
import postgres from 'postgres';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Falta DATABASE_URL.');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 4000);
const sql = postgres(url, { max: Number(process.env.POOL ?? 10), onnotice: () => {} });
const sqlSinEspera = postgres(url, {
  max: Number(process.env.POOL ?? 10),
  onnotice: () => {},
  connection: { synchronous_commit: 'off' },
});

import {
  AJUSTE_DEVOLUCION,
  AJUSTE_VENTA,
  CON_TILDE,
  LISTA_CONEXIONES,
  LISTA_CONEXIONES_CURSOR,
  PROVEEDORES_BUSQUEDA,
  SERVICIOS_BUSQUEDA,
  SERVICIOS_BUSQUEDA_TOTAL,
  SIN_TILDE,
  TOKEN,
  TOTAL_CONEXIONES,
  UNA_CONEXION,
  WEBHOOKS_ACTIVOS,
} from './sql.mjs';

// --- Mapping: arrays of values to the API's objects (numbers as numbers, ISO timestamps) -----------

const num = (v) => (v === null ? null : Number(v));
const ts = (v) => (v instanceof Date ? v.toISOString() : v);

// The monitoring binding's columns (vinculos_monitoreo), folded into `monitoreo` and `medicion`.
const COLUMNAS_VINCULO = [
  'mon_fuente',
  'mon_host',
  'mon_interfaz',
  'mon_entrada',
  'mon_salida',
  'mon_estado',
  'mon_mensaje',
  'mon_p95',
  'mon_max',
  'mon_promedio',
  'mon_medido_en',
];
function conVinculo(o) {
  const v = {};
  for (const k of COLUMNAS_VINCULO) {
    v[k] = o[k];
    delete o[k];
  }
  if (!v.mon_fuente) {
    o.monitoreo = null;
    o.medicion = null;
    return o;
  }
  o.monitoreo =
    v.mon_fuente === 'zabbix'
      ? { fuente: 'zabbix', host: v.mon_host, interfaz: v.mon_interfaz }
      : { fuente: 'prometheus', entrada: v.mon_entrada, salida: v.mon_salida };
  o.medicion = {
    estado: v.mon_estado,
    mensaje: v.mon_mensaje,
    p95_mbps: num(v.mon_p95),
    max_mbps: num(v.mon_max),
    promedio_mbps: num(v.mon_promedio),
    medido_en: ts(v.mon_medido_en),
  };
  return o;
}
const CAMPOS_CONEXION = [
  'enlace_id',
  'servicio_id',
  'cid_enlace',
  'modalidad_enlace',
  'tipo_enlace',
  'enlace_estado',
  'enlace_fecha_activacion',
  'bw_contratado',
  'bw_disponible',
  'bw_utilizado',
  'departamento_enlace',
  'provincia_enlace',
  'distrito_enlace',
  'direccion_enlace',
  'locacion',
  'cliente_id',
  'cliente_razon_social',
  'cliente_ruc',
  'nodo_a',
  'nodo_a_nombre',
  'nodo_a_tipo',
  'configuracion_nodo_a',
  'nodo_b',
  'nodo_b_nombre',
  'nodo_b_tipo',
  'configuracion_nodo_b',
  'asignacion_ip',
  'equipos_ids',
  'proveedor_id',
  'proveedor_nombre',
  'servicio_cid_interno',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  ...COLUMNAS_VINCULO,
];
function conexion(valores) {
  const o = {};
  for (let i = 0; i < CAMPOS_CONEXION.length; i++) o[CAMPOS_CONEXION[i]] = valores[i];
  o.bw_contratado = num(o.bw_contratado);
  o.bw_disponible = num(o.bw_disponible);
  o.bw_utilizado = num(o.bw_utilizado);
  o.equipos_ids = o.equipos_ids ? o.equipos_ids.split(',').map(Number) : [];
  o.enlace_fecha_activacion =
    o.enlace_fecha_activacion instanceof Date
      ? o.enlace_fecha_activacion.toISOString().slice(0, 10)
      : o.enlace_fecha_activacion;
  o.created_at = ts(o.created_at);
  o.updated_at = ts(o.updated_at);
  return conVinculo(o);
}
const CAMPOS_SERVICIO = [
  'servicio_id',
  'proveedor_id',
  'proveedor_nombre',
  'nodo_id',
  'nodo_nombre',
  'tipo_nodo',
  'direccion',
  'modalidad',
  'capacidad_comprada',
  'capacidad_vendida',
  'capacidad_utilizada',
  'capacidad_disponible',
  'ubicacion_servicio',
  'condicion',
  'observacion',
  'cid_proveedor',
  'cid_interno',
  'limite_sobreventa_pct',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  ...COLUMNAS_VINCULO,
];
function servicio(valores) {
  const o = {};
  for (let i = 0; i < CAMPOS_SERVICIO.length; i++) o[CAMPOS_SERVICIO[i]] = valores[i];
  for (const k of [
    'capacidad_comprada',
    'capacidad_vendida',
    'capacidad_utilizada',
    'capacidad_disponible',
    'limite_sobreventa_pct',
  ])
    o[k] = num(o[k]);
  o.created_at = ts(o.created_at);
  o.updated_at = ts(o.updated_at);
  return conVinculo(o);
}

// --- HTTP ------------------------------------------------------------------------------------------

function enviar(res, status, cuerpo) {
  const json = JSON.stringify(cuerpo);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function autenticar(req) {
  const h = req.headers.authorization;
  if (!h?.startsWith('Bearer ')) return null;
  const hash = createHash('sha256').update(h.slice(7).trim()).digest('hex');
  const [fila] = await sql.unsafe(TOKEN, [hash, true, 1]);
  return fila ?? null;
}

const entero = (v, def, min, max) => {
  if (v === null || v === '') return def;
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : Number.NaN;
};

/** As Troncal's prepared page sends it: `offset` always a parameter. */
async function listarConexiones(limit, offset, antesDe) {
  const filas = antesDe
    ? await sql.unsafe(LISTA_CONEXIONES_CURSOR, ['conexion', antesDe, limit, offset]).values()
    : await sql.unsafe(LISTA_CONEXIONES, ['conexion', limit, offset]).values();
  const [[n]] = await sql.unsafe(TOTAL_CONEXIONES).values();
  const data = filas.map(conexion);
  const siguiente = data.length === limit ? data[data.length - 1].enlace_id : null;
  return { data, total: Number(n), limit, offset, siguiente };
}

async function listarServicios(limit, offset, search) {
  const texto = search.trim();
  const patron = `%${texto.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const plegado = `%${texto
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const ids = (await sql.unsafe(PROVEEDORES_BUSQUEDA, [CON_TILDE, SIN_TILDE, plegado])).map((f) => f.proveedor_id);
  const filas = await sql.unsafe(SERVICIOS_BUSQUEDA, ['servicio', patron, ids, limit, offset]).values();
  const [t] = await sql.unsafe(SERVICIOS_BUSQUEDA_TOTAL, [patron, ids]);
  return { data: filas.map(servicio), total: Number(t.count), limit, offset };
}

async function leerJson(req) {
  const partes = [];
  for await (const p of req) partes.push(p);
  return JSON.parse(Buffer.concat(partes).toString('utf8') || 'null');
}

/**
 * ajustar-capacidad as Troncal does it: the one guarded ledger statement, in autocommit (it is its
 * own transaction). `?sync=off` sends it over a second pool whose sessions run with
 * synchronous_commit off (a diagnostic only: it shows how much of the ceiling is the WAL flush).
 */
let solicitudes = 0;
async function ajustar(req, res, u, token, id) {
  if (token.rol === 'lector') return enviar(res, 403, { ok: false, message: 'Se requiere operador.' });
  const cuerpo = await leerJson(req);
  const delta = cuerpo?.delta_disponible;
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta === 0 || typeof cuerpo.motivo !== 'string') {
    return enviar(res, 400, { ok: false, message: 'delta_disponible debe ser un número distinto de cero.' });
  }
  const d = -delta;
  const usuario = token.created_by;
  const cliente = u.searchParams.get('sync') === 'off' ? sqlSinEspera : sql;
  // No webhook listens in the benchmark: Troncal then stays on the single statement, as here.
  await cliente.unsafe(WEBHOOKS_ACTIVOS, ['{servicio.capacidad_ajustada,servicio.sobrevendido}']);
  // The change-history row's actor: the token's user, the token, via /v1, the request's id.
  const actor = [usuario, token.token_id, 'v1', String(++solicitudes), d];
  // TRONCAL_SOBREVENTA=warn, as the benchmarked server runs: the guard's last term is true.
  const [fila] =
    d > 0
      ? await cliente.unsafe(AJUSTE_VENTA, [
          d,
          usuario,
          id,
          d,
          d,
          d,
          true,
          d,
          cuerpo.motivo,
          'AJUSTE_MANUAL',
          null,
          usuario,
          ...actor,
        ])
      : await cliente.unsafe(AJUSTE_DEVOLUCION, [
          d,
          usuario,
          id,
          d,
          d,
          cuerpo.motivo,
          'AJUSTE_MANUAL',
          null,
          usuario,
          ...actor,
        ]);
  if (!fila) return enviar(res, 422, { ok: false, message: 'La capacidad vendida no puede quedar negativa.' });
  return enviar(res, 200, {
    ok: true,
    servicio_id: fila.servicio_id,
    capacidad_comprada: num(fila.capacidad_comprada),
    capacidad_vendida: num(fila.capacidad_vendida),
    capacidad_utilizada: num(fila.capacidad_utilizada),
    capacidad_disponible: num(fila.capacidad_disponible),
    advertencias: [],
  });
}

const server = http.createServer(async (req, res) => {
  try {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/healthz') return enviar(res, 200, { ok: true });
    const token = await autenticar(req);
    if (!token) return enviar(res, 401, { ok: false, message: 'No autenticado.' });
    if (req.method === 'POST') {
      const m = /^\/v1\/servicios-proveedor\/(\d+)\/ajustar-capacidad$/.exec(u.pathname);
      if (m) return await ajustar(req, res, u, token, Number(m[1]));
    }
    if (req.method !== 'GET') return enviar(res, 405, { ok: false, message: 'Método no permitido.' });

    if (u.pathname === '/v1/conexiones/listar' || u.pathname === '/trpc/conexiones.list') {
      const trpc = u.pathname.startsWith('/trpc');
      const q = trpc ? JSON.parse(u.searchParams.get('input') ?? '{}') : Object.fromEntries(u.searchParams);
      const limit = entero(q.limit ?? null, 10, 1, 100);
      const offset = entero(q.offset ?? null, 0, 0, Number.MAX_SAFE_INTEGER);
      const antesDe = entero(q.antes_de ?? null, 0, 1, 2_147_483_647);
      if (Number.isNaN(limit) || Number.isNaN(offset) || Number.isNaN(antesDe))
        return enviar(res, 400, { ok: false, message: 'Parámetros inválidos.' });
      const pagina = await listarConexiones(limit, offset, antesDe);
      return trpc ? enviar(res, 200, { result: { data: pagina } }) : enviar(res, 200, { ok: true, ...pagina });
    }
    if (u.pathname === '/v1/servicios-proveedor/listar') {
      const limit = entero(u.searchParams.get('limit'), 10, 1, 100);
      const offset = entero(u.searchParams.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER);
      if (Number.isNaN(limit) || Number.isNaN(offset))
        return enviar(res, 400, { ok: false, message: 'Parámetros inválidos.' });
      return enviar(res, 200, {
        ok: true,
        ...(await listarServicios(limit, offset, u.searchParams.get('search') ?? '')),
      });
    }
    const m = /^\/v1\/conexiones\/(\d+)$/.exec(u.pathname);
    if (m) {
      const [fila] = await sql.unsafe(UNA_CONEXION, ['conexion', Number(m[1]), 1]).values();
      if (!fila) return enviar(res, 404, { ok: false, message: `No existe la conexión ${m[1]}.` });
      return enviar(res, 200, { ok: true, data: conexion(fila) });
    }
    return enviar(res, 404, { ok: false, message: 'No existe la ruta.' });
  } catch (e) {
    console.error(e);
    enviar(res, 500, { ok: false, message: 'Error interno.' });
  }
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.error(`baseline escuchando en 127.0.0.1:${port}`));

const cerrar = () => {
  server.close();
  Promise.all([sql.end({ timeout: 2 }), sqlSinEspera.end({ timeout: 2 })]).finally(() => process.exit(0));
};
process.on('SIGTERM', cerrar);
process.on('SIGINT', cerrar);
