import { asc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conexiones, movimientosCapacidad, movimientosEnlace, serviciosProveedor } from '../src/db/schema';
import { leerCapacidad } from '../src/services/capacidad';
import { callerAs } from './helpers/app';
import {
  contarLedger,
  escenario,
  estadosEquipos,
  foto,
  insertEquipo,
  insertNodo,
  invariante,
} from './helpers/conexiones';
import { usarDb } from './helpers/db';
import { insertServicio } from './helpers/fixtures';

/**
 * The SPA's operations (tRPC), each whole and atomic: the connection, its equipos, the service's
 * capacidad_vendida and the ledger move together, or nothing moves.
 */

const database = await usarDb({ limpiar: true });

const datos = (e: Awaited<ReturnType<typeof escenario>>, over: Record<string, unknown> = {}) => ({
  cliente_id: e.cliente.cliente_id,
  servicio_id: e.servicio.servicio_id,
  nodo_a: e.nodoA.nodo_id,
  nodo_b: e.nodoB.nodo_id,
  tipo_enlace: 'Internet',
  modalidad_enlace: 'P2P',
  bw_contratado: 300,
  estado: 'ACTIVO',
  ...over,
});

async function vendida(servicio_id: number) {
  return (await leerCapacidad(database.db, servicio_id))!.capacidad_vendida;
}

/** Runs a refused operation and checks that nothing at all changed. */
async function rechazada(
  op: () => Promise<unknown>,
  esperado: { code: string; message?: RegExp | string },
  servicios: number[],
  equiposIds: number[] = [],
) {
  const antes = await foto(database.db, servicios, equiposIds);
  const err = await op().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'la operación debía ser rechazada').not.toBeNull();
  expect(err).toMatchObject({ code: esperado.code });
  if (esperado.message) expect((err as Error).message).toMatch(esperado.message);
  expect(await foto(database.db, servicios, equiposIds)).toEqual(antes);
  await invariante(database.db);
  return err as Error;
}

/** The `errors[]` the SPA receives (the errorFormatter reads them from the cause the same way). */
function errores(err: Error): { path: string; message: string }[] | undefined {
  const cause = (err as { cause?: { issues?: { path: unknown; message: string }[] } }).cause;
  return cause?.issues?.map((i) => ({
    path: Array.isArray(i.path) ? i.path.join('.') : String(i.path),
    message: i.message,
  }));
}

