// `pnpm bench`: Troncal's figures against a bare node:http + postgres-js baseline, on PostgreSQL.
//
// Creates its own database (troncal_bench) on 127.0.0.1:5432, seeds it through the CLI
// (`pnpm troncal db:seed --scale N`), creates a lector and an operador token through the CLI, starts the
// built server as in production and the baseline, loads both from this process over loopback with
// autocannon, then measures contention, PGlite start-up, the SPA's initial JS and server memory.
// Writes the figures to docs/benchmarks.md (between the generated-section markers). Cleans up its
// database and stops only the processes it started, by PID.
//
//   pnpm bench                 # full run: --scale 100000, 10 s per measurement, 2 rounds
//   pnpm bench --quick         # development: --scale 5000, 3 s per measurement, 1 round
//   pnpm bench -- --help

import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import postgres from 'postgres';
import {
  carga,
  detener,
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
import * as Q from './sql.mjs';

const AYUDA = `Uso: pnpm bench [opciones]

  --quick              desarrollo: --scale 5000, 3 s por medición, 1 ronda, no escribe docs/
  --scale N            conexiones a generar (por defecto 100000)
  --duration S         segundos por medición HTTP (por defecto 10)
  --warmup S           segundos de calentamiento por servidor y endpoint (por defecto 3)
  --rounds R           rondas alternando Troncal y la línea base (por defecto 2)
  --connections C      conexiones HTTP concurrentes (por defecto 32)
  --pg-url URL         PostgreSQL de administración (por defecto postgres://postgres@127.0.0.1:5432/postgres)
  --skip-build         no ejecutar pnpm build (usa los dist/ existentes)
  --keep-db            no borrar la base troncal_bench al terminar
  --docs / --no-docs   escribir (o no) docs/benchmarks.md (por defecto: sí, salvo con --quick)
  --json FILE          además, guardar los resultados en JSON
`;

// `pnpm bench -- --quick` hands the `--` through: drop it.
const { values: o } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean' },
    scale: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    'pg-url': { type: 'string' },
    'skip-build': { type: 'boolean' },
    'keep-db': { type: 'boolean' },
    docs: { type: 'boolean' },
    'no-docs': { type: 'boolean' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: false,
});
if (o.help) {
  process.stdout.write(AYUDA);
  process.exit(0);
}

