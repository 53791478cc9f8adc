import { ENLACE_ESTADOS, type EstadoEquipo, type TipoEquipo, type TipoNodo } from '@troncal/domain/enums';
import { digitoVerificadorRuc } from '@troncal/domain/validators';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client';
import { execRows } from '../../src/db/client';
import { clientes, equipos, movimientosCapacidad, movimientosEnlace, nodos } from '../../src/db/schema';
import { conciliar, leerCapacidad, moverCapacidad } from '../../src/services/capacidad';
import { contarFilas, insertServicio } from './fixtures';

/** Rows for connection tests, inserted directly so these tests do not depend on other features' services. */

let n = 0;

/** A RUC with a valid SUNAT check digit: "20" + 8 digits + check. */
export function rucValido(i: number): string {
  const primeros = `20${String(10_000_000 + (i % 90_000_000)).padStart(8, '0')}`;
  return `${primeros}${digitoVerificadorRuc(primeros)}`;
}

export async function insertCliente(db: Db, razon_social = `CLIENTE ${++n} S.A.C.`) {
  const [c] = await db
    .insert(clientes)
    .values({ razon_social, ruc: rucValido(++n) })
    .returning();
  return c!;
}

export async function insertNodo(db: Db, over: { nombre?: string; tipo?: TipoNodo } = {}) {
  const [r] = await db
    .insert(nodos)
    .values({ nombre: over.nombre ?? `NODO ${++n}`, tipo: over.tipo ?? 'ACCESO' })
    .returning();
  return r!;
}

export async function insertEquipo(db: Db, over: { serial?: string; estado?: EstadoEquipo; tipo?: TipoEquipo } = {}) {
  const [e] = await db
    .insert(equipos)
    .values({
      tipo: over.tipo ?? 'ROUTER',
      marca: 'Cisco',
      modelo: 'ISR4331',
      serial: over.serial ?? `FDO${++n}`,
      estado: over.estado ?? 'DISPONIBLE',
    })
    .returning();
  return e!;
}

/** The minimum a connection needs: a client, two nodes and a provider service. */
export async function escenario(db: Db, over: { comprada?: number; limite?: number | null } = {}) {
  const cliente = await insertCliente(db);
  const nodoA = await insertNodo(db, { tipo: 'CORE' });
  const nodoB = await insertNodo(db, { tipo: 'CLIENTE' });
  const servicio = await insertServicio(db, {
    capacidad_comprada: over.comprada ?? 1000,
    limite_sobreventa_pct: over.limite ?? null,
  });
  return { cliente, nodoA, nodoB, servicio };
}

/**
 * The spec's example payload names nodo_a 12, nodo_b 17, cliente_id 5 and servicio_id 3: after a
 * truncate (ids restart at 1) inserting 17 nodes, 5 clients and 3 services makes those ids exist.
 */
export async function escenarioSpec(db: Db) {
  for (let i = 0; i < 17; i++) await insertNodo(db, { tipo: i % 2 ? 'CLIENTE' : 'CORE' });
  for (let i = 0; i < 5; i++) await insertCliente(db);
  for (let i = 0; i < 3; i++) await insertServicio(db, { capacidad_comprada: 1000 });
}

/** The spec's create payload, verbatim. */
export const PAYLOAD_SPEC = {
  nodo_a: 12,
  configuracion_nodo_a: 'interface Gi0/0\n ip address 10.0.0.1 255.255.255.252',
  nodo_b: 17,
  configuracion_nodo_b: null,
  tipo_enlace: 'Internet',
  modalidad_enlace: 'P2P',
  cliente_id: 5,
  servicio_id: 3,
  departamento_enlace: 'Lima',
  provincia_enlace: 'Lima',
  distrito_enlace: 'Miraflores',
  direccion_enlace: 'Av. Larco 1150',
  estado: 'ACTIVO',
  fecha_activacion: '2025-06-01',
  bw_contratado: 500,
  bw_utilizado: 0,
  cid: '257001',
  locacion: 'Lima - Miraflores / Oficina',
} as const;

/** The spec's bandwidth adjustment payload, verbatim. */
export const AJUSTE_SPEC = { modo: 'AUMENTAR', mbps: 100 } as const;

