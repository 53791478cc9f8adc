import {
  evaluarSobreventa,
  type MovimientoVendida,
  type PoliticaSobreventa,
  validarVendidaNoNegativa,
} from '@troncal/domain/capacity';
import { redondearMbps } from '@troncal/domain/validators';
import { type SQL, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type DbOrTx, execRows } from '../db/client';
import { DomainError } from '../errors';

/** The capacity figures of one service, as numbers. */
export interface CapacidadServicio {
  servicio_id: number;
  cid_interno: string;
  capacidad_comprada: number;
  capacidad_vendida: number;
  capacidad_utilizada: number;
  capacidad_disponible: number;
  limite_sobreventa_pct: number | null;
}

export interface Movimiento extends MovimientoVendida {
  motivo?: string | null;
  enlace_id?: number | null;
}

export interface OpcionesLedger {
  usuario_id: number | null;
  politica: PoliticaSobreventa;
}

export interface ResultadoLedger {
  /** Each touched service after its movements, in servicio_id order. */
  servicios: CapacidadServicio[];
  advertencias: string[];
}

type Fila = Record<string, string | number | null>;

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export function aCapacidad(row: Fila): CapacidadServicio {
  return {
    servicio_id: Number(row.servicio_id),
    cid_interno: String(row.cid_interno),
    capacidad_comprada: num(row.capacidad_comprada),
    capacidad_vendida: num(row.capacidad_vendida),
    capacidad_utilizada: num(row.capacidad_utilizada),
    capacidad_disponible: num(row.capacidad_disponible),
    limite_sobreventa_pct: row.limite_sobreventa_pct === null ? null : Number(row.limite_sobreventa_pct),
  };
}

export async function leerCapacidad(db: DbOrTx, servicio_id: number): Promise<CapacidadServicio | null> {
  const [row] = await execRows<Fila>(
    db,
    sql`select servicio_id, cid_interno, capacidad_comprada, capacidad_vendida, capacidad_utilizada,
               capacidad_disponible, limite_sobreventa_pct
          from servicios_proveedor where servicio_id = ${servicio_id}`,
  );
  return row ? aCapacidad(row) : null;
}

/**
 * The SQL twin of `evaluarSobreventa(...).bloquear === false` for the row being updated, whose
 * vendida after the movement is `capacidad_vendida + delta`: a decrease is never blocked; an
 * increase is allowed while it does not oversell, up to `limite_sobreventa_pct` % over comprada
 * when the service has a limit, and otherwise unless the policy is 'block'. Evaluated in the
 * UPDATE's WHERE, so it is checked against the row as it is when the lock is granted (PostgreSQL
 * re-reads a concurrently updated row before applying the WHERE). A test compares it with
 * `evaluarSobreventa` over many inputs on both databases.
 */
export function sobreventaPermitidaSql(delta: number, politica: PoliticaSobreventa): SQL {
  if (delta <= 0) return sql`true`;
  const d = sql`${delta}::numeric`;
  return sql`(capacidad_vendida + ${d} <= capacidad_comprada
    or (limite_sobreventa_pct is not null
        and capacidad_vendida + ${d} <= round(capacidad_comprada * (1 + limite_sobreventa_pct / 100), 3))
    or (limite_sobreventa_pct is null and ${politica !== 'block'}::boolean))`;
}

/**
 * One movement as ONE statement: the atomic `vendida = vendida + d` (which takes the row lock, so
 * concurrent adjustments queue instead of losing updates), the ledger row with the resulting
 * vendida, and a usage sample. The refusals (vendida below 0, a blocked oversale) are conditions
 * of its WHERE, so a refused movement writes nothing and no row comes back.
 */
async function moverVendida(
  db: DbOrTx,
  m: Movimiento,
  delta: number,
  opts: OpcionesLedger,
): Promise<CapacidadServicio | null> {
  const [row] = await execRows<Fila>(
    db,
    sql`with upd as (
          update servicios_proveedor
             set capacidad_vendida = capacidad_vendida + ${delta}::numeric,
                 updated_at = now(), updated_by = coalesce(${opts.usuario_id}::int, updated_by)
           where servicio_id = ${m.servicio_id} and capacidad_vendida + ${delta}::numeric >= 0
             and ${sobreventaPermitidaSql(delta, opts.politica)}
       returning servicio_id, cid_interno, capacidad_comprada, capacidad_vendida, capacidad_utilizada,
                 capacidad_comprada - capacidad_vendida as capacidad_disponible, limite_sobreventa_pct
        ), mov as (
          insert into movimientos_capacidad
                 (servicio_id, delta_vendida, vendida_resultante, motivo, origen, enlace_id, usuario_id)
          select servicio_id, ${delta}::numeric, capacidad_vendida, ${m.motivo ?? null}, ${m.origen},
                 ${m.enlace_id ?? null}::int, ${opts.usuario_id}::int
            from upd
        ), muestra as (
          insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
          select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada from upd
        )
        select * from upd`,
  );
  return row ? aCapacidad(row) : null;
}

