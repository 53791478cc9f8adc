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
//                            [--duration 10] [--slice 2] [--keep-db] [--steady N [--through-hour] [--reuse-db]]
//                            [--cpu-prof DIR] [--server apps/server/dist/otro.js] [--nice 0-19]
//                            [--team USERS [--think S]]
//
// --team (with --steady): instead of saturating the endpoints, an ops team's traffic while each
// cycle runs: USERS people, each asking for a list or a detail every --think seconds on average
// (Poisson arrivals, open loop: a slow answer does not slow the next request), and the cycle's time
// and each request's latency (idle and during the cycle) are what it prints. The saturating slices
// are what the req/s ratios need; this is the load the cycle meets in production.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import postgres from 'postgres';
import {
  carga,
  cpuOcupadaSeg,
  cpuSeg,
  cpuSegDe,
  detenerTodos,
  esperar,
  esperarSalud,
  lanzar,
  mediana,
  muestrearRss,
  n0,
  n1,
  pssMiB,
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
    'max-backfill': { type: 'string' },
    steady: { type: 'string' },
    'through-hour': { type: 'boolean' },
    'reuse-db': { type: 'boolean' },
    'keep-db': { type: 'boolean' },
    'pg-url': { type: 'string' },
    'cpu-prof': { type: 'string' },
    server: { type: 'string' },
    nice: { type: 'string' },
    checkpoint: { type: 'boolean' },
    team: { type: 'string' },
    think: { type: 'string' },
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
  // The server's interval, as in production: the timer's cycles and backfill runs are part of the run.
  // The server's interval, as in production (--steady: the measured cycles come faster than it, so
  // its timer runs none of its own; it still spreads next hour's window summaries as it would).
  intervalo: Number(o.interval ?? 300),
  // Stop watching the backfill after this many seconds even if windows are still incomplete.
  maxRelleno: Number(o['max-backfill'] ?? 3000),
  // --steady N: skip the first cycle and the backfill; write every binding's 24 h window straight
  // into the database, run one cycle unmeasured (it computes every binding's figures), then measure
  // N steady cycles, each asked for over POST with the API loaded, a pause between them.
  estables: o.steady === undefined ? 0 : Number(o.steady),
  nice: o.nice ?? 'the default',
  // The cycle process's SCHED_IDLE (TRONCAL_MONITOREO_SCHED_IDLE in this process's environment, passed on).
  schedIdle: process.env.TRONCAL_MONITOREO_SCHED_IDLE || 'the default',
  // --through-hour: go on measuring steady cycles until one has started after the next hour turns.
  cruzarHora: Boolean(o['through-hour']),
  // --reuse-db: keep troncal_bench_mon's seed and bindings from an earlier --keep-db run.
  reusar: Boolean(o['reuse-db']),
  // --checkpoint: a CHECKPOINT before each measured steady cycle, as at the 300 s interval with
  // PostgreSQL's default 5 min checkpoint_timeout, where most cycles follow one (full-page writes).
  checkpoint: Boolean(o.checkpoint),
  // --team USERS / --think S: the ops team's open-loop load during the measured cycles (0: saturating slices).
  equipo: Number(o.team ?? 0),
  pensar: Number(o.think ?? 2),
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

/**
 * --team: an ops team's requests, open loop: arrivals at `tasa` req/s with exponential gaps (a fixed
 * seed, so every run asks the same), list and detail in turn, each request's latency kept with its
 * start and end. `detener()` stops new requests and waits for the ones under way.
 */
function cargaEquipo(base, token, tasa, rutas) {
  const hechas = [];
  let parar = false;
  let semilla = 12345;
  const azar = () => {
    semilla = (semilla * 1103515245 + 12345) % 2147483648;
    return semilla / 2147483648;
  };
  const hecho = (async () => {
    const enCurso = new Set();
    let t = performance.now();
    for (let k = 0; !parar; k++) {
      t += (-Math.log(1 - azar()) * 1000) / tasa;
      const espera = t - performance.now();
      if (espera > 0) await esperar(espera);
      if (parar) break;
      const endpoint = k % 2 === 0 ? 'lista' : 'detalle';
      const inicio = Date.now();
      const t0 = performance.now();
      const p = fetch(base + rutas[endpoint](), { headers: { authorization: `Bearer ${token}` } })
        .then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        })
        .catch((e) => String(e.cause?.code ?? e.message))
        .then((status) => {
          hechas.push({ endpoint, inicio, fin: Date.now(), ms: performance.now() - t0, status });
          enCurso.delete(p);
        });
      enCurso.add(p);
    }
    await Promise.all(enCurso);
  })();
  return {
    detener: async () => {
      parar = true;
      await hecho;
      return hechas;
    },
  };
}

const percentil = (xs, q) => {
  if (xs.length === 0) return Number.NaN;
  const o = [...xs].sort((a, b) => a - b);
  return o[Math.min(o.length - 1, Math.ceil(q * o.length) - 1)];
};

/** --team: { lista, detalle } → { n, errores, p50, p95, p99, max } (ms) of the requests given. */
function latencias(hechas) {
  return Object.fromEntries(
    ['lista', 'detalle'].map((e) => {
      const xs = hechas.filter((h) => h.endpoint === e);
      const ms = xs.map((h) => h.ms);
      return [
        e,
        {
          n: xs.length,
          errores: xs.filter((h) => !(typeof h.status === 'number' && h.status < 300)).length,
          p50: percentil(ms, 0.5),
          p95: percentil(ms, 0.95),
          p99: percentil(ms, 0.99),
          max: ms.length ? Math.max(...ms) : Number.NaN,
        },
      ];
    }),
  );
}

async function almacen(sql) {
  const [f] = await sql.unsafe(
    `select pg_total_relation_size('uso_horario') as horario, pg_total_relation_size('uso_diario') as diario,
            pg_total_relation_size('vinculos_monitoreo') as vinculos, (select count(*) from uso_horario) as filas`,
  );
  return { horario: Number(f.horario), diario: Number(f.diario), vinculos: Number(f.vinculos), filas: Number(f.filas) };
}