/**
 * The ledger rows the sale of these connections would have written, as if each had been created on
 * `servicio_id` (VENTA_CONEXION, utilizada recomputed): for connections inserted directly.
 */
export function venderEnLedger(db: Db, servicio_id: number, enlaces: { enlace_id: number; bw_contratado: number }[]) {
  return db.transaction((tx) =>
    moverCapacidad(tx, {
      movimientos: enlaces.map((e) => ({
        servicio_id,
        delta_vendida: e.bw_contratado,
        origen: 'VENTA_CONEXION' as const,
        enlace_id: e.enlace_id,
      })),
      recalcularUtilizada: true,
      usuario: null,
      politica: 'warn',
    }),
  );
}

export const contarLedger = (db: Db, servicio_id?: number) =>
  contarFilas(db, movimientosCapacidad, servicio_id ? eq(movimientosCapacidad.servicio_id, servicio_id) : undefined);

export const contarHistorial = (db: Db, enlace_id?: number) =>
  contarFilas(db, movimientosEnlace, enlace_id ? eq(movimientosEnlace.enlace_id, enlace_id) : undefined);

export async function estadosEquipos(db: Db, ids: number[]): Promise<Record<number, string>> {
  if (ids.length === 0) return {};
  const rows = await db
    .select({ id: equipos.equipo_id, estado: equipos.estado })
    .from(equipos)
    .where(inArray(equipos.equipo_id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.estado]));
}

/** Everything a refusal must leave untouched. */
export async function foto(db: Db, servicio_ids: number[], equipo_ids: number[] = []) {
  const caps = [];
  for (const id of servicio_ids) caps.push(await leerCapacidad(db, id));
  const [c] = await execRows<{ n: string }>(db, sql`select count(*) as n from conexiones`);
  const [filas] = await execRows<{ h: string | null }>(
    db,
    sql`select md5(string_agg(row(c.*)::text, '|' order by enlace_id)) as h from conexiones c`,
  );
  return {
    capacidades: caps,
    ledger: await contarLedger(db),
    historial: await contarHistorial(db),
    conexiones: Number(c?.n ?? 0),
    conexionesHash: filas?.h ?? null,
    equipos: await estadosEquipos(db, equipo_ids),
  };
}

/**
 * The ledger invariant: for every service, capacidad_vendida = Σ ledger.delta_vendida, and with only
 * connection operations (no AJUSTE_MANUAL) the reconciliation drift is 0.
 */
export async function invariante(db: Db, opts: { soloConexiones?: boolean } = { soloConexiones: true }) {
  const rows = await conciliar(db);
  for (const r of rows) {
    if (Math.abs(r.vendida - r.vendida_ledger) > 1e-9) {
      throw new Error(`Servicio ${r.servicio_id}: vendida ${r.vendida} ≠ Σ ledger ${r.vendida_ledger}`);
    }
    if (opts.soloConexiones !== false && Math.abs(r.deriva) > 1e-9) {
      throw new Error(
        `Servicio ${r.servicio_id}: deriva ${r.deriva} (ledger ${r.vendida_ledger}, conexiones ${r.vendida_conexiones})`,
      );
    }
  }
  return rows;
}

/**
 * count(*) of the listed tables, keyed as the list filters ask: `conexiones:*`, `conexiones:<estado>`,
 * `servicios_proveedor:*`, `equipos:*`. What every list total must equal.
 */
export async function conteos(db: Db): Promise<Record<string, number>> {
  const filas = await execRows<{ clave: string; n: string | number }>(
    db,
    sql`select 'conexiones:*' as clave, count(*) as n from conexiones
        union all select 'conexiones:' || e, (select count(*) from conexiones where enlace_estado = e)
          from unnest(${sql.raw(`array[${ENLACE_ESTADOS.map((e) => `'${e}'`).join(', ')}]`)}::text[]) as e
        union all select 'servicios_proveedor:*', count(*) from servicios_proveedor
        union all select 'equipos:*', count(*) from equipos`,
  );
  return Object.fromEntries(filas.map((f) => [f.clave, Number(f.n)]));
}
