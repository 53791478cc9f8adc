import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import {
  conexionEquipos,
  conexiones,
  equipos,
  movimientosCapacidad,
  nodos,
  proveedores,
  serviciosProveedor,
} from '../src/db/schema';
import { csv, entornoHttp, latin1, RUC_BCP, RUC_TDP, serviciosDescuadrados, subir, xlsx } from './helpers/importacion';

const h = entornoHttp({ bloqueo: true });
const RUC_MALO = '20100047863';

async function contar(
  tabla: typeof conexiones | typeof proveedores | typeof movimientosCapacidad | typeof conexionEquipos,
) {
  const [r] = await h.database.db.select({ n: count() }).from(tabla);
  return Number(r?.n ?? 0);
}

/** The service the connection files sell from, as stored. */
const icp5000 = async () =>
  (await h.database.db.select().from(serviciosProveedor).where(eq(serviciosProveedor.cid_interno, 'ICP-5000')))[0];

/** The references a connection file needs, imported through the routes themselves. */
async function referencias() {
  const prov = h.archivos.escribir(
    'proveedores-latin1.csv',
    latin1(
      csv(
        [
          ['nombre', 'ruc', 'estado'],
          ['TELEFÓNICA', RUC_TDP, 'activo'],
          ['Claro Perú', '', 'ACTIVO'],
        ],
        ';',
      ),
    ),
  );
  const rp = await subir(h.app, h.op, 'proveedores', prov, { modo: 'aplicar' });
  expect(rp.body, JSON.stringify(rp.body)).toMatchObject({ ok: true, creados: 2 });
  const cli = h.archivos.csv('clientes.csv', [
    ['razon_social', 'ruc'],
    ['Banco de Crédito del Perú', RUC_BCP],
    ['Telefónica del Perú', RUC_TDP],
  ]);
  expect((await subir(h.app, h.op, 'clientes', cli, { modo: 'aplicar' })).body).toMatchObject({ ok: true, creados: 2 });
  const nod = h.archivos.escribir(
    'nodos.xlsx',
    await xlsx([
      ['nombre', 'tipo', 'ubigeo'],
      ['NODO SAN ISIDRO', 'core', '150131'],
      ['NODO MIRAFLORES', 'acceso', 'Lima / Lima / Miraflores'],
    ]),
  );
  const rn = await subir(h.app, h.op, 'nodos', nod, { modo: 'aplicar' });
  expect(rn.body, JSON.stringify(rn.body)).toMatchObject({ ok: true, creados: 2 });
  const eq = h.archivos.csv('equipos.csv', [
    ['tipo', 'marca', 'modelo', 'serial'],
    ['ROUTER', 'Cisco', 'ASR920', 'SN-001'],
    ['ONT', 'Huawei', 'HG8245', 'SN-002'],
  ]);
  expect((await subir(h.app, h.op, 'equipos', eq, { modo: 'aplicar' })).body).toMatchObject({ ok: true, creados: 2 });
  const srv = h.archivos.csv('servicios.csv', [
    ['cid_interno', 'proveedor_nombre', 'nodo_nombre', 'modalidad', 'capacidad_comprada'],
    ['ICP-5000', 'telefónica', 'NODO SAN ISIDRO', 'DEDICADO', '1000'],
    ['', 'CLARO PERÚ', '', 'compartido', '500,5'],
  ]);
  expect((await subir(h.app, h.op, 'servicios-proveedor', srv, { modo: 'aplicar' })).body).toMatchObject({
    ok: true,
    creados: 2,
  });
}

const CABECERA_CONEXIONES = [
  'cid_enlace',
  'servicio_cid_interno',
  'cliente_ruc',
  'tipo_enlace',
  'bw_contratado',
  'enlace_estado',
  'nodo_a_nombre',
  'nodo_b_nombre',
  'asignacion_ip',
  'equipos_seriales',
];

