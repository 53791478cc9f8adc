import {
  cidEnlaceDeNumero,
  cidServicioDeNumero,
  numeroDeCidEnlace,
  numeroDeCidServicio,
} from '@troncal/domain/schemas';
import { and, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type DbOrTx, execRows } from '../db/client';
import { booleanoPg, esUnicoViolado } from '../db/errores-pg';
import { conexiones, serviciosProveedor } from '../db/schema';
import { conflicto } from './errores';

/**
 * Internal circuit ids, one policy for both sequences — connections (`257001`, enlace_cid_seq) and
 * provider services (`ICP-1001`, servicio_cid_seq):
 *
 * - `next-cid` reads the sequence without consuming a number.
 * - A blank CID takes the next number inside the INSERT, `on conflict (cid) do nothing`, drawing
 *   again while the number is already held (a CID loaded before the sequence knew about it). No
 *   check-then-insert window: a request that chose no CID never gets a 409 about one.
 * - A manual CID is stored in its scheme's spelling (` icp-2000 ` → `ICP-2000`, `0300000` →
 *   `300000`; anything outside the scheme as typed) and must be unique ignoring case (`LIM-01`
 *   and `lim-01` are one circuit to a person): 409 on the field. The unique index backs exact
 *   duplicates when two requests race. A number of the scheme at or past the sequence moves the
 *   sequence past it (never back), so automatic CIDs never collide with it.
 *
 * (Before, connections checked-then-inserted blank CIDs and compared manual ones exactly, while
 * services drew inside the INSERT and ignored case: the services' policy is the one kept.)
 * Callers run this after every refusal that could still come (capacity included): a sequence
 * number is not given back by a rollback.
 */

export type Secuencia = 'conexion' | 'servicio';

interface Esquema {
  secuencia: 'enlace_cid_seq' | 'servicio_cid_seq';
  campo: 'cid_enlace' | 'cid_interno';
  indice: string;
  deNumero: (n: number) => string;
  aNumero: (cid: string) => number | null;
  automatico: SQL;
  duplicado: (cid: string) => string;
  /** The table the sequence numbers, its primary key and its CID column. */
  tabla: PgTable;
  id: AnyPgColumn;
  columna: AnyPgColumn;
}

/**
 * `col = cid` ignoring case. Without a cased letter lower() changes nothing, so the plain equality
 * (which the unique index answers) says the same: numeric CIDs never scan the table.
 */
const mismoCid = (col: AnyPgColumn, cid: string): SQL =>
  cid.toLowerCase() === cid.toUpperCase() ? eq(col, cid) : sql`lower(${col}) = ${cid.toLowerCase()}`;

const ESQUEMAS: Record<Secuencia, Esquema> = {
  conexion: {
    secuencia: 'enlace_cid_seq',
    campo: 'cid_enlace',
    indice: 'conexiones_cid_uq',
    deNumero: cidEnlaceDeNumero,
    aNumero: numeroDeCidEnlace,
    automatico: sql`nextval('enlace_cid_seq')::text`,
    duplicado: (cid) => `Ya existe una conexión con el CID ${cid}.`,
    tabla: conexiones,
    id: conexiones.enlace_id,
    columna: conexiones.cid_enlace,
  },
  servicio: {
    secuencia: 'servicio_cid_seq',
    campo: 'cid_interno',
    indice: 'servicios_cid_interno_uq',
    deNumero: cidServicioDeNumero,
    aNumero: numeroDeCidServicio,
    automatico: sql`'ICP-' || nextval('servicio_cid_seq')`,
    duplicado: (cid) => `Ya existe un servicio con el CID interno "${cid}".`,
    tabla: serviciosProveedor,
    id: serviciosProveedor.servicio_id,
    columna: serviciosProveedor.cid_interno,
  },
};

/** The CID another row holds that counts as this one, if any. */
async function ocupado(db: DbOrTx, e: Esquema, cid: string, excepto?: number): Promise<string | undefined> {
  const [otro] = await db
    .select({ cid: e.columna })
    .from(e.tabla)
    .where(and(mismoCid(e.columna, cid), excepto ? ne(e.id, excepto) : undefined))
    .limit(1);
  return otro ? String(otro.cid) : undefined;
}

/** What a row needs besides its CID. */
interface Valores {
  conexion: Omit<typeof conexiones.$inferInsert, 'cid_enlace'>;
  servicio: Omit<typeof serviciosProveedor.$inferInsert, 'cid_interno'>;
}

/** The row with `cid` in the scheme's column, or nothing when another row holds that CID. */
async function insertar<S extends Secuencia>(
  db: DbOrTx,
  e: Esquema,
  valores: Valores[S],
  cid: string | SQL,
): Promise<{ id: number; cid: string } | undefined> {
  // drizzle cannot type a write to a table chosen at run time; `Valores[S]` keeps the caller typed.
  const [fila] = await db
    .insert(e.tabla)
    .values({ ...valores, [e.campo]: cid } as never)
    .onConflictDoNothing({ target: e.columna })
    .returning({ id: e.id, cid: e.columna });
  return fila ? { id: Number(fila.id), cid: String(fila.cid) } : undefined;
}

const duplicado = (e: Esquema, cid: string) => conflicto(e.duplicado(cid), e.campo);

export interface SiguienteCid {
  next: number;
  /** The last number handed out; `next − 1` before the first one. */
  last: number;
}

/** `next-cid`: what the next blank CID will get, without consuming the sequence. */
export async function leerCid(db: DbOrTx, secuencia: Secuencia): Promise<SiguienteCid> {
  const [r] = await execRows<{ last_value: string | number; is_called: unknown }>(
    db,
    sql`select last_value, is_called from ${sql.raw(ESQUEMAS[secuencia].secuencia)}`,
  );
  const valor = Number(r?.last_value ?? 0);
  const next = booleanoPg(r?.is_called) ? valor + 1 : valor;
  return { next, last: next - 1 };
}

