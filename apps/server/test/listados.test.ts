import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { conexionEquipos, conexiones, serviciosProveedor } from '../src/db/schema';
import { type ListadoConexiones, listarConexiones, obtenerConexion } from '../src/services/conexiones';
import { type ListadoServicios, listarServicios, obtenerServicio } from '../src/services/servicios';
import { insertCliente, insertEquipo, insertNodo } from './helpers/conexiones';
import { onPostgres, usarDb } from './helpers/db';
import { insertProveedor, insertServicio } from './helpers/fixtures';

/**
 * The connections list pages over the ids first and joins only the page (deferred join): the same
 * rows, in the same order, with the same columns as joining first, but the joins and the equipos
 * sub-select run for at most `limit` rows however deep the page.
 */

const database = await usarDb({ limpiar: true });

const ESTADOS = ['ACTIVO', 'PENDIENTE', 'BAJA'] as const;

/** 23 connections: three clients, two services (and some with none), some with equipos, some in AREQUIPA. */
async function poblar() {
  const db = database.db;
  const cli = [
    await insertCliente(db, 'MINERA ANDINA S.A.'),
    await insertCliente(db, 'BANCO DEL SUR S.A.'),
    await insertCliente(db),
  ];
  const nA = await insertNodo(db, { tipo: 'CORE' });
  const nB = await insertNodo(db, { tipo: 'CLIENTE' });
  const srv = [
    await insertServicio(db, { capacidad_comprada: 1000 }),
    await insertServicio(db, { capacidad_comprada: 500 }),
  ];
  const eqs = [await insertEquipo(db), await insertEquipo(db), await insertEquipo(db)];
  for (let i = 0; i < 23; i++) {
    const [c] = await db
      .insert(conexiones)
      .values({
        cid_enlace: String(300000 + i),
        enlace_estado: ESTADOS[i % 3],
        cliente_id: i % 5 === 4 ? null : cli[i % 3]!.cliente_id,
        servicio_id: i % 7 === 6 ? null : srv[i % 2]!.servicio_id,
        nodo_a: nA.nodo_id,
        nodo_b: i % 2 ? nB.nodo_id : null,
        bw_contratado: i + 1,
        locacion: i % 4 === 0 ? 'Arequipa - Cercado' : 'Lima',
      })
      .returning();
    if (i % 6 === 0) {
      await db
        .insert(conexionEquipos)
        .values(eqs.slice(0, 1 + ((i / 6) % 3)).map((e) => ({ enlace_id: c!.enlace_id, equipo_id: e.equipo_id })));
    }
  }
  return { cli, srv };
}

