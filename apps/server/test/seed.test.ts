import { validarRuc } from '@troncal/domain/validators';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { usuarios } from '../src/db/schema';
import { BaseNoVaciaError, resolverActor, USUARIO_SISTEMA } from '../src/seed/comun';
import { sembrarDemo } from '../src/seed/demo';
import { sembrarEscala } from '../src/seed/escala';
import { crearProgreso } from '../src/seed/progreso';
import { conciliar } from '../src/services/capacidad';
import { leerCid } from '../src/services/cid';
import { crearConexion } from '../src/services/conexiones';
import { createTestUser } from './helpers/app';
import { conteos as conteosListados } from './helpers/conexiones';
import { usarDb } from './helpers/db';
import { insertProveedor } from './helpers/fixtures';

const database = await usarDb();

type Fila = Record<string, string | number | boolean | null>;
const filas = (q: ReturnType<typeof sql>) => execRows<Fila>(database.db, q);
const uno = async (q: ReturnType<typeof sql>) => (await filas(q))[0] ?? {};

/** vendida = Σ ledger and utilizada = Σ bw_utilizado of live connections, for every service. */
async function invariantes() {
  return uno(sql`
    select count(*) filter (where s.capacidad_vendida <> coalesce(l.total, 0)) as vendida_mal,
           count(*) filter (where s.capacidad_utilizada <> coalesce(k.total, 0)) as utilizada_mal,
           count(*) filter (where s.capacidad_disponible <> s.capacidad_comprada - s.capacidad_vendida) as disponible_mal
      from servicios_proveedor s
      left join (select servicio_id, sum(delta_vendida) as total from movimientos_capacidad group by servicio_id) l
        on l.servicio_id = s.servicio_id
      left join (select servicio_id, sum(bw_utilizado) as total from conexiones
                  where enlace_estado <> 'BAJA' group by servicio_id) k on k.servicio_id = s.servicio_id`);
}

async function conteos() {
  const r = await uno(sql`select
      (select count(*) from proveedores) as proveedores, (select count(*) from servicios_proveedor) as servicios,
      (select count(*) from clientes) as clientes, (select count(*) from nodos) as nodos,
      (select count(*) from equipos) as equipos, (select count(*) from conexiones) as conexiones,
      (select count(*) from movimientos_capacidad) as movimientos`);
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
}

