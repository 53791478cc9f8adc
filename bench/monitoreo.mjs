#!/usr/bin/env node
// Monitoring benchmark (issue 13): cycles over every service and connection of
// `db:seed --scale N` (default 100,000 connections → 10,000 services), all bound to Prometheus,
// against a local stand-in (bench/prometheus-falso.mjs) that answers each query after a fixed delay.
// Measures the first cycle (the last hours of every binding, then backfill while the cycle is short),
// the backfill cycles until every 24 h window is complete, and a steady cycle after that.
// Prints: cycle time, extra server memory (RSS during the cycle − idle), storage per day at that size,
// and the list and detail endpoints' req/s idle and while each cycle runs, on Troncal and on the
// baseline server (bench/baseline.mjs, the same SQL, on the same database) measured in short
// alternating slices so both see the same load: Troncal ÷ baseline during a cycle, divided by the
// same ratio idle, is issue 13's "no worse than 0.8×" (the cycle's writes take PostgreSQL's CPU from both).
//
// Uses the built server (apps/server/dist: run `pnpm build` first), its own database
// troncal_bench_mon on 127.0.0.1:5432 (dropped at the end unless --keep-db), and kills only the
// processes it started, by PID. Run it under the bench lock: flock /tmp/troncal-bench.lock pnpm bench:monitoreo
//
//   node bench/monitoreo.mjs [--scale 100000] [--latency 5] [--latency-series 0.1] [--concurrency 64]
//                            [--duration 10] [--slice 2] [--keep-db]
//                            [--cpu-prof DIR] [--server apps/server/dist/otro.js]

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import {
  carga,
  detenerTodos,
  esperar,
  esperarSalud,
  lanzar,
  mediana,
  muestrearRss,
  n0,
  n1,
  puertoLibre,
  root,
  rssMiB,
  tabla,
} from './lib.mjs';

const { values: o } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    scale: { type: 'string' },
    latency: { type: 'string' },
    'latency-series': { type: 'string' },
    concurrency: { type: 'string' },
    duration: { type: 'string' },
    slice: { type: 'string' },
    interval: { type: 'string' },
    'keep-db': { type: 'boolean' },
    'pg-url': { type: 'string' },
    'cpu-prof': { type: 'string' },
    server: { type: 'string' },
  },
});
const cfg = {
  escala: Number(o.scale ?? 100_000),
  latencia: Number(o.latency ?? 5),
  // Prometheus's evaluation grows with the series a query answers: this much more per series.
  latenciaSerie: Number(o['latency-series'] ?? 0.1),
  concurrencia: Number(o.concurrency ?? 64),
  // Idle: seconds per server and endpoint. During a cycle the slices go on until it ends.
  duracion: Number(o.duration ?? 10),
  // Seconds of one slice (one server, one endpoint) in the Troncal/baseline rotation.
  rebanada: Number(o.slice ?? 2),
  // The cycle stops reading at 90 % of the interval: long enough here for the first, whole-window read.
  intervalo: Number(o.interval ?? 3600),
};
const PG_ADMIN = o['pg-url'] ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!['127.0.0.1', 'localhost'].includes(new URL(PG_ADMIN).hostname)) {
  console.error('El benchmark solo usa PostgreSQL en loopback.');
  process.exit(1);
}
const DB = 'troncal_bench_mon';
const benchUrl = (() => {
  const u = new URL(PG_ADMIN);
  u.pathname = `/${DB}`;
  return u.toString();
})();
const log = (m) => process.stderr.write(`[bench:monitoreo] ${m}\n`);
const MiB = (b) => Number(b) / 1024 / 1024;