describe('import: the journey', () => {
  it('imports every entity from CSV (Latin-1 and ;), XLSX and multipart; live connections reserve through the ledger', async () => {
    await referencias();
    expect((await icp5000())?.capacidad_comprada).toBe(1000);
    const [auto] = await h.database.db.select().from(serviciosProveedor).where(sql`cid_interno <> 'ICP-5000'`);
    expect(auto?.cid_interno).toMatch(/^ICP-\d+$/);
    expect(auto?.capacidad_comprada).toBe(500.5);
    expect((await h.database.db.select().from(nodos).where(eq(nodos.nombre, 'NODO MIRAFLORES')))[0]?.ubigeo).toBe(
      '150122',
    );

    const bytes = h.archivos.csv('conexiones.csv', [
      CABECERA_CONEXIONES,
      [
        '',
        'ICP-5000',
        RUC_BCP,
        'Internet',
        '600',
        'ACTIVO',
        'NODO SAN ISIDRO',
        'NODO MIRAFLORES',
        '10.0.0.0/30',
        'SN-001|SN-002',
      ],
      ['', 'icp-5000', RUC_TDP, 'internet', '300', 'pendiente', 'nodo san isidro', '', '', ''],
      ['LIM-7', 'ICP-5000', RUC_TDP, 'IPVPN', '900', 'BAJA', 'NODO MIRAFLORES', '', '', ''],
    ]);
    const v = await subir(h.app, h.op, 'conexiones', bytes, { multipart: true, nombre: 'inventario.csv' });
    expect(v.status).toBe(200);
    expect(v.body).toEqual({ ok: true, filas: 3, validas: 3, errores: [], advertencias: [] });
    expect(await contar(conexiones)).toBe(0);

    const a = await subir(h.app, h.op, 'conexiones', bytes, {
      modo: 'aplicar',
      multipart: true,
      nombre: 'inventario.csv',
    });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ ok: true, filas: 3, creados: 3, actualizados: 0, advertencias: [] });

    const libro = await h.database.db.select().from(movimientosCapacidad).orderBy(movimientosCapacidad.movimiento_id);
    // BAJA holds nothing: two ledger rows, each naming the file and its row.
    expect(libro.map((m) => [m.origen, m.delta_vendida, m.vendida_resultante, m.motivo])).toEqual([
      ['IMPORTACION', 600, 600, 'Importación desde inventario.csv (fila 2)'],
      ['IMPORTACION', 300, 900, 'Importación desde inventario.csv (fila 3)'],
    ]);
    expect((await icp5000())?.capacidad_vendida).toBe(900);
    const cx = await h.database.db.select().from(conexiones).orderBy(conexiones.enlace_id);
    expect(cx.map((c) => c.cid_enlace)).toEqual([
      expect.stringMatching(/^\d+$/),
      expect.stringMatching(/^\d+$/),
      'LIM-7',
    ]);
    expect(await contar(conexionEquipos)).toBe(2);
    expect((await h.database.db.select({ e: equipos.estado }).from(equipos)).map((r) => r.e)).toEqual([
      'ASIGNADO',
      'ASIGNADO',
    ]);
    // Each equipo taken from DISPONIBLE has its state change in the history, through /v1.
    const historial = await execRows<{ accion: string; cambios: unknown; via: string }>(
      h.database.db,
      sql`select accion, cambios, via from cambios where entidad = 'equipo' and accion <> 'crear' order by cambio_id`,
    );
    expect(historial).toEqual([
      { accion: 'cambiar_estado', cambios: [{ campo: 'estado', antes: 'DISPONIBLE', despues: 'ASIGNADO' }], via: 'v1' },
      { accion: 'cambiar_estado', cambios: [{ campo: 'estado', antes: 'DISPONIBLE', despues: 'ASIGNADO' }], via: 'v1' },
    ]);
    // vendida = Σ ledger, for every service.
    expect(await serviciosDescuadrados(h.database)).toBe(0);
  });

  it('re-importing the same file reports duplicates, and with existentes=actualizar updates them (never doubled)', async () => {
    const f = h.archivos.csv('prov.csv', [
      ['nombre', 'contacto'],
      ['TELEFÓNICA', 'NOC'],
      ['Claro', 'Mesa'],
    ]);
    expect((await subir(h.app, h.op, 'proveedores', f, { modo: 'aplicar' })).body).toMatchObject({ creados: 2 });
    const otra = await subir(h.app, h.op, 'proveedores', f, { modo: 'aplicar' });
    expect(otra.status).toBe(422);
    expect(otra.body.errores).toEqual([
      expect.objectContaining({
        fila: 2,
        columna: 'nombre',
        valor: 'TELEFÓNICA',
        message: expect.stringContaining('Ya existe'),
      }),
      expect.objectContaining({ fila: 3, columna: 'nombre', valor: 'Claro' }),
    ]);
    const g = h.archivos.csv('prov2.csv', [
      ['nombre', 'contacto'],
      ['telefónica', 'Gerencia'],
      ['Entel', ''],
    ]);
    const act = await subir(h.app, h.op, 'proveedores', g, { modo: 'aplicar', existentes: 'actualizar' });
    expect(act.body).toEqual({ ok: true, filas: 2, creados: 1, actualizados: 1, advertencias: [] });
    expect(await contar(proveedores)).toBe(3);
    const [t] = await h.database.db.select().from(proveedores).where(sql`lower(nombre) = ${'telefónica'}`);
    expect(t?.contacto).toBe('Gerencia');
  });

  it('re-imported connections update their capacity through the ledger', async () => {
    await referencias();
    const fila = (bw: string) => [
      '900001',
      'ICP-5000',
      RUC_BCP,
      'Internet',
      bw,
      'ACTIVO',
      'NODO SAN ISIDRO',
      '',
      '',
      '',
    ];
    const f1 = h.archivos.csv('c1.csv', [CABECERA_CONEXIONES, fila('100')]);
    expect((await subir(h.app, h.op, 'conexiones', f1, { modo: 'aplicar' })).body).toMatchObject({ creados: 1 });
    const f2 = h.archivos.csv('c2.csv', [CABECERA_CONEXIONES, fila('250')]);
    expect((await subir(h.app, h.op, 'conexiones', f2, { modo: 'aplicar' })).status).toBe(422);
    const r = await subir(h.app, h.op, 'conexiones', f2, { modo: 'aplicar', existentes: 'actualizar' });
    expect(r.body).toMatchObject({ ok: true, creados: 0, actualizados: 1 });
    expect((await icp5000())?.capacidad_vendida).toBe(250);
    expect(await contar(conexiones)).toBe(1);
  });
});