describe('db:seed', () => {
  it('acts as --as, else the first admin, else a non-login system user', async () => {
    await database.truncate();
    const sistema = await resolverActor(database.db);
    expect(sistema.user.email).toBe(USUARIO_SISTEMA);
    expect(sistema.aviso).toContain(USUARIO_SISTEMA);
    const [fila] = await database.db.select().from(usuarios).where(sql`${usuarios.email} = ${USUARIO_SISTEMA}`);
    expect(fila).toMatchObject({ activo: false });
    expect(fila!.password_hash).toMatch(/^\$argon2id\$/);
    // Reused, not duplicated.
    expect((await resolverActor(database.db)).user.usuario_id).toBe(sistema.user.usuario_id);

    const admin = await createTestUser(database.db, 'admin');
    expect((await resolverActor(database.db)).user.usuario_id).toBe(admin.usuario_id);
    const operador = await createTestUser(database.db, 'operador');
    expect((await resolverActor(database.db, operador.email!.toUpperCase())).user.usuario_id).toBe(operador.usuario_id);
    await expect(resolverActor(database.db, 'nadie@troncal.test')).rejects.toThrow(/No existe un usuario/);
    const lector = await createTestUser(database.db, 'lector');
    await expect(resolverActor(database.db, lector.email!)).rejects.toThrow(/lector/);
  });

  it('--demo: believable data through the services, every Mbps explained by the ledger', async () => {
    await database.truncate();
    const { user } = await resolverActor(database.db);
    const r = await sembrarDemo(database.db, { actor: user, politica: 'block' });
    expect(r.yaCargado).toBe(false);
    const n = await conteos();
    expect(n).toMatchObject({ proveedores: 8, servicios: 30, clientes: 40, nodos: 120, equipos: 60, conexiones: 120 });

    const inv = await invariantes();
    expect(Number(inv.vendida_mal)).toBe(0);
    expect(Number(inv.utilizada_mal)).toBe(0);
    expect(Number(inv.disponible_mal)).toBe(0);
    expect(await conteosListados(database.db)).toMatchObject({
      'conexiones:*': 120,
      'servicios_proveedor:*': 30,
    });
    const conciliacion = await conciliar(database.db);
    expect(conciliacion).toHaveLength(30);
    expect(conciliacion.filter((c) => c.deriva_sin_explicar !== 0)).toEqual([]);
    expect(conciliacion.every((c) => c.vendida === c.vendida_ledger)).toBe(true);

    // Variety: every condition, both modalities, the connection states, all ledger origins.
    const distintos = async (col: string, tabla: string) =>
      (await filas(sql.raw(`select distinct ${col} as v from ${tabla} order by 1`))).map((f) => f.v);
    expect(await distintos('condicion', 'servicios_proveedor')).toEqual([
      'ACTIVO',
      'BAJA',
      'INACTIVO',
      'RESERVA',
      'STANDBY',
    ]);
    expect(await distintos('modalidad', 'servicios_proveedor')).toEqual(['COMPARTIDO', 'DEDICADO']);
    expect((await distintos('enlace_estado', 'conexiones')).length).toBeGreaterThanOrEqual(5);
    expect((await distintos('tipo_enlace', 'conexiones')).length).toBeGreaterThanOrEqual(6);
    expect((await distintos('tipo', 'nodos')).length).toBe(6);
    expect(await distintos('origen', 'movimientos_capacidad')).toEqual(
      expect.arrayContaining(['AJUSTE_BW', 'AJUSTE_MANUAL', 'BAJA_CONEXION', 'VENTA_CONEXION']),
    );
    expect((await distintos('departamento_enlace', 'conexiones')).length).toBeGreaterThanOrEqual(6);
    const manual = await filas(sql`select motivo from movimientos_capacidad where origen = 'AJUSTE_MANUAL'`);
    expect(manual.length).toBeGreaterThan(0);
    expect(manual.every((m) => typeof m.motivo === 'string' && m.motivo.length > 10)).toBe(true);

    // The alerts have something to show: services above 75 % and above 90 % of what was bought.
    const alertas = await uno(sql`select
        count(*) filter (where capacidad_utilizada * 100 > capacidad_comprada * 90) as critico,
        count(*) filter (where capacidad_utilizada * 100 > capacidad_comprada * 75
                           and capacidad_utilizada * 100 <= capacidad_comprada * 90) as alto,
        count(*) filter (where capacidad_vendida > capacidad_comprada) as sobrevendidos
      from servicios_proveedor`);
    expect(Number(alertas.critico)).toBeGreaterThanOrEqual(1);
    expect(Number(alertas.alto)).toBeGreaterThanOrEqual(1);
    expect(Number(alertas.sobrevendidos)).toBe(0);

    const rucs = await filas(sql`select ruc from clientes union all select ruc from proveedores where ruc is not null`);
    expect(rucs.filter((f) => !validarRuc(String(f.ruc)).ok)).toEqual([]);
    // Equipos held by a live connection are ASIGNADO, and only those.
    const eq = await uno(sql`select
        count(*) filter (where e.estado = 'ASIGNADO' and v.equipo_id is null) as asignado_suelto,
        count(*) filter (where e.estado <> 'ASIGNADO' and v.equipo_id is not null) as vivo_sin_asignar
      from equipos e left join (select ce.equipo_id from conexion_equipos ce join conexiones k using (enlace_id)
                                 where k.enlace_estado <> 'BAJA') v on v.equipo_id = e.equipo_id`);
    expect(Number(eq.asignado_suelto)).toBe(0);
    expect(Number(eq.vivo_sin_asignar)).toBe(0);
    // Every row records who made it.
    expect(Number((await uno(sql`select count(*) as n from conexiones where created_by is null`)).n)).toBe(0);

    // A second run changes nothing; a foreign non-empty database is refused.
    const otra = await sembrarDemo(database.db, { actor: user, politica: 'warn' });
    expect(otra.yaCargado).toBe(true);
    expect(await conteos()).toEqual(n);
    await expect(sembrarEscala(database, { conexiones: 10, actor: user })).rejects.toBeInstanceOf(BaseNoVaciaError);
    // The demo also writes 30 days of usage history (seed/uso-demo.ts): on a loaded machine it needs more than 30 s.
  }, 120_000);

  it('refuses a database that already holds other data', async () => {
    await database.truncate();
    await insertProveedor(database.db, 'PROVEEDOR EXISTENTE');
    const { user } = await resolverActor(database.db);
    await expect(sembrarDemo(database.db, { actor: user, politica: 'warn' })).rejects.toThrow(/ya tiene datos/);
    await expect(sembrarEscala(database, { conexiones: 10, actor: user })).rejects.toThrow(/proveedores/);
    expect(await conteos()).toMatchObject({ proveedores: 1, conexiones: 0 });
  });

  it('--scale N: bulk load with a consistent ledger, sequences past the generated ids', async () => {
    await database.truncate();
    const { user } = await resolverActor(database.db);
    const lineas: string[] = [];
    const r = await sembrarEscala(database, {
      conexiones: 2000,
      actor: user,
      progreso: (total) => crearProgreso(total, 'filas', { isTTY: false, write: (s) => lineas.push(s) }),
    });
    expect(r).toMatchObject({ conexiones: 2000, servicios: 200, clientes: 40, nodos: 20, equipos: 1200 });
    expect(lineas.at(-1)).toMatch(/filas en/);
    expect(await conteos()).toMatchObject({ conexiones: 2000, servicios: 200, clientes: 40, nodos: 20, equipos: 1200 });

    const inv = await invariantes();
    expect([Number(inv.vendida_mal), Number(inv.utilizada_mal), Number(inv.disponible_mal)]).toEqual([0, 0, 0]);
    expect(await conteosListados(database.db)).toMatchObject({
      'conexiones:*': 2000,
      'servicios_proveedor:*': 200,
    });
    const conciliacion = await conciliar(database.db);
    expect(conciliacion.filter((c) => c.deriva_sin_explicar !== 0)).toEqual([]);
    // One sale per connection; the released ones also carry their BAJA row.
    const ventas = await uno(sql`select
        (select count(*) from movimientos_capacidad where origen = 'VENTA_CONEXION') as ventas,
        (select count(distinct enlace_id) from movimientos_capacidad where origen = 'VENTA_CONEXION') as enlaces,
        (select count(*) from movimientos_capacidad where origen = 'BAJA_CONEXION') as bajas,
        (select count(*) from conexiones where enlace_estado = 'BAJA') as conexiones_baja`);
    expect(Number(ventas.ventas)).toBe(2000);
    expect(Number(ventas.enlaces)).toBe(2000);
    expect(Number(ventas.bajas)).toBe(Number(ventas.conexiones_baja));
    const rucs = await filas(sql`select ruc from clientes`);
    expect(rucs.filter((f) => !validarRuc(String(f.ruc)).ok)).toEqual([]);

    // The sequences moved past what was written: the app's next create gets fresh ids and CIDs.
    expect(await leerCid(database.db, 'conexion')).toEqual({ next: 257001 + 2000, last: 257000 + 2000 });
    const [serv] = await filas(sql`select servicio_id from servicios_proveedor where condicion = 'ACTIVO' limit 1`);
    const nueva = await crearConexion(database.db, {
      datos: {
        servicio_id: Number(serv!.servicio_id),
        cliente_id: 1,
        nodo_a: 1,
        tipo_enlace: 'Internet',
        bw_contratado: 10,
      },
      usuario: user,
      politica: 'warn',
      ajustarServicio: true,
    });
    expect(nueva.conexion).toMatchObject({ enlace_id: 2001, cid_enlace: String(257001 + 2000) });
    expect(await conteosListados(database.db)).toMatchObject({ 'conexiones:*': 2001 });
    const [mov] = await filas(sql`select max(movimiento_id) as m from movimientos_capacidad`);
    expect(Number(mov!.m)).toBe(Number(r.movimientos) + 1);
  });

  it('--scale is deterministic for a seed', async () => {
    const huella = async () =>
      uno(sql`select md5(string_agg(concat_ws('|', servicio_id, cid_enlace, enlace_estado, bw_contratado, bw_utilizado,
                                               cliente_id, distrito_enlace), ',' order by enlace_id)) as h from conexiones`);
    await database.truncate();
    const { user } = await resolverActor(database.db);
    await sembrarEscala(database, { conexiones: 300, actor: user, semilla: 7 });
    const a = await huella();
    await database.truncate();
    await sembrarEscala(database, { conexiones: 300, actor: (await resolverActor(database.db)).user, semilla: 7 });
    expect(await huella()).toEqual(a);
  });
});
