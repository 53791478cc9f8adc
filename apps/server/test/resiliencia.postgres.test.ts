import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { MENSAJE_BD_NO_DISPONIBLE, RETRY_AFTER_SEGUNDOS } from '../src/db/disponibilidad';
import { testDatabaseUrl } from '../src/env';
import { bearerAs } from './helpers/app';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { insertProveedor } from './helpers/fixtures';
import { type Hijo, levantarServidor, pararServidor } from './helpers/servidor';

/**
 * The server process against PostgreSQL dropping its connections under load (issue #11, item 2).
 * A real `main.ts` runs in a child process, so a crash is seen as the child exiting, not as this
 * test dying; the database is this file's own, and only its backends are terminated.
 * Before the fix the child died within the first terminations: `TypeError: Cannot read properties
 * of null (reading 'write')` in postgres-js's nextWrite, or an unhandled rejection from its
 * array-types fetch.
 */

const espera = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!onPostgres())('el servidor sobrevive a PostgreSQL cortando sus conexiones', () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  let nombreBd: string;
  const hijos: Hijo[] = [];
  let hijo: Hijo;
  let base: string;
  let op: { authorization: string };
  let proveedorId: number;

  const vivo = () => hijo.vivo;
  const diagnostico = () =>
    `salida del servidor (${vivo() ? 'vivo' : `terminó: ${hijo.proceso.exitCode ?? hijo.proceso.signalCode}`}):\n${hijo.salida.slice(-3000)}`;

  async function pedir(metodo: 'GET' | 'POST', ruta: string, cuerpo?: unknown) {
    const res = await fetch(`${base}${ruta}`, {
      method: metodo,
      headers: { ...op, ...(cuerpo ? { 'content-type': 'application/json' } : {}) },
      ...(cuerpo ? { body: JSON.stringify(cuerpo) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    const texto = await res.text();
    return { status: res.status, retryAfter: res.headers.get('retry-after'), texto };
  }

  /** Milliseconds until `ruta` answers `status`, polling every 20 ms, or Infinity after `limite` ms. */
  async function hasta(ruta: string, status: number, limite = 15_000): Promise<number> {
    const t0 = performance.now();
    while (performance.now() - t0 < limite && vivo()) {
      try {
        if ((await pedir('GET', ruta)).status === status) return performance.now() - t0;
      } catch {
        // the server not answering at all is what this loop waits out
      }
      await espera(20);
    }
    return Number.POSITIVE_INFINITY;
  }

  const terminar = () =>
    admin`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
          where datname = ${nombreBd} and pid <> pg_backend_pid()`;

  beforeAll(async () => {
    database = await createTestDb({ poolSize: 2 });
    nombreBd = (await execRows<{ db: string }>(database.db, sql`select current_database() as db`))[0]!.db;
    op = await bearerAs(database, 'operador');
    proveedorId = (await insertProveedor(database.db, 'PROVEEDOR RESILIENCIA')).proveedor_id;
    admin = postgres(testDatabaseUrl()!, { max: 1, onnotice: () => {} });

    const url = new URL(testDatabaseUrl()!);
    url.pathname = `/${nombreBd}`;
    hijo = await levantarServidor(url.toString(), {}, hijos);
    base = hijo.base;
  }, 60_000);

  afterAll(async () => {
    for (const h of hijos) await pararServidor(h, 'SIGTERM').catch(() => pararServidor(h, 'SIGKILL'));
    await admin?.end();
    await database?.close();
  });

  it('keeps serving while its backends are terminated under load, then answers 200 within seconds', async () => {
    const cuentas = new Map<string, number>();
    const raros: string[] = [];
    let parar = false;
    let n = 0;
    const contar = (k: string) => cuentas.set(k, (cuentas.get(k) ?? 0) + 1);

    async function trabajador(w: number) {
      while (!parar && vivo()) {
        const i = n++;
        const [metodo, ruta, cuerpo] =
          i % 4 === 0
            ? ([
                'POST',
                '/v1/servicios-proveedor/crear',
                { proveedor_id: proveedorId, modalidad: 'DEDICADO', capacidad_comprada: 10 },
              ] as const)
            : i % 4 === 1
              ? (['POST', '/v1/proveedores/crear', { nombre: `PROVEEDOR ${w}-${i}` }] as const)
              : i % 4 === 2
                ? (['GET', '/v1/servicios-proveedor/listar', undefined] as const)
                : (['GET', `/trpc/proveedores.list?input=${encodeURIComponent('{}')}`, undefined] as const);
        try {
          const r = await pedir(metodo, ruta, cuerpo);
          contar(String(r.status));
          if (r.status === 503) {
            const esTrpc = ruta.startsWith('/trpc');
            const ok = esTrpc
              ? JSON.parse(r.texto).error?.message === MENSAJE_BD_NO_DISPONIBLE
              : r.texto === JSON.stringify({ ok: false, message: MENSAJE_BD_NO_DISPONIBLE });
            if (!ok || r.retryAfter !== String(RETRY_AFTER_SEGUNDOS))
              raros.push(`${ruta} 503 ${r.retryAfter} ${r.texto}`);
          } else if (r.status >= 300) {
            raros.push(`${ruta} ${r.status} ${r.texto.slice(0, 300)}`);
          }
        } catch (e) {
          contar('sin respuesta');
          raros.push(`${ruta} ${(e as Error).message}`);
        }
      }
    }

    const trabajadores = Array.from({ length: 12 }, (_, w) => trabajador(w));
    await espera(300);
    let terminados = 0;
    const rondas = 40;
    const inicioTormenta = performance.now();
    for (let r = 0; r < rondas && vivo(); r++) {
      terminados += (await terminar())[0]!.n;
      await espera(100);
    }
    const finTormenta = performance.now();
    // The load keeps going: recovery is measured under it.
    const recuperacion = await hasta('/v1/proveedores/listar', 200);
    parar = true;
    await Promise.all(trabajadores);
    expect(vivo(), diagnostico()).toBe(true);
    const salud = await pedir('GET', '/healthz');

    console.log(
      `[resiliencia] ${rondas} rondas de pg_terminate_backend en ${((finTormenta - inicioTormenta) / 1000).toFixed(1)} s, ` +
        `${terminados} backends terminados; respuestas: ${JSON.stringify(Object.fromEntries(cuentas))}; ` +
        `primer 200 tras la última terminación: ${recuperacion.toFixed(0)} ms`,
    );

    expect(terminados).toBeGreaterThan(rondas);
    expect(recuperacion).toBeLessThan(3000);
    expect(salud.status).toBe(200);
    // Every answer was a success or the documented 503; never a 500, never a dropped connection.
    expect(raros, diagnostico()).toEqual([]);
    expect((cuentas.get('200') ?? 0) + (cuentas.get('201') ?? 0)).toBeGreaterThan(0);
  }, 90_000);

  it('answers 503 with Retry-After while the database is unreachable, and 200 again once it is back', async () => {
    expect(vivo(), diagnostico()).toBe(true);
    const fuera = `${nombreBd}_fuera`;
    // Renaming needs no connection to the database: terminate them until the rename goes through.
    let renombrada = false;
    for (let i = 0; i < 100 && !renombrada; i++) {
      await terminar();
      renombrada = await admin
        .unsafe(`alter database "${nombreBd}" rename to "${fuera}"`)
        .then(() => true)
        .catch(() => false);
      if (!renombrada) await espera(20);
    }
    expect(renombrada).toBe(true);
    const t0 = performance.now();
    try {
      const v1 = await pedir('GET', '/v1/proveedores/listar');
      const aviso = performance.now() - t0;
      expect(v1.status).toBe(503);
      expect(v1.retryAfter).toBe(String(RETRY_AFTER_SEGUNDOS));
      expect(JSON.parse(v1.texto)).toEqual({ ok: false, message: MENSAJE_BD_NO_DISPONIBLE });

      const escritura = await pedir('POST', '/v1/proveedores/crear', { nombre: 'MIENTRAS TANTO' });
      expect(escritura.status).toBe(503);

      const trpc = await pedir('GET', `/trpc/proveedores.list?input=${encodeURIComponent('{}')}`);
      expect(trpc.status).toBe(503);
      expect(trpc.retryAfter).toBe(String(RETRY_AFTER_SEGUNDOS));
      expect(JSON.parse(trpc.texto).error).toMatchObject({
        message: MENSAJE_BD_NO_DISPONIBLE,
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 },
      });

      const salud = await pedir('GET', '/healthz');
      expect(salud.status).toBe(503);
      expect(salud.retryAfter).toBe(String(RETRY_AFTER_SEGUNDOS));
      expect(JSON.parse(salud.texto)).toEqual({
        ok: false,
        db: 'postgres',
        estado: 'no_disponible',
        message: MENSAJE_BD_NO_DISPONIBLE,
      });
      console.log(`[resiliencia] primer 503 con la base renombrada: ${aviso.toFixed(0)} ms`);
    } finally {
      await admin.unsafe(`alter database "${fuera}" rename to "${nombreBd}"`);
    }
    const vuelta = await hasta('/v1/proveedores/listar', 200);
    console.log(`[resiliencia] primer 200 tras devolver el nombre: ${vuelta.toFixed(0)} ms`);
    expect(vuelta).toBeLessThan(3000);
    expect((await pedir('GET', '/healthz')).status).toBe(200);
    const escritura = await pedir('POST', '/v1/proveedores/crear', { nombre: 'DE VUELTA' });
    expect(escritura.status).toBe(201);
    expect(vivo(), diagnostico()).toBe(true);
  }, 60_000);
});

/**
 * postgres-js counts the rows of the result being read in a connection-wide counter that only a
 * completed command resets (porsager/postgres#1119, #1181). A query that fails after some of its
 * rows (a backend terminated mid-stream, a statement timeout, an error in one row) left the count
 * behind, and the next query on that connection resolved with holes before its rows: drizzle maps
 * `[ <1 empty item>, row ]`, so `const [row] = …` read undefined. That is how a valid API token
 * got a 401 once while backends were terminated under load (CI, stop 17). The patch resets the
 * count when the next query starts; this reproduces it deterministically on one connection.
 */
describe.skipIf(!onPostgres())('postgres-js después de una consulta que falla a mitad de sus filas', () => {
  it('the next query on the same connection gets its rows from index 0, with no holes', async () => {
    const sql1 = postgres(testDatabaseUrl()!, { max: 1, onnotice: () => {} });
    try {
      // Three rows stream out, then the fourth divides by zero.
      const fallida = sql1`select i, 1 / (4 - i) as r from generate_series(1, 10) i`.catch((e: Error) => e);
      const siguiente = sql1`select x from generate_series(1, 5) x`;
      const error = await fallida;
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/division by zero|división por cero/);
      const filas = await siguiente;
      expect(filas.length).toBe(5);
      expect(Object.keys(filas)).toEqual(['0', '1', '2', '3', '4']);
      expect(filas.map((f) => f.x)).toEqual([1, 2, 3, 4, 5]);
      // And a later query, not pipelined, is whole too.
      expect((await sql1`select 1 as uno`)[0]).toEqual({ uno: 1 });
    } finally {
      await sql1.end();
    }
  });
});
