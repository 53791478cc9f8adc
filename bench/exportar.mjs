// Export/import format figures (issue 14): writes 100,000 synthetic connection rows (the 35 /v1
// columns of the connections list) as CSV and as XLSX through the streaming writers, and reads and
// validates a 100,000-row connections import file, each in its own process so peak RSS is that
// format's alone. Prints time, size, time to first byte and peak RSS growth.
//
//   node bench/exportar.mjs                # 100,000 rows
//   node bench/exportar.mjs --filas 20000
//
// No database: rows come from an async generator in batches of 1,000, as a cursor would give them.

import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { filas: { type: 'string', default: '100000' }, hijo: { type: 'string' }, dir: { type: 'string' } },
});
const FILAS = Number(values.filas);
const raiz = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

if (!values.hijo) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'troncal-exportar-'));
  const filas = [];
  try {
    for (const hijo of ['csv', 'xlsx', 'preparar', 'importar-csv', 'importar-xlsx']) {
      const r = spawnSync(
        process.execPath,
        [
          '--conditions=@troncal/source',
          '--import',
          'tsx',
          fileURLToPath(import.meta.url),
          '--hijo',
          hijo,
          '--filas',
          String(FILAS),
          '--dir',
          dir,
        ],
        { cwd: path.join(raiz, 'apps/server'), encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`${hijo}: ${r.stderr}`);
      if (hijo !== 'preparar') filas.push(JSON.parse(r.stdout.trim().split('\n').at(-1)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `Exportación/importación de ${FILAS.toLocaleString('es-PE')} conexiones (Node ${process.version}, ${os.cpus().length} CPU)`,
  );
  console.table(filas);
  process.exit(0);
}

// --- Child ---------------------------------------------------------------------------------------

const exp = await import(path.join(raiz, 'apps/server/src/services/exportacion/index.ts'));
const imp = await import(path.join(raiz, 'apps/server/src/services/importacion/index.ts'));
const dir = values.dir;

const ESTADOS = ['ACTIVO', 'ACTIVO', 'ACTIVO', 'PENDIENTE', 'SUSPENDIDO', 'BAJA'];
function conexion(i) {
  const fecha = new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86_400_000);
  return {
    enlace_id: i + 1,
    cid_enlace: String(257001 + i),
    servicio_id: (i % 500) + 1,
    servicio_cid_interno: `ICP-${1000 + (i % 500)}`,
    proveedor_id: (i % 20) + 1,
    proveedor_nombre: `PROVEEDOR ${(i % 20) + 1}`,
    tipo_enlace: 'Internet',
    modalidad_enlace: 'P2P',
    enlace_estado: ESTADOS[i % ESTADOS.length],
    enlace_fecha_activacion: fecha.toISOString().slice(0, 10),
    bw_contratado: 100 + (i % 50) * 10,
    bw_disponible: 50.5 + (i % 7),
    bw_utilizado: 49.5 + (i % 43),
    cliente_id: (i % 5000) + 1,
    cliente_razon_social: `CLIENTE CORPORATIVO ${(i % 5000) + 1} S.A.C.`,
    cliente_ruc: '20100070970',
    nodo_a: (i % 300) + 1,
    nodo_a_nombre: `NODO ${(i % 300) + 1}`,
    nodo_a_tipo: 'ACCESO',
    configuracion_nodo_a: i % 10 === 0 ? 'interface Gi0/0\n ip address 10.0.0.1 255.255.255.252' : null,
    nodo_b: ((i + 1) % 300) + 1,
    nodo_b_nombre: `NODO ${((i + 1) % 300) + 1}`,
    nodo_b_tipo: 'CLIENTE',
    configuracion_nodo_b: null,
    departamento_enlace: 'Lima',
    provincia_enlace: 'Lima',
    distrito_enlace: 'Miraflores',
    direccion_enlace: `Av. Larco ${100 + (i % 900)}`,
    locacion: 'Lima - Miraflores / Oficina',
    asignacion_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/30`,
    equipos_ids: [i * 2 + 1, i * 2 + 2],
    equipos_seriales: [`SN${i * 2 + 1}`, `SN${i * 2 + 2}`],
    created_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    updated_at: new Date(Date.UTC(2025, 6, 1) + i * 60_000).toISOString(),
  };
}

let ultimaFila = 0;
/** As a database cursor would: batches of 1,000, each after a turn of the event loop. */
async function* cursor() {
  for (let i = 0; i < FILAS; i += 1000) {
    await new Promise((r) => setImmediate(r));
    for (let j = i; j < Math.min(i + 1000, FILAS); j++) yield conexion(j);
  }
  ultimaFila = performance.now();
}

let pico = process.memoryUsage().rss;
const muestreo = setInterval(() => {
  pico = Math.max(pico, process.memoryUsage().rss);
}, 5);
globalThis.gc?.();
const base = process.memoryUsage().rss;
const t0 = performance.now();
const pie = (extra) => {
  clearInterval(muestreo);
  pico = Math.max(pico, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  console.log(
    JSON.stringify({
      prueba: values.hijo,
      ms: Math.round(performance.now() - t0),
      ...extra,
      rss_base_mb: mb(base),
      crecimiento_rss_mb: mb(pico - base),
    }),
  );
};

if (values.hijo === 'csv' || values.hijo === 'xlsx') {
  const columnas = exp.COLUMNAS_EXPORTACION.conexiones;
  const flujo = values.hijo === 'csv' ? exp.csvReadable(columnas, cursor()) : exp.xlsxReadable(columnas, cursor());
  const c0 = process.cpuUsage();
  let primerByte = 0;
  flujo.once('data', () => {
    primerByte = performance.now();
  });
  const archivo = path.join(dir, `conexiones.${values.hijo}`);
  await pipeline(flujo, createWriteStream(archivo));
  pie({
    columnas: columnas.length,
    mb: mb(statSync(archivo).size),
    primer_byte_ms: Math.round(primerByte - t0),
    primer_byte_antes_de_ultima_fila: primerByte < ultimaFila,
    cpu_ms: Math.round((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1000),
  });
} else if (values.hijo === 'preparar') {
  // Import files with every template column, as a person would fill them; written here so the
  // import processes measure reading and validating only.
  const columnas = imp.PLANTILLAS.conexiones.columnas.map((c) => ({ campo: c.columna, tipo: c.tipo }));
  await pipeline(exp.csvReadable(columnas, cursor()), createWriteStream(path.join(dir, 'importar.csv')));
  await pipeline(exp.xlsxReadable(columnas, cursor()), createWriteStream(path.join(dir, 'importar.xlsx')));
  clearInterval(muestreo);
} else {
  // Validated against a resolver in memory that knows every service, client, node and equipo named.
  const formato = values.hijo === 'importar-csv' ? 'csv' : 'xlsx';
  const resolver = imp.resolverEnMemoria({
    servicios: Array.from({ length: 500 }, (_, i) => ({
      id: i + 1,
      cid_interno: `ICP-${1000 + i}`,
      condicion: 'ACTIVO',
    })),
    clientes: [{ id: 1, ruc: '20100070970' }],
    nodos: Array.from({ length: 300 }, (_, i) => ({ id: i + 1, nombre: `NODO ${i + 1}` })),
    equipos: Array.from({ length: FILAS * 2 }, (_, i) => ({
      id: i + 1,
      serial: `SN${i + 1}`,
      estado: 'DISPONIBLE',
      cid_enlace: null,
    })),
  });
  const bytes = readFileSync(path.join(dir, `importar.${formato}`));
  const c0 = process.cpuUsage();
  const t1 = performance.now();
  const tabla = await imp.leerArchivo(bytes, formato === 'csv' ? 'text/csv' : exp.TIPO_XLSX);
  const t2 = performance.now();
  const r = await imp.validarImportacion('conexiones', tabla, resolver);
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  pie({
    columnas: tabla.encabezados.length,
    mb: mb(bytes.length),
    leer_ms: Math.round(t2 - t1),
    validar_ms: Math.round(t3 - t2),
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    filas_validas: r.validas,
    errores: r.errores.length,
  });
}
