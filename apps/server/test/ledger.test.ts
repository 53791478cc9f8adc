import { evaluarSobreventa, maximoVendida } from '@troncal/domain/capacity';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../src/db/client';
import { execRows } from '../src/db/client';
import { movimientosCapacidad, serviciosProveedor } from '../src/db/schema';
import {
  conciliar,
  leerCapacidad,
  type Movimiento,
  moverCapacidad,
  sobreventaPermitidaSql,
} from '../src/services/capacidad';
import { onPostgres, usarDb } from './helpers/db';
import { insertServicio } from './helpers/fixtures';

const database = await usarDb({ limpiar: true, poolSize: 20 });

const opts = { usuario: null, politica: 'warn' as const };

/** Movements alone: what every use case's capacity call does around its own writes. */
const aplicarMovimientos = (
  db: DbOrTx,
  movimientos: Movimiento[],
  o: typeof opts | { usuario: null; politica: 'block' },
) => moverCapacidad(db, { movimientos, ...o });

async function sumaLedger(servicio_id: number) {
  const [r] = await execRows<{ s: string | null }>(
    database.db,
    sql`select sum(delta_vendida) as s from movimientos_capacidad where servicio_id = ${servicio_id}`,
  );
  return Number(r?.s ?? 0);
}

describe('ledger: moverCapacidad', () => {
  it('writes vendida, the ledger row and a usage sample together', async () => {
    const s = await insertServicio(database.db, { capacidad_comprada: 500 });
    const res = await database.db.transaction((tx) =>
      aplicarMovimientos(
        tx,
        [{ servicio_id: s.servicio_id, delta_vendida: 300, origen: 'AJUSTE_MANUAL', motivo: 'venta' }],
        opts,
      ),
    );
    expect(res.servicios[0]).toMatchObject({ capacidad_vendida: 300, capacidad_disponible: 200 });
    const cap = await leerCapacidad(database.db, s.servicio_id);
    expect(cap).toMatchObject({ capacidad_comprada: 500, capacidad_vendida: 300, capacidad_disponible: 200 });
    const rows = await database.db.select().from(movimientosCapacidad);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      delta_vendida: 300,
      vendida_resultante: 300,
      origen: 'AJUSTE_MANUAL',
      motivo: 'venta',
    });
    const [m] = await execRows<{ c: string }>(database.db, sql`select count(*) as c from muestras_uso`);
    expect(Number(m!.c)).toBe(1);
  });

  it('refuses to take vendida below zero with 422 and changes nothing', async () => {
    const s = await insertServicio(database.db);
    await database.db.transaction((tx) =>
      aplicarMovimientos(tx, [{ servicio_id: s.servicio_id, delta_vendida: 100, origen: 'AJUSTE_MANUAL' }], opts),
    );
    await expect(
      database.db.transaction((tx) =>
        aplicarMovimientos(tx, [{ servicio_id: s.servicio_id, delta_vendida: -150, origen: 'AJUSTE_MANUAL' }], opts),
      ),
    ).rejects.toMatchObject({ code: 'REGLA_NEGOCIO', message: expect.stringContaining('100') });
    expect((await leerCapacidad(database.db, s.servicio_id))!.capacidad_vendida).toBe(100);
    expect(await sumaLedger(s.servicio_id)).toBe(100);
  });

  it('answers 404 for an unknown service', async () => {
    await expect(
      database.db.transaction((tx) =>
        aplicarMovimientos(tx, [{ servicio_id: 999, delta_vendida: 1, origen: 'AJUSTE_MANUAL' }], opts),
      ),
    ).rejects.toMatchObject({ code: 'NO_ENCONTRADO' });
  });

  it('warns on oversale by default and blocks it with politica block or a per-service limit, rolling back', async () => {
    const s = await insertServicio(database.db, { capacidad_comprada: 100 });
    const warn = await database.db.transaction((tx) =>
      aplicarMovimientos(tx, [{ servicio_id: s.servicio_id, delta_vendida: 120, origen: 'AJUSTE_MANUAL' }], opts),
    );
    expect(warn.advertencias[0]).toContain('20');
    await expect(
      database.db.transaction((tx) =>
        aplicarMovimientos(tx, [{ servicio_id: s.servicio_id, delta_vendida: 1, origen: 'AJUSTE_MANUAL' }], {
          ...opts,
          politica: 'block',
        }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICTO' });
    expect((await leerCapacidad(database.db, s.servicio_id))!.capacidad_vendida).toBe(120);

    const l = await insertServicio(database.db, { capacidad_comprada: 100, limite_sobreventa_pct: 10 });
    await database.db.transaction((tx) =>
      aplicarMovimientos(tx, [{ servicio_id: l.servicio_id, delta_vendida: 110, origen: 'AJUSTE_MANUAL' }], opts),
    );
    await expect(
      database.db.transaction((tx) =>
        aplicarMovimientos(tx, [{ servicio_id: l.servicio_id, delta_vendida: 0.5, origen: 'AJUSTE_MANUAL' }], opts),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICTO' });
    expect(await sumaLedger(l.servicio_id)).toBe(110);
  });

  it('keeps vendida = Σ ledger for any sequence of accepted and refused movements (property)', async () => {
    const s = await insertServicio(database.db, { capacidad_comprada: 1000 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.integer({ min: -500_000, max: 500_000 }).map((n) => n / 1000),
          { minLength: 1, maxLength: 12 },
        ),
        async (deltas) => {
          for (const d of deltas) {
            await database.db
              .transaction((tx) =>
                aplicarMovimientos(
                  tx,
                  [{ servicio_id: s.servicio_id, delta_vendida: d, origen: 'AJUSTE_MANUAL' }],
                  opts,
                ),
              )
              .catch((e) => expect(e.code).toBe('REGLA_NEGOCIO'));
          }
          const cap = await leerCapacidad(database.db, s.servicio_id);
          expect(cap!.capacidad_vendida).toBeGreaterThanOrEqual(0);
          expect(cap!.capacidad_vendida).toBeCloseTo(await sumaLedger(s.servicio_id), 3);
          expect(cap!.capacidad_disponible).toBeCloseTo(cap!.capacidad_comprada - cap!.capacidad_vendida, 3);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('the WHERE guard refuses exactly what evaluarSobreventa blocks, up to maximoVendida (property, on this database)', async () => {
    const mbps = (max: number) => fc.integer({ min: 0, max: max * 1000 }).map((n) => n / 1000);
    await fc.assert(
      fc.asyncProperty(
        mbps(100_000),
        mbps(150_000),
        fc.option(fc.integer({ min: 0, max: 300_000 }).map((n) => n / 1000)),
        fc.integer({ min: 1, max: 50_000_000 }).map((n) => n / 1000),
        fc.constantFrom('warn' as const, 'block' as const),
        async (comprada, vendida, limite, delta, politica) => {
          const [r] = await execRows<{ ok: boolean }>(
            database.db,
            sql`select ${sobreventaPermitidaSql(delta, politica)} as ok
                  from (select ${comprada}::numeric(13,3) as capacidad_comprada,
                               ${vendida}::numeric(13,3) as capacidad_vendida,
                               ${limite}::numeric(13,3) as limite_sobreventa_pct) t`,
          );
          const ev = evaluarSobreventa({
            comprada,
            vendidaResultante: Math.round((vendida + delta) * 1000) / 1000,
            vendidaActual: vendida,
            limiteSobreventaPct: limite,
            politica,
          });
          expect(r?.ok).toBe(!ev.bloquear);
          // The guard and the domain's one limit agree: a sale passes exactly up to maximoVendida.
          const resultante = Math.round((vendida + delta) * 1000) / 1000;
          expect(r?.ok).toBe(resultante <= maximoVendida(comprada, limite, politica));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('one movement without a transaction is one statement: applied whole or refused with nothing written', async () => {
    const s = await insertServicio(database.db, { capacidad_comprada: 100 });
    await database.db
      .update(serviciosProveedor)
      .set({ limite_sobreventa_pct: 10 })
      .where(eq(serviciosProveedor.servicio_id, s.servicio_id));
    const mover = (delta_vendida: number) =>
      aplicarMovimientos(database.db, [{ servicio_id: s.servicio_id, delta_vendida, origen: 'AJUSTE_MANUAL' }], opts);

    const ok = await mover(105);
    expect(ok.servicios[0]?.capacidad_vendida).toBe(105);
    expect(ok.advertencias.join(' ')).toContain('supera la capacidad comprada');
    // 105 + 6 = 111 > 110 (100 + 10 %): refused with 409 and the limit in the message.
    await expect(mover(6)).rejects.toMatchObject({ code: 'CONFLICTO', message: expect.stringContaining('10 %') });
    await expect(mover(-106)).rejects.toMatchObject({ code: 'REGLA_NEGOCIO' });
    await expect(
      aplicarMovimientos(database.db, [{ servicio_id: 999_999, delta_vendida: 1, origen: 'AJUSTE_MANUAL' }], opts),
    ).rejects.toMatchObject({ code: 'NO_ENCONTRADO' });
    expect((await leerCapacidad(database.db, s.servicio_id))?.capacidad_vendida).toBe(105);
    expect(await sumaLedger(s.servicio_id)).toBe(105);
    // Several movements need a transaction: without one they could half-apply.
    await expect(
      aplicarMovimientos(
        database.db,
        [
          { servicio_id: s.servicio_id, delta_vendida: 1, origen: 'AJUSTE_MANUAL' },
          { servicio_id: s.servicio_id, delta_vendida: 1, origen: 'AJUSTE_MANUAL' },
        ],
        opts,
      ),
    ).rejects.toThrow(/transacción/);
    expect(await sumaLedger(s.servicio_id)).toBe(105);
  });

  it('reconciles ledger-vendida with the connections and names manual drift', async () => {
    const s = await insertServicio(database.db);
    await database.db.transaction((tx) =>
      aplicarMovimientos(tx, [{ servicio_id: s.servicio_id, delta_vendida: 40, origen: 'AJUSTE_MANUAL' }], opts),
    );
    const [c] = await conciliar(database.db, [s.servicio_id]);
    expect(c).toMatchObject({
      vendida: 40,
      vendida_ledger: 40,
      vendida_conexiones: 0,
      deriva: 40,
      deriva_sin_explicar: 0,
    });
  });
});

describe.skipIf(!onPostgres())('ledger under concurrency (PostgreSQL only: PGlite serialises transactions)', () => {
  it('60 concurrent adjustments on one service lose no update and do not deadlock', async () => {
    const s = await insertServicio(database.db, { capacidad_comprada: 10_000 });
    const deltas = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? -1 : 2.5));
    await database.db.transaction((tx) =>
      aplicarMovimientos(tx, [{ servicio_id: s.servicio_id, delta_vendida: 100, origen: 'AJUSTE_MANUAL' }], opts),
    );
    const results = await Promise.allSettled(
      deltas.map((d) =>
        database.db.transaction((tx) =>
          aplicarMovimientos(tx, [{ servicio_id: s.servicio_id, delta_vendida: d, origen: 'AJUSTE_MANUAL' }], opts),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const expected = 100 + deltas.reduce((a, b) => a + b, 0);
    const [row] = await database.db
      .select()
      .from(serviciosProveedor)
      .where(eq(serviciosProveedor.servicio_id, s.servicio_id));
    expect(row!.capacidad_vendida).toBeCloseTo(expected, 3);
    expect(await sumaLedger(s.servicio_id)).toBeCloseTo(expected, 3);
  });

  it('two-service movements in opposite orders do not deadlock', async () => {
    const a = await insertServicio(database.db);
    const b = await insertServicio(database.db);
    const move = (from: number, to: number) =>
      database.db.transaction((tx) =>
        aplicarMovimientos(
          tx,
          [
            { servicio_id: to, delta_vendida: 1, origen: 'CAMBIO_SERVICIO' },
            { servicio_id: from, delta_vendida: 0, origen: 'CAMBIO_SERVICIO' },
            { servicio_id: from, delta_vendida: 1, origen: 'CAMBIO_SERVICIO' },
          ],
          opts,
        ),
      );
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? move(a.servicio_id, b.servicio_id) : move(b.servicio_id, a.servicio_id),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await sumaLedger(a.servicio_id)).toBe(40);
    expect(await sumaLedger(b.servicio_id)).toBe(40);
  });
});
