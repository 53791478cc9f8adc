import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { clientes, conexiones, proveedores } from '../src/db/schema';
import { callerAs } from './helpers/app';
import { venderEnLedger } from './helpers/conexiones';
import { usarDb } from './helpers/db';

const database = await usarDb({ limpiar: true });
let op: Awaited<ReturnType<typeof callerAs>>;
let lector: Awaited<ReturnType<typeof callerAs>>;

beforeEach(async () => {
  op = await callerAs(database, 'operador');
  lector = await callerAs(database, 'lector');
  await database.db
    .insert(proveedores)
    .values([{ nombre: 'TELEFÓNICA' }, { nombre: 'ENTEL' }, { nombre: 'LUMEN', estado: 'INACTIVO' }]);
});

async function sembrar() {
  const a = await op.servicios.create({
    proveedor_id: 1,
    modalidad: 'DEDICADO',
    capacidad_comprada: 1000,
    ubicacion_servicio: 'Lima - San Isidro',
    cid_proveedor: 'TDP-100',
  });
  const b = await op.servicios.create({
    proveedor_id: 1,
    modalidad: 'COMPARTIDO',
    capacidad_comprada: 500,
    ubicacion_servicio: 'Arequipa - Cercado',
    cid_proveedor: 'TDP-200',
  });
  const c = await op.servicios.create({
    proveedor_id: 2,
    modalidad: 'DEDICADO',
    capacidad_comprada: 300,
    ubicacion_servicio: 'Lima - Surco',
    cid_proveedor: 'ENT-9',
  });
  await op.servicios.ajustarCapacidad({ servicio_id: a.servicio_id, delta_disponible: -400, motivo: 'venta' });
  await op.servicios.ajustarCapacidad({ servicio_id: c.servicio_id, delta_disponible: -100, motivo: 'venta' });
  return { a, b, c };
}

describe('servicios tRPC: list with server-side KPI totals and filter options', () => {
  it('totals the whole filtered set, not only the page, and offers the facets of the result set', async () => {
    const { a } = await sembrar();
    const pagina = await lector.servicios.list({ limit: 1, offset: 0 });
    expect(pagina.data).toHaveLength(1);
    expect(pagina.total).toBe(3);
    expect(pagina.kpi).toEqual({
      servicios: 3,
      capacidad_comprada: 1800,
      capacidad_vendida: 500,
      capacidad_utilizada: 0,
      capacidad_disponible: 1300,
    });
    expect(pagina.opciones.proveedores.map((p) => p.nombre)).toEqual(['ENTEL', 'TELEFÓNICA']);
    expect(pagina.opciones.cids).toEqual(['ENT-9', 'TDP-100', 'TDP-200']);

    const lima = await lector.servicios.list({ limit: 10, offset: 0, search: 'lima' });
    expect(lima.total).toBe(2);
    expect(lima.kpi).toMatchObject({ capacidad_comprada: 1300, capacidad_vendida: 500, capacidad_disponible: 800 });

    // A provider filter narrows the KPI and the CID facet, but the provider facet still offers both.
    const tdp = await lector.servicios.list({ limit: 10, offset: 0, proveedor_id: 1 });
    expect(tdp.kpi).toMatchObject({ servicios: 2, capacidad_comprada: 1500, capacidad_disponible: 1100 });
    expect(tdp.opciones.cids).toEqual(['TDP-100', 'TDP-200']);
    expect(tdp.opciones.proveedores).toHaveLength(2);

    const porCid = await lector.servicios.list({ limit: 10, offset: 0, cid: 'TDP-100' });
    expect(porCid.data.map((s) => s.servicio_id)).toEqual([a.servicio_id]);

    // One character does not filter (the SPA searches from 2); the modalidad and CIDs are searchable.
    expect((await lector.servicios.list({ limit: 10, offset: 0, search: 'l' })).total).toBe(3);
    expect((await lector.servicios.list({ limit: 10, offset: 0, search: 'compartido' })).total).toBe(1);
    expect((await lector.servicios.list({ limit: 10, offset: 0, search: 'ent-9' })).total).toBe(1);
    expect((await lector.servicios.list({ limit: 10, offset: 0, search: 'icp-1001' })).total).toBe(1);
    expect((await lector.servicios.list({ limit: 10, offset: 0, search: 'telefonica' })).total).toBe(2);
    const nada = await lector.servicios.list({ limit: 10, offset: 0, search: 'zzz' });
    expect(nada).toMatchObject({ total: 0, kpi: { servicios: 0, capacidad_comprada: 0 } });
  });

  it('select gives the pickers their rows, optionally for one provider', async () => {
    const { a } = await sembrar();
    const todos = await lector.servicios.select();
    expect(todos).toHaveLength(3);
    const tdp = await lector.servicios.select({ proveedor_id: 1 });
    expect(tdp.map((s) => s.cid_interno)).toEqual(['ICP-1001', 'ICP-1002']);
    expect(tdp[0]).toEqual({
      servicio_id: a.servicio_id,
      proveedor_id: 1,
      proveedor_nombre: 'TELEFÓNICA',
      proveedor_estado: 'ACTIVO',
      cid_interno: 'ICP-1001',
      modalidad: 'DEDICADO',
      ubicacion_servicio: 'Lima - San Isidro',
      condicion: 'ACTIVO',
      no_vendible: null,
      capacidad_comprada: 1000,
      capacidad_vendida: 400,
      capacidad_disponible: 600,
    });
  });
});

