import {
  evaluarSobreventa,
  type MovimientoVendida,
  type PoliticaSobreventa,
  validarVendidaNoNegativa,
} from '@troncal/domain/capacity';
import type { OrigenMovimiento } from '@troncal/domain/enums';
import { redondearMbps } from '@troncal/domain/validators';
import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import { serviciosProveedor } from '../../db/schema';
import type { Actor } from '../cambios/registrar';
import { conflicto } from '../errores';

/**
 * The ledger's pieces: reading and locking a service's capacity, checking a movement against it,
 * and the one guarded statement that writes a movement. Only `mover.ts` puts them together.
 */

/** A service's capacity figures as the ledger works with them (the locked row). */
export interface FilaCapacidad {
  servicio_id: number;
  cid_interno: string;
  capacidad_comprada: number;
  capacidad_vendida: number;
  capacidad_utilizada: number;
  capacidad_disponible: number;
  limite_sobreventa_pct: number | null;
}

/** One ledger row to write: the domain's movement plus what only the server knows. */
export interface Movimiento extends MovimientoVendida {
  motivo?: string | null | undefined;
  enlace_id?: number | null | undefined;
}

const s = serviciosProveedor;

/** A service's four capacity figures (the domain's `CapacidadesServicio`), for any select of the service. */
export const cifrasCapacidad = {
  capacidad_comprada: s.capacidad_comprada,
  capacidad_vendida: s.capacidad_vendida,
  capacidad_utilizada: s.capacidad_utilizada,
  capacidad_disponible: s.capacidad_disponible,
};

const columnas = {
  servicio_id: s.servicio_id,
  cid_interno: s.cid_interno,
  ...cifrasCapacidad,
  limite_sobreventa_pct: s.limite_sobreventa_pct,
};

type Fila = Record<string, string | number | null>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

function aFila(r: Fila): FilaCapacidad {
  return {
    servicio_id: Number(r.servicio_id),
    cid_interno: String(r.cid_interno),
    capacidad_comprada: num(r.capacidad_comprada),
    capacidad_vendida: num(r.capacidad_vendida),
    capacidad_utilizada: num(r.capacidad_utilizada),
    capacidad_disponible: num(r.capacidad_disponible),
    limite_sobreventa_pct: r.limite_sobreventa_pct === null ? null : Number(r.limite_sobreventa_pct),
  };
}

/** `capacidad_disponible` as read, or comprada − vendida where the row gave none. */
export const conDisponible = <
  R extends { capacidad_comprada: number; capacidad_vendida: number; capacidad_disponible: number | null },
>(
  r: R,
) => ({
  ...r,
  capacidad_disponible: r.capacidad_disponible ?? redondearMbps(r.capacidad_comprada - r.capacidad_vendida),
});

export async function leerCapacidad(db: DbOrTx, servicio_id: number): Promise<FilaCapacidad | null> {
  const [r] = await db.select(columnas).from(s).where(eq(s.servicio_id, servicio_id));
  return r ? conDisponible(r) : null;
}

/**
 * Locks the services (FOR NO KEY UPDATE, ascending id: the one order every operation takes them in,
 * after the connection and its equipos) and returns their capacities. NO KEY UPDATE, not UPDATE: the
 * key-share locks that inserting or editing a connection takes on its service through the foreign
 * key must not queue behind it (that wait, in the opposite order, was a deadlock).
 */
export async function bloquearServicios(
  db: DbOrTx,
  ids: readonly (number | null | undefined)[],
): Promise<Map<number, FilaCapacidad>> {
  const unicos = [...new Set(ids.filter((x): x is number => x != null))].sort((a, b) => a - b);
  if (unicos.length === 0) return new Map();
  const filas = await db
    .select(columnas)
    .from(s)
    .where(inArray(s.servicio_id, unicos))
    .orderBy(asc(s.servicio_id))
    .for('no key update');
  return new Map(filas.map((f) => [f.servicio_id, conDisponible(f)]));
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
export async function escribirMovimiento(
  db: DbOrTx,
  m: Movimiento & { origen: OrigenMovimiento },
  usuario_id: number | null,
  politica: PoliticaSobreventa,
  actor?: Actor,
): Promise<FilaCapacidad | null> {
  const delta = redondearMbps(m.delta_vendida);
  // The service's change history gets the movement in the same statement (services/cambios).
  const cambio = actor
    ? sql`, cambio as (
          insert into cambios (entidad, entidad_id, accion, usuario_id, token_id, via, solicitud_id, cambios)
          select 'servicio', servicio_id, 'mover_capacidad', ${actor.usuario_id}::int, ${actor.token_id}::int,
                 ${actor.via}, ${actor.solicitud_id}::text,
                 jsonb_build_array(jsonb_build_object('campo', 'capacidad_vendida',
                   'antes', capacidad_vendida - ${delta}::numeric, 'despues', capacidad_vendida))
            from upd
        )`
    : sql``;
  const [row] = await execRows<Fila>(
    db,
    sql`with upd as (
          update servicios_proveedor
             set capacidad_vendida = capacidad_vendida + ${delta}::numeric,
                 updated_at = now(), updated_by = coalesce(${usuario_id}::int, updated_by)
           where servicio_id = ${m.servicio_id} and capacidad_vendida + ${delta}::numeric >= 0
             and ${sobreventaPermitidaSql(delta, politica)}
       returning servicio_id, cid_interno, capacidad_comprada, capacidad_vendida, capacidad_utilizada,
                 capacidad_comprada - capacidad_vendida as capacidad_disponible, limite_sobreventa_pct
        ), mov as (
          insert into movimientos_capacidad
                 (servicio_id, delta_vendida, vendida_resultante, motivo, origen, enlace_id, usuario_id)
          select servicio_id, ${delta}::numeric, capacidad_vendida, ${m.motivo ?? null}, ${m.origen},
                 ${m.enlace_id ?? null}::int, ${usuario_id}::int
            from upd
        ), muestra as (
          insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
          select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada from upd
        )${cambio}
        select * from upd`,
  );
  return row ? aFila(row) : null;
}

/**
 * What a service in state `cap` answers to a movement of `delta`: throws the refusal (vendida below
 * 0 → 422, a blocked oversale → 409), otherwise returns its oversale warnings, if any.
 */
export function comprobarMovimiento(cap: FilaCapacidad, delta: number, politica: PoliticaSobreventa): string[] {
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
  if (ev.bloquear) throw conflicto(ev.advertencias.join(' '));
  return ev.advertencias;
}

/** The oversale warnings of a movement already written (`cap` is the service after it). */
export function advertenciasEscritas(cap: FilaCapacidad, delta: number, politica: PoliticaSobreventa): string[] {
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