/**
 * What a service in state `cap` answers to a movement of `delta`: throws the refusal (vendida below
 * 0 → 422, a blocked oversale → 409), otherwise returns the oversale warnings, if any.
 */
function comprobarMovimiento(cap: CapacidadServicio, delta: number, politica: PoliticaSobreventa): string[] {
  const vendidaResultante = validarVendidaNoNegativa(cap.capacidad_vendida, delta);
  if (delta <= 0) return [];
  const ev = evaluarSobreventa({
    comprada: cap.capacidad_comprada,
    vendidaResultante,
    vendidaActual: cap.capacidad_vendida,
    limiteSobreventaPct: cap.limite_sobreventa_pct,
    politica,
    etiqueta: cap.cid_interno,
  });
  if (ev.bloquear) throw new DomainError('CONFLICTO', ev.advertencias.join(' '));
  return ev.advertencias;
}

/**
 * Locks the services (FOR NO KEY UPDATE, ascending id: the one order every operation takes them in,
 * after the connection and its equipos) and returns their capacities. NO KEY UPDATE, not UPDATE: the
 * key-share locks that inserting or editing a connection takes on its service through the foreign
 * key must not queue behind it (that wait, in the opposite order, was a deadlock).
 */
export async function bloquearServicios(
  tx: DbOrTx,
  ids: readonly (number | null | undefined)[],
): Promise<Map<number, CapacidadServicio>> {
  const unicos = [...new Set(ids.filter((x): x is number => x != null))].sort((a, b) => a - b);
  const out = new Map<number, CapacidadServicio>();
  if (unicos.length === 0) return out;
  const rows = await execRows<Fila>(
    tx,
    sql`select servicio_id, cid_interno, capacidad_comprada, capacidad_vendida, capacidad_utilizada,
               capacidad_disponible, limite_sobreventa_pct
          from servicios_proveedor
         where servicio_id in (${sql.join(
           unicos.map((id) => sql`${id}`),
           sql`, `,
         )})
         order by servicio_id
           for no key update`,
  );
  for (const r of rows) out.set(Number(r.servicio_id), aCapacidad(r));
  return out;
}

/**
 * Applies ledger movements. Inside the caller's transaction the services are locked first
 * (`bloquearServicios`), each movement is checked against the locked row (any refusal throws and
 * the transaction rolls everything back) and written as one guarded statement.
 *
 * Called with the database itself and a single movement (the ajustar-capacidad endpoint), the
 * guarded statement runs alone in autocommit, which is atomic and holds the row lock for one
 * statement only. Only when it writes nothing does it fall back to a short transaction that locks
 * the row and either words the refusal or writes the movement: a movement is never refused because
 * another request changed the service in between.
 */
export async function aplicarMovimientos(
  tx: DbOrTx,
  movimientos: Movimiento[],
  opts: OpcionesLedger,
): Promise<ResultadoLedger> {
  const efectivos = movimientos
    .map((m) => ({ m, delta: redondearMbps(m.delta_vendida) }))
    .filter((x) => x.delta !== 0)
    .sort((a, b) => a.m.servicio_id - b.m.servicio_id);
  if (!(tx instanceof PgTransaction)) {
    const [unico, ...resto] = efectivos;
    // Outside a transaction each statement commits on its own: several movements would not be atomic.
    if (resto.length > 0) throw new Error('aplicarMovimientos: varios movimientos necesitan una transacción.');
    if (!unico) return { servicios: [], advertencias: [] };
    const cap = await moverVendida(tx, unico.m, unico.delta, opts);
    if (cap) return { servicios: [cap], advertencias: advertenciasDe(cap, unico.delta, opts.politica) };
    return tx.transaction((t) => aplicarMovimientos(t, movimientos, opts));
  }

  const bloqueados = await bloquearServicios(
    tx,
    efectivos.map((x) => x.m.servicio_id),
  );
  const porServicio = new Map<number, CapacidadServicio>();
  const advertencias: string[] = [];
  for (const { m, delta } of efectivos) {
    const actual = porServicio.get(m.servicio_id) ?? bloqueados.get(m.servicio_id);
    if (!actual) throw new DomainError('NO_ENCONTRADO', `No existe el servicio de proveedor ${m.servicio_id}.`);
    comprobarMovimiento(actual, delta, opts.politica);
    const cap = await moverVendida(tx, m, delta, opts);
    // The row is locked and was just checked: the guard cannot refuse now.
    if (!cap) throw new Error(`El movimiento de capacidad del servicio ${m.servicio_id} no se escribió.`);
    for (const a of advertenciasDe(cap, delta, opts.politica)) if (!advertencias.includes(a)) advertencias.push(a);
    porServicio.set(cap.servicio_id, cap);
  }
  return { servicios: [...porServicio.values()], advertencias };
}