describe('servicios tRPC: detail, ledger and reconciliation', () => {
  it('shows KPI, alert level, connections with % enlace and top consumer, history, reconciliation and samples', async () => {
    const { a } = await sembrar();
    const [cli] = await database.db
      .insert(clientes)
      .values([
        { razon_social: 'BANCO DE CRÉDITO', ruc: '20100047218' },
        { razon_social: 'RIPLEY', ruc: '20337564373' },
      ])
      .returning();
    const enlaces = await database.db
      .insert(conexiones)
      .values([
        {
          servicio_id: a.servicio_id,
          cid_enlace: '257001',
          bw_contratado: 300,
          bw_utilizado: 290,
          cliente_id: cli!.cliente_id,
          enlace_estado: 'ACTIVO',
        },
        {
          servicio_id: a.servicio_id,
          cid_enlace: '257002',
          bw_contratado: 500,
          bw_utilizado: 480,
          enlace_estado: 'ACTIVO',
        },
        {
          servicio_id: a.servicio_id,
          cid_enlace: '257003',
          bw_contratado: 900,
          bw_utilizado: 0,
          enlace_estado: 'BAJA',
        },
      ])
      .returning();
    await venderEnLedger(database.db, a.servicio_id, enlaces.slice(0, 2));

    const d = await lector.servicios.detalle({ servicio_id: a.servicio_id });
    expect(d.servicio).toMatchObject({ cid_interno: 'ICP-1001', proveedor_nombre: 'TELEFÓNICA' });
    // 400 manual + 800 from connections sold; 770 used of 1000 bought → 77 % → ALTO.
    expect(d.kpi).toEqual({
      capacidad_comprada: 1000,
      capacidad_vendida: 1200,
      capacidad_utilizada: 770,
      capacidad_disponible: -200,
      pct_uso: 77,
      pct_vendida: 120,
      nivel_alerta: 'ALTO',
    });
    expect(d.conexiones.map((c) => c.cid)).toEqual(['257002', '257001', '257003']);
    expect(d.conexiones[1]).toMatchObject({ razon_social: 'BANCO DE CRÉDITO', pct_enlace: 30, bw_disponible: 10 });
    expect(d.top_consumidor).toMatchObject({ cid: '257002', pct_enlace: 50 });
    expect(d.movimientos.map((m) => m.origen)).toEqual(['VENTA_CONEXION', 'VENTA_CONEXION', 'AJUSTE_MANUAL']);
    expect(d.movimientos[2]).toMatchObject({ usuario_nombre: expect.stringContaining('operador'), motivo: 'venta' });
    expect(d.movimientos_total).toBe(3);
    expect(d.conciliacion).toMatchObject({
      vendida: 1200,
      vendida_ledger: 1200,
      vendida_conexiones: 800,
      ajustes_manuales: 400,
      deriva: 400,
      deriva_sin_explicar: 0,
      libro_cuadra: true,
      deriva_explicada: true,
    });
    // create + manual sale + two connection sales + the utilizada change: recorded, never invented.
    expect(d.muestras.map((m) => [m.capacidad_vendida, m.capacidad_utilizada])).toEqual([
      [0, 0],
      [400, 0],
      [700, 0],
      [1200, 0],
      [1200, 770],
    ]);

    // Drift nobody explains (a connection written without its ledger row) is reported as such.
    await database.db
      .insert(conexiones)
      .values({ servicio_id: a.servicio_id, cid_enlace: '257004', bw_contratado: 50 });
    const c = await lector.servicios.conciliacion({ servicio_id: a.servicio_id });
    expect(c).toMatchObject({ deriva: 350, deriva_sin_explicar: -50, deriva_explicada: false, libro_cuadra: true });
  });

  it('pages the ledger newest first', async () => {
    const { b } = await sembrar();
    for (let i = 1; i <= 12; i++) {
      await op.servicios.ajustarCapacidad({ servicio_id: b.servicio_id, delta_disponible: -i, motivo: `venta ${i}` });
    }
    const p1 = await lector.servicios.movimientos({ servicio_id: b.servicio_id, limit: 10, offset: 0 });
    expect(p1.total).toBe(12);
    expect(p1.data[0]).toMatchObject({ motivo: 'venta 12', delta_vendida: 12, vendida_resultante: 78 });
    const p2 = await lector.servicios.movimientos({ servicio_id: b.servicio_id, limit: 10, offset: 10 });
    expect(p2.data.map((m) => m.motivo)).toEqual(['venta 2', 'venta 1']);
  });
});