function canonico(e: Esquema, cid: string): { cid: string; numero: number | null } {
  const numero = e.aNumero(cid);
  return numero === null ? { cid: cid.trim(), numero } : { cid: e.deNumero(numero), numero };
}

/** The scheme's spelling of a manual CID (what it will be stored as), without checking anything. */
export const cidCanonico = (secuencia: Secuencia, cid: string): string => canonico(ESQUEMAS[secuencia], cid).cid;

/**
 * `n` automatic CIDs for a bulk insert (an import), drawn from the sequence in one statement and
 * skipping numbers a row already holds (a CID loaded before the sequence knew about it), so each
 * row's CID is known before the INSERT and its RETURNING can be matched by CID.
 */
export async function tomarCids(db: DbOrTx, secuencia: Secuencia, n: number): Promise<string[]> {
  const e = ESQUEMAS[secuencia];
  const out: string[] = [];
  for (let i = 0; out.length < n && i < INTENTOS; i++) {
    const filas = await execRows<{ n: string | number }>(
      db,
      sql`select nextval(${sql.raw(`'${e.secuencia}'`)}) as n from generate_series(1, ${n - out.length}::int)`,
    );
    const cids = filas.map((f) => e.deNumero(Number(f.n)));
    const ocupados = new Set<string>();
    for (let j = 0; j < cids.length; j += 5000) {
      const lote = cids.slice(j, j + 5000);
      const filasOcupadas = await db.select({ cid: e.columna }).from(e.tabla).where(inArray(e.columna, lote));
      for (const f of filasOcupadas) ocupados.add(String(f.cid));
    }
    out.push(...cids.filter((c) => !ocupados.has(c)));
  }
  if (out.length < n) throw conflicto('No se encontraron CID libres; indique los CID en el archivo.', e.campo);
  return out;
}

/**
 * Manual CIDs inserted in bulk (an import): the sequence moves past the highest number of the
 * scheme among them, once, so the automatic CIDs drawn after never collide with them.
 */
export async function avanzarPasadoCids(db: DbOrTx, secuencia: Secuencia, cids: readonly string[]): Promise<void> {
  const e = ESQUEMAS[secuencia];
  let max: number | null = null;
  for (const cid of cids) {
    const n = canonico(e, cid).numero;
    if (n !== null && (max === null || n > max)) max = n;
  }
  if (max !== null) await avanzarPasado(db, e, max);
}

/** Never moves the sequence back: the condition and setval are one statement. */
async function avanzarPasado(db: DbOrTx, e: Esquema, numero: number) {
  await db.execute(
    sql`select setval(${sql.raw(`'${e.secuencia}'`)}, ${numero}::bigint, true) from ${sql.raw(e.secuencia)}
         where ${numero}::bigint >= case when is_called then last_value + 1 else last_value end`,
  );
}

/**
 * A manual CID for the row `excepto` (or a new one): its canonical spelling, refused (409) when
 * another row holds it; moves the sequence past it. Returns the CID to store.
 */
export async function aceptarCidManual(
  db: DbOrTx,
  secuencia: Secuencia,
  cid: string,
  excepto?: number,
): Promise<{ cid: string; numero: number | null }> {
  const e = ESQUEMAS[secuencia];
  const c = canonico(e, cid);
  const otro = await ocupado(db, e, c.cid, excepto);
  if (otro !== undefined) throw duplicado(e, otro);
  if (c.numero !== null) await avanzarPasado(db, e, c.numero);
  return c;
}

/** The unique index, last line of defence when two requests race for one CID, answers as the check does. */
export async function conCidUnico<T>(secuencia: Secuencia, cid: string, operacion: () => Promise<T>): Promise<T> {
  try {
    return await operacion();
  } catch (err) {
    const e = ESQUEMAS[secuencia];
    if (esUnicoViolado(err, e.indice)) throw duplicado(e, cid);
    throw err;
  }
}

export interface FilaConCid {
  id: number;
  cid: string;
  /** The number of the scheme; null for a manual CID outside it. */
  numero: number | null;
  /** The sequence's last number before this row (next-cid's `last` as it was). */
  anterior: number;
}

/** How many taken numbers a blank CID skips before giving up (then the operator types one). */
const INTENTOS = 1000;

/** Inserts a row with its CID: the manual one (`cid`), or the next free number of the sequence. */
export async function insertarConCid<S extends Secuencia>(
  db: DbOrTx,
  secuencia: S,
  valores: Valores[S],
  cid: string | undefined,
): Promise<FilaConCid> {
  const e = ESQUEMAS[secuencia];
  if (cid) {
    const { last } = await leerCid(db, secuencia);
    const manual = await aceptarCidManual(db, secuencia, cid);
    const fila = await conCidUnico(secuencia, manual.cid, () => insertar(db, e, valores, manual.cid));
    // Nothing back: a concurrent request took the CID between the check and the insert.
    if (!fila) throw duplicado(e, manual.cid);
    return { id: fila.id, cid: fila.cid, numero: manual.numero, anterior: last };
  }
  for (let i = 0; i < INTENTOS; i++) {
    const fila = await insertar(db, e, valores, e.automatico);
    if (fila) {
      const numero = e.aNumero(fila.cid) ?? 0;
      // nextval hands out last + 1, so the one before is numero − 1 (next-cid's `last`).
      return { id: fila.id, cid: fila.cid, numero, anterior: numero - 1 };
    }
  }
  throw conflicto('No se encontró un CID libre; indique uno manualmente.', e.campo);
}