const entero = (v, def, nombre) => {
  if (v === undefined) return def;
  const n = Number(String(v).replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${nombre} debe ser un entero positivo.\n\n${AYUDA}`);
    process.exit(1);
  }
  return n;
};
const rapido = Boolean(o.quick);
const cfg = {
  modo: rapido ? 'quick' : 'completo',
  escala: entero(o.scale, rapido ? 5000 : 100_000, 'scale'),
  duracion: entero(o.duration, rapido ? 3 : 10, 'duration'),
  calentamiento: entero(o.warmup, rapido ? 1 : 3, 'warmup'),
  rondas: entero(o.rounds, rapido ? 1 : 2, 'rounds'),
  conexiones: entero(o.connections, 32, 'connections'),
  contencion: { clientes: 50, segundos: rapido ? 3 : 10 },
  arranques: rapido ? 2 : 3,
};
const escribirDocs = o['no-docs'] ? false : Boolean(o.docs) || !rapido;
const PG_ADMIN = o['pg-url'] ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'troncal_bench';
const pgAdminUrl = new URL(PG_ADMIN);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(pgAdminUrl.hostname)) {
  console.error(`El benchmark solo usa PostgreSQL en loopback; ${pgAdminUrl.hostname} no lo es.`);
  process.exit(1);
}
const benchUrl = (() => {
  const u = new URL(PG_ADMIN);
  u.pathname = `/${DB}`;
  return u.toString();
})();

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const ahoraIso = () => new Date().toISOString();

// --- Cleanup: our children by PID, our database, our temp dirs --------------------------------------

const temporales = new Set();
let baseCreada = false;
let limpiando = false;
async function limpiar() {
  if (limpiando) return;
  limpiando = true;
  await detenerTodos();
  for (const d of temporales) rmSync(d, { recursive: true, force: true });
  if (baseCreada && !o['keep-db']) {
    const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${DB} with (force)`);
    } catch (e) {
      log(`no se pudo borrar ${DB}: ${e.message}`);
    } finally {
      await admin.end({ timeout: 2 });
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: limpiando…`);
    limpiar().finally(() => process.exit(130));
  });
}

// --- Commands through pnpm (the same CLI a person uses) ---------------------------------------------

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

function git(args) {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

// --- Machine ----------------------------------------------------------------------------------------

async function maquina() {
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  try {
    const [v] = await admin.unsafe('show server_version');
    return {
      cpu: os.cpus()[0]?.model ?? 'desconocida',
      nproc: os.availableParallelism?.() ?? os.cpus().length,
      memoriaGiB: os.totalmem() / 2 ** 30,
      so: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: v.server_version,
      fdatasync: fdatasyncPorSegundo(),
      commit: git(['rev-parse', '--short', 'HEAD']),
      cambiosSinCommit: git(['status', '--porcelain']).length > 0,
    };
  } finally {
    await admin.end({ timeout: 2 });
  }
}

/**
 * How many 8 kB write + fdatasync per second the disk takes (what each COMMIT waits for with
 * synchronous_commit on). Measured in a temp dir on the same filesystem as os.tmpdir().
 */
function fdatasyncPorSegundo(ms = 1000) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'troncal-bench-fsync-'));
  const fd = openSync(path.join(dir, 'f'), 'w');
  const buf = Buffer.alloc(8192, 1);
  let n = 0;
  const t0 = performance.now();
  try {
    while (performance.now() - t0 < ms) {
      writeSync(fd, buf, 0, buf.length, 0);
      fdatasyncSync(fd);
      n++;
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return n / ((performance.now() - t0) / 1000);
}

// --- The SPA's initial JS ----------------------------------------------------------------------------

function spaInicial() {
  const dist = path.join(root, 'apps/web/dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const archivos = [
    ...[...html.matchAll(/<script[^>]+type="module"[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]+rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]),
  ];
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]);
  const medir = (ruta) => {
    const buf = readFileSync(path.join(dist, ruta.replace(/^\//, '')));
    return { archivo: ruta, bytes: buf.length, gzip: gzipSync(buf).length };
  };
  const js = archivos.map(medir);
  const estilos = css.map(medir);
  return {
    js,
    css: estilos,
    totalJs: js.reduce((a, f) => a + f.bytes, 0),
    totalJsGzip: js.reduce((a, f) => a + f.gzip, 0),
    totalCssGzip: estilos.reduce((a, f) => a + f.gzip, 0),
  };
}

// --- HTTP load -----------------------------------------------------------------------------------

function autocannonAsync(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function cargar(base, escenario, token, segundos, conexiones = cfg.conexiones) {
  const opts = {
    url: base,
    connections: conexiones,
    duration: segundos,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      escenario.ruta
        ? { method: 'GET', path: escenario.ruta() }
        : { method: 'GET', path: '/', setupRequest: (req) => ({ ...req, path: escenario.rutaVariable() }) },
    ],
  };
  const r = await autocannonAsync(opts);
  await drenar(base);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    no2xx: r.non2xx,
    errores: r.errors + r.timeouts,
  };
}

const promedio = (xs, k) => xs.reduce((a, x) => a + x[k], 0) / xs.length;

/**
 * When autocannon stops, the server may still be working through the requests it had accepted (slow
 * ones can queue for seconds). Waits until /healthz, which needs a pool connection, answers quickly
 * twice in a row, so the next measurement starts on an idle server.
 */
async function drenar(base, limiteMs = 60_000) {
  const t0 = performance.now();
  let rapidas = 0;
  while (rapidas < 2 && performance.now() - t0 < limiteMs) {
    const t = performance.now();
    try {
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(limiteMs) });
      await r.arrayBuffer();
    } catch {
      // keep waiting
    }
    rapidas = performance.now() - t < 50 ? rapidas + 1 : 0;
    if (rapidas < 2) await esperar(100);
  }
}

// --- Contention on one service through /v1 ----------------------------------------------------------

async function contencion(base, token, sql, sufijo = '') {
  const [s] = await sql.unsafe(
    `select servicio_id, capacidad_vendida from servicios_proveedor where condicion = 'ACTIVO' order by capacidad_vendida desc, servicio_id limit 1`,
  );
  const id = s.servicio_id;
  const leer = async () => {
    const [r] = await sql.unsafe(
      `select (select capacidad_vendida from servicios_proveedor where servicio_id = $1) as vendida,
              (select coalesce(sum(delta_vendida), 0) from movimientos_capacidad where servicio_id = $1) as ledger,
              (select count(*) from movimientos_capacidad where servicio_id = $1) as filas,
              (select deadlocks from pg_stat_database where datname = current_database()) as deadlocks`,
      [id],
    );
    return {
      vendida: Number(r.vendida),
      ledger: Number(r.ledger),
      filas: Number(r.filas),
      deadlocks: Number(r.deadlocks),
    };
  };
  const antes = await leer();
  const url = `${base}/v1/servicios-proveedor/${id}/ajustar-capacidad${sufijo}`;
  const d = 1;
  const estados = new Map();
  let aceptados = 0;
  let sumaAceptada = 0;
  let c5xx = 0;
  let erroresRed = 0;
  const latencias = [];
  const fin = performance.now() + cfg.contencion.segundos * 1000;
  const t0 = performance.now();
  const cliente = async (k) => {
    // Each client sells first, then returns: vendida never drops below where it started.
    for (let i = 0; performance.now() < fin; i++) {
      const delta = i % 2 === 0 ? -d : d;
      const t = performance.now();
      try {
        const r = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ delta_disponible: delta, motivo: `bench contención c${k}` }),
        });
        await r.arrayBuffer();
        latencias.push(performance.now() - t);
        estados.set(r.status, (estados.get(r.status) ?? 0) + 1);
        if (r.status === 200) {
          aceptados++;
          sumaAceptada += delta;
        } else if (r.status >= 500) c5xx++;
      } catch {
        erroresRed++;
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.contencion.clientes }, (_, k) => cliente(k)));
  const segundos = (performance.now() - t0) / 1000;
  await esperar(1500); // pg_stat_database is flushed asynchronously
  const despues = await leer();
  const esperada = antes.vendida - sumaAceptada;
  latencias.sort((a, b) => a - b);
  return {
    servicio_id: id,
    clientes: cfg.contencion.clientes,
    segundos,
    aceptados,
    porSegundo: aceptados / segundos,
    p50: latencias[Math.floor(latencias.length * 0.5)] ?? Number.NaN,
    p99: latencias[Math.floor(latencias.length * 0.99)] ?? Number.NaN,
    estados: Object.fromEntries(estados),
    c5xx,
    erroresRed,
    vendidaAntes: antes.vendida,
    vendidaDespues: despues.vendida,
    vendidaEsperada: esperada,
    perdidas: Math.round(Math.abs(despues.vendida - esperada) / d),
    ledgerDespues: despues.ledger,
    difLedger: Math.abs(despues.vendida - despues.ledger),
    filasLedgerNuevas: despues.filas - antes.filas,
    deadlocks: despues.deadlocks - antes.deadlocks,
  };
}

// --- EXPLAIN ANALYZE of the SQL behind each endpoint -----------------------------------------------

async function explicar(sql, consultas) {
  const out = [];
  for (const c of consultas) {
    const ejec = [];
    const plan = [];
    let lineas = [];
    for (let i = 0; i < 5; i++) {
      const [r] = await sql.unsafe(`explain (analyze, format json) ${c.sql}`, c.params);
      const p = r['QUERY PLAN'][0];
      ejec.push(p['Execution Time']);
      plan.push(p['Planning Time']);
    }
    const texto = await sql.unsafe(`explain (analyze, costs off, timing off, summary off) ${c.sql}`, c.params);
    lineas = texto.map((t) => t['QUERY PLAN']);
    out.push({ nombre: c.nombre, ejecucionMs: mediana(ejec), planificacionMs: mediana(plan), plan: lineas });
  }
  return out;
}

// --- Is the baseline still running Troncal's SQL? ---------------------------------------------------

function verificarSql() {
  const r = spawnSync(
    process.execPath,
    ['--conditions=@troncal/source', '--import', 'tsx', path.join(root, 'bench/capturar-sql.ts')],
    { cwd: path.join(root, 'apps/server'), encoding: 'utf8' },
  );
  if (r.status !== 0) return [`no se pudo capturar el SQL de Troncal (${(r.stderr ?? '').trim().split('\n').at(-1)})`];
  const capturado = JSON.parse(r.stdout);
  const norm = (t) => t.replace(/\s+/g, ' ').trim();
  const difs = [];
  for (const [clave, esperadas] of Object.entries(Q.ESPERADO)) {
    const reales = capturado[clave] ?? [];
    if (reales.length !== esperadas.length || reales.some((t, i) => norm(t) !== norm(esperadas[i]))) {
      difs.push(`${clave}: Troncal envía ahora ${reales.length} consulta(s) distinta(s) de las de bench/sql.mjs`);
    }
  }
  return difs;
}

// --- PGlite start-up --------------------------------------------------------------------------------

async function arranquePglite(dir) {
  const port = await puertoLibre();
  const t0 = performance.now();
  const hijo = lanzar('troncal (PGlite)', process.execPath, ['apps/server/dist/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      TRONCAL_DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  });
  try {
    return await esperarSalud(`http://127.0.0.1:${port}/healthz`, hijo, { desde: t0, cadaMs: 10 });
  } finally {
    await detener(hijo);
  }
}