/**
 * --steady: every binding's 24 h window written straight into uso_horario as the stand-in source
 * would have answered it (the same daily rhythm; its own noise), up to the last 5-minute slot, and
 * the bindings marked read over the whole window, so the next cycle is a steady one (from the hour
 * of the last sample). Values in kbps, salida 0.3 × entrada, as bench/prometheus-falso.mjs.
 */
async function ventanasCompletas(sql) {
  const t0 = performance.now();
  // kbps at slot i of hour h.h, as the stand-in's valor() (the same rhythm and range; its own noise);
  // written out per slot, so each row is plain expressions (no subquery per hour).
  const kbps = (i) =>
    `(10e6 + (v.etiqueta % 97) * 3e6)
       * (0.2 + 0.8 * exp(-power((((h.h + ${i * 300} - 18000) % 86400 + 86400) % 86400 / 3600.0 - 14) / 4, 2)))
       * (0.9 + ((v.etiqueta * 7919 + (h.h + ${i * 300}) / 300 * 104729) % 1000) / 5000.0) / 1000`;
  const slot = (i, f) => `case when h.h + ${i * 300} <= h.ultima then round(${kbps(i)} * ${f})::int end`;
  const arreglo = (f) => `array[${Array.from({ length: 12 }, (_, i) => slot(i, f)).join(', ')}]`;
  // One clock for both statements: the hours before the last sample's go to uso_horario, the last
  // sample's hour into each binding's row (hora_actual), as the cycle keeps them.
  const [{ ahora }] = await sql.unsafe('select extract(epoch from now())::bigint as ahora');
  const comun = `b as (select floor((${ahora} - 300) / 300.0)::bigint * 300 as ultima,
                              floor((${ahora} - 86400) / 3600.0)::bigint * 3600 as inicio),
          v as (select objeto as ob, case objeto when 'conexion' then 1 else 2 end as o, objeto_id as id,
                       case objeto when 'conexion' then objeto_id else 1000000 + objeto_id end::bigint as etiqueta
                  from vinculos_monitoreo)`;
  await sql.unsafe(
    `with ${comun},
          h as (select generate_series(b.inicio, floor(b.ultima / 3600.0)::bigint * 3600 - 3600, 3600) as h, b.ultima from b)
     insert into uso_horario (objeto, objeto_id, hora, entrada_kbps, salida_kbps)
     select v.o, v.id, to_timestamp(h.h), ${arreglo(1)}, ${arreglo(0.3)}
       from v cross join h`,
  );
  await sql.unsafe(
    `with ${comun},
          h as (select floor(b.ultima / 3600.0)::bigint * 3600 as h, b.ultima from b)
     update vinculos_monitoreo x set hora_actual = to_timestamp(h.h), actual_entrada_kbps = ${arreglo(1)},
            actual_salida_kbps = ${arreglo(0.3)}
       from v cross join h
      where x.objeto = v.ob and x.objeto_id = v.id`,
  );
  await sql.unsafe(
    `update vinculos_monitoreo set estado = 'OK',
            leido_desde = to_timestamp(floor((extract(epoch from now()) - 86400) / 3600) * 3600),
            ultima_muestra_en = to_timestamp(floor((extract(epoch from now()) - 300) / 300) * 300)`,
  );
  const [f] = await sql.unsafe('select count(*) as n from uso_horario');
  log(`ventanas de 24 h escritas: ${n0(Number(f.n))} filas horarias en ${n1((performance.now() - t0) / 1000)} s`);
}

/** Clients to close whatever happens, so the process ends (and frees the bench lock). */
const abiertos = [];

