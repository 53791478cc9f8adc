import { ENLACE_ESTADOS, type EnlaceEstado } from '@troncal/domain/enums';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DbOrTx, execRows } from '../src/db/client';
import { conexiones, contadores, serviciosProveedor } from '../src/db/schema';
import { sembrarEscala } from '../src/seed/escala';
import { listarConexiones } from '../src/services/conexiones.service';
import { contadorDeFiltro, type FiltroListado } from '../src/services/contadores';
import { listarEquipos } from '../src/services/equipos.service';
import { listarServicios } from '../src/services/servicios.service';
import { callerAs, createTestUser } from './helpers/app';
import { escenario, insertCliente, insertEquipo, insertNodo } from './helpers/conexiones';
import { contadoresYConteos, exigirContadoresExactos } from './helpers/contadores';
import { createTestDb, type TestDatabase } from './helpers/db';
import { insertProveedor, insertServicio } from './helpers/fixtures';

/**
 * The list totals come from trigger-kept counters (migration 0002) when the filter allows; they
 * must equal count(*) after every kind of write, on PGlite and on PostgreSQL.
 */

describe('contadorDeFiltro: which counter answers a list filter', () => {
  const casos: [FiltroListado, string | null][] = [
    [{ tabla: 'conexiones' }, 'conexiones:*'],
    [{ tabla: 'conexiones', search: '', servicio_id: 0, cliente_id: 0 }, 'conexiones:*'],
    [{ tabla: 'conexiones', estado: 'BAJA' }, 'conexiones:BAJA'],
    [{ tabla: 'conexiones', estado: 'ACTIVO', search: undefined }, 'conexiones:ACTIVO'],
    [{ tabla: 'conexiones', search: 'lima' }, null],
    // listarConexiones does not trim: a blank search is a filter (rows containing a space).
    [{ tabla: 'conexiones', search: ' ' }, null],
    [{ tabla: 'conexiones', estado: 'ACTIVO', search: 'lima' }, null],
    [{ tabla: 'conexiones', servicio_id: 3 }, null],
    [{ tabla: 'conexiones', estado: 'ACTIVO', servicio_id: 3 }, null],
    [{ tabla: 'conexiones', cliente_id: 5 }, null],
    [{ tabla: 'servicios_proveedor' }, 'servicios_proveedor:*'],
    [{ tabla: 'servicios_proveedor', search: '  ', proveedor_id: null, cid: ' ' }, 'servicios_proveedor:*'],
    [{ tabla: 'servicios_proveedor', proveedor_id: 0, cid: null, search: '' }, 'servicios_proveedor:*'],
    [{ tabla: 'servicios_proveedor', search: 'claro' }, null],
    [{ tabla: 'servicios_proveedor', proveedor_id: 2 }, null],
    [{ tabla: 'servicios_proveedor', cid: 'ICP-1001' }, null],
    [{ tabla: 'equipos' }, 'equipos:*'],
    [{ tabla: 'equipos', search: '', estado: null, tipo: null }, 'equipos:*'],
    [{ tabla: 'equipos', search: ' ' }, null],
    [{ tabla: 'equipos', estado: 'DISPONIBLE' }, null],
    [{ tabla: 'equipos', tipo: 'ROUTER' }, null],
  ];
  it.each(casos)('%j → %s', (filtro, esperado) => {
    const c = contadorDeFiltro(filtro);
    expect(c ? `${c.tabla}:${c.clave}` : null).toBe(esperado);
  });
});

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database?.close());
beforeEach(() => database.truncate());

const contador = async (tabla: string, clave: string) => {
  const [r] = await database.db
    .select({ n: contadores.n })
    .from(contadores)
    .where(sql`${contadores.tabla} = ${tabla} and ${contadores.clave} = ${clave}`);
  return r ? Number(r.n) : null;
};

