/**
 * The windows still being filled (`leido_desde` after the window's start) are found through an
 * index (migration 0016), not by reading every binding: GET /v1/monitoreo/estado, each cycle's
 * answer, the in-server timer and the backfill's list of pending bindings ask for them. Before the
 * index each of those read all of vinculos_monitoreo: 100–300 ms of PostgreSQL at 110,000 bindings
 * per call (the monitoring bench polls estado every second during a cycle). Here 20,000 bindings,
 * 2 of them incomplete, on this database's planner (PGlite and PostgreSQL).
 */
import { type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Db, execRows } from '../src/db/client';
import type { VinculoCiclo } from '../src/services/monitoreo/lectura';
import { lotesRelleno, ventanasIncompletas } from '../src/services/monitoreo/lotes';
import { usarDb } from './helpers/db';

const database = await usarDb();
const N = 20_000;
const VENTANA_S = 24 * 3600;
const ahora = Math.floor(Date.now() / 1000);

/** `db` with every statement it executes kept in `enviadas`. */
function espiar(db: Db, enviadas: SQL[]): Db {
  return new Proxy(db, {
    get(objetivo, prop, receptor) {
      if (prop === 'execute')
        return (q: SQL) => {
          enviadas.push(q);
          return objetivo.execute(q);
        };
      return Reflect.get(objetivo, prop, receptor);
    },
  });
}

interface Nodo {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  Plans?: Nodo[];
}

/** The scans of `q`'s executed plan. */
async function escaneos(q: SQL): Promise<Nodo[]> {
  const [fila] = await execRows<Record<string, unknown>>(database.db, sql`explain (analyze, format json) ${q}`);
  const valor = Object.values(fila ?? {})[0];
  const plan = ((typeof valor === 'string' ? JSON.parse(valor) : valor) as { Plan: Nodo }[])[0]!.Plan;
  const nodos: Nodo[] = [];
  const recorrer = (n: Nodo) => {
    if (/Scan/.test(n['Node Type'])) nodos.push(n);
    for (const h of n.Plans ?? []) recorrer(h);
  };
  recorrer(plan);
  return nodos;
}

describe('las ventanas incompletas se buscan por índice', () => {
  beforeAll(async () => {
    // Every window complete (read since two days ago), but two: read only since an hour ago.
    await database.db.execute(
      sql`insert into vinculos_monitoreo (objeto, objeto_id, fuente, entrada, salida, estado, leido_desde)
          select 'conexion', i, 'prometheus', 'e' || i, 's' || i, 'OK',
                 to_timestamp(${ahora}) - case when i % 7000 = 0 then interval '1 hour' else interval '2 days' end
            from generate_series(1, ${N}) as i`,
    );
    await database.db.execute(sql`analyze vinculos_monitoreo`);
  });

  it('counts them for /v1/monitoreo/estado and the cycle by the leido_desde index, reading those rows only', async () => {
    const enviadas: SQL[] = [];
    expect(await ventanasIncompletas(espiar(database.db, enviadas), ahora, VENTANA_S)).toBe(2);
    expect(enviadas).toHaveLength(1);
    const nodos = await escaneos(enviadas[0]!);
    expect(nodos.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(nodos.some((n) => n['Index Name'] === 'vinculos_monitoreo_leido_desde_idx')).toBe(true);
    expect(Math.max(...nodos.map((n) => n['Actual Rows']))).toBeLessThanOrEqual(2);
  });

  it("lists them for the cycle's backfill the same way", async () => {
    const enviadas: SQL[] = [];
    const reloj = { ahora, ventanaS: VENTANA_S, fraccionB: 0, ahoraFecha: new Date(ahora * 1000) };
    const lotes = lotesRelleno(espiar(database.db, enviadas), 1000, reloj, async () => {});
    const primero = await lotes.next();
    await lotes.return(undefined);
    expect(primero.done).toBe(false);
    const ids = (primero.value as VinculoCiclo[]).map((v) => v.id);
    expect(ids.sort((a, b) => a - b)).toEqual([7000, 14000]);
    const nodos = await escaneos(enviadas[0]!);
    expect(nodos.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(nodos.some((n) => n['Index Name'] === 'vinculos_monitoreo_leido_desde_idx')).toBe(true);
  });
});
