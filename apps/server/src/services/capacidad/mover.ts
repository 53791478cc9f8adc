import type { PoliticaSobreventa } from '@troncal/domain/capacity';
import type { OrigenMovimiento } from '@troncal/domain/enums';
import type { CapacidadesServicio } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { usuarioId } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import { type DbOrTx, execRows } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { actorDe } from '../cambios/registrar';
import { conflicto, noEncontrado } from '../errores';
import { utilizadaServicioSql } from '../monitoreo/utilizada-sql';
import {
  advertenciasEscritas,
  bloquearServicios,
  comprobarMovimiento,
  escribirMovimiento,
  type FilaCapacidad,
  type Movimiento,
} from './libro';

export interface OpcionesCapacidad {
  /** The ledger rows to write (none when the operation leaves vendida alone, e.g. /v1 without ajustar_servicio). */
  movimientos: readonly Movimiento[];
  /** Further services the operation touches (a connection's service before and after): locked too. */
  servicios?: readonly (number | null | undefined)[] | undefined;
  /** Recompute capacidad_utilizada of every locked service after the write (a connection changed). */
  recalcularUtilizada?: boolean | undefined;
  usuario: AuthUser | null;
  politica: PoliticaSobreventa;
  /**
   * undefined (/v1): an oversale only warns. false (the SPA before the operator ticked "Confirmo la
   * sobreventa"): an oversale is refused (409), so a stale preview can never oversell silently.
   */
  sobreventaConfirmada?: boolean | undefined;
}

/** The connection an operation wrote: its ledger rows name it, with the operator's reason. */
export interface EnlaceEscrito {
  enlace_id: number;
  cid_enlace: string;
  motivo?: string | null | undefined;
}

export interface ResultadoCapacidad<T> {
  /** What `escribir` returned. */
  escrito: T;
  advertencias: string[];
  /** Every locked service after the operation, ascending id. */
  servicios: CapacidadesServicio[];
}

const MOTIVO_ORIGEN: Record<OrigenMovimiento, string> = {
  VENTA_CONEXION: 'Alta de la conexión',
  AJUSTE_BW: 'Ajuste de BW de la conexión',
  BAJA_CONEXION: 'Baja de la conexión',
  CAMBIO_SERVICIO: 'Cambio de servicio de la conexión',
  AJUSTE_MANUAL: 'Ajuste manual',
  IMPORTACION: 'Importación',
};

const motivoDe = (m: Movimiento, e: EnlaceEscrito | undefined): string | null =>
  m.motivo ?? (e ? `${MOTIVO_ORIGEN[m.origen]} ${e.cid_enlace}${e.motivo ? `: ${e.motivo}` : ''}` : null);

const cifras = (c: FilaCapacidad): CapacidadesServicio => ({
  servicio_id: c.servicio_id,
  capacidad_comprada: c.capacidad_comprada,
  capacidad_vendida: c.capacidad_vendida,
  capacidad_utilizada: c.capacidad_utilizada,
  capacidad_disponible: c.capacidad_disponible,
});

function exigirConfirmacion(advertencias: string[], confirmada: boolean | undefined) {
  if (advertencias.length > 0 && confirmada === false) {
    throw conflicto(`${advertencias.join(' ')} Marque «Confirmo la sobreventa» para continuar.`, [
      { path: 'confirmar_sobreventa', message: 'Confirme la sobreventa para continuar.' },
    ]);
  }
}

/**
 * `capacidad_utilizada` is the sum of bw_utilizado of the service's connections that are not BAJA
 * (or, for a service bound to monitoring, its own measure: monitoreo/utilizada-sql.ts);
 * recomputed (not incremented) so it can never drift, and recorded as a usage sample when it
 * changed. The service is already locked and the sum read by this later statement: under READ
 * COMMITTED it sees every connection change committed before the lock was granted, and a change
 * still uncommitted recomputes after this one, under the same lock.
 */
async function recalcularUtilizada(tx: DbOrTx, servicio_id: number): Promise<number> {
  const [r] = await execRows<{ u: string | number }>(
    tx,
    sql`with nuevo as (
          select ${utilizadaServicioSql(servicio_id)} as u
        ), upd as (
          update servicios_proveedor s set capacidad_utilizada = nuevo.u
            from nuevo
           where s.servicio_id = ${servicio_id} and s.capacidad_utilizada <> nuevo.u
       returning s.servicio_id, s.capacidad_comprada, s.capacidad_vendida, s.capacidad_utilizada
        ), muestra as (
          insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
          select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada from upd
        )
        select u from nuevo`,
  );
  return Number(r?.u ?? 0);
}

