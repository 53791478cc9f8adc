// Import/export through HTTP on PostgreSQL (issue 14): a fresh database, the built server as in
// production, then the references (20 providers, 5,000 clients, 300 nodes, 100,000 equipos, 500
// services) and 100,000 connection rows are validated and applied through
// POST /v1/<entidad>/importar as CSV files, and the 100,000 connections exported through
// GET /v1/conexiones/exportar as CSV and XLSX. Prints wall time, the server's peak RSS (sampled every
// 100 ms from /proc) and, for exports, time to first byte. Cleans up its database and stops only the
// server it started, by PID.
//
//   pnpm --filter @troncal/bench bench:importar            # 100,000 connections (needs pnpm build)
//   node bench/importar.mjs --filas 20000 --keep-db
//   node bench/importar.mjs --node=--trace-gc --registro /tmp/servidor.log   # server flags, its output

import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import {
  carga,
  detener,
  detenerTodos,
  esperarSalud,
  lanzar,
  muestrearRss,
  n0,
  n1,
  puertoLibre,
  root,
  rssMiB,
  tabla,
} from './lib.mjs';

const { values: o } = parseArgs({
  options: {
    filas: { type: 'string', default: '100000' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'keep-db': { type: 'boolean', default: false },
    /** A Node flag for the server (repeatable), e.g. --node=--trace-gc. */
    node: { type: 'string', multiple: true, default: [] },
    /** Appends the server's stdout and stderr to this file. */
    registro: { type: 'string' },
  },
});
const FILAS = Number(o.filas);
const DB = 'troncal_bench_importar';
const u = new URL(o['pg-url']);
u.pathname = `/${DB}`;
const benchUrl = u.toString();
const log = (m) => process.stderr.write(`[bench:importar] ${m}\n`);

function rucValido(n) {
  const base = `20${String(10_000_000 + n).padStart(8, '0')}`;
  const pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const suma = pesos.reduce((s, p, i) => s + p * Number(base[i]), 0);
  const resto = 11 - (suma % 11);
  return base + String(resto === 10 ? 0 : resto === 11 ? 1 : resto);
}

const csv = (cabecera, n, fila) => {
  const partes = [`\ufeff${cabecera.join(',')}\r\n`];
  for (let i = 0; i < n; i++) partes.push(`${fila(i).join(',')}\r\n`);
  return Buffer.from(partes.join(''), 'utf8');
};

const PROVEEDORES = 20;
const CLIENTES = 5000;
const NODOS = 300;
const SERVICIOS = 500;
const ESTADOS = ['ACTIVO', 'ACTIVO', 'ACTIVO', 'PENDIENTE', 'SUSPENDIDO', 'BAJA'];

const archivos = [
  ['proveedores', csv(['nombre', 'estado'], PROVEEDORES, (i) => [`PROVEEDOR ${i + 1}`, 'ACTIVO'])],
  ['clientes', csv(['razon_social', 'ruc'], CLIENTES, (i) => [`CLIENTE CORPORATIVO ${i + 1} S.A.C.`, rucValido(i)])],
  ['nodos', csv(['nombre', 'tipo', 'ubigeo'], NODOS, (i) => [`NODO ${i + 1}`, 'ACCESO', '150122'])],
  ['equipos', csv(['tipo', 'marca', 'modelo', 'serial'], FILAS, (i) => ['ONT', 'Huawei', 'HG8245', `SN${i + 1}`])],
  [
    'servicios-proveedor',
    csv(['cid_interno', 'proveedor_nombre', 'modalidad', 'capacidad_comprada'], SERVICIOS, (i) => [
      `ICP-${1000 + i}`,
      `PROVEEDOR ${(i % PROVEEDORES) + 1}`,
      'DEDICADO',
      String(10_000_000),
    ]),
  ],
  [
    'conexiones',
    csv(
      [
        'cid_enlace',
        'servicio_cid_interno',
        'cliente_ruc',
        'tipo_enlace',
        'modalidad_enlace',
        'enlace_estado',
        'enlace_fecha_activacion',
        'bw_contratado',
        'bw_utilizado',
        'nodo_a_nombre',
        'nodo_b_nombre',
        'departamento_enlace',
        'provincia_enlace',
        'distrito_enlace',
        'direccion_enlace',
        'asignacion_ip',
        'equipos_seriales',
      ],
      FILAS,
      (i) => [
        '',
        `ICP-${1000 + (i % SERVICIOS)}`,
        rucValido(i % CLIENTES),
        'Internet',
        'P2P',
        ESTADOS[i % ESTADOS.length],
        `2024-${String((i % 12) + 1).padStart(2, '0')}-15`,
        String(100 + (i % 50) * 10),
        String(49.5 + (i % 43)),
        `NODO ${(i % NODOS) + 1}`,
        `NODO ${((i + 1) % NODOS) + 1}`,
        'Lima',
        'Lima',
        'Miraflores',
        `Av. Larco ${100 + (i % 900)}`,
        `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/30`,
        `SN${i + 1}`,
      ],
    ),
  ],
];

async function principal() {
  const inicio = carga();
  const admin = postgres(o['pg-url'], { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB} with (force)`);
  await admin.unsafe(`create database ${DB}`);
  await admin.end({ timeout: 2 });
  const puerto = await puertoLibre();
  const servidor = lanzar('troncal', process.execPath, [...o.node, 'apps/server/dist/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: benchUrl,
      PORT: String(puerto),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  });
  const registro = o.registro ? createWriteStream(o.registro, { flags: 'a' }) : null;
  if (registro) {
    servidor.stdout.pipe(registro);
    servidor.stderr.pipe(registro);
  }
  const url = `http://127.0.0.1:${puerto}`;
  const filas = [];
  try {
    await esperarSalud(`${url}/healthz`, servidor);
    const cli = spawnSync(
      process.execPath,
      ['apps/server/dist/cli.js', 'tokens:create', '--name', 'bench-importar', '--role', 'operador'],
      { cwd: root, env: { ...process.env, DATABASE_URL: benchUrl }, encoding: 'utf8' },
    );
    const token = cli.stdout.trim().split('\n').at(-1)?.trim() ?? '';
    if (!token.startsWith('trc_')) throw new Error(`tokens:create: ${cli.stderr}`);
    const auth = { authorization: `Bearer ${token}` };
    const rssInicial = rssMiB(servidor.pid);

    for (const [entidad, bytes] of archivos) {
      for (const modo of ['validar', 'aplicar']) {
        registro?.write(`[bench:importar] ${modo} ${entidad}\n`);
        const parar = muestrearRss(servidor.pid, 100);
        const t0 = performance.now();
        const res = await fetch(`${url}/v1/${entidad}/importar?modo=${modo}&archivo=${entidad}.csv`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'text/csv' },
          body: bytes,
        });
        const cuerpo = await res.json();
        const ms = performance.now() - t0;
        const rss = parar();
        if (res.status !== 200 || !cuerpo.ok) {
          throw new Error(`${entidad} ${modo}: ${res.status} ${JSON.stringify(cuerpo).slice(0, 500)}`);
        }
        filas.push([
          `${modo} ${entidad}`,
          n0(cuerpo.filas),
          n1(ms / 1000),
          n0(rss.max),
          n0((cuerpo.creados ?? cuerpo.validas) / (ms / 1000)),
        ]);
        log(`${modo} ${entidad}: ${n1(ms / 1000)} s, RSS máx ${n0(rss.max)} MiB`);
      }
    }

    const sql = postgres(benchUrl, { max: 1, onnotice: () => {} });
    const [cuadre] = await sql.unsafe(
      `select count(*)::int as desfasados from servicios_proveedor s
        where s.capacidad_vendida <> coalesce((select sum(delta_vendida) from movimientos_capacidad m
                                                where m.servicio_id = s.servicio_id), 0)`,
    );
    const [libro] = await sql.unsafe(
      `select count(*)::int as n from movimientos_capacidad where origen = 'IMPORTACION'`,
    );
    await sql.end({ timeout: 2 });

    const exportes = [];
    for (const formato of ['csv', 'xlsx']) {
      // Growth is counted from the server's RSS right before this export (what the import left
      // behind is not the export's), as the issue's "grows by less than 100 MB" asks.
      const rssAntes = rssMiB(servidor.pid);
      const parar = muestrearRss(servidor.pid, 100);
      const t0 = performance.now();
      const res = await fetch(`${url}/v1/conexiones/exportar?formato=${formato}`, { headers: auth });
      const lector = res.body.getReader();
      let primerByte = null;
      let bytes = 0;
      for (;;) {
        const { done, value } = await lector.read();
        if (done) break;
        primerByte ??= performance.now() - t0;
        bytes += value.length;
      }
      const ms = performance.now() - t0;
      const rss = parar();
      exportes.push([
        `exportar conexiones ${formato}`,
        n1(ms / 1000),
        n0(primerByte),
        n1(bytes / 1024 / 1024),
        n0(rssAntes),
        n0(rss.max),
        n0(Math.max(0, rss.max - rssAntes)),
      ]);
      log(`exportar ${formato}: ${n1(ms / 1000)} s, primer byte ${n0(primerByte)} ms`);
    }

    console.log(
      `\nImportación y exportación por HTTP en PostgreSQL, ${n0(FILAS)} conexiones (${os.cpus().length} CPU, carga al inicio ${inicio}, al final ${carga()})`,
    );
    console.log(`RSS del servidor al inicio: ${n0(rssInicial)} MiB`);
    console.log(tabla(['paso', 'filas', 's', 'RSS máx servidor MiB', 'filas/s'], filas));
    console.log(
      `\nvendida = Σ libro en todos los servicios: ${cuadre.desfasados === 0 ? 'sí' : `NO (${cuadre.desfasados} servicios)`}; filas IMPORTACION en el libro: ${n0(libro.n)}`,
    );
    console.log(
      tabla(['exportación', 's', 'primer byte ms', 'MB', 'RSS antes MiB', 'RSS máx MiB', 'crecimiento MiB'], exportes),
    );
  } finally {
    await detener(servidor);
    await detenerTodos();
    if (!o['keep-db']) {
      const a = postgres(o['pg-url'], { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${DB} with (force)`);
      await a.end({ timeout: 2 });
    }
  }
}

principal().catch((e) => {
  console.error(e);
  process.exit(1);
});