/** Connection 800001, live, holding equipo SN-001. */
async function conexionPrevia() {
  const f = h.archivos.csv('c-previa.csv', [
    CABECERA_CONEXIONES,
    ['800001', 'ICP-5000', RUC_BCP, 'Internet', '5', 'ACTIVO', 'NODO SAN ISIDRO', '', '', 'SN-001'],
  ]);
  expect((await subir(h.app, h.op, 'conexiones', f, { modo: 'aplicar' })).body).toMatchObject({ ok: true });
}

describe('import: validation, every rule with a bad file', () => {
  it('reports every problem at once as { fila, columna, valor, message } and changes nothing', async () => {
    await referencias();
    const antes = await contar(conexiones);
    const bytes = h.archivos.csv('malo.csv', [
      CABECERA_CONEXIONES,
      ['', 'ICP-9999', RUC_BCP, 'Internet', '10', 'ACTIVO', 'NODO SAN ISIDRO', '', '', ''],
      ['', 'ICP-5000', '20999999999', 'Internet', '10', 'ACTIVO', 'NODO SAN ISIDRO', '', '', ''],
      ['', 'ICP-5000', RUC_BCP, 'Telepatía', '10', 'ACTIVO', 'NODO SAN ISIDRO', '', '', ''],
      ['', 'ICP-5000', RUC_BCP, 'Internet', '-5', 'ACTIVO', 'NODO SAN ISIDRO', '', '', ''],
      ['', 'ICP-5000', RUC_BCP, 'Internet', '20000000', 'ACTIVO', 'NODO SAN ISIDRO', '', '', ''],
      ['', 'ICP-5000', RUC_BCP, 'Internet', '10', 'VOLANDO', 'NODO SAN ISIDRO', '', '', ''],
      ['', 'ICP-5000', RUC_BCP, 'Internet', '10', 'ACTIVO', 'NODO NINGUNO', '', '', ''],
      ['', 'ICP-5000', RUC_BCP, 'Internet', '10', 'ACTIVO', 'NODO SAN ISIDRO', 'NODO SAN ISIDRO', '', ''],
      ['', 'ICP-5000', RUC_BCP, 'Internet', '10', 'ACTIVO', 'NODO SAN ISIDRO', '', '10.0.0.300/33', ''],
      ['', 'ICP-5000', RUC_BCP, 'Internet', '10', 'ACTIVO', 'NODO SAN ISIDRO', '', '', 'SN-404'],
      ['77', 'ICP-5000', RUC_BCP, 'Internet', '10', 'ACTIVO', 'NODO SAN ISIDRO', '', '', 'SN-001'],
      ['77', 'ICP-5000', RUC_BCP, 'Internet', '10', 'ACTIVO', 'NODO SAN ISIDRO', '', '', 'SN-001'],
    ]);
    const r = await subir(h.app, h.op, 'conexiones', bytes);
    expect(r.status).toBe(422);
    expect(r.body.ok).toBe(false);
    expect(r.body.message).toContain('nada cambió');
    expect(r.body.validas).toBe(1); // row 12: only its repeat, row 13, is wrong
    expect(r.body.filas).toBe(12);
    const por = (fila: number) => r.body.errores.filter((e: { fila: number }) => e.fila === fila);
    expect(por(2)[0]).toMatchObject({ columna: 'servicio_cid_interno', valor: 'ICP-9999' });
    expect(por(3)[0]).toMatchObject({ columna: 'cliente_ruc', valor: '20999999999' });
    expect(por(4)[0]).toMatchObject({ columna: 'tipo_enlace', valor: 'Telepatía' });
    expect(por(5)[0]).toMatchObject({ columna: 'bw_contratado', valor: '-5' });
    expect(por(6)[0]).toMatchObject({ columna: 'bw_contratado', valor: '20000000' });
    expect(por(7)[0]).toMatchObject({ columna: 'enlace_estado', valor: 'VOLANDO' });
    expect(por(8)[0]).toMatchObject({ columna: 'nodo_a_nombre', valor: 'NODO NINGUNO' });
    expect(por(9)[0]).toMatchObject({ columna: 'nodo_b_nombre' });
    expect(por(10)[0]).toMatchObject({ columna: 'asignacion_ip', valor: '10.0.0.300/33' });
    expect(por(11)[0]).toMatchObject({ columna: 'equipos_seriales', valor: 'SN-404' });
    // Row 13 repeats row 12's CID and equipo.
    expect(
      por(13)
        .map((e: { columna: string }) => e.columna)
        .sort(),
    ).toEqual(['cid_enlace', 'equipos_seriales']);
    for (const e of r.body.errores) expect(e.message).toMatch(/[a-záéíóúñ]/);
    const a = await subir(h.app, h.op, 'conexiones', bytes, { modo: 'aplicar' });
    expect(a.status).toBe(422);
    expect(a.body).toMatchObject({
      ok: false,
      errores: r.body.errores,
      message: expect.stringContaining('no se importó nada'),
    });
    expect(await contar(conexiones)).toBe(antes);
    expect(await contar(movimientosCapacidad)).toBe(0);
  });

  it('refuses a bad RUC check digit, a missing required column and an inactive provider', async () => {
    const c = h.archivos.csv('cli.csv', [
      ['razon_social', 'ruc'],
      ['Banco', RUC_MALO],
      ['Otro', RUC_BCP],
      ['Otro 2', RUC_BCP],
    ]);
    const r = await subir(h.app, h.op, 'clientes', c);
    expect(r.body.errores).toEqual([
      expect.objectContaining({ fila: 2, columna: 'ruc', valor: RUC_MALO }),
      expect.objectContaining({ fila: 4, columna: 'ruc', message: expect.stringContaining('fila 3') }),
    ]);
    const sinColumna = h.archivos.csv('nodos.csv', [['nombre'], ['NODO X']]);
    const n = await subir(h.app, h.op, 'nodos', sinColumna);
    expect(n.body.errores[0]).toMatchObject({
      fila: 1,
      columna: 'tipo',
      message: expect.stringContaining('Falta la columna'),
    });
    await h.database.db.insert(proveedores).values({ nombre: 'VIEJO', estado: 'INACTIVO' });
    const s = h.archivos.csv('srv.csv', [
      ['proveedor_nombre', 'modalidad'],
      ['viejo', 'DEDICADO'],
    ]);
    const rs = await subir(h.app, h.op, 'servicios-proveedor', s);
    expect(rs.body.errores[0]).toMatchObject({
      fila: 2,
      columna: 'proveedor_nombre',
      message: expect.stringContaining('INACTIVO'),
    });
  });

  it('refuses equipos held by a live connection or retired, a retired service, and an unknown ubigeo (XLSX file)', async () => {
    await referencias();
    await conexionPrevia();
    await h.database.db.update(equipos).set({ estado: 'BAJA' }).where(eq(equipos.serial, 'SN-002'));
    await h.database.db.update(serviciosProveedor).set({ condicion: 'BAJA' }).where(sql`cid_interno <> 'ICP-5000'`);
    const [otro] = await h.database.db.select().from(serviciosProveedor).where(sql`cid_interno <> 'ICP-5000'`);
    const x = h.archivos.escribir(
      'c.xlsx',
      await xlsx([
        CABECERA_CONEXIONES,
        ['', 'ICP-5000', RUC_TDP, 'Internet', 5, 'ACTIVO', 'NODO SAN ISIDRO', '', '', 'SN-001'],
        ['', 'ICP-5000', RUC_TDP, 'Internet', 5, 'ACTIVO', 'NODO SAN ISIDRO', '', '', 'sn-002'],
        ['', otro?.cid_interno ?? '', RUC_TDP, 'Internet', 5, 'ACTIVO', 'NODO SAN ISIDRO', '', '', ''],
      ]),
    );
    const r = await subir(h.app, h.op, 'conexiones', x);
    expect(r.body.errores).toEqual([
      expect.objectContaining({ fila: 2, columna: 'equipos_seriales', message: expect.stringContaining('800001') }),
      expect.objectContaining({ fila: 3, columna: 'equipos_seriales', message: expect.stringContaining('baja') }),
      expect.objectContaining({ fila: 4, columna: 'servicio_cid_interno', message: expect.stringContaining('baja') }),
    ]);
    const n = h.archivos.csv('n.csv', [
      ['nombre', 'tipo', 'ubigeo'],
      ['NODO X', 'CORE', 'Atlántida'],
      ['NODO Y', 'Galaxia', '999999'],
    ]);
    const rn = await subir(h.app, h.op, 'nodos', n);
    expect(rn.body.errores.map((e: { fila: number; columna: string }) => [e.fila, e.columna])).toEqual([
      [2, 'ubigeo'],
      [3, 'tipo'],
      [3, 'ubigeo'],
    ]);
  });

  it('an equipo no connection holds is free, while another equipo is held by a live connection', async () => {
    await referencias();
    await conexionPrevia();
    const libre = h.archivos.csv('c-libre.csv', [
      CABECERA_CONEXIONES,
      ['800002', 'ICP-5000', RUC_TDP, 'Internet', '5', 'ACTIVO', 'NODO SAN ISIDRO', '', '', 'SN-002'],
    ]);
    const r = await subir(h.app, h.op, 'conexiones', libre);
    expect(r.body).toMatchObject({ ok: true, filas: 1, validas: 1, errores: [] });
    expect(r.status).toBe(200);
  });

  it('all or nothing: a bad row at the end of 10,000 changes nothing', async () => {
    await referencias();
    const filas: (string | number)[][] = [CABECERA_CONEXIONES];
    for (let i = 0; i < 10_000; i++) {
      filas.push(['', 'ICP-5000', RUC_BCP, 'Internet', '0.05', 'ACTIVO', 'NODO SAN ISIDRO', '', '', '']);
    }
    filas.push(['', 'ICP-5000', RUC_BCP, 'Internet', '0.05', 'ACTIVO', 'NODO INEXISTENTE', '', '', '']);
    const bytes = h.archivos.csv('diez-mil.csv', filas);
    const r = await subir(h.app, h.op, 'conexiones', bytes, { modo: 'aplicar' });
    expect(r.status).toBe(422);
    expect(r.body.errores).toEqual([expect.objectContaining({ fila: 10_002, columna: 'nodo_a_nombre' })]);
    expect(await contar(conexiones)).toBe(0);
    expect(await contar(movimientosCapacidad)).toBe(0);
    expect((await icp5000())?.capacidad_vendida).toBe(0);
    // Without the bad row, the 10,000 land, each in the ledger: written a batch at a time from a second
    // reading of the file, in its order (a manual CID keeps its row; the drawn ones follow the rows).
    const buenas = h.archivos.csv(
      'diez-mil-bien.csv',
      filas.slice(0, -1).with(6_501, ['900000', ...filas[6_501]!.slice(1)]),
    );
    const ok = await subir(h.app, h.op, 'conexiones', buenas, { modo: 'aplicar' });
    expect(ok.body).toMatchObject({ ok: true, creados: 10_000 });
    expect((await icp5000())?.capacidad_vendida).toBe(500);
    expect(await contar(movimientosCapacidad)).toBe(10_000);
    const libro = await execRows<{ cid_enlace: string; motivo: string }>(
      h.database.db,
      sql`select c.cid_enlace, m.motivo from movimientos_capacidad m join conexiones c using (enlace_id)
           order by c.enlace_id`,
    );
    const fila = (m: string) => Number(/\(fila (\d+)\)$/.exec(m)?.[1]);
    expect(libro.map((l) => fila(l.motivo))).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 2));
    expect(libro[6_500]?.cid_enlace).toBe('900000');
    const tomados = libro.filter((l) => l.cid_enlace !== '900000').map((l) => Number(l.cid_enlace));
    expect(tomados.every((c, i) => i === 0 || c > (tomados[i - 1] as number))).toBe(true);
    expect(tomados[0]).toBeGreaterThan(900_000);
  }, 120_000);
});