describe('the counters stay exact', () => {
  it('after the test reset (TRUNCATE of every table, contadores included): all zero', async () => {
    const conteos = await exigirContadoresExactos(database.db);
    expect(Object.values(conteos).every((n) => n === 0)).toBe(true);
    expect(await contador('*', '*')).toBe(0);
  });

  it('through the application: creates, state changes, edits, BW adjustments, services', async () => {
    const e = await escenario(database.db, { comprada: 100_000 });
    const otro = await escenario(database.db, { comprada: 100_000 });
    const op = await callerAs(database, 'operador');
    const datos = (estado: EnlaceEstado, servicio_id = e.servicio.servicio_id) => ({
      cliente_id: e.cliente.cliente_id,
      servicio_id,
      nodo_a: e.nodoA.nodo_id,
      nodo_b: e.nodoB.nodo_id,
      tipo_enlace: 'Internet',
      bw_contratado: 10,
      estado,
    });
    const ids: number[] = [];
    for (const [i, estado] of ENLACE_ESTADOS.entries()) {
      ids.push((await op.conexiones.create({ datos: datos(estado) })).enlace_id);
      ids.push((await op.conexiones.create({ datos: datos('ACTIVO', otro.servicio.servicio_id) })).enlace_id);
      expect(await contador('conexiones', '*')).toBe(2 * (i + 1));
    }
    await exigirContadoresExactos(database.db);
    expect(await contador('conexiones', 'ACTIVO')).toBe(7);

    await op.conexiones.cambiarEstado({ enlace_id: ids[1]!, enlace_estado: 'BAJA' });
    await op.conexiones.cambiarEstado({ enlace_id: ids[3]!, enlace_estado: 'SUSPENDIDO' });
    await op.conexiones.cambiarEstado({ enlace_id: ids[3]!, enlace_estado: 'ACTIVO' });
    // Same state again, other fields, BW: no counter moves.
    await op.conexiones.update({ enlace_id: ids[5]!, datos: { enlace_estado: 'ACTIVO', locacion: 'Cusco' } });
    await op.conexiones.update({ enlace_id: ids[0]!, datos: { servicio_id: otro.servicio.servicio_id } });
    await op.conexiones.ajustarBw({ enlace_id: ids[5]!, modo: 'AUMENTAR', mbps: 5 });
    const conteos = await exigirContadoresExactos(database.db);
    expect(conteos).toMatchObject({ 'conexiones:*': 12, 'conexiones:ACTIVO': 6, 'conexiones:BAJA': 2 });

    // A refused operation (BW adjustment of a BAJA connection) leaves nothing behind.
    await expect(op.conexiones.ajustarBw({ enlace_id: ids[1]!, modo: 'AUMENTAR', mbps: 5 })).rejects.toThrow();
    await exigirContadoresExactos(database.db);

    const proveedor = await insertProveedor(database.db);
    for (let i = 0; i < 3; i++) {
      await op.servicios.create({ proveedor_id: proveedor.proveedor_id, modalidad: 'DEDICADO' });
    }
    expect(await exigirContadoresExactos(database.db)).toMatchObject({ 'servicios_proveedor:*': 5 });

    // Equipos: created, then assigned to a connection and released (state changes move no counter).
    const eqs = [];
    for (let i = 0; i < 3; i++) {
      eqs.push(await op.equipos.create({ tipo: 'ROUTER', marca: 'Cisco', modelo: 'ISR', serial: `CNT-${i}` }));
    }
    const { enlace_id } = await op.conexiones.create({
      datos: { ...datos('ACTIVO'), equipos_ids: eqs.map((x) => x.equipo_id) },
    });
    await op.conexiones.cambiarEstado({ enlace_id, enlace_estado: 'BAJA' });
    expect(await exigirContadoresExactos(database.db)).toMatchObject({ 'equipos:*': 3, 'conexiones:*': 13 });
  });

  it('for multi-row statements, updates and deletes, and inside rolled-back work', async () => {
    const db = database.db;
    const srv = await insertServicio(db);
    const fila = (i: number, enlace_estado: EnlaceEstado) => ({
      cid_enlace: `X-${i}`,
      enlace_estado,
      servicio_id: srv.servicio_id,
    });
    await db.insert(conexiones).values(Array.from({ length: 30 }, (_, i) => fila(i, ENLACE_ESTADOS[i % 6]!)));
    await exigirContadoresExactos(db);
    await db.update(conexiones).set({ enlace_estado: 'DOWN' }).where(sql`${conexiones.enlace_id} % 4 = 0`);
    await db.update(conexiones).set({ bw_contratado: 7 });
    await db.delete(conexiones).where(sql`${conexiones.enlace_id} % 5 = 0`);
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'conexiones:*': 24 });

    // Several statements in one transaction, then a row changed twice and one inserted and deleted.
    await db.transaction(async (tx) => {
      await tx.insert(conexiones).values([fila(100, 'ACTIVO'), fila(101, 'PENDIENTE')]);
      await tx.update(conexiones).set({ enlace_estado: 'BAJA' }).where(eq(conexiones.cid_enlace, 'X-100'));
      await tx.update(conexiones).set({ enlace_estado: 'INACTIVO' }).where(eq(conexiones.cid_enlace, 'X-100'));
      await tx.delete(conexiones).where(eq(conexiones.cid_enlace, 'X-101'));
    });
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'conexiones:*': 25 });

    // A rolled-back transaction and a rolled-back savepoint count for nothing.
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(conexiones).values(fila(200, 'ACTIVO'));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await db.transaction(async (tx) => {
      await tx.insert(conexiones).values(fila(300, 'ACTIVO'));
      await expect(
        tx.transaction(async (sp) => {
          await sp.insert(conexiones).values(fila(301, 'ACTIVO'));
          await sp
            .insert(serviciosProveedor)
            .values({ proveedor_id: srv.proveedor_id, modalidad: 'DEDICADO', cid_interno: 'Z-1' });
          throw new Error('savepoint');
        }),
      ).rejects.toThrow('savepoint');
    });
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'conexiones:*': 26, 'servicios_proveedor:*': 1 });
  });

  it('after TRUNCATE: of one table, of a table whose rows were counted in the same transaction, of contadores', async () => {
    const db = database.db;
    const srv = await insertServicio(db);
    await db.insert(conexiones).values([
      { cid_enlace: 'A', enlace_estado: 'ACTIVO', servicio_id: srv.servicio_id },
      { cid_enlace: 'B', enlace_estado: 'BAJA', servicio_id: srv.servicio_id },
    ]);
    await db.execute(sql`truncate conexiones cascade`);
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'conexiones:*': 0, 'servicios_proveedor:*': 1 });

    // Rows inserted, then truncated, in one transaction: their pending deltas must not survive.
    await db.transaction(async (tx) => {
      await tx.insert(conexiones).values({ cid_enlace: 'C', enlace_estado: 'ACTIVO', servicio_id: srv.servicio_id });
      await tx.execute(sql`truncate conexiones cascade`);
      await tx.insert(conexiones).values({ cid_enlace: 'D', enlace_estado: 'DOWN', servicio_id: srv.servicio_id });
    });
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'conexiones:*': 1, 'conexiones:DOWN': 1 });

    // servicios_proveedor CASCADE truncates conexiones too: both tables' counters go to 0.
    await db.execute(sql`truncate servicios_proveedor cascade`);
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'conexiones:*': 0, 'servicios_proveedor:*': 0 });

    // contadores itself: rebuilt from count(*).
    const otro = await insertServicio(db);
    await db.insert(conexiones).values({ cid_enlace: 'E', enlace_estado: 'PENDIENTE', servicio_id: otro.servicio_id });
    await insertEquipo(db);
    await insertEquipo(db);
    await db.execute(sql`truncate contadores`);
    expect(await exigirContadoresExactos(db)).toMatchObject({
      'conexiones:*': 1,
      'servicios_proveedor:*': 1,
      'equipos:*': 2,
    });
    await db.execute(sql`truncate equipos cascade`);
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'equipos:*': 0 });
  });

  it('after the bulk seeder (db:seed --scale), which loads with COPY in one transaction', async () => {
    const actor = await createTestUser(database.db, 'admin');
    await sembrarEscala(database, { conexiones: 700, actor });
    const conteos = await exigirContadoresExactos(database.db);
    expect(conteos['conexiones:*']).toBe(700);
    expect(conteos['servicios_proveedor:*']).toBe(70);
    expect(conteos['equipos:*']).toBe(420);
    expect(ENLACE_ESTADOS.filter((e) => (conteos[`conexiones:${e}`] ?? 0) > 0).length).toBeGreaterThanOrEqual(5);
  });

  it('contadores_recalcular() repairs a counter that was written by hand', async () => {
    const srv = await insertServicio(database.db);
    await database.db.insert(conexiones).values({ cid_enlace: 'A', servicio_id: srv.servicio_id });
    await database.db.execute(sql`update contadores set n = 99 where tabla = 'conexiones'`);
    expect((await contadoresYConteos(database.db)).contadores['conexiones:*']).toBe(99);
    await database.db.execute(sql`select contadores_recalcular()`);
    await exigirContadoresExactos(database.db);
  });
});

