import {
  evaluarSobreventa,
  type MovimientoVendida,
  type PoliticaSobreventa,
  validarVendidaNoNegativa,
} from '@troncal/domain/capacity';
import { formatearNumero, redondearMbps } from '@troncal/domain/validators';
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
 * Why a movement wrote nothing, read from the service as it is now: unknown service (404), vendida
 * would drop below 0 (422) or a blocked oversale (409). Returns normally only when none applies any
 * more (another request changed the service in between), and the caller tries again.
 */
async function explicarRechazo(db: DbOrTx, servicio_id: number, delta: number, politica: PoliticaSobreventa) {
  const actual = await leerCapacidad(db, servicio_id);
  if (!actual) throw new DomainError('NO_ENCONTRADO', `No existe el servicio de proveedor ${servicio_id}.`);
  comprobarMovimiento(actual, delta, politica);
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

const INTENTOS = 3;

// ---------------------------------------------------------------------------------------------
// Group commit for single movements
// ---------------------------------------------------------------------------------------------

interface Pendiente {
  m: Movimiento;
  delta: number;
  opts: OpcionesLedger;
  resolver: (fila: CapacidadServicio | null) => void;
  rechazar: (e: unknown) => void;
}

interface Cola {
  pendientes: Pendiente[];
  enVuelo: boolean;
}

/** Largest group of movements written in one transaction. */
export const MAX_LOTE = 64;
const colas = new WeakMap<object, Map<number, Cola>>();

/**
 * Many clients adjusting the SAME service queue on its row lock, and each lock hand-over costs a
 * commit (a WAL flush) plus a wake-up of the next backend: that, not CPU, caps one service at a few
 * hundred adjustments per second. So single movements (the ajustar-capacidad endpoint) on one
 * service go through a queue in this process: when none is being written, a movement is written at
 * once, alone, in autocommit; the ones that arrive meanwhile are written next, together, as one
 * transaction of pipelined statements in arrival order (group commit). Each movement is still its
 * own guarded statement with its own ledger row, resulting vendida and accept/refuse outcome, exactly
 * as if they had run one after another, and no answer is sent before its commit. If the group's
 * transaction fails, nothing of it is kept and each movement is retried alone, so one bad movement
 * cannot fail the others.
 */
export function moverVendidaEnCola(
  db: DbOrTx,
  m: Movimiento,
  delta: number,
  opts: OpcionesLedger,
): Promise<CapacidadServicio | null> {
  if (db instanceof PgTransaction) return moverVendida(db, m, delta, opts);
  let porServicio = colas.get(db);
  if (!porServicio) {
    porServicio = new Map();
    colas.set(db, porServicio);
  }
  let cola = porServicio.get(m.servicio_id);
  if (!cola) {
    cola = { pendientes: [], enVuelo: false };
    porServicio.set(m.servicio_id, cola);
  }
  const c = cola;
  const servicios = porServicio;
  return new Promise((resolver, rechazar) => {
    c.pendientes.push({ m, delta, opts, resolver, rechazar });
    if (!c.enVuelo) void vaciarCola(db, m.servicio_id, c, servicios);
  });
}

async function vaciarCola(db: DbOrTx, servicio_id: number, cola: Cola, servicios: Map<number, Cola>) {
  cola.enVuelo = true;
  try {
    while (cola.pendientes.length > 0) {
      const lote = cola.pendientes.splice(0, MAX_LOTE);
      await escribirLote(db, lote);
    }
  } finally {
    cola.enVuelo = false;
    servicios.delete(servicio_id);
  }
}

async function escribirLote(db: DbOrTx, lote: Pendiente[]) {
  const uno = (p: Pendiente) => moverVendida(db, p.m, p.delta, p.opts).then(p.resolver, p.rechazar);
  if (lote.length === 1) return uno(lote[0]!);
  let filas: (CapacidadServicio | null)[];
  try {
    filas = await db.transaction((tx) => Promise.all(lote.map((p) => moverVendida(tx, p.m, p.delta, p.opts))));
  } catch {
    await Promise.all(lote.map(uno));
    return;
  }
  lote.forEach((p, i) => {
    p.resolver(filas[i] ?? null);
  });
}

/**
 * Applies ledger movements, each as one guarded statement (`moverVendida`). Services are touched
 * in ascending id order so two multi-service operations cannot deadlock. Inside the caller's
 * transaction, any refusal throws and the transaction rolls everything back. Called with the
 * database itself and a single movement (the ajustar-capacidad endpoint), the statement needs no
 * BEGIN/COMMIT of its own: it goes through the service's queue (`moverVendidaEnCola`), alone in
 * autocommit or grouped with the movements that arrived while the previous one was being written.
 */
export async function aplicarMovimientos(
  tx: DbOrTx,
  movimientos: Movimiento[],
  opts: OpcionesLedger,
): Promise<ResultadoLedger> {
  if (!(tx instanceof PgTransaction) && movimientos.length > 1) {
    // Outside a transaction each statement commits on its own: several movements would not be atomic.
    throw new Error('aplicarMovimientos: varios movimientos necesitan una transacción.');
  }
  const orden = [...movimientos].sort((a, b) => a.servicio_id - b.servicio_id);
  const porServicio = new Map<number, CapacidadServicio>();
  const advertencias: string[] = [];

  for (const m of orden) {
    const delta = redondearMbps(m.delta_vendida);
    if (delta === 0) continue;
    let cap: CapacidadServicio | null = null;
    for (let intento = 0; intento < INTENTOS && !cap; intento++) {
      cap = await moverVendidaEnCola(tx, m, delta, opts);
      if (!cap) await explicarRechazo(tx, m.servicio_id, delta, opts.politica);
    }
    if (!cap) throw new DomainError('CONFLICTO', 'No se pudo aplicar el movimiento de capacidad; vuelva a intentarlo.');
    if (delta > 0) {
      // The statement already refused what must be refused; this only words the warnings.
      const ev = evaluarSobreventa({
        comprada: cap.capacidad_comprada,
        vendidaResultante: cap.capacidad_vendida,
        vendidaActual: redondearMbps(cap.capacidad_vendida - delta),
        limiteSobreventaPct: cap.limite_sobreventa_pct,
        politica: opts.politica,
        etiqueta: cap.cid_interno,
      });
      for (const a of ev.advertencias) if (!advertencias.includes(a)) advertencias.push(a);
    }
    porServicio.set(cap.servicio_id, cap);
  }
  return { servicios: [...porServicio.values()], advertencias };
}

/**
 * The checks of `aplicarMovimientos` without writing: locks the services (ascending id, as the
 * writer does) and refuses what the writer would refuse. Callers run it before consuming anything
 * that a rollback does not give back — a sequence number — so a refused operation changes nothing.
 */
export async function preverMovimientos(
  tx: DbOrTx,
  movimientos: MovimientoVendida[],
  politica: PoliticaSobreventa,
): Promise<{ advertencias: string[] }> {
  const deltas = new Map<number, number>();
  for (const m of movimientos)
    deltas.set(m.servicio_id, redondearMbps((deltas.get(m.servicio_id) ?? 0) + m.delta_vendida));
  const advertencias: string[] = [];
  for (const [servicio_id, delta] of [...deltas].sort((a, b) => a[0] - b[0])) {
    if (delta === 0) continue;
    const [row] = await execRows<Fila>(
      tx,
      sql`select servicio_id, cid_interno, capacidad_comprada, capacidad_vendida, capacidad_utilizada,
                 capacidad_disponible, limite_sobreventa_pct
            from servicios_proveedor where servicio_id = ${servicio_id} for update`,
    );
    if (!row) throw new DomainError('NO_ENCONTRADO', `No existe el servicio de proveedor ${servicio_id}.`);
    advertencias.push(...comprobarMovimiento(aCapacidad(row), delta, politica));
  }
  return { advertencias };
}

/**
 * `capacidad_utilizada` is the sum of bw_utilizado of the service's connections that are not BAJA;
 * recomputed (not incremented) so it can never drift. Records a usage sample when it changed.
 */
export async function recalcularUtilizada(tx: DbOrTx, servicio_id: number): Promise<void> {
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

export const describirDelta = (d: number) => `${d > 0 ? '+' : ''}${formatearNumero(d)} Mbps`;