describe('import: oversale', () => {
  it('warns by default, and is refused (422 naming the row) under the blocking policy', async () => {
    await referencias();
    const fila = (bw: string) => ['', 'ICP-5000', RUC_BCP, 'Internet', bw, 'ACTIVO', 'NODO SAN ISIDRO', '', '', ''];
    const f = h.archivos.csv('sobre.csv', [CABECERA_CONEXIONES, fila('700'), fila('700')]);
    const b = await subir(h.appBloqueo, h.op, 'conexiones', f, { modo: 'aplicar' });
    expect(b.status).toBe(422);
    expect(b.body.errores[0]).toMatchObject({
      fila: 2,
      columna: 'bw_contratado',
      message: expect.stringContaining('ICP-5000'),
    });
    expect(await contar(conexiones)).toBe(0);
    const v = await subir(h.app, h.op, 'conexiones', f);
    expect(v.body).toMatchObject({ ok: true, advertencias: [expect.stringContaining('supera la capacidad comprada')] });
    const a = await subir(h.app, h.op, 'conexiones', f, { modo: 'aplicar' });
    expect(a.body).toMatchObject({ ok: true, creados: 2, advertencias: [expect.stringContaining('400 Mbps')] });
  });
});

describe('import: bodies, limits and roles', () => {
  const prov = () => h.archivos.csv('p.csv', [['nombre'], ['TELEFÓNICA']]);

  it('accepts a raw body as text/csv or the XLSX media type, and multipart', async () => {
    expect((await subir(h.app, h.op, 'proveedores', prov())).body).toMatchObject({ ok: true, validas: 1 });
    expect((await subir(h.app, h.op, 'proveedores', prov(), { multipart: true })).body).toMatchObject({
      ok: true,
      validas: 1,
    });
    const x = h.archivos.escribir('p.xlsx', await xlsx([['nombre'], ['TELEFÓNICA']]));
    expect((await subir(h.app, h.op, 'proveedores', x)).body).toMatchObject({ ok: true, validas: 1 });
    expect(
      (await subir(h.app, h.op, 'proveedores', x, { multipart: true, tipo: 'application/octet-stream' })).body,
    ).toMatchObject({
      ok: true,
      validas: 1,
    });
  });

  it('415 in Spanish for another content type or a file that is neither CSV nor XLSX', async () => {
    const j = await h.app.inject({
      method: 'POST',
      url: '/v1/proveedores/importar',
      headers: { ...h.op, 'content-type': 'application/json' },
      payload: '{"nombre":"X"}',
    });
    expect(j.statusCode).toBe(415);
    expect(j.json().message).toContain('Tipo de contenido no admitido');
    const pdf = h.archivos.escribir('x.pdf', Buffer.from('%PDF-1.4 hola'));
    const r = await subir(h.app, h.op, 'proveedores', pdf, { multipart: true, tipo: 'application/pdf' });
    expect(r.status).toBe(415);
    expect(r.body.message).toContain('application/pdf');
    const r2 = await subir(h.app, h.op, 'proveedores', pdf, { multipart: true, tipo: 'application/octet-stream' });
    expect(r2.status).toBe(415);
    expect(r2.body.message).toContain('PDF');
    const xls = h.archivos.escribir('viejo.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const r3 = await subir(h.app, h.op, 'proveedores', xls, { tipo: 'application/vnd.ms-excel' });
    expect(r3.status).toBe(415);
    expect(r3.body.message).toContain('.xls');
  });

  it('413 naming the limit, 400 for an empty body', async () => {
    const grande = Buffer.alloc(61 * 1024 * 1024, 0x61);
    const r = await subir(h.app, h.op, 'proveedores', grande);
    expect(r.status).toBe(413);
    expect(r.body.message).toContain('60 MB');
    const v = await subir(h.app, h.op, 'proveedores', Buffer.alloc(0));
    expect(v.status).toBe(400);
  });

  it('lector may download templates but not import; anonymous gets 401', async () => {
    expect((await subir(h.app, h.lector, 'proveedores', prov())).status).toBe(403);
    expect((await subir(h.app, {}, 'proveedores', prov())).status).toBe(401);
    const t = await h.app.inject({
      method: 'GET',
      url: '/v1/conexiones/importar/plantilla?formato=csv',
      headers: h.lector,
    });
    expect(t.statusCode).toBe(200);
    expect(t.headers['content-disposition']).toBe('attachment; filename="plantilla-conexiones.csv"');
    expect(t.body).toContain('servicio_cid_interno');
    const x = await h.app.inject({ method: 'GET', url: '/v1/nodos/importar/plantilla', headers: h.lector });
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(
      (await h.app.inject({ method: 'GET', url: '/v1/nodos/importar/plantilla?formato=pdf', headers: h.lector }))
        .statusCode,
    ).toBe(400);
  });

  it('a template imports as it is once rows are typed under the header', async () => {
    const t = await h.app.inject({
      method: 'GET',
      url: '/v1/proveedores/importar/plantilla?formato=csv',
      headers: h.op,
    });
    const texto = t.rawPayload.toString('utf8').replace(/\r\n/, '\r\nENTEL,20106897914\r\n');
    const r = await subir(h.app, h.op, 'proveedores', h.archivos.escribir('plantilla.csv', texto), { modo: 'aplicar' });
    expect(r.body).toMatchObject({ ok: true, creados: 1 });
  });
});

describe('import: formula injection', () => {
  it('a neutralised cell exported by Troncal imports back as the original text', async () => {
    const f = h.archivos.csv('f.csv', [
      ['nombre', 'contacto'],
      ['\'=HYPERLINK("http://x")', "'+51 999"],
    ]);
    expect((await subir(h.app, h.op, 'proveedores', f, { modo: 'aplicar' })).body).toMatchObject({ ok: true });
    const [p] = await h.database.db.select().from(proveedores);
    expect(p?.nombre).toBe('=HYPERLINK("http://x")');
    const e = await h.app.inject({ method: 'GET', url: '/v1/proveedores/exportar?formato=csv', headers: h.op });
    expect(e.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(e.body).toContain("'+51 999");
  });
});