async function principal() {
  const r = { fecha: new Date().toISOString(), cfg, carga: { inicio: carga() } };
  for (const f of ['apps/server/dist/main.js', 'apps/server/dist/cli.js']) {
    if (!existsSync(path.join(root, f))) throw new Error(`Falta ${f}: ejecute pnpm build.`);
  }
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  const [existe] = await admin.unsafe(`select 1 from pg_database where datname = '${DB}'`);
  const reusar = cfg.reusar && Boolean(existe);
  if (!reusar) {
    await admin.unsafe(`drop database if exists ${DB} with (force)`);
    await admin.unsafe(`create database ${DB}`);
  }
  await admin.end({ timeout: 2 });

  if (!reusar) {
    log(`db:seed --scale ${cfg.escala}…`);
    pnpm(['troncal', 'db:seed', '--scale', String(cfg.escala)], { env: { DATABASE_URL: benchUrl } });
  } else {
    log(`reutilizando ${DB}: migraciones pendientes…`);
    pnpm(['troncal', 'db:migrate'], { env: { DATABASE_URL: benchUrl } });
  }
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
  // --reuse-db --steady: the bindings and windows of the earlier run stay when they are complete
  // (the unmeasured cycle catches up the hours since); otherwise they are written again.
  const [previo] = reusar
    ? await sql.unsafe(
        `select count(*) as n, count(*) filter (where leido_desde is null or leido_desde > now() - interval '24 hours') as incompletas
           from vinculos_monitoreo`,
      )
    : [{ n: 0, incompletas: 0 }];
  if (cfg.estables > 0 && Number(previo.n) > 0 && Number(previo.incompletas) === 0) {
    log(`reutilizando ${n0(Number(previo.n))} vínculos con sus ventanas completas`);
  } else {
    if (reusar) await sql.unsafe('truncate vinculos_monitoreo, uso_horario, uso_diario, monitoreo_ciclo');
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
    if (cfg.estables > 0) await ventanasCompletas(sql);
  }
  // The server's timer counts its first cycle from here: the measured cycles are the ones asked for.
  await sql.unsafe(`update monitoreo_ciclo set terminado_en = now() where ciclo_id = 1`);
  // Each table's pages as its storage parameters (fillfactor) lay them out, as a restored database's.
  await sql.unsafe('vacuum full vinculos_monitoreo, conexiones, servicios_proveedor');
  await sql.unsafe('vacuum analyze');
  const [cuenta] = await sql.unsafe(
    `select (select count(*) from vinculos_monitoreo where objeto = 'conexion') as c,
            (select count(*) from vinculos_monitoreo where objeto = 'servicio') as s,
            (select min(enlace_id) from conexiones) as min_id, (select max(enlace_id) from conexiones) as max_id`,
  );
  r.vinculos = { conexiones: Number(cuenta.c), servicios: Number(cuenta.s) };
  log(`${n0(r.vinculos.conexiones)} conexiones y ${n0(r.vinculos.servicios)} servicios vinculados`);

  const puertoP = await puertoLibre();
  const falso = lanzar('prometheus falso', process.execPath, [
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
      // The POST of a long first cycle carries nothing until it answers: keep it open for its steps.
      TRONCAL_CONNECTION_TIMEOUT_S: '900',
      // --nice: the cycle thread's priority (default: the server's default).
      ...(o.nice === undefined ? {} : { TRONCAL_MONITOREO_NICE: o.nice }),
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

  // CPU seconds over a measured cycle, by process: where the two cores went (the stand-in source,
  // the baseline and autocannon in this process are the bench's own; PostgreSQL serves both the
  // cycle and the API load).
  const cpuAhora = () => {
    const b = process.cpuUsage();
    return {
      troncal: cpuSeg(troncal.pid),
      postgres: cpuSegDe('postgres'),
      fuente: cpuSeg(falso.pid),
      base: cpuSeg(lineaBase.pid),
      bench: (b.user + b.system) / 1e6,
      maquina: cpuOcupadaSeg(),
    };
  };
  const cpuDesde = (antes) => {
    const ahora = cpuAhora();
    return Object.fromEntries(Object.keys(ahora).map((k) => [k, ahora[k] - antes[k]]));
  };
  log('reposo: calentamiento y medición (Troncal y línea base alternando)…');
  for (const x of objetivos) await medir(x.base, token, x.ruta, 3);
  const rssReposo = rssMiB(troncal.pid);
  const rondasReposo = Math.max(1, Math.round(cfg.duracion / cfg.rebanada));
  const cpuReposo0 = cpuAhora();
  const tReposo0 = performance.now();
  const rebanadasReposo = await rotar(objetivos, token, (ronda) => ronda < rondasReposo);
  r.cpuReposo = { ...cpuDesde(cpuReposo0), s: (performance.now() - tReposo0) / 1000 };
  r.reposo = porServidor(rebanadasReposo);
  r.rssReposo = rssMiB(troncal.pid) ?? rssReposo;
  r.pssReposo = pssMiB(troncal.pid);
  // --team: the team's traffic alone, for the latencies during each cycle to be read against.
  const rutasEquipo = { lista: () => lista, detalle: detalle() };
  const tasaEquipo = cfg.equipo / cfg.pensar;
  const equipoReposo = async () => {
    const carga = cargaEquipo(base, token, tasaEquipo, rutasEquipo);
    await esperar(cfg.duracion * 4000);
    return latencias(await carga.detener());
  };
  if (cfg.equipo > 0) {
    log(`reposo con el tráfico del equipo (${cfg.equipo} personas, ${n1(tasaEquipo)} peticiones/s)…`);
    r.equipoReposoInicial = await equipoReposo();
  }

  // What PostgreSQL did during a cycle, from its cumulative statistics: WAL records and full-page
  // images, rows updated and how many of them HOT (no index entries, room on the same page), pages
  // read from disk or found in shared buffers, pages a backend had to write itself to free a buffer.
  const TABLAS_CICLO = ['vinculos_monitoreo', 'conexiones', 'servicios_proveedor', 'uso_horario'];
  const estadisticasPg = async () => {
    await sql.unsafe('select pg_stat_clear_snapshot()');
    const [w] = await sql.unsafe(
      'select wal_records::bigint as r, wal_fpi::bigint as f, wal_bytes::bigint as b from pg_stat_wal',
    );
    const [d] = await sql.unsafe(
      'select blks_read::bigint as leidos, blks_hit::bigint as cache from pg_stat_database where datname = current_database()',
    );
    const [bg] = await sql.unsafe(
      'select buffers_backend::bigint as backend, buffers_clean::bigint as limpiados from pg_stat_bgwriter',
    );
    const t = await sql.unsafe(
      'select relname, n_tup_upd::bigint as upd, n_tup_hot_upd::bigint as hot, n_tup_ins::bigint as ins from pg_stat_user_tables where relname = any($1)',
      [TABLAS_CICLO],
    );
    return {
      wal: { registros: Number(w.r), fpi: Number(w.f), bytes: Number(w.b) },
      bloques: {
        leidos: Number(d.leidos),
        cache: Number(d.cache),
        backend: Number(bg.backend),
        limpiados: Number(bg.limpiados),
      },
      tablas: Object.fromEntries(
        t.map((x) => [x.relname, { upd: Number(x.upd), hot: Number(x.hot), ins: Number(x.ins) }]),
      ),
    };
  };
  const diferenciaPg = (a, b) => ({
    wal: Object.fromEntries(Object.keys(a.wal).map((k) => [k, b.wal[k] - a.wal[k]])),
    bloques: Object.fromEntries(Object.keys(a.bloques).map((k) => [k, b.bloques[k] - a.bloques[k]])),
    tablas: Object.fromEntries(
      Object.keys(b.tablas).map((t) => [
        t,
        Object.fromEntries(Object.keys(b.tablas[t]).map((k) => [k, b.tablas[t][k] - (a.tablas[t]?.[k] ?? 0)])),
      ]),
    ),
  });

  // A cycle asked for over HTTP while the list and detail endpoints are measured at the same time.
  const cicloMedido = async (nombre) => {
    log(`${nombre} (POST /v1/monitoreo/sincronizar) con carga de lectura al mismo tiempo…`);
    const m = { carga: carga() };
    // Write-ahead log the cycle makes (the API load reads; its few writes are in the noise).
    const [wal0] = await sql.unsafe('select pg_current_wal_lsn()::text as lsn');
    const pg0 = await estadisticasPg();
    const parar = muestrearRss(troncal.pid, 200);
    const cpu0 = cpuAhora();
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
    // A refusal (409: a cycle was already running) ends the run instead of waiting for another.
    let rechazo = null;
    post.then((x) => {
      if (typeof x.status === 'number' && x.status !== 200) rechazo = x;
    });
    const fin = (async () => {
      for (;;) {
        await esperar(1000);
        if (rechazo) {
          terminado = true;
          throw new Error(`${nombre}: HTTP ${rechazo.status} ${JSON.stringify(rechazo.cuerpo)}`);
        }
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
    // --team: the team's requests from then on; only those that ended before the cycle did count.
    const equipo = cfg.equipo > 0 ? cargaEquipo(base, token, tasaEquipo, rutasEquipo) : null;
    // Slices until the cycle ends; only those that ended before it did count (same clock).
    const rebanadas = equipo ? [] : await rotar(objetivos, token, () => !terminado);
    const { c, ms } = await fin;
    const terminoEn = Date.parse(c.terminado_en);
    if (equipo) {
      const hechas = await equipo.detener();
      m.equipo = latencias(hechas.filter((h) => h.fin <= terminoEn));
    } else {
      m.durante = porServidor(rebanadas.filter((x) => x.fin <= terminoEn));
      m.rebanadasDescartadas = rebanadas.filter((x) => x.fin > terminoEn).length;
    }
    m.rss = parar();
    m.cpu = cpuDesde(cpu0);
    const respuesta = await Promise.race([post, esperar(5000).then(() => ({ status: 'sin respuesta', cuerpo: {} }))]);
    m.ciclo = {
      status: respuesta.status ?? `conexión cerrada (${respuesta.error})`,
      ms: c.duracion_ms ?? ms,
      consultados: c.consultados,
      actualizados: c.actualizados,
      errores: c.errores,
      mensaje: respuesta.cuerpo?.message,
      pasos: respuesta.cuerpo?.pasos_ms,
    };
    const [wal] = await sql.unsafe(`select pg_wal_lsn_diff(pg_current_wal_lsn(), '${wal0.lsn}')::bigint as b`);
    m.walMiB = Number(wal.b) / 1048576;
    // The statistics reach the shared counters when a backend goes idle (at most a second later).
    await esperar(1500);
    m.pg = diferenciaPg(pg0, await estadisticasPg());
    m.sinMedir = m.durante
      ? ['lista', 'detalle'].some((e) => !m.durante[e].troncal.rebanadas || !m.durante[e].base.rebanadas)
      : false;
    m.almacen = await almacen(sql);
    return m;
  };
  r.almacen0 = await almacen(sql);
  const fuente = async () => {
    const leer = async (ruta) => Number(await (await fetch(`http://127.0.0.1:${puertoP}/${ruta}`)).text());
    return { peticiones: await leer('peticiones'), series: await leer('series') };
  };
  if (cfg.estables > 0) {
    // One cycle without load computes every binding's figures (and bw_utilizado) from the written
    // windows; the measured ones after it are what every cycle is from then on.
    log('ciclo de preparación (sin carga)…');
    const res = await fetch(`${base}/v1/monitoreo/sincronizar`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const p = await res.json();
    if (res.status !== 200) throw new Error(`ciclo de preparación: HTTP ${res.status} ${JSON.stringify(p)}`);
    log(
      `  ${n1(p.duracion_ms / 1000)} s, ${n0(p.actualizados)} actualizados, ${n0(p.ventana_incompleta)} ventanas incompletas; ` +
        `pasos (s): ${Object.entries(p.pasos_ms ?? {})
          .map(([k, v]) => `${k} ${n1(v / 1000)}`)
          .join(', ')}`,
    );
    r.preparacion = { duracion_ms: p.duracion_ms, pasos_ms: p.pasos_ms };
    await sql.unsafe('vacuum analyze vinculos_monitoreo, conexiones');
    const [av] = await sql.unsafe('show autovacuum');
    // What autovacuum does between cycles (this PostgreSQL runs with it off): the cycles' updated
    // connections and services pass its 20 % threshold every cycle or two.
    const comoAutovacuum = async () => {
      if (av.autovacuum === 'off') await sql.unsafe('vacuum conexiones, servicios_proveedor, vinculos_monitoreo');
    };
    r.autovacuum = av.autovacuum;
    r.estables = [];
    const horaInicial = Math.floor(Date.now() / 3_600_000);
    const cruzada = () => r.estables.some((m) => Math.floor(Date.parse(m.iniciado) / 3_600_000) > horaInicial);
    for (let k = 0; k < cfg.estables || (cfg.cruzarHora && !cruzada()); k++) {
      await comoAutovacuum();
      if (cfg.checkpoint) await sql.unsafe('checkpoint');
      await esperar(15_000);
      const f = await fuente();
      const iniciado = new Date().toISOString();
      const m = await cicloMedido(`ciclo estable ${k + 1}`);
      m.iniciado = iniciado;
      const g = await fuente();
      m.peticiones = g.peticiones - f.peticiones;
      m.series = g.series - f.series;
      r.estables.push(m);
      if (m.equipo) {
        log(`  ${n1(m.ciclo.ms / 1000)} s; ${equipoTexto(m.equipo)}; ${memoria(m.rss, r)}; ${cpuTexto(m)}`);
        continue;
      }
      log(
        `  ${n1(m.ciclo.ms / 1000)} s; ${pgTexto(m)}; lista ${(m.durante.lista.troncal.rps / m.durante.lista.base.rps / (r.reposo.lista.troncal.rps / r.reposo.lista.base.rps)).toFixed(2)}×, detalle ${(m.durante.detalle.troncal.rps / m.durante.detalle.base.rps / (r.reposo.detalle.troncal.rps / r.reposo.detalle.base.rps)).toFixed(2)}×, ${memoria(m.rss, r)} (largest RSS: server alone ${n0(m.rss.propio)}, cycle process ${n0(m.rss.hijos)} MiB); ${cpuTexto(m)}`,
      );
    }
    // Idle again after the last cycle: the ratios are against both idle measurements together, so a
    // machine that was busier at the start (or the end) does not tilt them.
    await comoAutovacuum();
    await esperar(15_000);
    log('reposo final…');
    const rebanadasFinal = await rotar(objetivos, token, (ronda) => ronda < rondasReposo);
    r.reposoInicial = r.reposo;
    r.reposoFinal = porServidor(rebanadasFinal);
    r.reposo = porServidor([...rebanadasReposo, ...rebanadasFinal]);
    if (cfg.equipo > 0) r.equipoReposoFinal = await equipoReposo();
    r.almacenFinal = await almacen(sql);
    r.carga.fin = carga();
    await sql.end({ timeout: 2 });
    return r;
  }
  const f0 = await fuente();
  r.primero = await cicloMedido('primer ciclo: las últimas horas y el relleno que quepa');
  const f1 = await fuente();
  r.primero.peticiones = f1.peticiones - f0.peticiones;
  r.primero.series = f1.series - f0.series;
  log(`  ${n1(r.primero.ciclo.ms / 1000)} s; pasos_ms ${JSON.stringify(r.primero.ciclo.pasos ?? null)}`);
  // The rest of the windows: the server's own timer fills them with backfill runs between its
  // cycles (docs/monitoreo.md, "Filling the window"). Watched through /v1/monitoreo/estado while the
  // list and detail endpoints are measured the whole time; each slice is counted in what it fell in
  // (a backfill run, a cycle, or the pauses between), until every window is complete and one more
  // cycle (steady state) has finished.
  const estado = async () =>
    (await fetch(`${base}/v1/monitoreo/estado`, { headers: { authorization: `Bearer ${token}` } })).json();
  log('el temporizador del servidor rellena las ventanas entre ciclos (medición continua)…');
  const ciclos = new Map();
  const rellenos = new Map();
  const t0 = Date.now();
  const rss = muestrearRss(troncal.pid, 500);
  r.carga.relleno = carga();
  let completoEn = null;
  let fin = false;
  let ultimoLog = '';
  const observar = (async () => {
    while (!fin) {
      await esperar(1000);
      const e = await estado();
      const c = e.ultimo_ciclo;
      if (c && Date.parse(c.iniciado_en) > t0 - 1000) ciclos.set(c.iniciado_en, c);
      const u = e.ultimo_relleno;
      if (u && Date.parse(u.iniciado_en) > t0 - 1000) rellenos.set(u.iniciado_en, u);
      const linea = `${ciclos.size} ciclos, ${rellenos.size} rellenos, ${n0(e.ventana_incompleta)} ventanas incompletas`;
      if (linea !== ultimoLog) log(`  ${Math.round((Date.now() - t0) / 1000)} s: ${linea}`);
      ultimoLog = linea;
      if (completoEn === null && e.ventana_incompleta === 0) completoEn = Date.now();
      const estable = [...ciclos.values()].find((x) => completoEn && Date.parse(x.iniciado_en) > completoEn);
      if (estable?.terminado_en || Date.now() - t0 > cfg.maxRelleno * 1000) fin = true;
    }
  })();
  const equipoObs = cfg.equipo > 0 ? cargaEquipo(base, token, tasaEquipo, rutasEquipo) : null;
  const rebanadas = equipoObs ? [] : await rotar(objetivos, token, () => !fin);
  await observar;
  const hechas = equipoObs ? await equipoObs.detener() : [];
  r.rssRelleno = rss();
  const intervalos = (m, tipo) =>
    [...m.values()]
      .filter((x) => x.terminado_en)
      .map((x) => ({ tipo, ini: Date.parse(x.iniciado_en), fin: Date.parse(x.terminado_en), x }));
  const tramos = [...intervalos(ciclos, 'ciclo'), ...intervalos(rellenos, 'relleno')].map((t) => ({
    ...t,
    tipo: t.tipo === 'ciclo' && completoEn !== null && t.ini > completoEn ? 'estable' : t.tipo,
  }));
  // A slice (or a request of --team) inside one stretch counts for it; one that touches none, for
  // the pauses; others are left out.
  const clase = (x) => {
    const [ini, finR] = [x.inicio ?? x.fin - x.s * 1000, x.fin];
    const dentro = tramos.find((t) => ini >= t.ini && finR <= t.fin);
    if (dentro) return dentro.tipo;
    return tramos.some((t) => ini < t.fin && finR > t.ini) ? null : 'pausa';
  };
  r.observado = {
    segundos: (Date.now() - t0) / 1000,
    completoTrasS: completoEn === null ? null : (completoEn - t0) / 1000,
    ciclos: tramos.filter((t) => t.tipo !== 'relleno').map((t) => ({ tipo: t.tipo, ms: t.x.duracion_ms })),
    rellenos: tramos.filter((t) => t.tipo === 'relleno').map((t) => ({ ms: t.x.duracion_ms, n: t.x.rellenados })),
    durante: Object.fromEntries(
      ['relleno', 'ciclo', 'pausa', 'estable'].map((k) => [k, porServidor(rebanadas.filter((x) => clase(x) === k))]),
    ),
    descartadas: rebanadas.filter((x) => clase(x) === null).length,
    ...(equipoObs
      ? {
          equipo: Object.fromEntries(
            ['relleno', 'ciclo', 'pausa', 'estable'].map((k) => [k, latencias(hechas.filter((x) => clase(x) === k))]),
          ),
        }
      : {}),
    incompletasAlFinal: (await estado()).ventana_incompleta,
  };
  const f2 = await fuente();
  r.observado.peticiones = f2.peticiones - f1.peticiones;
  r.almacenFinal = await almacen(sql);
  r.carga.fin = carga();
  await sql.end({ timeout: 2 });
  return r;
}

/**
 * Extra memory of the server with its cycle's process over idle: RSS (the bench's figure since the
 * start) and PSS, which counts the pages both processes share (node and its libraries) once.
 */
const memoria = (rss, r) =>
  `RSS +${n0(rss.max - r.rssReposo)} MiB${rss.pss != null && r.pssReposo != null ? `, PSS +${n0(rss.pss - r.pssReposo)} MiB` : ''}`;

/** --team: one window's latencies of one endpoint (latencias). */
const latTexto = (l) => `${n0(l.p50)} / ${n0(l.p95)} / ${n0(l.p99)} / ${n0(l.max)} ms`;

/** --team: latencies of one window (latencias), for the log. */
function equipoTexto(l) {
  return ['lista', 'detalle']
    .map(
      (e) =>
        `${e} p50 ${n0(l[e].p50)} / p95 ${n0(l[e].p95)} / p99 ${n0(l[e].p99)} / max ${n0(l[e].max)} ms (${n0(l[e].n)} peticiones, ${n0(l[e].errores)} fallidas)`,
    )
    .join('; ');
}

/** --steady --team: the measured cycles under the ops team's traffic, one row each. */
function informeEquipo(r) {
  const celda = (l) =>
    `${n0(l.p50)} / ${n0(l.p95)} / ${n0(l.p99)} / ${n0(l.max)} ms${l.errores ? `, **${n0(l.errores)} failed**` : ''} (${n0(l.n)})`;
  const filas = [
    ['idle, before', '—', '—', celda(r.equipoReposoInicial.lista), celda(r.equipoReposoInicial.detalle), '', ''],
    ...r.estables.map((m, k) => [
      `${k + 1} (${m.iniciado.slice(11, 16)})`,
      `**${n1(m.ciclo.ms / 1000)} s**`,
      memoria(m.rss, r),
      celda(m.equipo.lista),
      celda(m.equipo.detalle),
      `${n0(m.ciclo.consultados)} / ${n0(m.ciclo.actualizados)} / ${n0(m.ciclo.errores)}`,
      m.carga,
    ]),
    ['idle, after', '—', '—', celda(r.equipoReposoFinal.lista), celda(r.equipoReposoFinal.detalle), '', ''],
  ];
  return [
    `# Monitoring benchmark, steady cycles under an ops team's traffic (${r.fecha})`,
    '',
    `${n0(r.vinculos.conexiones)} bound connections + ${n0(r.vinculos.servicios)} bound services, every 24 h window complete; ${r.cfg.equipo} people each asking for a list (GET /v1/conexiones/listar) or a detail (GET /v1/conexiones/:id), in turn, every ${r.cfg.pensar} s on average: ${n1(r.cfg.equipo / r.cfg.pensar)} requests/s, Poisson arrivals, open loop; idle measured ${r.cfg.duracion * 4} s before the cycles and after them. Stand-in Prometheus ${r.cfg.latencia} ms + ${r.cfg.latenciaSerie} ms per series, TRONCAL_MONITOREO_CONCURRENCIA=${r.cfg.concurrencia}, TRONCAL_MONITOREO_SCHED_IDLE ${r.cfg.schedIdle}, ${r.cfg.checkpoint ? 'a CHECKPOINT before each measured cycle (--checkpoint), ' : ''}server RSS idle ${n0(r.rssReposo)} MiB. Load average start ${r.carga.inicio}, end ${r.carga.fin}.`,
    '',
    tabla(
      [
        'cycle (start, UTC)',
        'time (≤ 60 s)',
        'RSS over idle (≤ +300 MB)',
        'list latency p50 / p95 / p99 / max (requests)',
        'detail latency p50 / p95 / p99 / max (requests)',
        'read / updated / not OK',
        'load at start',
      ],
      filas,
    ),
    '',
    ...r.estables.map((m, k) => `Cycle ${k + 1}, ${cpuTexto(m)}.`),
    '',
    ...detalleCiclos(r.estables),
  ].join('\n');
}

/** The two endpoints measured: as the report names them, and as the results key them. */
const ENDPOINTS = [
  ['GET /v1/conexiones/listar', 'lista'],
  ['GET /v1/conexiones/:id', 'detalle'],
];

/** --steady: the measured steady cycles, one row each. */
function informeEstable(r) {
  const frente = (d, e) => d[e].troncal.rps / d[e].base.rps;
  const filas = r.estables.map((m, k) => [
    `${k + 1} (${m.iniciado.slice(11, 16)})`,
    `${n1(m.ciclo.ms / 1000)} s`,
    `${n0(m.ciclo.consultados)} / ${n0(m.ciclo.actualizados)} / ${n0(m.ciclo.errores)}`,
    `${n0(m.peticiones)} / ${n0(m.series)}`,
    memoria(m.rss, r),
    ...['lista', 'detalle'].map((e) =>
      m.durante[e].troncal.rebanadas && m.durante[e].base.rebanadas
        ? `**${(frente(m.durante, e) / frente(r.reposo, e)).toFixed(2)}×** (${n0(m.durante[e].troncal.rps)} / ${n0(m.durante[e].base.rps)}; p99 ${n0(m.durante[e].troncal.p99)} / ${n0(m.durante[e].base.p99)} ms)`
        : 'no slice inside',
    ),
    m.carga,
    m.walMiB === undefined ? '—' : `${n0(m.walMiB)} MiB`,
  ]);
  return [
    `# Monitoring benchmark, steady cycles (${r.fecha})`,
    '',
    `${n0(r.vinculos.conexiones)} bound connections + ${n0(r.vinculos.servicios)} bound services, every 24 h window complete; idle measured before the cycles and after them, each ${r.cfg.duracion} s per server and endpoint (before: list ${n0(r.reposoInicial.lista.troncal.rps)} / ${n0(r.reposoInicial.lista.base.rps)}, detail ${n0(r.reposoInicial.detalle.troncal.rps)} / ${n0(r.reposoInicial.detalle.base.rps)} req/s; after: list ${n0(r.reposoFinal.lista.troncal.rps)} / ${n0(r.reposoFinal.lista.base.rps)}, detail ${n0(r.reposoFinal.detalle.troncal.rps)} / ${n0(r.reposoFinal.detalle.base.rps)}); stand-in Prometheus ${r.cfg.latencia} ms + ${r.cfg.latenciaSerie} ms per series, TRONCAL_MONITOREO_CONCURRENCIA=${r.cfg.concurrencia}, TRONCAL_MONITOREO_NICE ${r.cfg.nice}, TRONCAL_MONITOREO_SCHED_IDLE ${r.cfg.schedIdle ?? 'not set (before it existed)'}, ${r.cfg.checkpoint ? 'a CHECKPOINT before each measured cycle (--checkpoint), ' : ''}8 autocannon connections, Troncal and the baseline in ${r.cfg.rebanada} s slices in turn. Idle: list ${n0(r.reposo.lista.troncal.rps)} / ${n0(r.reposo.lista.base.rps)} req/s, detail ${n0(r.reposo.detalle.troncal.rps)} / ${n0(r.reposo.detalle.base.rps)} req/s (Troncal / baseline); server RSS idle ${n0(r.rssReposo)} MiB. Load average start ${r.carga.inicio}, end ${r.carga.fin}.`,
    '',
    tabla(
      [
        'cycle (start, UTC)',
        'time (≤ 60 s)',
        'read / updated / not OK',
        'source requests / series',
        'RSS over idle (≤ +300 MB)',
        'list ÷ idle ratio (≥ 0.8×)',
        'detail ÷ idle ratio (≥ 0.8×)',
        'load at start',
        'WAL',
      ],
      filas,
    ),
    '',
    `vinculos_monitoreo ${n0(MiB(r.almacen0.vinculos))} → ${n0(MiB(r.almacenFinal.vinculos))} MiB; uso_horario ${n0(MiB(r.almacenFinal.horario))} MiB, ${n0(r.almacenFinal.filas)} rows.${r.autovacuum === 'off' ? ' This PostgreSQL runs with autovacuum off: the bench vacuums conexiones, servicios_proveedor and vinculos_monitoreo before each measured cycle and before the final idle, as autovacuum would between cycles.' : ''}`,
    '',
    ...(r.cpuReposo
      ? [
          `Idle (the API load alone, ${n1(r.cpuReposo.s)} s), ${cpuTexto({ cpu: r.cpuReposo, ciclo: { ms: r.cpuReposo.s * 1000 } })}.`,
        ]
      : []),
    ...r.estables.map((m, k) => `Cycle ${k + 1}, ${cpuTexto(m)}.`),
    '',
    ...detalleCiclos(r.estables),
  ].join('\n');
}

/** Per measured steady cycle: what PostgreSQL did, then the seconds of each step. */
function detalleCiclos(estables) {
  return [
    ...estables.map((m, k) => `Cycle ${k + 1}, PostgreSQL: ${pgTexto(m)}.`),
    '',
    ...estables.map(
      (m, k) =>
        `Cycle ${k + 1}, seconds per step (pasos_ms; reading overlaps writing): ${
          m.ciclo.pasos
            ? Object.entries(m.ciclo.pasos)
                .map(([p, ms]) => `${p} ${n1(ms / 1000)}`)
                .join(', ')
            : '—'
        }.`,
    ),
  ];
}

/** What PostgreSQL did during a measured cycle (estadisticasPg), or '' for a report from before it was kept. */
function pgTexto(m) {
  if (!m.pg) return '';
  const { wal, bloques, tablas } = m.pg;
  const t = Object.entries(tablas)
    .filter(([, x]) => x.upd + x.ins > 0)
    .map(
      ([n, x]) =>
        `${n} ${n0(x.upd)} upd (${x.upd ? Math.round((x.hot / x.upd) * 100) : 0} % HOT)${x.ins ? ` ${n0(x.ins)} ins` : ''}`,
    )
    .join(', ');
  return `WAL ${n0(wal.bytes / 1048576)} MiB in ${n0(wal.registros)} records, ${n0(wal.fpi)} full-page images (${n0((wal.fpi * 8192) / 1048576)} MiB before compression); pages read ${n0(bloques.leidos)}, hit ${n0(bloques.cache)}, written by backends ${n0(bloques.backend)}, by the bgwriter ${n0(bloques.limpiados)}; ${t}`;
}

/** A measured cycle's CPU seconds by process (see cpuAhora), or '' for a report from before they were kept. */
function cpuTexto(m) {
  if (!m.cpu) return '';
  const c = m.cpu;
  const disponibles = (os.cpus().length * m.ciclo.ms) / 1000;
  return `CPU s: Troncal ${n1(c.troncal)}, PostgreSQL ${n1(c.postgres)}, stand-in source ${n1(c.fuente)}, baseline ${n1(c.base)}, autocannon ${n1(c.bench)}; machine busy ${n1(c.maquina)} of ${n1(disponibles)}`;
}

function informe(r) {
  if (r.estables && r.cfg.equipo > 0) return informeEquipo(r);
  if (r.estables) return informeEstable(r);
  const ratio = (a, b) => (b > 0 ? (a / b) * 100 : Number.NaN);
  const vinculos = r.vinculos.conexiones + r.vinculos.servicios;
  const a0 = r.almacen0;
  // Once every window is complete: 24–25 hourly rows per binding.
  const a1 = r.almacenFinal;
  const bytesFila = (a1.horario - a0.horario) / Math.max(1, a1.filas - a0.filas);
  const porDia = bytesFila * 24 * vinculos;
  const ob = r.observado;
  const rango = (xs) => (xs.length ? `${n1(Math.min(...xs) / 1000)}–${n1(Math.max(...xs) / 1000)} s` : '—');
  const ciclosDurante = ob.ciclos.filter((c) => c.tipo === 'ciclo').map((c) => c.ms);
  const estables = ob.ciclos.filter((c) => c.tipo === 'estable').map((c) => c.ms);
  const m = r.primero;
  const filas = [
    [
      'first cycle (POST; current read of every binding + backfill while short): time',
      `**${n1(m.ciclo.ms / 1000)} s** (HTTP ${m.ciclo.status}; ${n0(m.ciclo.consultados)} read, ${n0(m.ciclo.actualizados)} updated, ${n0(m.ciclo.errores)} not OK; ${n0(m.peticiones)} source requests for ${n0(m.series)} series)`,
      '≤ 60 s',
    ],
    [
      'first cycle: server RSS idle → max',
      `${n0(r.rssReposo)} → ${n0(m.rss.max)} MiB (**${memoria(m.rss, r)}**)`,
      '≤ +300 MB',
    ],
    [
      "backfill runs between cycles (the server's timer)",
      `**${ob.rellenos.length}** runs, ${rango(ob.rellenos.map((x) => x.ms))} each, ${n0(ob.rellenos.reduce((a, x) => a + x.n, 0))} backfill reads`,
      'each ≤ 60 s',
    ],
    ['scheduled cycles while windows were incomplete', `${ciclosDurante.length}, ${rango(ciclosDurante)}`, '≤ 60 s'],
    [
      'every 24 h window complete',
      ob.completoTrasS === null
        ? `not within ${n0(ob.segundos)} s: ${n0(ob.incompletasAlFinal)} still incomplete`
        : `**${n1(ob.completoTrasS / 60)} min** after the first cycle ended`,
      '',
    ],
    ['steady cycle (windows complete, from the last hour)', `**${rango(estables)}**`, '≤ 60 s'],
    [
      'server RSS idle → max, whole backfill and steady cycle',
      `${n0(r.rssReposo)} → ${n0(r.rssRelleno.max)} MiB (**+${n0(r.rssRelleno.max - r.rssReposo)} MiB**)`,
      '≤ +300 MB',
    ],
    ...ENDPOINTS.map(([ruta, e]) =>
      m.equipo
        ? [
            `first cycle: ${ruta} latency p50 / p95 / p99 / max, idle → during`,
            `${latTexto(r.equipoReposoInicial[e])} → ${latTexto(m.equipo[e])}`,
            '',
          ]
        : [
            `first cycle: ${ruta} Troncal req/s idle → during`,
            `${n0(r.reposo[e].troncal.rps)} → ${n0(m.durante[e].troncal.rps)} (${n1(ratio(m.durante[e].troncal.rps, r.reposo[e].troncal.rps))} %)`,
            '',
          ],
    ),
    [
      'uso_horario with every window complete',
      `${n0(a1.filas)} rows (${n1(a1.filas / vinculos)} per binding), ${n0(MiB(a1.horario))} MiB with indexes (${n0(bytesFila)} B/row); vinculos_monitoreo ${n0(MiB(a1.vinculos))} MiB`,
      '',
    ],
    [
      'storage growth per day',
      `**${n0(MiB(porDia))} MiB/day** of hourly rows (24 per binding) until the 35-day retention, then flat; + ≈ ${n0(MiB(126 * vinculos))} MiB/day of daily summaries`,
      '',
    ],
  ];
  // Troncal ÷ baseline in a window, and that divided by the same ratio idle (issue 13: ≥ 0.8×).
  const frente = (d) => (e) => d[e].troncal.rps / d[e].base.rps;
  // The windows of a first-cycle run: idle, the first cycle, then each stretch the server's timer ran.
  const ventanas = (reposo, primero, tramos) => [
    ['idle', reposo],
    ['first cycle', primero],
    ['backfill runs', tramos.relleno],
    ['cycles while filling', tramos.ciclo],
    ['pauses between', tramos.pausa],
    ['steady cycle', tramos.estable],
  ];
  const filasBase = (r.cfg.equipo ? [] : ventanas(r.reposo, m.durante, ob.durante)).flatMap(([ventana, d]) =>
    ENDPOINTS.map(([ruta, e]) =>
      d[e].troncal.rebanadas && d[e].base.rebanadas
        ? [
            ventana,
            ruta,
            `${n0(d[e].troncal.rps)} (${d[e].troncal.rebanadas}×${r.cfg.rebanada} s)`,
            `${n0(d[e].base.rps)} (${d[e].base.rebanadas}×${r.cfg.rebanada} s)`,
            `${frente(d)(e).toFixed(2)}×`,
            d === r.reposo ? '1' : `**${(frente(d)(e) / frente(r.reposo)(e)).toFixed(2)}×**`,
            `${n0(d[e].troncal.p99)} / ${n0(d[e].base.p99)}`,
          ]
        : [ventana, ruta, 'no slice inside', '', '', '', ''],
    ),
  );
  // --team: the team's latencies in each window instead of the saturating slices' req/s.
  const filasEquipo = r.cfg.equipo
    ? ventanas(r.equipoReposoInicial, m.equipo, ob.equipo).flatMap(([ventana, l]) =>
        ENDPOINTS.map(([ruta, e]) => [ventana, ruta, latTexto(l[e]), n0(l[e].n), n0(l[e].errores)]),
      )
    : null;
  return [
    `# Monitoring benchmark (${r.fecha})`,
    '',
    `${n0(r.vinculos.conexiones)} bound connections + ${n0(r.vinculos.servicios)} bound services, a Prometheus stand-in answering each query after ${r.cfg.latencia} ms + ${r.cfg.latenciaSerie} ms per series, TRONCAL_MONITOREO_INTERVALO_S=${r.cfg.intervalo}, TRONCAL_MONITOREO_CONCURRENCIA=${r.cfg.concurrencia}, PostgreSQL on 127.0.0.1, ${r.cfg.equipo ? `an ops team's traffic (${r.cfg.equipo} people each asking for a list or a detail every ${r.cfg.pensar} s on average, open loop; ${r.cfg.duracion * 4} s idle)` : `8 autocannon connections, Troncal and the baseline (bench/baseline.mjs, same database) measured in ${r.cfg.rebanada} s slices in turn (list T, list B, detail T, detail B, then reversed): ${r.cfg.duracion} s each idle`}, then without a break from 1 s after the first cycle starts until the steady cycle ends (${n0(ob.segundos)} s; ${ob.descartadas} slices that straddled a boundary left out). Load average (1/5/15 min): start ${r.carga.inicio}, first cycle ${m.carga}, backfill ${r.carga.relleno}, end ${r.carga.fin}; the stand-in source runs on the same 2 cores.`,
    '',
    tabla(['figure', 'value', 'target'], filas),
    '',
    filasEquipo
      ? tabla(
          [
            'window',
            'endpoint',
            `latency p50 / p95 / p99 / max, ${r.cfg.equipo} people every ${r.cfg.pensar} s`,
            'requests',
            'failed',
          ],
          filasEquipo,
        )
      : tabla(
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
    `Source requests from the first cycle's end to the end: ${n0(ob.peticiones)}.`,
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
