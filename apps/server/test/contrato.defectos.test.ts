import { desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { conexiones, movimientosCapacidad, proveedores, serviciosProveedor } from '../src/db/schema';
import { SIN_MOTIVO } from '../src/services/servicios';
import { bearerPorTest, callerAs, clienteDe, usarApp } from './helpers/app';
import { escenario, foto } from './helpers/conexiones';

/** Contract and input defects found by testing as a REST consumer (issue: defects, items 8, 10 and 12). */

const { database, app } = await usarApp({ limpiar: true });
const op = bearerPorTest(database, 'operador');
const call = clienteDe(app, op);

describe('ajustar-capacidad without motivo and next-cid on an empty sequence', () => {
  it('accepts ajustar-capacidad without motivo and records in the ledger that none was given', async () => {
    const e = await escenario(database.db, { comprada: 1000 });
    const r = await call('POST', `/v1/servicios-proveedor/${e.servicio.servicio_id}/ajustar-capacidad`, {
      delta_disponible: -100,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, capacidad_vendida: 100, capacidad_disponible: 900 });
    const [mov] = await database.db
      .select()
      .from(movimientosCapacidad)
      .orderBy(desc(movimientosCapacidad.movimiento_id))
      .limit(1);
    expect(mov).toMatchObject({ origen: 'AJUSTE_MANUAL', motivo: SIN_MOTIVO });
    // The same through tRPC.
    const opTrpc = await callerAs(database, 'operador');
    const t = await opTrpc.servicios.ajustarCapacidad({ servicio_id: e.servicio.servicio_id, delta_disponible: 50 });
    expect(t.capacidad_vendida).toBe(50);
  });

  it('answers next-cid with two numbers before the first CID: last = next − 1', async () => {
    for (const path of ['/v1/servicios-proveedor/next-cid', '/v1/conexiones/next-cid']) {
      const r = await call('GET', path);
      expect(r.status).toBe(200);
      expect(typeof r.body.next).toBe('number');
      expect(r.body.last).toBe((r.body.next as number) - 1);
    }
  });
});

describe('ajustar-bw past the maximum and numeric overflow', () => {
  it('refuses AUMENTAR past 10,000,000 Mbps with 422 naming the maximum, and changes nothing', async () => {
    const e = await escenario(database.db, { comprada: 20_000_000 });
    const creada = await call('POST', '/v1/conexiones', {
      servicio_id: e.servicio.servicio_id,
      cliente_id: e.cliente.cliente_id,
      nodo_a: e.nodoA.nodo_id,
      tipo_enlace: 'Internet',
      bw_contratado: 9_999_999,
      estado: 'ACTIVO',
      ajustar_servicio: true,
    });
    expect(creada.status).toBe(201);
    const id = creada.body.enlace_id as number;
    const antes = await foto(database.db, [e.servicio.servicio_id]);
    for (const ajustar_servicio of [false, true]) {
      const r = await call('POST', `/v1/conexiones/${id}/ajustar-bw`, { modo: 'AUMENTAR', mbps: 2, ajustar_servicio });
      expect(r.status).toBe(422);
      expect(r.body.ok).toBe(false);
      expect(String(r.body.message)).toMatch(/supera el máximo de 10[.,]000[.,]000 Mbps/);
    }
    expect(await foto(database.db, [e.servicio.servicio_id])).toEqual(antes);
    const [c] = await database.db.select().from(conexiones).where(eq(conexiones.enlace_id, id));
    expect(c!.bw_contratado).toBe(9_999_999);
  });

  it('a numeric overflow that reaches the database answers 400 with a message about the maximum', async () => {
    const e = await escenario(database.db, { comprada: 1000 });
    // Past every schema check: written straight to the service, then summed by the ledger guard.
    await database.db.execute(sql`update servicios_proveedor set capacidad_vendida = 9999999999.999
                                   where servicio_id = ${e.servicio.servicio_id}`);
    const r = await call('POST', `/v1/servicios-proveedor/${e.servicio.servicio_id}/ajustar-capacidad`, {
      delta_disponible: -9_000_000,
    });
    expect(r.status).toBe(400);
    expect(String(r.body.message)).toMatch(/supera el máximo admitido/);
    expect(String(r.body.message)).not.toMatch(/formato esperado/);
  });
});

describe('oversale confirmation on the service edit and what can be sold', () => {
  it('tRPC servicios.update refuses an unconfirmed oversale (409) and saves it when confirmed; /v1 only warns', async () => {
    const e = await escenario(database.db, { comprada: 1000 });
    const opTrpc = await callerAs(database, 'operador');
    await opTrpc.servicios.ajustarCapacidad({ servicio_id: e.servicio.servicio_id, delta_disponible: -800 });
    await expect(
      opTrpc.servicios.update({ id: e.servicio.servicio_id, datos: { capacidad_comprada: 500 } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/sobrevendido en 300 Mbps/) });
    const [sin] = await execRows<{ c: string }>(
      database.db,
      sql`select capacidad_comprada as c from servicios_proveedor where servicio_id = ${e.servicio.servicio_id}`,
    );
    expect(Number(sin!.c)).toBe(1000);
    const ok = await opTrpc.servicios.update({
      id: e.servicio.servicio_id,
      datos: { capacidad_comprada: 500 },
      confirmar_sobreventa: true,
    });
    expect(ok.servicio.capacidad_comprada).toBe(500);
    expect(ok.advertencias.join(' ')).toMatch(/sobrevendido en 300 Mbps/);
    // /v1 keeps the spec's warning without confirmation.
    const v1 = await call('PUT', `/v1/servicios-proveedor/servicios-proveedor/${e.servicio.servicio_id}`, {
      capacidad_comprada: 400,
    });
    expect(v1.status).toBe(200);
  });

  it('the pickers say what cannot be sold, and creating a connection there is refused with 422', async () => {
    const e = await escenario(database.db, { comprada: 1000 });
    const opTrpc = await callerAs(database, 'operador');
    const datos = {
      servicio_id: e.servicio.servicio_id,
      cliente_id: e.cliente.cliente_id,
      nodo_a: e.nodoA.nodo_id,
      tipo_enlace: 'Internet',
      bw_contratado: 10,
    };
    for (const [cambio, motivo] of [
      [{ condicion: 'INACTIVO' }, /está inactivo/],
      [{ condicion: 'BAJA' }, /está dado de baja/],
    ] as const) {
      await database.db
        .update(serviciosProveedor)
        .set(cambio)
        .where(eq(serviciosProveedor.servicio_id, e.servicio.servicio_id));
      const [opcion] = await opTrpc.servicios.select({});
      expect(opcion!.no_vendible).toMatch(motivo);
      await expect(opTrpc.conexiones.create({ datos })).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    }
    await database.db
      .update(serviciosProveedor)
      .set({ condicion: 'STANDBY' })
      .where(eq(serviciosProveedor.servicio_id, e.servicio.servicio_id));
    await database.db
      .update(proveedores)
      .set({ estado: 'INACTIVO' })
      .where(eq(proveedores.proveedor_id, e.servicio.proveedor_id));
    const [opcion] = await opTrpc.servicios.select({});
    expect(opcion).toMatchObject({ proveedor_estado: 'INACTIVO', no_vendible: 'es de un proveedor inactivo' });
    const r = await call('POST', '/v1/conexiones', datos);
    expect(r.status).toBe(422);
    expect(String(r.body.message)).toMatch(/proveedor inactivo/);
  });
});