describe('conexiones.create (whole)', () => {
  it('creates the connection, reserves its bandwidth with a ledger row naming it and the user, assigns equipos', async () => {
    const e = await escenario(database.db);
    const eq1 = await insertEquipo(database.db, { serial: 'FDO-AAA' });
    const eq2 = await insertEquipo(database.db, { serial: 'FDO-BBB' });
    const op = await callerAs(database, 'operador');

    expect(await op.conexiones.nextCid()).toEqual({ next: 257001, last: 257000 });
    const r = await op.conexiones.create({
      datos: datos(e, {
        equipos_ids: [eq1.equipo_id, eq2.equipo_id],
        asignacion_ip: '192.168.1.1/24',
        fecha_activacion: '2025-06-01',
        configuracion_nodo_a: 'interface Gi0/0\n ip address 10.0.0.1 255.255.255.252',
      }),
    });
    expect(r).toMatchObject({ enlace_id: 1, cid_enlace: '257001', advertencias: [] });
    expect(r.conexion).toMatchObject({
      enlace_estado: 'ACTIVO',
      bw_contratado: 300,
      bw_disponible: 300,
      asignacion_ip: '192.168.1.1/24',
      enlace_fecha_activacion: '2025-06-01',
      equipos_ids: [eq1.equipo_id, eq2.equipo_id],
      configuracion_nodo_a: 'interface Gi0/0\n ip address 10.0.0.1 255.255.255.252',
    });
    expect(await op.conexiones.nextCid()).toEqual({ next: 257002, last: 257001 });

    expect(await vendida(e.servicio.servicio_id)).toBe(300);
    const ledger = await database.db.select().from(movimientosCapacidad);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      servicio_id: e.servicio.servicio_id,
      delta_vendida: 300,
      vendida_resultante: 300,
      origen: 'VENTA_CONEXION',
      enlace_id: 1,
      usuario_id: expect.any(Number),
    });
    expect(ledger[0]!.motivo).toContain('257001');
    const hist = await database.db.select().from(movimientosEnlace);
    expect(hist).toMatchObject([{ enlace_id: 1, bw_anterior: 0, bw_nuevo: 300, delta: 300 }]);
    expect(await estadosEquipos(database.db, [eq1.equipo_id, eq2.equipo_id])).toEqual({
      [eq1.equipo_id]: 'ASIGNADO',
      [eq2.equipo_id]: 'ASIGNADO',
    });
    await invariante(database.db);
  });

  it('defaults enlace_estado to PENDIENTE, reads estado case-insensitively, and still reserves (only BAJA does not)', async () => {
    const e = await escenario(database.db);
    const op = await callerAs(database, 'operador');
    const a = await op.conexiones.create({ datos: datos(e, { estado: undefined, bw_contratado: 10 }) });
    expect(a.conexion.enlace_estado).toBe('PENDIENTE');
    const b = await op.conexiones.create({ datos: datos(e, { estado: 'activo', bw_contratado: 20 }) });
    expect(b.conexion.enlace_estado).toBe('ACTIVO');
    const c = await op.conexiones.create({ datos: datos(e, { estado: 'Suspendido', bw_contratado: 30 }) });
    expect(c.conexion.enlace_estado).toBe('SUSPENDIDO');
    expect(await vendida(e.servicio.servicio_id)).toBe(60);
    await invariante(database.db);
  });

  it('keeps a manual CID, refuses a duplicate with 409, and moves the sequence past a manual number', async () => {
    const e = await escenario(database.db, { comprada: 10_000 });
    const op = await callerAs(database, 'operador');
    await op.conexiones.create({ datos: datos(e, { cid: '300000' }) });
    expect(await op.conexiones.nextCid()).toEqual({ next: 300001, last: 300000 });
    const r = await op.conexiones.create({ datos: datos(e) });
    expect(r.cid_enlace).toBe('300001');
    await op.conexiones.create({ datos: datos(e, { cid_enlace: 'LEGADO-7' }) });
    const err = await rechazada(
      () => op.conexiones.create({ datos: datos(e, { cid: '300000' }) }),
      { code: 'CONFLICT', message: /300000/ },
      [e.servicio.servicio_id],
    );
    expect(errores(err)?.[0]?.path).toBe('cid_enlace');
    // A manual number below the sequence does not move it back.
    await op.conexiones.create({ datos: datos(e, { cid: '257500' }) });
    expect((await op.conexiones.nextCid()).next).toBe(300002);
  });

  it('refuses when no node or no provider service exists yet, with a clear 422', async () => {
    const op = await callerAs(database, 'operador');
    await rechazada(
      () =>
        op.conexiones.create({
          datos: { cliente_id: 1, servicio_id: 1, nodo_a: 1, tipo_enlace: 'Internet', bw_contratado: 10 },
        }),
      { code: 'UNPROCESSABLE_CONTENT', message: /al menos un nodo y un servicio de proveedor/ },
      [],
    );
    await insertNodo(database.db);
    await rechazada(
      () =>
        op.conexiones.create({
          datos: { cliente_id: 1, servicio_id: 1, nodo_a: 1, tipo_enlace: 'Internet', bw_contratado: 10 },
        }),
      { code: 'UNPROCESSABLE_CONTENT', message: /servicio de proveedor/ },
      [],
    );
  });

  it('refuses unknown client, nodes or service (422 naming the field), and the same node twice', async () => {
    const e = await escenario(database.db);
    const op = await callerAs(database, 'operador');
    const s = [e.servicio.servicio_id];
    const c = await rechazada(
      () => op.conexiones.create({ datos: datos(e, { cliente_id: 99 }) }),
      {
        code: 'UNPROCESSABLE_CONTENT',
        message: /cliente 99/,
      },
      s,
    );
    expect(errores(c)?.[0]?.path).toBe('cliente_id');
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { nodo_a: 99 }) }),
      {
        code: 'UNPROCESSABLE_CONTENT',
        message: /nodo 99/,
      },
      s,
    );
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { servicio_id: 99 }) }),
      {
        code: 'UNPROCESSABLE_CONTENT',
        message: /servicio de proveedor 99/,
      },
      s,
    );
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { nodo_b: e.nodoA.nodo_id }) }),
      {
        code: 'UNPROCESSABLE_CONTENT',
        message: /distinto del nodo A/,
      },
      s,
    );
  });

  it('refuses bad input with 400 and Spanish messages (IP block, Mbps, tipo)', async () => {
    const e = await escenario(database.db);
    const op = await callerAs(database, 'operador');
    const s = [e.servicio.servicio_id];
    const ip = await rechazada(
      () => op.conexiones.create({ datos: datos(e, { asignacion_ip: '300.1.1.1/24' }) }),
      {
        code: 'BAD_REQUEST',
      },
      s,
    );
    expect(errores(ip)).toEqual([{ path: 'datos.asignacion_ip', message: expect.stringMatching(/octeto/) }]);
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { asignacion_ip: '10.0.0.0' }) }),
      {
        code: 'BAD_REQUEST',
      },
      s,
    );
    await rechazada(() => op.conexiones.create({ datos: datos(e, { bw_contratado: -1 }) }), { code: 'BAD_REQUEST' }, s);
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { bw_contratado: 1.0001 }) }),
      {
        code: 'BAD_REQUEST',
      },
      s,
    );
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { tipo_enlace: 'Cable' }) }),
      {
        code: 'BAD_REQUEST',
      },
      s,
    );
  });

  it('refuses equipos that are BAJA or held by another live connection (409 naming the serial); a BAJA connection frees them', async () => {
    const e = await escenario(database.db);
    const libre = await insertEquipo(database.db, { serial: 'SN-LIBRE' });
    const baja = await insertEquipo(database.db, { serial: 'SN-RETIRADO', estado: 'BAJA' });
    const op = await callerAs(database, 'operador');
    const s = [e.servicio.servicio_id];
    const ids = [libre.equipo_id, baja.equipo_id];

    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { equipos_ids: [libre.equipo_id, baja.equipo_id] }) }),
      { code: 'CONFLICT', message: /SN-RETIRADO/ },
      s,
      ids,
    );
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { equipos_ids: [999] }) }),
      {
        code: 'UNPROCESSABLE_CONTENT',
        message: /equipo 999/,
      },
      s,
      ids,
    );
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { equipos_ids: [libre.equipo_id, libre.equipo_id] }) }),
      { code: 'BAD_REQUEST' },
      s,
      ids,
    );

    const primera = await op.conexiones.create({ datos: datos(e, { equipos_ids: [libre.equipo_id] }) });
    const err = await rechazada(
      () => op.conexiones.create({ datos: datos(e, { equipos_ids: [libre.equipo_id] }) }),
      { code: 'CONFLICT', message: /SN-LIBRE.*257001/ },
      s,
      ids,
    );
    expect(errores(err)?.[0]?.path).toBe('equipos_ids.0');

    await op.conexiones.cambiarEstado({ enlace_id: primera.enlace_id, enlace_estado: 'BAJA' });
    expect((await estadosEquipos(database.db, [libre.equipo_id]))[libre.equipo_id]).toBe('DISPONIBLE');
    const segunda = await op.conexiones.create({ datos: datos(e, { equipos_ids: [libre.equipo_id] }) });
    expect(segunda.conexion.equipos_ids).toEqual([libre.equipo_id]);
    expect((await estadosEquipos(database.db, [libre.equipo_id]))[libre.equipo_id]).toBe('ASIGNADO');

    // The first connection cannot come back while its equipo is on the second one: nothing changes.
    await rechazada(
      () => op.conexiones.cambiarEstado({ enlace_id: primera.enlace_id, enlace_estado: 'ACTIVO' }),
      { code: 'CONFLICT', message: /SN-LIBRE/ },
      s,
      ids,
    );
    await invariante(database.db);
  });

  it('warns on oversale, refuses it unless confirmed, and blocks it under TRONCAL_SOBREVENTA=block or a per-service limit', async () => {
    const e = await escenario(database.db, { comprada: 100 });
    const op = await callerAs(database, 'operador');
    const s = [e.servicio.servicio_id];
    await rechazada(
      () => op.conexiones.create({ datos: datos(e, { bw_contratado: 150 }) }),
      {
        code: 'CONFLICT',
        message: /Confirmo la sobreventa/,
      },
      s,
    );
    const ok = await op.conexiones.create({ datos: datos(e, { bw_contratado: 150 }), confirmar_sobreventa: true });
    expect(ok.advertencias.join(' ')).toMatch(/50 Mbps/);
    expect((await leerCapacidad(database.db, e.servicio.servicio_id))!.capacidad_disponible).toBe(-50);

    const block = await callerAs(database, 'operador', { TRONCAL_SOBREVENTA: 'block' });
    await rechazada(
      () => block.conexiones.create({ datos: datos(e, { bw_contratado: 1 }), confirmar_sobreventa: true }),
      { code: 'CONFLICT', message: /no está permitida/ },
      s,
    );

    const l = await insertServicio(database.db, { capacidad_comprada: 100, limite_sobreventa_pct: 10 });
    await op.conexiones.create({
      datos: datos(e, { servicio_id: l.servicio_id, bw_contratado: 110 }),
      confirmar_sobreventa: true,
    });
    await rechazada(
      () =>
        op.conexiones.create({
          datos: datos(e, { servicio_id: l.servicio_id, bw_contratado: 1 }),
          confirmar_sobreventa: true,
        }),
      { code: 'CONFLICT', message: /límite de sobreventa/ },
      [e.servicio.servicio_id, l.servicio_id],
    );
    await invariante(database.db);
  });

  it('lets a lector read but not write', async () => {
    const e = await escenario(database.db);
    const lector = await callerAs(database, 'lector');
    await expect(lector.conexiones.create({ datos: datos(e) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(lector.conexiones.list({})).resolves.toMatchObject({ total: 0 });
    const anon = await callerAs(database, null);
    await expect(anon.conexiones.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('conexiones.ajustarBw (whole)', () => {
  it('AUMENTAR and DISMINUIR move the link and the service together, each with its ledger and history rows', async () => {
    const e = await escenario(database.db);
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({ datos: datos(e, { bw_contratado: 500 }) });

    const up = await op.conexiones.ajustarBw({ enlace_id, modo: 'AUMENTAR', mbps: 100, motivo: 'Upgrade' });
    expect(up.conexion.bw_contratado).toBe(600);
    expect(up.servicio).toMatchObject({ capacidad_vendida: 600, capacidad_disponible: 400 });
    expect(up.advertencias).toEqual([]);
    const down = await op.conexiones.ajustarBw({ enlace_id, modo: 'disminuir', mbps: 250 });
    expect(down.conexion.bw_contratado).toBe(350);
    expect(down.servicio).toMatchObject({ capacidad_vendida: 350, capacidad_disponible: 650 });

    const ledger = await database.db
      .select()
      .from(movimientosCapacidad)
      .orderBy(asc(movimientosCapacidad.movimiento_id));
    expect(ledger.map((m) => [m.origen, m.delta_vendida, m.enlace_id])).toEqual([
      ['VENTA_CONEXION', 500, enlace_id],
      ['AJUSTE_BW', 100, enlace_id],
      ['AJUSTE_BW', -250, enlace_id],
    ]);
    expect(ledger[1]!.motivo).toContain('Upgrade');
    const detalle = await op.conexiones.byId({ enlace_id });
    expect(detalle.historial_bw.map((h) => [h.bw_anterior, h.bw_nuevo, h.delta])).toEqual([
      [600, 350, -250],
      [500, 600, 100],
      [0, 500, 500],
    ]);
    expect(detalle.movimientos).toHaveLength(3);
    await invariante(database.db);
  });

  it('refuses DISMINUIR below 0 Mbps with 422, a BAJA link, zero or negative Mbps, and an unknown link; nothing changes', async () => {
    const e = await escenario(database.db);
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({ datos: datos(e, { bw_contratado: 50 }) });
    /** ajustarBw on this link (or the one named) is refused as `esperado` and changes nothing. */
    const rechazo = (
      pedido: { enlace_id?: number; modo: string; mbps: number },
      esperado: { code: string; message?: RegExp },
    ) =>
      rechazada(() => op.conexiones.ajustarBw({ enlace_id, ...pedido } as never), esperado, [e.servicio.servicio_id]);
    await rechazo({ modo: 'DISMINUIR', mbps: 60 }, { code: 'UNPROCESSABLE_CONTENT', message: /50 Mbps contratados/ });
    await rechazo({ modo: 'AUMENTAR', mbps: 0 }, { code: 'BAD_REQUEST' });
    await rechazo({ modo: 'SUBIR', mbps: 1 }, { code: 'BAD_REQUEST' });
    await rechazo({ enlace_id: 999, modo: 'AUMENTAR', mbps: 1 }, { code: 'NOT_FOUND' });
    await op.conexiones.cambiarEstado({ enlace_id, enlace_estado: 'BAJA' });
    await rechazo({ modo: 'AUMENTAR', mbps: 1 }, { code: 'UNPROCESSABLE_CONTENT', message: /de baja/ });
  });

  it('requires the oversale confirmation and refuses under block, rolling the link back too', async () => {
    const e = await escenario(database.db, { comprada: 100 });
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({ datos: datos(e, { bw_contratado: 90 }) });
    const s = [e.servicio.servicio_id];
    await rechazada(
      () => op.conexiones.ajustarBw({ enlace_id, modo: 'AUMENTAR', mbps: 20 }),
      {
        code: 'CONFLICT',
        message: /supera la capacidad comprada/,
      },
      s,
    );
    const block = await callerAs(database, 'operador', { TRONCAL_SOBREVENTA: 'block' });
    await rechazada(
      () => block.conexiones.ajustarBw({ enlace_id, modo: 'AUMENTAR', mbps: 20, confirmar_sobreventa: true }),
      { code: 'CONFLICT' },
      s,
    );
    const ok = await op.conexiones.ajustarBw({ enlace_id, modo: 'AUMENTAR', mbps: 20, confirmar_sobreventa: true });
    expect(ok.advertencias).toHaveLength(1);
    expect(ok.servicio?.capacidad_disponible).toBe(-10);
    // Going back under the limit is never blocked.
    await block.conexiones.ajustarBw({ enlace_id, modo: 'DISMINUIR', mbps: 5 });
    await invariante(database.db);
  });
});

describe('conexiones.cambiarEstado and update (whole)', () => {
  it('BAJA releases the bandwidth and the equipos; back to ACTIVO reserves again', async () => {
    const e = await escenario(database.db);
    const eq1 = await insertEquipo(database.db);
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({
      datos: datos(e, { bw_contratado: 400, equipos_ids: [eq1.equipo_id] }),
    });
    const baja = await op.conexiones.cambiarEstado({ enlace_id, enlace_estado: 'baja', motivo: 'Cliente canceló' });
    expect(baja.conexion.enlace_estado).toBe('BAJA');
    expect(baja.servicios).toMatchObject([{ capacidad_vendida: 0, capacidad_disponible: 1000 }]);
    expect((await estadosEquipos(database.db, [eq1.equipo_id]))[eq1.equipo_id]).toBe('DISPONIBLE');
    // The list of equipos is kept as history.
    expect(baja.conexion.equipos_ids).toEqual([eq1.equipo_id]);

    await op.conexiones.cambiarEstado({ enlace_id, enlace_estado: 'ACTIVO' });
    expect(await vendida(e.servicio.servicio_id)).toBe(400);
    expect((await estadosEquipos(database.db, [eq1.equipo_id]))[eq1.equipo_id]).toBe('ASIGNADO');
    const origenes = (
      await database.db.select().from(movimientosCapacidad).orderBy(asc(movimientosCapacidad.movimiento_id))
    ).map((m) => [m.origen, m.delta_vendida]);
    expect(origenes).toEqual([
      ['VENTA_CONEXION', 400],
      ['BAJA_CONEXION', -400],
      ['VENTA_CONEXION', 400],
    ]);
    // Changes between live states move nothing.
    await op.conexiones.cambiarEstado({ enlace_id, enlace_estado: 'SUSPENDIDO' });
    expect(await contarLedger(database.db)).toBe(3);
    await invariante(database.db);
  });

  it('changing the service moves the reservation; editing bw_contratado writes the delta; equipos follow the list', async () => {
    const e = await escenario(database.db);
    const otro = await insertServicio(database.db, { capacidad_comprada: 2000 });
    const [eq1, eq2, eq3] = [
      await insertEquipo(database.db),
      await insertEquipo(database.db),
      await insertEquipo(database.db),
    ];
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({
      datos: datos(e, { bw_contratado: 300, equipos_ids: [eq1!.equipo_id, eq2!.equipo_id] }),
    });

    const mov = await op.conexiones.update({ id: enlace_id, datos: { servicio_id: otro.servicio_id } });
    expect(mov.conexion.servicio_id).toBe(otro.servicio_id);
    expect(await vendida(e.servicio.servicio_id)).toBe(0);
    expect(await vendida(otro.servicio_id)).toBe(300);

    const bw = await op.conexiones.update({
      id: enlace_id,
      datos: {
        bw_contratado: 450,
        equipos_ids: [eq2!.equipo_id, eq3!.equipo_id],
        locacion: 'Lima - San Isidro / Data Center',
      },
      motivo: 'Renegociación',
    });
    expect(bw.conexion).toMatchObject({ bw_contratado: 450, locacion: 'Lima - San Isidro / Data Center' });
    expect(await vendida(otro.servicio_id)).toBe(450);
    expect(await estadosEquipos(database.db, [eq1!.equipo_id, eq2!.equipo_id, eq3!.equipo_id])).toEqual({
      [eq1!.equipo_id]: 'DISPONIBLE',
      [eq2!.equipo_id]: 'ASIGNADO',
      [eq3!.equipo_id]: 'ASIGNADO',
    });
    const ledger = await database.db
      .select()
      .from(movimientosCapacidad)
      .orderBy(asc(movimientosCapacidad.movimiento_id));
    expect(ledger.map((m) => [m.servicio_id, m.origen, m.delta_vendida])).toEqual([
      [e.servicio.servicio_id, 'VENTA_CONEXION', 300],
      [e.servicio.servicio_id, 'CAMBIO_SERVICIO', -300],
      [otro.servicio_id, 'CAMBIO_SERVICIO', 300],
      [otro.servicio_id, 'AJUSTE_BW', 150],
    ]);
    const hist = await database.db.select().from(movimientosEnlace).where(eq(movimientosEnlace.enlace_id, enlace_id));
    expect(hist.map((h) => h.delta)).toEqual([300, 150]);
    expect(hist[1]!.motivo).toBe('Renegociación');
    await invariante(database.db);
  });

  it('recomputes capacidad_utilizada from bw_utilizado of live connections', async () => {
    const e = await escenario(database.db);
    const op = await callerAs(database, 'operador');
    const { enlace_id } = await op.conexiones.create({ datos: datos(e, { bw_contratado: 300, bw_utilizado: 120 }) });
    expect((await leerCapacidad(database.db, e.servicio.servicio_id))!.capacidad_utilizada).toBe(120);
    const r = await op.conexiones.update({ id: enlace_id, datos: { bw_utilizado: 200 } });
    expect(r.conexion.bw_disponible).toBe(100);
    expect((await leerCapacidad(database.db, e.servicio.servicio_id))!.capacidad_utilizada).toBe(200);
    await op.conexiones.cambiarEstado({ enlace_id, enlace_estado: 'BAJA' });
    expect((await leerCapacidad(database.db, e.servicio.servicio_id))!.capacidad_utilizada).toBe(0);
  });

  it('refuses an update to an unknown service, a BAJA service, or a duplicate CID, changing nothing', async () => {
    const e = await escenario(database.db);
    const retirado = await insertServicio(database.db);
    await database.db
      .update(serviciosProveedor)
      .set({ condicion: 'BAJA' })
      .where(eq(serviciosProveedor.servicio_id, retirado.servicio_id));
    const op = await callerAs(database, 'operador');
    const a = await op.conexiones.create({ datos: datos(e) });
    await op.conexiones.create({ datos: datos(e, { cid: 'X-2' }) });
    const s = [e.servicio.servicio_id, retirado.servicio_id];
    await rechazada(
      () => op.conexiones.update({ id: a.enlace_id, datos: { servicio_id: 99 } }),
      {
        code: 'UNPROCESSABLE_CONTENT',
      },
      s,
    );
    await rechazada(
      () => op.conexiones.update({ id: a.enlace_id, datos: { servicio_id: retirado.servicio_id } }),
      { code: 'UNPROCESSABLE_CONTENT', message: /dado de baja/ },
      s,
    );
    await rechazada(
      () => op.conexiones.update({ id: a.enlace_id, datos: { cid_enlace: 'X-2' } }),
      {
        code: 'CONFLICT',
      },
      s,
    );
    await rechazada(() => op.conexiones.update({ id: 404, datos: { locacion: 'x' } }), { code: 'NOT_FOUND' }, s);
  });
});

describe('conexiones reads', () => {
  it('byId carries the equipos labels, IP block, service, bandwidth history and ledger rows; list searches and filters', async () => {
    const e = await escenario(database.db);
    const eq1 = await insertEquipo(database.db, { serial: 'FDO2233X' });
    const op = await callerAs(database, 'operador');
    const a = await op.conexiones.create({
      datos: datos(e, { equipos_ids: [eq1.equipo_id], asignacion_ip: '10.20.30.1/30', locacion: 'Arequipa - Cercado' }),
    });
    for (let i = 0; i < 11; i++)
      await op.conexiones.create({ datos: datos(e, { bw_contratado: 1, estado: 'PENDIENTE' }) });

    const d = await op.conexiones.byId({ enlace_id: a.enlace_id });
    expect(d).toMatchObject({
      asignacion_ip: '10.20.30.1/30',
      cliente_razon_social: e.cliente.razon_social,
      cliente_ruc: e.cliente.ruc,
      nodo_a_nombre: e.nodoA.nombre,
      nodo_a_tipo: 'CORE',
      nodo_b_tipo: 'CLIENTE',
      equipos: [{ equipo_id: eq1.equipo_id, label: 'ROUTER | Cisco | ISR4331 | SN: FDO2233X', estado: 'ASIGNADO' }],
      servicio: { servicio_id: e.servicio.servicio_id, capacidad_comprada: 1000, capacidad_vendida: 311 },
      historial_bw: [{ bw_nuevo: 300 }],
      movimientos: [{ origen: 'VENTA_CONEXION', delta_vendida: 300 }],
    });
    await expect(op.conexiones.byId({ enlace_id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const p1 = await op.conexiones.list({ limit: 10, offset: 0 });
    expect(p1.total).toBe(12);
    expect(p1.data).toHaveLength(10);
    expect(p1.data[0]!.enlace_id).toBe(12);
    const p2 = await op.conexiones.list({ limit: 10, offset: 10 });
    expect(p2.data.map((c) => c.enlace_id)).toEqual([2, 1]);
    expect((await op.conexiones.list({ search: 'arequipa' })).data.map((c) => c.enlace_id)).toEqual([1]);
    expect((await op.conexiones.list({ estado: 'activo' })).total).toBe(1);
    expect((await op.conexiones.list({ estado: 'PENDIENTE' })).total).toBe(11);
    expect((await op.conexiones.list({ search: a.cid_enlace })).total).toBe(1);
    const sel = await op.conexiones.select();
    expect(sel[11]).toEqual({
      enlace_id: 1,
      cid_enlace: '257001',
      cliente_razon_social: e.cliente.razon_social,
      tipo_enlace: 'Internet',
      enlace_estado: 'ACTIVO',
      bw_contratado: 300,
    });
  });
});

describe('the ledger explains every Mbps sold (property)', () => {
  it('keeps vendida = Σ ledger and drift 0 for any sequence of accepted and refused connection operations', async () => {
    const op = await callerAs(database, 'operador');
    const e = await escenario(database.db, { comprada: 500 });
    const otro = await insertServicio(database.db, { capacidad_comprada: 300 });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await op.conexiones.create({ datos: datos(e, { bw_contratado: 50 }) })).enlace_id);

    const accion = fc.oneof(
      fc.record({
        t: fc.constant('bw' as const),
        i: fc.nat(2),
        modo: fc.constantFrom('AUMENTAR', 'DISMINUIR'),
        mbps: fc.integer({ min: 1, max: 200_000 }).map((n) => n / 1000),
      }),
      fc.record({
        t: fc.constant('estado' as const),
        i: fc.nat(2),
        estado: fc.constantFrom('ACTIVO', 'BAJA', 'SUSPENDIDO'),
      }),
      fc.record({ t: fc.constant('servicio' as const), i: fc.nat(2), otro: fc.boolean() }),
      fc.record({
        t: fc.constant('editar' as const),
        i: fc.nat(2),
        bw: fc.integer({ min: 0, max: 300_000 }).map((n) => n / 1000),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(accion, { minLength: 1, maxLength: 8 }), fc.boolean(), async (acciones, confirmar) => {
        for (const a of acciones) {
          const enlace_id = ids[a.i]!;
          const intento =
            a.t === 'bw'
              ? op.conexiones.ajustarBw({ enlace_id, modo: a.modo, mbps: a.mbps, confirmar_sobreventa: confirmar })
              : a.t === 'estado'
                ? op.conexiones.cambiarEstado({ enlace_id, enlace_estado: a.estado, confirmar_sobreventa: confirmar })
                : a.t === 'servicio'
                  ? op.conexiones.update({
                      id: enlace_id,
                      datos: { servicio_id: a.otro ? otro.servicio_id : e.servicio.servicio_id },
                      confirmar_sobreventa: confirmar,
                    })
                  : op.conexiones.update({
                      id: enlace_id,
                      datos: { bw_contratado: a.bw },
                      confirmar_sobreventa: confirmar,
                    });
          await intento.catch((err: { code?: string }) =>
            expect(['UNPROCESSABLE_CONTENT', 'CONFLICT']).toContain(err.code),
          );
        }
        await invariante(database.db);
        const live = await database.db.select().from(conexiones);
        for (const c of live) expect(c.bw_contratado).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 12 },
    );
  });
});
