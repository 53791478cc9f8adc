import { ENLACE_ESTADOS } from '@troncal/domain/enums';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conexiones, movimientosEnlace } from '../src/db/schema';
import { leerCapacidad } from '../src/services/capacidad';
import { callerAs } from './helpers/app';
import { conteos as conteosDe, escenario, estadosEquipos, insertEquipo, invariante } from './helpers/conexiones';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';

/**
 * Real concurrency needs real PostgreSQL (PGlite runs one transaction at a time), so this file only
 * runs with TEST_DATABASE_URL. Each test fires operations through the SPA's tRPC procedures at once.
 */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb({ poolSize: 20 });
});
afterAll(() => database?.close());
beforeEach(() => database.truncate());

type Escenario = Awaited<ReturnType<typeof escenario>>;
const datos = (e: Escenario, over: Record<string, unknown> = {}) => ({
  cliente_id: e.cliente.cliente_id,
  servicio_id: e.servicio.servicio_id,
  nodo_a: e.nodoA.nodo_id,
  nodo_b: e.nodoB.nodo_id,
  tipo_enlace: 'Internet',
  bw_contratado: 10,
  estado: 'ACTIVO',
  ...over,
});

const rechazos = (rs: PromiseSettledResult<unknown>[]) =>
  rs.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as { code?: string });

/** The bandwidth history of one link must be a chain: each row starts where the previous one ended. */
async function cadena(enlace_id: number) {
  const h = await database.db
    .select()
    .from(movimientosEnlace)
    .where(eq(movimientosEnlace.enlace_id, enlace_id))
    .orderBy(asc(movimientosEnlace.movimiento_id));
  for (let i = 1; i < h.length; i++) expect(h[i]!.bw_anterior).toBeCloseTo(h[i - 1]!.bw_nuevo, 3);
  return h;
}