/**
 * The one entry point to a service's capacity. In the caller's transaction, in this order:
 * locks the services (ascending id, after the connection and its equipos), checks every movement
 * against them (vendida below 0 → 422, a blocked oversale → 409, an unconfirmed one → 409), runs
 * the operation's own writes (`escribir`: nothing is written before a refusal, so no CID is
 * drawn for a refused operation), writes the ledger rows naming what `escribir` returned,
 * recomputes utilizada, and returns the warnings and the services' resulting capacities.
 *
 * Called outside a transaction with one movement and nothing else (ajustar-capacidad), the guarded
 * statement runs alone in autocommit, atomic and holding the row lock for one statement only. Only
 * when it writes nothing does a short transaction lock the row and word the refusal, or write the
 * movement: a movement is never refused because another request changed the service in between.
 */
export async function moverCapacidad<T extends EnlaceEscrito | undefined = undefined>(
  db: DbOrTx,
  o: OpcionesCapacidad,
  escribir?: () => Promise<T>,
): Promise<ResultadoCapacidad<T>> {
  const efectivos = o.movimientos
    .map((m) => ({ ...m, delta_vendida: redondearMbps(m.delta_vendida) }))
    .filter((m) => m.delta_vendida !== 0)
    .sort((a, b) => a.servicio_id - b.servicio_id);
  const usuario_id = usuarioId(o.usuario);
  const actor = actorDe(o.usuario);

  if (!(db instanceof PgTransaction)) {
    // Outside a transaction each statement commits on its own: more than one would not be atomic.
    if (efectivos.length > 1 || escribir || o.recalcularUtilizada) {
      throw new Error('moverCapacidad: varios movimientos o escrituras necesitan una transacción.');
    }
    const [unico] = efectivos;
    if (!unico) return { escrito: undefined as T, advertencias: [], servicios: [] };
    if (o.sobreventaConfirmada !== false) {
      const cap = await escribirMovimiento(db, unico, usuario_id, o.politica, actor);
      if (cap) {
        const advertencias = advertenciasEscritas(cap, unico.delta_vendida, o.politica);
        return { escrito: undefined as T, advertencias, servicios: [cifras(cap)] };
      }
    }
    return enTransaccion(db, (tx) => moverCapacidad<T>(tx, o));
  }

  const servicios = await bloquearServicios(db, [...(o.servicios ?? []), ...efectivos.map((m) => m.servicio_id)]);
  const advertencias: string[] = [];
  const previsto = new Map(servicios);
  for (const m of efectivos) {
    const cap = previsto.get(m.servicio_id);
    if (!cap) throw noEncontrado('el servicio de proveedor', m.servicio_id);
    for (const a of comprobarMovimiento(cap, m.delta_vendida, o.politica)) {
      if (!advertencias.includes(a)) advertencias.push(a);
    }
    const vendida = redondearMbps(cap.capacidad_vendida + m.delta_vendida);
    previsto.set(m.servicio_id, { ...cap, capacidad_vendida: vendida });
  }
  exigirConfirmacion(advertencias, o.sobreventaConfirmada);

  const escrito = (escribir ? await escribir() : undefined) as T;
  for (const m of efectivos) {
    const enlace = m.enlace_id ?? escrito?.enlace_id;
    const cap = await escribirMovimiento(
      db,
      { ...m, enlace_id: enlace, motivo: motivoDe(m, escrito) },
      usuario_id,
      o.politica,
      actor,
    );
    // The row is locked and was just checked: the guard cannot refuse now.
    if (!cap) throw new Error(`El movimiento de capacidad del servicio ${m.servicio_id} no se escribió.`);
    servicios.set(cap.servicio_id, cap);
  }
  if (o.recalcularUtilizada) {
    for (const [id, cap] of servicios) {
      servicios.set(id, { ...cap, capacidad_utilizada: await recalcularUtilizada(db, id) });
    }
  }
  return { escrito, advertencias, servicios: [...servicios.values()].map(cifras) };
}
