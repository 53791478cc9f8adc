import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction as PGliteTx } from '@electric-sql/pglite';
import type postgres from 'postgres';
import type { Db, DbKind } from '../db/client';

/**
 * Bulk loading in one transaction: `COPY … FROM STDIN` streamed through postgres-js on PostgreSQL,
 * `COPY … FROM '/dev/blob'` in chunks on PGlite. Both take PostgreSQL's text format, so the seeders
 * produce one row encoding for both.
 */

export type Valor = string | number | null | undefined;

export interface Cargador {
  kind: DbKind;
  query<T = Record<string, unknown>>(texto: string): Promise<T[]>;
  /** Writes `filas` into `tabla(columnas)`; `alAvanzar` is called with the rows of each chunk sent. */
  copy(
    tabla: string,
    columnas: readonly string[],
    filas: Iterable<Valor[]>,
    alAvanzar?: (n: number) => void,
  ): Promise<number>;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY text format: `\N` for null, backslash escapes for the four special characters. */
export function campoCopy(v: Valor): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Valor numérico no válido para COPY: ${v}`);
    return String(v);
  }
  return v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

/** Groups encoded rows into chunks of about `bytes` characters. */
function* lotes(
  filas: Iterable<Valor[]>,
  alAvanzar: ((n: number) => void) | undefined,
  contar: (n: number) => void,
  bytes = 1 << 20,
): Generator<string> {
  let partes: string[] = [];
  let tam = 0;
  let n = 0;
  for (const fila of filas) {
    const linea = `${fila.map(campoCopy).join('\t')}\n`;
    partes.push(linea);
    tam += linea.length;
    n++;
    if (tam >= bytes) {
      yield partes.join('');
      alAvanzar?.(n);
      contar(n);
      partes = [];
      tam = 0;
      n = 0;
    }
  }
  if (partes.length > 0) {
    yield partes.join('');
    alAvanzar?.(n);
    contar(n);
  }
}

const sentenciaCopy = (tabla: string, columnas: readonly string[], origen: string) =>
  `copy ${tabla} (${columnas.join(', ')}) from ${origen}`;

function cargadorPostgres(tx: postgres.TransactionSql): Cargador {
  return {
    kind: 'postgres',
    async query<T>(texto: string) {
      return [...(await tx.unsafe(texto))] as T[];
    },
    async copy(tabla, columnas, filas, alAvanzar) {
      let total = 0;
      const destino = await tx.unsafe(sentenciaCopy(tabla, columnas, 'stdin')).writable();
      await pipeline(
        Readable.from(
          lotes(filas, alAvanzar, (n) => {
            total += n;
          }),
        ),
        destino,
      );
      return total;
    },
  };
}

function cargadorPglite(tx: PGliteTx): Cargador {
  return {
    kind: 'pglite',
    async query<T>(texto: string) {
      return (await tx.query<T>(texto)).rows;
    },
    async copy(tabla, columnas, filas, alAvanzar) {
      let total = 0;
      // PGlite reads the whole blob into WASM memory: 4 MB chunks keep that bounded.
      const contar = (n: number) => {
        total += n;
      };
      for (const lote of lotes(filas, alAvanzar, contar, 4 << 20)) {
        await tx.query(sentenciaCopy(tabla, columnas, `'/dev/blob'`), [], { blob: new Blob([lote]) });
      }
      return total;
    },
  };
}

/** Runs `trabajo` inside one transaction on the raw driver behind a drizzle `Db`. */
export async function enTransaccionMasiva<T>(
  database: { db: Db; kind: DbKind },
  trabajo: (c: Cargador) => Promise<T>,
): Promise<T> {
  const cliente = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'postgres') {
    const sql = cliente as postgres.Sql;
    return (await sql.begin((tx) => trabajo(cargadorPostgres(tx)))) as T;
  }
  const pg = cliente as PGlite;
  return pg.transaction((tx) => trabajo(cargadorPglite(tx)));
}

/**
 * One statement outside any transaction (VACUUM cannot run inside one). After a bulk load it sets
 * the visibility map, so index-only scans work from the first request, as they would once
 * autovacuum had passed.
 */
export async function ejecutarSinTransaccion(database: { db: Db; kind: DbKind }, texto: string): Promise<void> {
  const cliente = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'postgres') await (cliente as postgres.Sql).unsafe(texto);
  else await (cliente as PGlite).exec(texto);
}