async function arranques() {
  const frio = [];
  const tibio = [];
  for (let i = 0; i < cfg.arranques; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'troncal-bench-pglite-'));
    temporales.add(dir);
    frio.push(await arranquePglite(dir));
    tibio.push(await arranquePglite(dir));
    rmSync(dir, { recursive: true, force: true });
    temporales.delete(dir);
  }
  return { frioMs: mediana(frio), tibioMs: mediana(tibio), frio, tibio };
}

// --- Report ---------------------------------------------------------------------------------------

const OBJ = { ratio: 0.7, p99: 20, contencion: 1000, frioMs: 3000, spaKb: 200 };
const si = (ok) => (ok ? '✅' : '❌');

function informe(r) {
  const m = r.maquina;
  const partes = [];
  const p = (...lineas) => partes.push(...lineas);
  p(`Generated by \`pnpm bench${rapido ? ' --quick' : ''}\` on ${r.fecha} (took ${r.duracionTotal}).`, '');
  p('### Machine and load', '');
  p(
    tabla(
      ['', ''],
      [
        ['CPU', `${m.cpu} (nproc ${m.nproc})`],
        ['Memory', `${n1(m.memoriaGiB)} GiB`],
        ['OS', m.so],
        ['Node.js', m.node],
        ['PostgreSQL', m.postgres],
        ['Disk: 8 kB write + fdatasync', `${n0(m.fdatasync)} /s (${n1(1000 / m.fdatasync)} ms each)`],
        ['Commit', `${m.commit}${m.cambiosSinCommit ? ' (plus uncommitted changes)' : ''}`],
        ['Load average (1/5/15 min) at start', r.carga.inicio],
        ['Load average before the HTTP runs', r.carga.http],
        ['Load average at the end', r.carga.fin],
      ],
    ),
    '',
  );
  p(
    `Settings: \`--scale ${cfg.escala}\`, ${cfg.conexiones} HTTP connections, ${cfg.duracion} s per run after ` +
      `${cfg.calentamiento} s of warm-up, ${cfg.rondas} round(s) alternating Troncal and the baseline. Reads use a ` +
      'lector token, the contention test an operador token.',
    '',
  );
  p('### Data', '');
  p(
    `\`pnpm troncal db:seed --scale ${cfg.escala}\`: ${r.semilla.resumen ?? ''} in **${n1(r.semilla.segundos)} s** ` +
      '(wall clock of the CLI: start-up, migrations, load, VACUUM ANALYZE).',
    '',
  );
  p('### Reads: Troncal against the baseline', '');
  p(
    tabla(
      ['endpoint', 'Troncal req/s', 'p50 ms', 'p99 ms', 'baseline req/s', 'p50 ms', 'p99 ms', 'ratio', 'target'],
      r.http.map((e) => {
        const fallos = [
          e.ratio >= OBJ.ratio ? '' : Number.isNaN(e.ratio) ? 'no answers' : `ratio < ${OBJ.ratio}`,
          e.troncal.p99 < OBJ.p99 ? '' : `p99 ≥ ${OBJ.p99} ms`,
        ].filter(Boolean);
        return [
          `\`${e.nombre}\``,
          n0(e.troncal.rps),
          n1(e.troncal.p50),
          n1(e.troncal.p99),
          n0(e.base.rps),
          n1(e.base.p50),
          n1(e.base.p99),
          Number.isNaN(e.ratio) ? '—' : `${e.ratio.toFixed(2)}×`,
          `${si(fallos.length === 0)} ${fallos.join(', ')}`.trim(),
        ];
      }),
    ),
  );
  p('', `Target: ≥ ${OBJ.ratio}× the baseline's req/s with p99 < ${OBJ.p99} ms.`, '');
  p(
    'Service time with a single connection (no queueing; on a shared machine this is the steadier figure):',
    '',
    tabla(
      ['endpoint', 'Troncal p50 ms', 'p99 ms', 'req/s', 'baseline p50 ms', 'p99 ms', 'req/s'],
      r.http.map((e) => [
        `\`${e.nombre}\``,
        n1(e.unoT.p50),
        n1(e.unoT.p99),
        n0(e.unoT.rps),
        n1(e.unoB.p50),
        n1(e.unoB.p99),
        n0(e.unoB.rps),
      ]),
    ),
  );
  const fallos = r.http.filter((e) => e.troncal.no2xx + e.troncal.errores + e.base.no2xx + e.base.errores > 0);
  if (fallos.length > 0) {
    p(
      '',
      `Non-2xx answers or errors: ${fallos.map((e) => `${e.nombre} (Troncal ${e.troncal.no2xx}+${e.troncal.errores}, baseline ${e.base.no2xx}+${e.base.errores})`).join('; ')}.`,
    );
  }
  if (r.derivaSql.length > 0) {
    p(
      '',
      `⚠️ The baseline no longer runs Troncal's current SQL (${r.derivaSql.join('; ')}): update bench/sql.mjs ` +
        '(from the output of bench/capturar-sql.ts) before comparing.',
    );
  }
  if (r.equivalencia.length > 0)
    p('', `⚠️ Troncal and the baseline did not return the same data: ${r.equivalencia.join('; ')}.`);
  p(
    '',
    `Server memory (VmRSS): ${n0(r.rss.troncalReposo)} MiB idle, at most ${n0(r.rss.troncalMax)} MiB under load ` +
      `(mean ${n0(r.rss.troncalMedia)} MiB); baseline: ${n0(r.rss.baseReposo)} → at most ${n0(r.rss.baseMax)} MiB.`,
    '',
  );
  p('### Time inside PostgreSQL (EXPLAIN ANALYZE, median of 5, servers stopped)', '');
  p(
    tabla(
      ['query', 'execution ms', 'planning ms'],
      r.explain.map((e) => [e.nombre, n1(e.ejecucionMs), n1(e.planificacionMs)]),
    ),
    '',
  );
  p('<details><summary>Plans</summary>', '');
  for (const e of r.explain) p(`**${e.nombre}**`, '', '```', ...e.plan, '```', '');
  p('</details>', '');
  const c = r.contencion;
  const okC =
    c.porSegundo >= OBJ.contencion && c.perdidas === 0 && c.difLedger === 0 && c.deadlocks === 0 && c.c5xx === 0;
  p(`### Contention: ${c.clientes} clients adjusting one service through \`/v1\``, '');
  p(
    'Each client alternately sells and returns 1 Mbps (`POST /v1/servicios-proveedor/{id}/ajustar-capacidad`), so ' +
      "vendida never drops below its starting value. Both run Troncal's guarded ledger statement, one per " +
      'adjustment, in autocommit. The last column repeats the baseline on sessions with ' +
      '`synchronous_commit = off`, only as a diagnostic of the ceiling the WAL flush puts on one row.',
    '',
  );
  const cs = [c, r.contencionBase, r.contencionBaseSinEspera];
  const fila = (etiqueta, f) => [etiqueta, ...cs.map(f)];
  p(
    tabla(
      ['', 'Troncal', 'baseline', 'baseline, sync off (diagnostic)'],
      [
        fila('Accepted adjustments / s', (x) => `**${n0(x.porSegundo)}** (${n0(x.aceptados)} in ${n1(x.segundos)} s)`),
        fila('Latency p50 / p99 (ms)', (x) => `${n1(x.p50)} / ${n1(x.p99)}`),
        fila('Answers by status', (x) =>
          Object.entries(x.estados)
            .map(([k, v]) => `${k}: ${n0(v)}`)
            .join(', '),
        ),
        fila(
          'vendida before → after (expected)',
          (x) => `${n1(x.vendidaAntes)} → ${n1(x.vendidaDespues)} (${n1(x.vendidaEsperada)})`,
        ),
        fila('Lost updates', (x) => `${x.perdidas} ${si(x.perdidas === 0)}`),
        fila('vendida − Σ ledger', (x) => `${n1(x.difLedger)} ${si(x.difLedger === 0)}`),
        fila(
          'New ledger rows / accepted',
          (x) => `${n0(x.filasLedgerNuevas)} / ${n0(x.aceptados)} ${si(x.filasLedgerNuevas === x.aceptados)}`,
        ),
        fila('Deadlocks', (x) => `${x.deadlocks} ${si(x.deadlocks === 0)}`),
        fila('5xx / network errors', (x) => `${x.c5xx} / ${x.erroresRed} ${si(x.c5xx === 0 && x.erroresRed === 0)}`),
      ],
    ),
    '',
  );
  p(
    `Target (≥ ${n0(OBJ.contencion)} adjustments/s, 0 lost updates, 0 deadlocks, 0 5xx): ${si(okC)}; ratio to the ` +
      `baseline ${(c.porSegundo / r.contencionBase.porSegundo).toFixed(2)}×.`,
    '',
  );
  p('### PGlite start-up and the SPA', '');
  const a = r.arranque;
  p(
    tabla(
      ['', 'value', 'target'],
      [
        [
          'Cold start (empty data dir → migrated, 200 on /healthz)',
          `${n0(a.frioMs)} ms (median of ${a.frio.length}: ${a.frio.map(n0).join(', ')})`,
          `${si(a.frioMs < OBJ.frioMs)} < ${OBJ.frioMs / 1000} s`,
        ],
        ['Warm start (existing data)', `${n0(a.tibioMs)} ms (${a.tibio.map(n0).join(', ')})`, ''],
        [
          "SPA's initial JS (script + modulepreload, gzip)",
          `${n1(r.spa.totalJsGzip / 1024)} kB (${n1(r.spa.totalJs / 1024)} kB raw, ${r.spa.js.length} files)`,
          `${si(r.spa.totalJsGzip / 1024 <= OBJ.spaKb)} ≤ ${OBJ.spaKb} kB`,
        ],
        ['Initial CSS (gzip)', `${n1(r.spa.totalCssGzip / 1024)} kB`, ''],
      ],
    ),
    '',
  );
  p('<details><summary>Initial JS files</summary>', '');
  p(
    tabla(
      ['file', 'bytes', 'gzip'],
      r.spa.js.map((f) => [f.archivo, n0(f.bytes), n0(f.gzip)]),
    ),
    '',
    '</details>',
  );
  return partes.join('\n');
}