function pnpm(args, { env = {}, capturar = false } = {}) {
  const execpath = process.env.npm_execpath;
  const [cmd, pre] =
    execpath && /pnpm/.test(execpath) && execpath.endsWith('.cjs') ? [process.execPath, [execpath]] : ['pnpm', []];
  const r = spawnSync(cmd, [...pre, '--silent', ...args], {
    cwd: root,
    env: { ...process.env, TRONCAL_SKIP_BUILD: '1', ...env },
    stdio: ['ignore', capturar ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`pnpm ${args.join(' ')} terminó con código ${r.status}`);
  return r.stdout ?? '';
}

const cannon = (opts) => new Promise((res, rej) => autocannon(opts, (e, r) => (e ? rej(e) : res(r))));

async function medir(base, token, ruta, segundos) {
  const r = await cannon({
    url: base,
    connections: 8,
    duration: segundos,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      typeof ruta === 'function'
        ? { method: 'GET', path: '/', setupRequest: (req) => ({ ...req, path: ruta() }) }
        : { method: 'GET', path: ruta },
    ],
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    no2xx: r.non2xx,
    total: r.requests.total,
    s: r.duration,
    fin: Date.now(),
  };
}

/**
 * Slices of `cfg.rebanada` s over `objetivos` ({ servidor, endpoint, base, ruta }) in turn, the order
 * reversed every other round (T list, B list, T detail, B detail, then back), while `seguir(ronda)`.
 * Returns the slices; `porServidor` adds them up.
 */
async function rotar(objetivos, token, seguir) {
  const rebanadas = [];
  for (let ronda = 0; seguir(ronda); ronda++) {
    for (const x of ronda % 2 === 0 ? objetivos : [...objetivos].reverse()) {
      if (!seguir(ronda)) break;
      rebanadas.push({ ...x, ...(await medir(x.base, token, x.ruta, cfg.rebanada)) });
    }
  }
  return rebanadas;
}

/** { lista: { troncal, base }, detalle: { troncal, base } }: req/s = requests ÷ seconds of its slices. */
function porServidor(rebanadas) {
  const r = {};
  for (const endpoint of ['lista', 'detalle']) {
    r[endpoint] = {};
    for (const servidor of ['troncal', 'base']) {
      const xs = rebanadas.filter((x) => x.endpoint === endpoint && x.servidor === servidor);
      const s = xs.reduce((a, x) => a + x.s, 0);
      r[endpoint][servidor] = {
        rps: s > 0 ? xs.reduce((a, x) => a + x.total, 0) / s : Number.NaN,
        p99: mediana(xs.map((x) => x.p99)),
        no2xx: xs.reduce((a, x) => a + x.no2xx, 0),
        rebanadas: xs.length,
      };
    }
  }
  return r;
}

async function almacen(sql) {
  const [f] = await sql.unsafe(
    `select pg_total_relation_size('uso_horario') as horario, pg_total_relation_size('uso_diario') as diario,
            pg_total_relation_size('vinculos_monitoreo') as vinculos, (select count(*) from uso_horario) as filas`,
  );
  return { horario: Number(f.horario), diario: Number(f.diario), vinculos: Number(f.vinculos), filas: Number(f.filas) };
}

/** Clients to close whatever happens, so the process ends (and frees the bench lock). */
const abiertos = [];

async function principal() {
  const r = { fecha: new Date().toISOString(), cfg, carga: { inicio: carga() } };
  for (const f of ['apps/server/dist/main.js', 'apps/server/dist/cli.js']) {
    if (!existsSync(path.join(root, f))) throw new Error(`Falta ${f}: ejecute pnpm build.`);
  }
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB} with (force)`);
  await admin.unsafe(`create database ${DB}`);
  await admin.end({ timeout: 2 });

  log(`db:seed --scale ${cfg.escala}…`);
  pnpm(['troncal', 'db:seed', '--scale', String(cfg.escala)], { env: { DATABASE_URL: benchUrl } });
  const token = pnpm(['troncal', 'tokens:create', '--name', 'bench-mon', '--role', 'operador'], {
    env: { DATABASE_URL: benchUrl },
    capturar: true,
  })
    .trim()
    .split('\n')
    .at(-1)
    .trim();

  const sql = postgres(benchUrl, { max: 2, onnotice: () => {} });
  abiertos.push(sql);
  // Every connection and every service bound to Prometheus; a "cycle just finished" row keeps the
  // server's own first scheduled cycle from starting, so the one measured is the one we ask for.
  await sql.unsafe(
    `insert into vinculos_monitoreo (objeto, objeto_id, fuente, entrada, salida)
     select 'conexion', enlace_id, 'prometheus', 'troncal_in{id="' || enlace_id || '"}', 'troncal_out{id="' || enlace_id || '"}'
       from conexiones`,
  );
  await sql.unsafe(
    `insert into vinculos_monitoreo (objeto, objeto_id, fuente, entrada, salida)
     select 'servicio', servicio_id, 'prometheus', 'troncal_in{id="' || (1000000 + servicio_id) || '"}',
            'troncal_out{id="' || (1000000 + servicio_id) || '"}'
       from servicios_proveedor`,
  );
  await sql.unsafe(
    `insert into monitoreo_ciclo (ciclo_id, iniciado_en, terminado_en, origen) values (1, now(), now(), 'bench')`,
  );
  await sql.unsafe('vacuum analyze');
  const [cuenta] = await sql.unsafe(
    `select (select count(*) from vinculos_monitoreo where objeto = 'conexion') as c,
            (select count(*) from vinculos_monitoreo where objeto = 'servicio') as s,
            (select min(enlace_id) from conexiones) as min_id, (select max(enlace_id) from conexiones) as max_id`,
  );
  r.vinculos = { conexiones: Number(cuenta.c), servicios: Number(cuenta.s) };
  log(`${n0(r.vinculos.conexiones)} conexiones y ${n0(r.vinculos.servicios)} servicios vinculados`);

  const puertoP = await puertoLibre();
  lanzar('prometheus falso', process.execPath, [
    'bench/prometheus-falso.mjs',
    String(puertoP),
    String(cfg.latencia),
    String(cfg.latenciaSerie),
  ]);
  await esperar(500);
  const puertoT = await puertoLibre();
  // --cpu-prof DIR: the server writes a V8 CPU profile there when it stops (SIGTERM → clean exit).
  const perfil = o['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(o['cpu-prof'])}`] : [];
  // --server: another build of the server (an A/B comparison), default the built one.
  const troncal = lanzar('troncal', process.execPath, [...perfil, o.server ?? 'apps/server/dist/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: benchUrl,
      PORT: String(puertoT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      TRONCAL_PROMETHEUS_URL: `http://127.0.0.1:${puertoP}`,
      TRONCAL_MONITOREO_INTERVALO_S: String(cfg.intervalo),
      TRONCAL_MONITOREO_CONCURRENCIA: String(cfg.concurrencia),
    },
  });
  const base = `http://127.0.0.1:${puertoT}`;
  // The baseline on the same database, as pnpm bench starts it (bench/run.mjs).
  const puertoB = await puertoLibre();
  const lineaBase = lanzar('línea base', process.execPath, ['bench/baseline.mjs'], {
    env: { ...process.env, DATABASE_URL: benchUrl, PORT: String(puertoB) },
  });
  const urlB = `http://127.0.0.1:${puertoB}`;
  await esperarSalud(`${base}/healthz`, troncal);
  await esperarSalud(`${urlB}/healthz`, lineaBase);

  const minId = Number(cuenta.min_id);
  const maxId = Number(cuenta.max_id);
  // The same sequence of ids for each server.
  const detalle = () => {
    let k = 0;
    return () => `/v1/conexiones/${minId + ((k++ * 7919) % (maxId - minId + 1))}`;
  };
  const lista = '/v1/conexiones/listar';
  const objetivos = [
    { servidor: 'troncal', endpoint: 'lista', base, ruta: lista },
    { servidor: 'base', endpoint: 'lista', base: urlB, ruta: lista },
    { servidor: 'troncal', endpoint: 'detalle', base, ruta: detalle() },
    { servidor: 'base', endpoint: 'detalle', base: urlB, ruta: detalle() },
  ];

  log('reposo: calentamiento y medición (Troncal y línea base alternando)…');
  for (const x of objetivos) await medir(x.base, token, x.ruta, 3);
  const rssReposo = rssMiB(troncal.pid);
  const rondasReposo = Math.max(1, Math.round(cfg.duracion / cfg.rebanada));
  r.reposo = porServidor(await rotar(objetivos, token, (ronda) => ronda < rondasReposo));
  r.rssReposo = rssMiB(troncal.pid) ?? rssReposo;

  // A cycle asked for over HTTP while the list and detail endpoints are measured at the same time.
  const cicloMedido = async (nombre) => {
    log(`${nombre} (POST /v1/monitoreo/sincronizar) con carga de lectura al mismo tiempo…`);
    const m = { carga: carga() };
    const parar = muestrearRss(troncal.pid, 200);
    const t0 = performance.now();
    // The POST answers when the cycle ends; a long cycle outlives the server's idle-connection
    // timeout (TRONCAL_CONNECTION_TIMEOUT_S) and the cycle goes on, so the end is read from
    // /v1/monitoreo/estado (its last cycle, finished after this one started).
    const inicio = new Date(Date.now() - 1000).toISOString();
    const post = fetch(`${base}/v1/monitoreo/sincronizar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
      .then(async (res) => ({ status: res.status, cuerpo: await res.json() }))
      .catch((e) => ({ status: null, cuerpo: {}, error: String(e.cause?.code ?? e.message) }));
    let terminado = false;
    const fin = (async () => {
      for (;;) {
        await esperar(1000);
        const e = await (
          await fetch(`${base}/v1/monitoreo/estado`, { headers: { authorization: `Bearer ${token}` } })
        ).json();
        const c = e.ultimo_ciclo;
        if (c?.terminado_en && c.iniciado_en >= inicio) {
          terminado = true;
          return { c, ms: performance.now() - t0 };
        }
      }
    })();
    await esperar(1000);
    // Slices until the cycle ends; only those that ended before it did count (same clock).
    const rebanadas = await rotar(objetivos, token, () => !terminado);
    const { c, ms } = await fin;
    const terminoEn = Date.parse(c.terminado_en);
    m.durante = porServidor(rebanadas.filter((x) => x.fin <= terminoEn));
    m.rebanadasDescartadas = rebanadas.filter((x) => x.fin > terminoEn).length;
    m.rss = parar();
    const respuesta = await Promise.race([post, esperar(5000).then(() => ({ status: 'sin respuesta', cuerpo: {} }))]);
    m.ciclo = {
      status: respuesta.status ?? `conexión cerrada (${respuesta.error})`,
      ms: c.duracion_ms ?? ms,
      consultados: c.consultados,
      actualizados: c.actualizados,
      errores: c.errores,
      mensaje: respuesta.cuerpo?.message,
    };
    m.sinMedir = ['lista', 'detalle'].some((e) => !m.durante[e].troncal.rebanadas || !m.durante[e].base.rebanadas);
    m.almacen = await almacen(sql);
    return m;
  };
  r.almacen0 = await almacen(sql);
  const fuente = async () => {
    const leer = async (ruta) => Number(await (await fetch(`http://127.0.0.1:${puertoP}/${ruta}`)).text());
    return { peticiones: await leer('peticiones'), series: await leer('series') };
  };
  const f0 = await fuente();
  r.primero = await cicloMedido('primer ciclo: las últimas horas y el relleno que quepa');
  const f1 = await fuente();
  r.primero.peticiones = f1.peticiones - f0.peticiones;
  r.primero.series = f1.series - f0.series;
  // The rest of the window, a few hours further back per cycle (docs/monitoreo.md): cycles one
  // after the other, without API load, until no binding's window is incomplete.
  const estado = async () =>
    (await fetch(`${base}/v1/monitoreo/estado`, { headers: { authorization: `Bearer ${token}` } })).json();
  r.relleno = [];
  for (let e = await estado(); e.ventana_incompleta > 0 && r.relleno.length < 60; e = await estado()) {
    const t0 = performance.now();
    const res = await fetch(`${base}/v1/monitoreo/sincronizar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    const c = (await estado()).ultimo_ciclo;
    r.relleno.push({ ms: c?.duracion_ms ?? performance.now() - t0, pendientes: e.ventana_incompleta });
    log(
      `ciclo de relleno ${r.relleno.length}: ${n1((c?.duracion_ms ?? 0) / 1000)} s (${n0(e.ventana_incompleta)} vínculos con la ventana incompleta al empezar)`,
    );
  }
  r.incompletasAlFinal = (await estado()).ventana_incompleta;
  const fR = await fuente();
  r.peticionesRelleno = fR.peticiones - f1.peticiones;
  await esperar(2000);
  r.segundo = await cicloMedido('ciclo siguiente, ventana completa: desde la hora de la última muestra');
  const f2 = await fuente();
  r.segundo.peticiones = f2.peticiones - fR.peticiones;
  r.segundo.series = f2.series - fR.series;
  r.carga.fin = carga();
  await sql.end({ timeout: 2 });
  return r;
}

function informe(r) {
  const ratio = (a, b) => (b > 0 ? (a / b) * 100 : Number.NaN);
  const vinculos = r.vinculos.conexiones + r.vinculos.servicios;
  const a0 = r.almacen0;
  // Once every window is complete: 24–25 hourly rows per binding.
  const a1 = r.segundo.almacen;
  const bytesFila = (a1.horario - a0.horario) / Math.max(1, a1.filas - a0.filas);
  const porDia = bytesFila * 24 * vinculos;
  const filaCiclo = (nombre, m) => [
    [
      `${nombre}: time`,
      `**${n1(m.ciclo.ms / 1000)} s** (HTTP ${m.ciclo.status}; ${n0(m.ciclo.consultados)} read, ${n0(m.ciclo.actualizados)} updated, ${n0(m.ciclo.errores)} not OK; ${n0(m.peticiones)} source requests for ${n0(m.series)} series${m.ciclo.mensaje ? `; ${m.ciclo.mensaje}` : ''})`,
      '≤ 60 s',
    ],
    [
      `${nombre}: server RSS idle → max`,
      `${n0(r.rssReposo)} → ${n0(m.rss.max)} MiB (**+${n0(m.rss.max - r.rssReposo)} MiB**, mean ${n0(m.rss.media)})`,
      '≤ +300 MB',
    ],
    ...[
      ['GET /v1/conexiones/listar', 'lista'],
      ['GET /v1/conexiones/:id', 'detalle'],
    ].map(([ruta, e]) => {
      const [a, d] = [r.reposo[e].troncal, m.durante[e].troncal];
      return [
        `${nombre}: ${ruta} Troncal req/s idle → during`,
        `${n0(a.rps)} → ${n0(d.rps)} (${n1(ratio(d.rps, a.rps))} %; p99 ${n0(a.p99)} → ${n0(d.p99)} ms)`,
        '',
      ];
    }),
  ];
  // Troncal ÷ baseline in a window, and that divided by the same ratio idle (issue 13: ≥ 0.8×).
  const frente = (m) => (e) => m[e].troncal.rps / m[e].base.rps;
  const filasBase = [
    ['idle', r.reposo],
    ['first cycle', r.primero.durante],
    ['next cycle', r.segundo.durante],
  ].flatMap(([ventana, m]) =>
    [
      ['GET /v1/conexiones/listar', 'lista'],
      ['GET /v1/conexiones/:id', 'detalle'],
    ].map(([ruta, e]) => [
      ventana,
      ruta,
      `${n0(m[e].troncal.rps)} (${m[e].troncal.rebanadas}×${r.cfg.rebanada} s)`,
      `${n0(m[e].base.rps)} (${m[e].base.rebanadas}×${r.cfg.rebanada} s)`,
      `${frente(m)(e).toFixed(2)}×`,
      m === r.reposo ? '1' : `**${(frente(m)(e) / frente(r.reposo)(e)).toFixed(2)}×**`,
      `${n0(m[e].troncal.p99)} / ${n0(m[e].base.p99)}`,
    ]),
  );
  return [
    `# Monitoring cycle benchmark (${r.fecha})`,
    '',
    `${n0(r.vinculos.conexiones)} bound connections + ${n0(r.vinculos.servicios)} bound services, a Prometheus stand-in answering each query after ${r.cfg.latencia} ms + ${r.cfg.latenciaSerie} ms per series, TRONCAL_MONITOREO_CONCURRENCIA=${r.cfg.concurrencia}, PostgreSQL on 127.0.0.1, 8 autocannon connections, Troncal and the baseline (bench/baseline.mjs, same database) measured in ${r.cfg.rebanada} s slices in turn (list T, list B, detail T, detail B, then reversed): ${r.cfg.duracion} s each idle, and from 1 s after the cycle starts until it ends. Load average (1/5/15 min): start ${r.carga.inicio}, first cycle ${r.primero.carga}, next cycle ${r.segundo.carga}, end ${r.carga.fin} — other helpers were loading this 2-core machine, and the stand-in source runs on it too.`,
    '',
    tabla(
      ['figure', 'value', 'target'],
      [
        ...filaCiclo('first cycle (last hours + backfill)', r.primero),
        [
          'backfill cycles until every 24 h window is complete (no API load)',
          r.relleno.length
            ? `**${r.relleno.length}** after the first, ${n1(Math.min(...r.relleno.map((x) => x.ms)) / 1000)}–${n1(Math.max(...r.relleno.map((x) => x.ms)) / 1000)} s each, ${n1(r.relleno.reduce((a, x) => a + x.ms, 0) / 1000)} s in all (${n0(r.peticionesRelleno)} source requests); incomplete windows at the start of each: ${r.relleno.map((x) => n0(x.pendientes)).join(', ')}; at the end: ${n0(r.incompletasAlFinal)}`
            : `none: the first cycle completed every window (${n0(r.incompletasAlFinal)} incomplete)`,
          'each ≤ 60 s',
        ],
        ...filaCiclo('next cycle, windows complete (from the last hour)', r.segundo),
        [
          'uso_horario with every window complete',
          `${n0(a1.filas)} rows (${n1(a1.filas / vinculos)} per binding), ${n0(MiB(a1.horario))} MiB with indexes (${n0(bytesFila)} B/row)`,
          '',
        ],
        [
          'storage growth per day',
          `**${n0(MiB(porDia))} MiB/day** of hourly rows (24 per binding) until the 35-day retention, then flat; + ≈ ${n0(MiB(126 * vinculos))} MiB/day of daily summaries`,
          '',
        ],
      ],
    ),
    '',
    tabla(
      [
        'window',
        'endpoint',
        'Troncal req/s',
        'baseline req/s',
        'Troncal ÷ baseline',
        '÷ idle ratio (≥ 0.8×)',
        'p99 ms T / B',
      ],
      filasBase,
    ),
    '',
    `Slices that ended after the cycle and were left out: first ${r.primero.rebanadasDescartadas}, next ${r.segundo.rebanadasDescartadas}.`,
    r.primero.sinMedir || r.segundo.sinMedir
      ? '⚠️ A cycle ended before every server and endpoint had a slice inside it: lengthen the cycle or shorten --slice.'
      : '',
  ].join('\n');
}

principal()
  .then((r) => {
    process.stdout.write(`${informe(r)}\n`);
    process.stdout.write(`\n<!-- ${JSON.stringify(r)} -->\n`);
  })
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    await detenerTodos();
    for (const c of abiertos) await c.end({ timeout: 2 }).catch(() => {});
    if (!o['keep-db']) {
      const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${DB} with (force)`).catch(() => {});
      await admin.end({ timeout: 2 });
    }
    process.exit(process.exitCode ?? 0);
  });