describe('servicios tRPC: writes and refusals', () => {
  it('creates, reads back, edits and reports next CID without consuming it', async () => {
    expect(await lector.servicios.nextCid()).toEqual({ next: 1001, last: 1000 });
    expect(await lector.servicios.nextCid()).toEqual({ next: 1001, last: 1000 });
    const creado = await op.servicios.create({ proveedor_id: 2, modalidad: 'COMPARTIDO', capacidad_comprada: 250.5 });
    expect(creado).toEqual({ servicio_id: 1, cid_interno: 'ICP-1001', cid_generado: 1001, cid_anterior: 1000 });
    expect(await lector.servicios.nextCid()).toEqual({ next: 1002, last: 1001 });
    const uno = await lector.servicios.byId({ servicio_id: 1 });
    expect(uno).toMatchObject({ capacidad_comprada: 250.5, capacidad_disponible: 250.5, condicion: 'ACTIVO' });
    const editado = await op.servicios.update({
      id: 1,
      datos: { observacion: 'Fibra por Panamericana', limite_sobreventa_pct: 20, cid_interno: 'ICP-1500' },
    });
    expect(editado.servicio).toMatchObject({
      observacion: 'Fibra por Panamericana',
      limite_sobreventa_pct: 20,
      cid_interno: 'ICP-1500',
    });
    expect(await lector.servicios.nextCid()).toEqual({ next: 1501, last: 1500 });
  });

  it('refuses each bad operation with the right code and leaves the data as it was', async () => {
    const { a, c } = await sembrar();
    const foto = async () =>
      JSON.stringify(
        await Promise.all([
          execRows(database.db, sql`select * from servicios_proveedor order by servicio_id`),
          execRows(database.db, sql`select count(*)::int from movimientos_capacidad`),
          execRows(database.db, sql`select count(*)::int from muestras_uso`),
          execRows(database.db, sql`select last_value, is_called from servicio_cid_seq`),
        ]),
      );
    const antes = await foto();
    const rechazos: [string, () => Promise<unknown>, string][] = [
      ['lector crea', () => lector.servicios.create({ proveedor_id: 1, modalidad: 'DEDICADO' }), 'FORBIDDEN'],
      [
        'lector ajusta',
        () => lector.servicios.ajustarCapacidad({ servicio_id: a.servicio_id, delta_disponible: 1, motivo: 'x' }),
        'FORBIDDEN',
      ],
      [
        'proveedor inactivo',
        () => op.servicios.create({ proveedor_id: 3, modalidad: 'DEDICADO' }),
        'UNPROCESSABLE_CONTENT',
      ],
      ['proveedor inexistente', () => op.servicios.create({ proveedor_id: 42, modalidad: 'DEDICADO' }), 'NOT_FOUND'],
      [
        'CID duplicado',
        () => op.servicios.create({ proveedor_id: 1, modalidad: 'DEDICADO', cid_interno: 'icp-1002' }),
        'CONFLICT',
      ],
      [
        'CID duplicado al editar',
        () => op.servicios.update({ id: a.servicio_id, datos: { cid_interno: 'ICP-1003' } }),
        'CONFLICT',
      ],
      [
        'devolver más de lo vendido',
        () => op.servicios.ajustarCapacidad({ servicio_id: c.servicio_id, delta_disponible: 100.001, motivo: 'x' }),
        'UNPROCESSABLE_CONTENT',
      ],
      [
        'delta cero',
        () => op.servicios.ajustarCapacidad({ servicio_id: a.servicio_id, delta_disponible: 0, motivo: 'x' }),
        'BAD_REQUEST',
      ],
      [
        'servicio inexistente',
        () => op.servicios.ajustarCapacidad({ servicio_id: 999, delta_disponible: 5, motivo: 'x' }),
        'NOT_FOUND',
      ],
      [
        'comprada negativa',
        () => op.servicios.update({ id: a.servicio_id, datos: { capacidad_comprada: -1 } }),
        'BAD_REQUEST',
      ],
      ['editar inexistente', () => op.servicios.update({ id: 999, datos: { observacion: 'x' } }), 'NOT_FOUND'],
      [
        'mover a proveedor inactivo',
        () => op.servicios.update({ id: a.servicio_id, datos: { proveedor_id: 3 } }),
        'UNPROCESSABLE_CONTENT',
      ],
    ];
    for (const [nombre, fn, code] of rechazos) {
      await expect(fn(), nombre).rejects.toMatchObject({ code });
      expect(await foto(), nombre).toBe(antes);
    }
    await expect(lector.servicios.detalle({ servicio_id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const anonimo = await callerAs(database, null);
    await expect(anonimo.servicios.list({ limit: 10, offset: 0 })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('blocks oversale in the tRPC path too when the environment says so', async () => {
    const { c } = await sembrar();
    const bloqueo = await callerAs(database, 'operador', { TRONCAL_SOBREVENTA: 'block' });
    await expect(
      bloqueo.servicios.ajustarCapacidad({ servicio_id: c.servicio_id, delta_disponible: -201, motivo: 'venta' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const ok = await bloqueo.servicios.ajustarCapacidad({
      servicio_id: c.servicio_id,
      delta_disponible: -200,
      motivo: 'venta',
    });
    expect(ok).toMatchObject({ capacidad_disponible: 0, advertencias: [] });
    await expect(
      bloqueo.servicios.update({ id: c.servicio_id, datos: { capacidad_comprada: 299 } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