const INICIO = '<!-- bench:start (generated by pnpm bench; do not edit by hand) -->';
const FIN = '<!-- bench:end -->';

function escribirInforme(md) {
  const archivo = path.join(root, 'docs/benchmarks.md');
  const bloque = `${INICIO}\n\n${md}\n\n${FIN}`;
  let texto;
  if (existsSync(archivo)) {
    const actual = readFileSync(archivo, 'utf8');
    const i = actual.indexOf(INICIO);
    const f = actual.indexOf(FIN);
    texto =
      i >= 0 && f > i
        ? `${actual.slice(0, i)}${bloque}${actual.slice(f + FIN.length)}`
        : `${actual.trimEnd()}\n\n## Figures\n\n${bloque}\n`;
  } else {
    texto = `# Benchmarks\n\n## Figures\n\n${bloque}\n`;
  }
  writeFileSync(archivo, texto);
  log(`figures written to ${path.relative(root, archivo)}`);
}

// --- Main -------------------------------------------------------------------------------------------

async function principal() {
  const t0 = performance.now();
  const r = { fecha: ahoraIso(), config: cfg, carga: { inicio: carga() } };
  log(
    `modo ${cfg.modo}: --scale ${cfg.escala}, ${cfg.duracion} s × ${cfg.rondas} ronda(s), ${cfg.conexiones} conexiones`,
  );
  r.maquina = await maquina();

  if (!o['skip-build']) {
    log('pnpm build…');
    pnpm(['build']);
  }
  for (const f of ['apps/server/dist/main.js', 'apps/server/dist/cli.js', 'apps/web/dist/index.html']) {
    if (!existsSync(path.join(root, f))) throw new Error(`Falta ${f}: ejecute pnpm build (o quite --skip-build).`);
  }
  r.spa = spaInicial();
  log('¿la línea base corre el mismo SQL que Troncal?');
  r.derivaSql = verificarSql();
  if (r.derivaSql.length > 0) log(`⚠️ ${r.derivaSql.join('; ')}`);

  log(`base de datos ${DB}…`);
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${DB} with (force)`);
    await admin.unsafe(`create database ${DB}`);
    baseCreada = true;
  } finally {
    await admin.end({ timeout: 2 });
  }

  log(`pnpm troncal db:seed --scale ${cfg.escala}…`);
  const ts = performance.now();
  pnpm(['troncal', 'db:seed', '--scale', String(cfg.escala)], { env: { DATABASE_URL: benchUrl } });
  r.semilla = { segundos: (performance.now() - ts) / 1000 };

  const token = (rol) =>
    pnpm(['troncal', 'tokens:create', '--name', `bench-${rol}`, '--role', rol], {
      env: { DATABASE_URL: benchUrl },
      capturar: true,
    })
      .trim()
      .split('\n')
      .at(-1)
      .trim();
  const lector = token('lector');
  const operador = token('operador');
  if (!/^trc_/.test(lector) || !/^trc_/.test(operador)) throw new Error('tokens:create no imprimió un token.');

  const sql = postgres(benchUrl, { max: 2, onnotice: () => {} });
  try {
    const [cuenta] = await sql.unsafe(
      `select (select count(*) from conexiones) as conexiones, (select count(*) from servicios_proveedor) as servicios,
              (select count(*) from clientes) as clientes, (select count(*) from movimientos_capacidad) as movimientos,
              (select min(enlace_id) from conexiones) as min_id, (select max(enlace_id) from conexiones) as max_id`,
    );
    r.semilla.resumen = `${n0(Number(cuenta.conexiones))} connections, ${n0(Number(cuenta.servicios))} provider services, ${n0(Number(cuenta.clientes))} clients, ${n0(Number(cuenta.movimientos))} ledger rows`;
    const minId = Number(cuenta.min_id);
    const maxId = Number(cuenta.max_id);

    // --- servers ---
    const puertoT = await puertoLibre();
    const puertoB = await puertoLibre();
    const troncal = lanzar('troncal', process.execPath, ['apps/server/dist/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: benchUrl,
        PORT: String(puertoT),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
    });
    const base = lanzar('línea base', process.execPath, ['bench/baseline.mjs'], {
      env: { ...process.env, DATABASE_URL: benchUrl, PORT: String(puertoB) },
    });
    const urlT = `http://127.0.0.1:${puertoT}`;
    const urlB = `http://127.0.0.1:${puertoB}`;
    await esperarSalud(`${urlT}/healthz`, troncal);
    await esperarSalud(`${urlB}/healthz`, base);
    await esperar(500);

    // --- scenarios ---
    const profundo = Math.min(50_000, Math.floor(cfg.escala / 2));
    // The keyset cursor that opens the same page as ?offset=profundo: the id just above it.
    const [{ enlace_id: antesDe }] = await sql.unsafe(
      'select enlace_id from conexiones order by enlace_id desc offset $1 limit 1',
      [profundo - 1],
    );
    let cursor = 0;
    const ids = Array.from({ length: 997 }, (_, i) => minId + ((i * 7919) % (maxId - minId + 1)));
    const trpcInput = encodeURIComponent(JSON.stringify({ limit: 10, offset: 0 }));
    const escenarios = [
      { nombre: 'GET /v1/conexiones/listar', ruta: () => '/v1/conexiones/listar' },
      {
        nombre: `GET /v1/conexiones/listar?offset=${profundo}`,
        ruta: () => `/v1/conexiones/listar?offset=${profundo}`,
      },
      {
        nombre: `GET /v1/conexiones/listar?antes_de=… (the same page by cursor)`,
        ruta: () => `/v1/conexiones/listar?antes_de=${antesDe}`,
      },
      {
        nombre: 'GET /v1/servicios-proveedor/listar?search=claro',
        ruta: () => '/v1/servicios-proveedor/listar?search=claro',
      },
      { nombre: 'GET /trpc/conexiones.list', ruta: () => `/trpc/conexiones.list?input=${trpcInput}` },
      {
        nombre: 'GET /v1/conexiones/:id',
        ejemplo: `/v1/conexiones/${ids[0]}`,
        rutaVariable: () => `/v1/conexiones/${ids[cursor++ % ids.length]}`,
      },
    ];

    // Same answers from both (the baseline must serve the same data, not a shortcut).
    r.equivalencia = [];
    const resumen = (j) => {
      const d = j?.result?.data ?? j;
      if (Array.isArray(d?.data))
        return JSON.stringify({ total: d.total, ids: d.data.map((x) => x.enlace_id ?? x.servicio_id) });
      return JSON.stringify({ id: d?.data?.enlace_id, cid: d?.data?.cid_enlace, bw: d?.data?.bw_contratado });
    };
    for (const e of escenarios) {
      const ruta = e.ruta ? e.ruta() : e.ejemplo;
      const [a, b] = await Promise.all(
        [urlT, urlB].map(async (u) => {
          const res = await fetch(u + ruta, { headers: { authorization: `Bearer ${lector}` } });
          return { status: res.status, cuerpo: await res.json() };
        }),
      );
      if (a.status !== 200 || b.status !== 200) r.equivalencia.push(`${e.nombre}: HTTP ${a.status} / ${b.status}`);
      else if (resumen(a.cuerpo) !== resumen(b.cuerpo))
        r.equivalencia.push(`${e.nombre}: ${resumen(a.cuerpo)} ≠ ${resumen(b.cuerpo)}`);
    }
    if (r.equivalencia.length > 0) log(`⚠️ diferencias: ${r.equivalencia.join('; ')}`);

    r.rss = { troncalReposo: rssMiB(troncal.pid), baseReposo: rssMiB(base.pid) };
    const rssT = [];
    const rssB = [];
    r.carga.http = carga();
    r.http = [];
    for (const e of escenarios) {
      log(`${e.nombre}: calentamiento…`);
      await cargar(urlT, e, lector, cfg.calentamiento);
      await cargar(urlB, e, lector, cfg.calentamiento);
      const medT = [];
      const medB = [];
      for (let ronda = 0; ronda < cfg.rondas; ronda++) {
        const orden = ronda % 2 === 0 ? ['T', 'B'] : ['B', 'T'];
        for (const quien of orden) {
          const [url, pid, destino, rss] =
            quien === 'T' ? [urlT, troncal.pid, medT, rssT] : [urlB, base.pid, medB, rssB];
          const parar = muestrearRss(pid);
          destino.push(await cargar(url, e, lector, cfg.duracion));
          rss.push(parar());
        }
      }
      const agg = (xs) => ({
        rps: promedio(xs, 'rps'),
        p50: promedio(xs, 'p50'),
        p99: promedio(xs, 'p99'),
        no2xx: xs.reduce((a, x) => a + x.no2xx, 0),
        errores: xs.reduce((a, x) => a + x.errores, 0),
      });
      // Service time without queueing: one connection, one request at a time.
      const solo = Math.min(3, cfg.duracion);
      const unoT = await cargar(urlT, e, lector, solo, 1);
      const unoB = await cargar(urlB, e, lector, solo, 1);
      const fila = { nombre: e.nombre, troncal: agg(medT), base: agg(medB), unoT, unoB };
      fila.ratio = fila.base.rps > 0 ? fila.troncal.rps / fila.base.rps : Number.NaN;
      r.http.push(fila);
      log(
        `  Troncal ${n0(fila.troncal.rps)} req/s p50 ${n1(fila.troncal.p50)} p99 ${n1(fila.troncal.p99)} ms | base ${n0(fila.base.rps)} req/s p50 ${n1(fila.base.p50)} p99 ${n1(fila.base.p99)} ms | ratio ${n1(fila.ratio)}`,
      );
    }
    const maxDe = (xs) => Math.max(...xs.map((x) => x.max ?? 0));
    r.rss.troncalMax = maxDe(rssT);
    r.rss.baseMax = maxDe(rssB);
    r.rss.troncalMedia = rssT.reduce((a, x) => a + (x.media ?? 0), 0) / rssT.length;

    log(`contención: ${cfg.contencion.clientes} clientes, ${cfg.contencion.segundos} s…`);
    r.contencion = await contencion(urlT, operador, sql);
    if (/deadlock/i.test(troncal.salida.join('\n'))) r.contencion.deadlocks = Math.max(1, r.contencion.deadlocks);
    r.contencionBase = await contencion(urlB, operador, sql);
    r.contencionBaseSinEspera = await contencion(urlB, operador, sql, '?sync=off');
    for (const [k, c] of [
      ['Troncal', r.contencion],
      ['base', r.contencionBase],
      ['base, synchronous_commit=off', r.contencionBaseSinEspera],
    ]) {
      log(`  ${k}: ${n0(c.porSegundo)} ajustes/s, perdidas ${c.perdidas}, deadlocks ${c.deadlocks}, 5xx ${c.c5xx}`);
    }

    await detener(troncal);
    await detener(base);

    log('EXPLAIN ANALYZE…');
    const patron = '%claro%';
    const provs = (await sql.unsafe(Q.PROVEEDORES_BUSQUEDA, [Q.CON_TILDE, Q.SIN_TILDE, patron])).map(
      (f) => f.proveedor_id,
    );
    r.explain = await explicar(sql, [
      { nombre: 'connections, page 1 (rows)', sql: Q.LISTA_CONEXIONES, params: ['conexion', 10, 0] },
      { nombre: 'connections, total (count(*))', sql: Q.TOTAL_CONEXIONES, params: [] },
      { nombre: `connections, offset ${profundo} (rows)`, sql: Q.LISTA_CONEXIONES, params: ['conexion', 10, profundo] },
      {
        nombre: `connections, keyset page (antes_de ${antesDe}) (rows)`,
        sql: Q.LISTA_CONEXIONES_CURSOR,
        params: ['conexion', antesDe, 10, 0],
      },
      { nombre: 'connection by id', sql: Q.UNA_CONEXION, params: ['conexion', ids[0], 1] },
      {
        nombre: 'services, search: providers named',
        sql: Q.PROVEEDORES_BUSQUEDA,
        params: [Q.CON_TILDE, Q.SIN_TILDE, patron],
      },
      {
        nombre: 'services, search (rows)',
        sql: Q.SERVICIOS_BUSQUEDA,
        params: ['servicio', patron, provs, 10, 0],
      },
      {
        nombre: 'services, search (count)',
        sql: Q.SERVICIOS_BUSQUEDA_TOTAL,
        params: [patron, provs],
      },
      { nombre: 'API token lookup (auth)', sql: Q.TOKEN, params: ['0'.repeat(64), true, 1] },
    ]);
  } finally {
    await sql.end({ timeout: 2 });
  }

  log('arranques con PGlite…');
  r.arranque = await arranques();
  r.carga.fin = carga();
  r.duracionTotal = `${n1((performance.now() - t0) / 60_000)} min`;
  return r;
}

let codigo = 0;
try {
  const r = await principal();
  const md = informe(r);
  process.stdout.write(`\n${md}\n`);
  if (escribirDocs) escribirInforme(md);
  // Import and export through HTTP (issue 14): its own database and server, printed after the above.
  const importacion = spawnSync(process.execPath, ['bench/importar.mjs', '--filas', String(cfg.escala)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (importacion.status !== 0) codigo = 1;
  if (o.json) writeFileSync(path.resolve(o.json), JSON.stringify(r, null, 2));
} catch (e) {
  console.error(`[bench] error: ${e.stack ?? e}`);
  codigo = 1;
} finally {
  await limpiar();
}
process.exit(codigo);