describe('list totals', () => {
  async function poblar() {
    const db = database.db;
    const claro = await insertProveedor(db, 'CLARO PERÚ');
    const tele = await insertProveedor(db, 'TELEFÓNICA');
    const srv = [
      await insertServicio(db, { proveedor_id: claro.proveedor_id }),
      await insertServicio(db, { proveedor_id: tele.proveedor_id }),
      await insertServicio(db, { proveedor_id: tele.proveedor_id }),
    ];
    await db
      .update(serviciosProveedor)
      .set({ ubicacion_servicio: 'Claro Lima', cid_proveedor: 'CP-9' })
      .where(eq(serviciosProveedor.servicio_id, srv[2]!.servicio_id));
    const cli = [await insertCliente(db, 'MINERA ANDINA S.A.'), await insertCliente(db)];
    const nodo = await insertNodo(db, { tipo: 'CORE' });
    await db.insert(conexiones).values(
      Array.from({ length: 25 }, (_, i) => ({
        cid_enlace: String(400000 + i),
        enlace_estado: ENLACE_ESTADOS[(i * 5) % 6]!,
        servicio_id: i % 9 === 8 ? null : srv[i % 3]!.servicio_id,
        cliente_id: i % 7 === 6 ? null : cli[i % 2]!.cliente_id,
        nodo_a: nodo.nodo_id,
        locacion: i % 4 === 0 ? 'Arequipa' : 'Lima Centro',
      })),
    );
    return { claro, tele, srv, cli, cid: srv[1]!.cid_interno };
  }

  it('equal the number of rows the filter selects, for every filter combination', async () => {
    const { claro, srv, cli, cid } = await poblar();
    const db = database.db;

    let combinaciones = 0;
    for (const search of [undefined, '', ' ', 'arequipa', 'minera', 'claro']) {
      for (const estado of [undefined, ...ENLACE_ESTADOS]) {
        for (const servicio_id of [undefined, 0, srv[0]!.servicio_id]) {
          for (const cliente_id of [undefined, 0, cli[1]!.cliente_id]) {
            const f = { search, estado, servicio_id, cliente_id };
            // With a limit above the table's size the page itself is the filtered set.
            const p = await listarConexiones(db, { ...f, limit: 100, offset: 0 });
            expect(p.total, JSON.stringify(f)).toBe(p.data.length);
            combinaciones++;
          }
        }
      }
    }
    expect(combinaciones).toBe(6 * 7 * 3 * 3);

    for (const search of [undefined, '', '  ', 'claro', 'telefonica', 'icp', 'cp-9', 'nada']) {
      for (const proveedor_id of [undefined, null, 0, claro.proveedor_id]) {
        for (const c of [undefined, null, '', ' ', cid.toLowerCase()]) {
          const f = { search, proveedor_id, cid: c };
          const p = await listarServicios(db, { ...f, limit: 100, offset: 0 });
          expect(p.total, JSON.stringify(f)).toBe(p.data.length);
        }
      }
    }
    for (let i = 0; i < 5; i++) {
      await insertEquipo(db, { estado: i % 2 ? 'ASIGNADO' : 'DISPONIBLE', tipo: i % 3 ? 'ROUTER' : 'ONT' });
    }
    for (const search of [undefined, null, '', ' ', 'cisco', 'ont']) {
      for (const estado of [undefined, null, 'DISPONIBLE', 'ASIGNADO', 'BAJA'] as const) {
        for (const tipo of [undefined, null, 'ROUTER', 'ONT'] as const) {
          const f = { search, estado, tipo };
          const p = await listarEquipos(db, { ...f, limit: 100, offset: 0 });
          expect(p.total, JSON.stringify(f)).toBe(p.data.length);
        }
      }
    }
    // The search still finds a service through its provider's name and through its own text.
    expect((await listarServicios(db, { search: 'claro', limit: 100, offset: 0 })).total).toBe(2);
    expect((await listarServicios(db, { search: 'CLARO', limit: 1, offset: 0 })).total).toBe(2);
    expect((await listarServicios(db, { search: 'telefonica', limit: 100, offset: 0 })).total).toBe(2);
  });

  it('read the counter when one answers the filter, and count(*) otherwise or when its row is missing', async () => {
    await poblar();
    const db = database.db;
    const total = async (f: Record<string, unknown>) =>
      (await listarConexiones(db, { ...f, limit: 1, offset: 0 })).total;
    const [activos] = await execRows<{ n: string }>(
      db,
      sql`select count(*) as n from conexiones where enlace_estado = 'ACTIVO'`,
    );
    // Skew the counters by hand: the answers that move are exactly those read from a counter.
    await db.execute(sql`update contadores set n = n + 1000 where tabla in ('conexiones', 'servicios_proveedor')`);
    expect(await total({})).toBe(1025);
    expect(await total({ estado: 'ACTIVO' })).toBe(Number(activos!.n) + 1000);
    expect(await total({ estado: 'ACTIVO', cliente_id: 0 })).toBe(Number(activos!.n) + 1000);
    expect(await total({ search: 'lima' })).toBeLessThan(1000);
    expect(await total({ estado: 'ACTIVO', search: 'a' })).toBeLessThan(1000);
    expect((await listarServicios(db, { limit: 1, offset: 0 })).total).toBe(1003);
    await insertEquipo(db);
    await db.execute(sql`update contadores set n = n + 1000 where tabla = 'equipos'`);
    expect((await listarEquipos(db, { limit: 1, offset: 0 })).total).toBe(1001);
    expect((await listarEquipos(db, { tipo: 'ROUTER', limit: 1, offset: 0 })).total).toBe(1);
    expect((await listarServicios(db, { search: 'claro', limit: 1, offset: 0 })).total).toBe(2);

    await db.execute(sql`select contadores_recalcular()`);

    // Inside a transaction that wrote, the total counts its own uncommitted rows (as count(*) does);
    // its deltas reach the counter only at COMMIT, and a rollback leaves nothing.
    const [bajas] = await execRows<{ n: string }>(
      db,
      sql`select count(*) as n from conexiones where enlace_estado = 'BAJA'`,
    );
    const escribirYContar = async (tx: DbOrTx) => {
      await tx.insert(conexiones).values([
        { cid_enlace: 'T-1', enlace_estado: 'ACTIVO' },
        { cid_enlace: 'T-2', enlace_estado: 'BAJA' },
      ]);
      await tx.update(conexiones).set({ enlace_estado: 'BAJA' }).where(eq(conexiones.cid_enlace, 'T-1'));
      return {
        todas: (await listarConexiones(tx, { limit: 1, offset: 0 })).total,
        activas: (await listarConexiones(tx, { estado: 'ACTIVO', limit: 1, offset: 0 })).total,
        bajas: (await listarConexiones(tx, { estado: 'BAJA', limit: 1, offset: 0 })).total,
      };
    };
    const esperado = { todas: 27, activas: Number(activos!.n), bajas: Number(bajas!.n) + 2 };
    await expect(
      db.transaction(async (tx) => {
        expect(await escribirYContar(tx)).toEqual(esperado);
        tx.rollback();
      }),
    ).rejects.toThrow();
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'conexiones:*': 25 });
    expect(await db.transaction((tx) => escribirYContar(tx))).toEqual(esperado);
    expect(await exigirContadoresExactos(db)).toMatchObject({ 'conexiones:*': 27 });

    // No counter row: the exact count(*), not a wrong number.
    await db.execute(sql`delete from contadores where tabla = 'conexiones' and clave in ('*', 'ACTIVO')`);
    expect(await total({})).toBe(27);
    expect(await total({ estado: 'ACTIVO' })).toBe(Number(activos!.n));
    await db.execute(sql`select contadores_recalcular()`);
    await exigirContadoresExactos(db);
  });
});