describe('listarConexiones (deferred join)', () => {
  it('returns, for every page and filter, exactly the rows of the full join, newest first', async () => {
    const { cli, srv } = await poblar();
    // The reference: every connection through the single-row query, filtered and sorted here.
    const todas = await Promise.all(Array.from({ length: 23 }, (_, i) => obtenerConexion(database.db, i + 1)));
    todas.sort((a, b) => b.enlace_id - a.enlace_id);
    expect(todas.some((c) => c.equipos_ids.length > 1)).toBe(true);

    const casos: [Omit<ListadoConexiones, 'limit' | 'offset'>, (c: (typeof todas)[number]) => boolean][] = [
      [{}, () => true],
      [{ estado: 'PENDIENTE' }, (c) => c.enlace_estado === 'PENDIENTE'],
      [{ servicio_id: srv[1]!.servicio_id }, (c) => c.servicio_id === srv[1]!.servicio_id],
      [{ cliente_id: cli[0]!.cliente_id }, (c) => c.cliente_id === cli[0]!.cliente_id],
      [{ search: 'arequipa' }, (c) => c.locacion === 'Arequipa - Cercado'],
      // Matches through the joined tables only (client's name), combined with a column filter.
      [
        { search: 'minera', estado: 'ACTIVO' },
        (c) => c.cliente_id === cli[0]!.cliente_id && c.enlace_estado === 'ACTIVO',
      ],
    ];
    for (const [filtro, cumple] of casos) {
      const esperado = todas.filter(cumple);
      expect(esperado.length, JSON.stringify(filtro)).toBeGreaterThan(0);
      for (const limit of [1, 4, 10, 100]) {
        for (let offset = 0; offset <= esperado.length + 1; offset += limit) {
          const p = await listarConexiones(database.db, { ...filtro, limit, offset });
          const data = esperado.slice(offset, offset + limit);
          expect(p, `${JSON.stringify(filtro)} limit ${limit} offset ${offset}`).toEqual({
            data,
            total: esperado.length,
            limit,
            offset,
            siguiente: data.length === limit ? data[data.length - 1]!.enlace_id : null,
          });
        }
        // Keyset: following `siguiente` as `antes_de` walks the same rows as offset paging, and the
        // total stays the filter's (the cursor is a position, not a filter).
        const vistos: typeof todas = [];
        let antes_de: number | undefined;
        for (let pagina = 0; pagina < 30; pagina++) {
          const p = await listarConexiones(database.db, { ...filtro, limit, offset: 0, antes_de });
          expect(p.total).toBe(esperado.length);
          vistos.push(...p.data);
          if (p.siguiente === null) break;
          antes_de = p.siguiente;
        }
        expect(vistos, `${JSON.stringify(filtro)} limit ${limit} por cursor`).toEqual(esperado);
      }
    }
  });

  // The statement's text and parameters are read from PGlite's client; the plan is PostgreSQL's on
  // both drivers, so checking it on PGlite is enough.
  it.skipIf(onPostgres())(
    'joins and runs the equipos sub-select only for the page, not for the skipped rows',
    async () => {
      await poblar();
      type Cliente = {
        query(t: string, p?: unknown[], ...resto: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
      };
      const cliente = (database.db as unknown as { $client: Cliente }).$client;
      const capturadas: { texto: string; params: unknown[] }[] = [];
      const original = cliente.query.bind(cliente);
      cliente.query = (texto, params, ...resto) => {
        capturadas.push({ texto, params: params ?? [] });
        return original(texto, params, ...resto);
      };
      try {
        await listarConexiones(database.db, { limit: 2, offset: 15 });
      } finally {
        cliente.query = original;
      }
      const filas = capturadas.find((c) => c.texto.includes('string_agg'));
      expect(filas).toBeDefined();
      const [r] = (await original(`explain (analyze, format json) ${filas!.texto}`, filas!.params)).rows;
      const plan = (Object.values(r!)[0] as { Plan: Nodo }[])[0]!.Plan;
      type Nodo = {
        'Node Type': string;
        'Actual Rows': number;
        'Actual Loops': number;
        'Parent Relationship'?: string;
        Plans?: Nodo[];
      };
      const nodos: Nodo[] = [];
      const recorrer = (n: Nodo) => {
        nodos.push(n);
        for (const h of n.Plans ?? []) recorrer(h);
      };
      recorrer(plan);
      // Every join (and so the equipos sub-select computed on its rows) handles at most the page:
      // joining first would carry all offset + limit rows up to the LIMIT.
      const joins = nodos.filter((n) => /Join|Nested Loop/.test(n['Node Type']));
      expect(joins.length).toBeGreaterThan(0);
      for (const n of joins) expect(n['Actual Rows'], n['Node Type']).toBeLessThanOrEqual(2);
      for (const n of nodos.filter((n) => n['Parent Relationship'] === 'SubPlan'))
        expect(n['Actual Loops']).toBeLessThanOrEqual(2);
    },
  );
});

describe('listarServicios (deferred join)', () => {
  it('returns, for every page and filter, exactly the rows of the full join, newest first', async () => {
    const db = database.db;
    const claro = await insertProveedor(db, 'CLARO PERÚ');
    const otro = await insertProveedor(db, 'TELEFÓNICA');
    const nodo = await insertNodo(db, { tipo: 'CORE' });
    for (let i = 0; i < 17; i++) {
      const srv = await insertServicio(db, { proveedor_id: i % 3 ? otro.proveedor_id : claro.proveedor_id });
      if (i % 2)
        await db
          .update(serviciosProveedor)
          .set({ nodo_id: nodo.nodo_id })
          .where(eq(serviciosProveedor.servicio_id, srv.servicio_id));
    }
    const todos = await Promise.all(Array.from({ length: 17 }, (_, i) => obtenerServicio(db, i + 1)));
    todos.sort((a, b) => b.servicio_id - a.servicio_id);
    const cid = todos[3]!.cid_interno!;
    const casos: [Omit<ListadoServicios, 'limit' | 'offset'>, (x: (typeof todos)[number]) => boolean][] = [
      [{}, () => true],
      [{ search: 'claro' }, (x) => x.proveedor_id === claro.proveedor_id],
      [{ proveedor_id: otro.proveedor_id }, (x) => x.proveedor_id === otro.proveedor_id],
      [{ cid: cid.toLowerCase() }, (x) => x.cid_interno === cid],
    ];
    for (const [filtro, cumple] of casos) {
      const esperado = todos.filter(cumple);
      expect(esperado.length, JSON.stringify(filtro)).toBeGreaterThan(0);
      for (const limit of [1, 4, 100]) {
        for (let offset = 0; offset <= esperado.length + 1; offset += limit) {
          const { data, total } = await listarServicios(db, { ...filtro, limit, offset });
          expect({ data, total }, `${JSON.stringify(filtro)} limit ${limit} offset ${offset}`).toEqual({
            data: esperado.slice(offset, offset + limit),
            total: esperado.length,
          });
        }
      }
    }
  });
});