describe.skipIf(!onPostgres())('conexiones under concurrency (PostgreSQL)', () => {
  it('parallel AUMENTAR on several connections of one service loses no update', async () => {
    const e = await escenario(database.db, { comprada: 100_000 });
    const op = await callerAs(database, 'operador');
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push((await op.conexiones.create({ datos: datos(e) })).enlace_id);

    const t0 = performance.now();
    const rs = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        op.conexiones.ajustarBw({ enlace_id: ids[i % ids.length]!, modo: 'AUMENTAR', mbps: 1.5 }),
      ),
    );
    const ms = performance.now() - t0;
    console.info(`60 AUMENTAR concurrentes sobre 10 enlaces de un servicio: ${ms.toFixed(0)} ms`);
    expect(rechazos(rs)).toEqual([]);
    expect((await leerCapacidad(database.db, e.servicio.servicio_id))!.capacidad_vendida).toBeCloseTo(100 + 90, 3);
    for (const id of ids) {
      const [c] = await database.db.select().from(conexiones).where(eq(conexiones.enlace_id, id));
      expect(c!.bw_contratado).toBeCloseTo(10 + 6 * 1.5, 3);
      await cadena(id);
    }
    await invariante(database.db);
  });

  it('parallel operations on the same connection serialise: no lost update, a clean history chain', async () => {
    const e = await escenario(database.db, { comprada: 100_000 });
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({ datos: datos(e, { bw_contratado: 100 }) });
    const ops = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 0
        ? op.conexiones.ajustarBw({ enlace_id, modo: 'DISMINUIR', mbps: 2 })
        : op.conexiones.ajustarBw({ enlace_id, modo: 'AUMENTAR', mbps: 3 }),
    );
    const rs = await Promise.allSettled(ops);
    expect(rechazos(rs)).toEqual([]);
    const esperado = 100 + 30 * 3 - 10 * 2;
    const [c] = await database.db.select().from(conexiones).where(eq(conexiones.enlace_id, enlace_id));
    expect(c!.bw_contratado).toBeCloseTo(esperado, 3);
    expect((await leerCapacidad(database.db, e.servicio.servicio_id))!.capacidad_vendida).toBeCloseTo(esperado, 3);
    expect(await cadena(enlace_id)).toHaveLength(41);
    await invariante(database.db);
  });

  it('parallel DISMINUIR that together would go below 0 Mbps: exactly the ones that fit succeed', async () => {
    const e = await escenario(database.db);
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({ datos: datos(e, { bw_contratado: 50 }) });
    const rs = await Promise.allSettled(
      Array.from({ length: 20 }, () => op.conexiones.ajustarBw({ enlace_id, modo: 'DISMINUIR', mbps: 10 })),
    );
    expect(rs.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(new Set(rechazos(rs).map((r) => r.code))).toEqual(new Set(['UNPROCESSABLE_CONTENT']));
    const [c] = await database.db.select().from(conexiones).where(eq(conexiones.enlace_id, enlace_id));
    expect(c!.bw_contratado).toBe(0);
    await invariante(database.db);
  });

  it('BAJA racing with AUMENTAR and a service change on one connection keeps the ledger exact', async () => {
    const e = await escenario(database.db, { comprada: 10_000 });
    const otro = await escenario(database.db, { comprada: 10_000 });
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({ datos: datos(e, { bw_contratado: 100 }) });
    const rs = await Promise.allSettled([
      ...Array.from({ length: 10 }, () => op.conexiones.ajustarBw({ enlace_id, modo: 'AUMENTAR', mbps: 5 })),
      op.conexiones.update({ id: enlace_id, datos: { servicio_id: otro.servicio.servicio_id } }),
      op.conexiones.cambiarEstado({ enlace_id, enlace_estado: 'BAJA' }),
    ]);
    // AUMENTAR after the BAJA is refused (422); everything else goes through in some order.
    for (const r of rechazos(rs)) expect(r.code).toBe('UNPROCESSABLE_CONTENT');
    const vendidas =
      (await leerCapacidad(database.db, e.servicio.servicio_id))!.capacidad_vendida +
      (await leerCapacidad(database.db, otro.servicio.servicio_id))!.capacidad_vendida;
    expect(vendidas).toBe(0);
    await cadena(enlace_id);
    await invariante(database.db);
  });

  it('parallel creations: one equipo goes to exactly one connection, and automatic CIDs never collide', async () => {
    const e = await escenario(database.db, { comprada: 100_000 });
    const eq1 = await insertEquipo(database.db, { serial: 'UNICO-1' });
    const op = await callerAs(database, 'operador');
    const conEquipo = await Promise.allSettled(
      Array.from({ length: 8 }, () => op.conexiones.create({ datos: datos(e, { equipos_ids: [eq1.equipo_id] }) })),
    );
    expect(conEquipo.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rechazos(conEquipo).map((r) => r.code)).toEqual(Array(7).fill('CONFLICT'));
    expect((await estadosEquipos(database.db, [eq1.equipo_id]))[eq1.equipo_id]).toBe('ASIGNADO');

    const t0 = performance.now();
    const muchas = await Promise.allSettled(
      Array.from({ length: 30 }, () => op.conexiones.create({ datos: datos(e) })),
    );
    console.info(`30 altas concurrentes: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(rechazos(muchas)).toEqual([]);
    const cids = (await database.db.select({ cid: conexiones.cid_enlace }).from(conexiones)).map((r) => r.cid);
    expect(new Set(cids).size).toBe(31);
    await invariante(database.db);
    expect((await op.conexiones.list({ limit: 1, offset: 0 })).total).toBe(
      (await conteosDe(database.db))['conexiones:*'],
    );
  });

  it('creates, state changes and service creates racing across services: exact totals, no deadlock', async () => {
    // A wrong lock order between connections, equipos and services would show here as a deadlock
    // (40P01, a rejected call); the list totals read during the load must stay within the counts.
    const escenarios = [
      await escenario(database.db, { comprada: 1_000_000 }),
      await escenario(database.db, { comprada: 1_000_000 }),
      await escenario(database.db, { comprada: 1_000_000 }),
    ];
    const op = await callerAs(database, 'operador');
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) {
      const e = escenarios[i % 3]!;
      ids.push((await op.conexiones.create({ datos: datos(e, { estado: ENLACE_ESTADOS[i % 6] }) })).enlace_id);
    }
    expect((await conteosDe(database.db))['conexiones:*']).toBe(24);

    const totales: number[] = [];
    const t0 = performance.now();
    const rs = await Promise.allSettled([
      ...Array.from({ length: 60 }, (_, i) =>
        op.conexiones.create({ datos: datos(escenarios[i % 3]!, { estado: ENLACE_ESTADOS[(i * 5) % 6] }) }),
      ),
      // Each connection goes through several states; A→B and B→A race on the same rows.
      ...Array.from({ length: 72 }, (_, i) =>
        op.conexiones.cambiarEstado({ enlace_id: ids[i % 24]!, enlace_estado: ENLACE_ESTADOS[(i * 7 + 3) % 6]! }),
      ),
      ...Array.from({ length: 12 }, (_, i) =>
        op.conexiones.ajustarBw({ enlace_id: ids[(i * 5) % 24]!, modo: 'AUMENTAR', mbps: 1 }),
      ),
      ...Array.from({ length: 6 }, () =>
        op.servicios.create({ proveedor_id: escenarios[0]!.servicio.proveedor_id, modalidad: 'COMPARTIDO' }),
      ),
      ...Array.from({ length: 10 }, async () => {
        totales.push((await op.conexiones.list({ limit: 1, offset: 0 })).total);
      }),
    ]);
    console.info(`160 operaciones concurrentes: ${(performance.now() - t0).toFixed(0)} ms`);
    // A BAJA connection cannot have its BW adjusted (422); nothing else may fail.
    for (const r of rechazos(rs)) expect(r.code).toBe('UNPROCESSABLE_CONTENT');
    expect(rechazos(rs).length).toBeLessThan(12);
    // Totals read during the load are the committed count at some instant: between before and after.
    for (const t of totales) expect(t >= 24 && t <= 84).toBe(true);

    const conteos = await conteosDe(database.db);
    expect(conteos['conexiones:*']).toBe(84);
    expect(conteos['servicios_proveedor:*']).toBe(9);
    expect((await op.conexiones.list({ limit: 1, offset: 0 })).total).toBe(84);
    for (const estado of ENLACE_ESTADOS) {
      expect((await op.conexiones.list({ estado, limit: 1, offset: 0 })).total).toBe(conteos[`conexiones:${estado}`]);
    }
    await invariante(database.db);
  });
});