/** The oversale warnings of a movement that was written (`cap` is the service after it). */
function advertenciasDe(cap: CapacidadServicio, delta: number, politica: PoliticaSobreventa): string[] {
  if (delta <= 0) return [];
  return evaluarSobreventa({
    comprada: cap.capacidad_comprada,
    vendidaResultante: cap.capacidad_vendida,
    vendidaActual: redondearMbps(cap.capacidad_vendida - delta),
    limiteSobreventaPct: cap.limite_sobreventa_pct,
    politica,
    etiqueta: cap.cid_interno,
  }).advertencias;
}

/**
 * The checks of `aplicarMovimientos` without writing: locks the services (as the writer does) and
 * refuses what the writer would refuse. Callers run it before consuming anything that a rollback
 * does not give back — a sequence number — so a refused operation changes nothing.
 */
export async function preverMovimientos(
  tx: DbOrTx,
  movimientos: MovimientoVendida[],
  politica: PoliticaSobreventa,
): Promise<{ advertencias: string[] }> {
  const deltas = new Map<number, number>();
  for (const m of movimientos)
    deltas.set(m.servicio_id, redondearMbps((deltas.get(m.servicio_id) ?? 0) + m.delta_vendida));
  const bloqueados = await bloquearServicios(tx, [...deltas.keys()]);
  const advertencias: string[] = [];
  for (const [servicio_id, delta] of [...deltas].sort((a, b) => a[0] - b[0])) {
    if (delta === 0) continue;
    const cap = bloqueados.get(servicio_id);
    if (!cap) throw new DomainError('NO_ENCONTRADO', `No existe el servicio de proveedor ${servicio_id}.`);
    advertencias.push(...comprobarMovimiento(cap, delta, politica));
  }
  return { advertencias };
}

/**
 * `capacidad_utilizada` is the sum of bw_utilizado of the service's connections that are not BAJA;
 * recomputed (not incremented) so it can never drift, and recorded as a usage sample when it
 * changed. The service is locked first and the sum read by a later statement: under READ COMMITTED
 * that statement sees every connection change committed before the lock was granted, and a change
 * still uncommitted recomputes after this one, under the same lock. (One statement that summed and
 * updated read its snapshot before waiting for the lock, and lost concurrent writes.)
 */
export async function recalcularUtilizada(tx: DbOrTx, ...servicio_ids: (number | null | undefined)[]): Promise<void> {
  const ids = [...(await bloquearServicios(tx, servicio_ids)).keys()];
  for (const servicio_id of ids) {
    await tx.execute(
      sql`with nuevo as (
            select coalesce(sum(bw_utilizado), 0)::numeric as u from conexiones
             where servicio_id = ${servicio_id} and enlace_estado <> 'BAJA'
          ), upd as (
            update servicios_proveedor s set capacidad_utilizada = nuevo.u
              from nuevo
             where s.servicio_id = ${servicio_id} and s.capacidad_utilizada <> nuevo.u
         returning s.servicio_id, s.capacidad_comprada, s.capacidad_vendida, s.capacidad_utilizada
          )
          insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
          select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada from upd`,
    );
  }
}

/** Reconciliation: ledger-vendida vs Σ bw_contratado of live connections, per service. */
export interface Conciliacion {
  servicio_id: number;
  vendida: number;
  vendida_ledger: number;
  vendida_conexiones: number;
  ajustes_manuales: number;
  deriva: number;
  deriva_sin_explicar: number;
}

export async function conciliar(db: DbOrTx, servicio_ids?: number[]): Promise<Conciliacion[]> {
  const filtro = servicio_ids?.length
    ? sql`where s.servicio_id in (${sql.join(
        servicio_ids.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await execRows<Fila>(
    db,
    sql`select s.servicio_id, s.capacidad_vendida as vendida,
               coalesce(l.total, 0) as vendida_ledger, coalesce(l.manual, 0) as ajustes_manuales,
               coalesce(c.total, 0) as vendida_conexiones
          from servicios_proveedor s
          left join lateral (
            select sum(delta_vendida) as total,
                   sum(delta_vendida) filter (where origen = 'AJUSTE_MANUAL') as manual
              from movimientos_capacidad m where m.servicio_id = s.servicio_id
          ) l on true
          left join lateral (
            select sum(bw_contratado) as total from conexiones k
             where k.servicio_id = s.servicio_id and k.enlace_estado <> 'BAJA'
          ) c on true
          ${filtro}
         order by s.servicio_id`,
  );
  return rows.map((r) => {
    const vendida_ledger = num(r.vendida_ledger);
    const vendida_conexiones = num(r.vendida_conexiones);
    const ajustes_manuales = num(r.ajustes_manuales);
    const deriva = redondearMbps(vendida_ledger - vendida_conexiones);
    return {
      servicio_id: Number(r.servicio_id),
      vendida: num(r.vendida),
      vendida_ledger,
      vendida_conexiones,
      ajustes_manuales,
      deriva,
      deriva_sin_explicar: redondearMbps(deriva - ajustes_manuales),
    };
  });
}
