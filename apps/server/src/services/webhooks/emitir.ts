import { randomUUID } from 'node:crypto';
import type { EventoWebhook } from '@troncal/domain/enums';
import type { CapacidadesServicio } from '@troncal/domain/schemas';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';

/** The test event "Enviar prueba" sends; no endpoint subscribes to it. */
export const EVENTO_PRUEBA = 'webhook.prueba';

/** The record an event is about, the unit of ordering: `uso.*` events are about a service. */
export const objetoDe = (evento: string): string =>
  evento.startsWith('conexion.') ? 'conexion' : evento.startsWith('webhook.') ? 'webhook' : 'servicio';

export interface EmitirEvento<D> {
  evento: EventoWebhook;
  /** The record's id (enlace_id, servicio_id). */
  id: number;
  /** The record as /v1 shows it; a function is only called when some endpoint subscribes. */
  datos: D | (() => Promise<D>);
}

/**
 * Writes the event in the caller's transaction, with one delivery per active endpoint subscribed
 * to it (nothing at all when none is): committed with the change or rolled back with it. Call it
 * after the record's lock is held, so a record's events are numbered in the order they happened.
 */
export async function emitirEvento<D>(tx: DbOrTx, o: EmitirEvento<D>): Promise<string | null> {
  const subs = await execRows<{ webhook_id: number }>(
    tx,
    sql`select webhook_id from webhooks where activo and ${o.evento} = any(eventos)`,
  );
  if (subs.length === 0) return null;
  const datos = typeof o.datos === 'function' ? await (o.datos as () => Promise<D>)() : o.datos;
  return escribirEvento(tx, {
    evento: o.evento,
    objeto: objetoDe(o.evento),
    objeto_id: String(o.id),
    datos,
    webhooks: subs.map((s) => Number(s.webhook_id)),
  });
}

/** Event row and its deliveries, one statement. */
export async function escribirEvento(
  tx: DbOrTx,
  o: { evento: string; objeto: string; objeto_id: string; datos: unknown; webhooks: number[] },
): Promise<string> {
  const evento_id = randomUUID();
  const payload = JSON.stringify({
    id: evento_id,
    evento: o.evento,
    ocurrido_en: new Date().toISOString(),
    datos: o.datos,
  });
  await tx.execute(
    sql`with ev as (
          insert into eventos_webhook (evento_id, evento, objeto, objeto_id, payload)
          values (${evento_id}, ${o.evento}, ${o.objeto}, ${o.objeto_id}, ${payload}::jsonb)
          returning evento_id, secuencia
        )
        insert into entregas_webhook (webhook_id, evento_id, evento, objeto, objeto_id, secuencia)
        select w, ev.evento_id, ${o.evento}, ${o.objeto}, ${o.objeto_id}, ev.secuencia
          from ev, unnest(${`{${o.webhooks.join(',')}}`}::int[]) as w`,
  );
  return evento_id;
}

/**
 * `servicio.sobrevendido` for every service the change left with vendida above comprada, when the
 * change warned about it (an operation that moved no capacity into the oversale says nothing).
 */
export async function emitirSobreventas(
  tx: DbOrTx,
  o: {
    advertencias: readonly string[];
    servicios: readonly CapacidadesServicio[];
    leer: (id: number) => Promise<unknown>;
  },
): Promise<void> {
  if (o.advertencias.length === 0) return;
  for (const s of o.servicios) {
    if (s.capacidad_vendida > s.capacidad_comprada) {
      await emitirEvento(tx, {
        evento: 'servicio.sobrevendido',
        id: s.servicio_id,
        datos: () => o.leer(s.servicio_id),
      });
    }
  }
}

/** Whether any active endpoint listens to one of these events now (lets a hot path skip its transaction). */
export async function hayEscucha(db: DbOrTx, eventos: readonly EventoWebhook[]): Promise<boolean> {
  const filas = await execRows(
    db,
    sql`select 1 from webhooks where activo and eventos && ${`{${eventos.join(',')}}`}::text[] limit 1`,
  );
  return filas.length > 0;
}
