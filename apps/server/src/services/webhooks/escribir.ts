import type { WebhookCreateInput, WebhookUpdateInput } from '@troncal/domain/schemas';
import { eq, sql } from 'drizzle-orm';
import { auditoria, auditoriaCambio } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import type { DbOrTx } from '../../db/client';
import { webhooks } from '../../db/schema';
import { enTransaccion } from '../../db/transaccion';
import { registrarCambio } from '../cambios';
import { regla } from '../errores';
import { motivoDestinoNoPermitido, type PoliticaDestinos } from './destino';
import { EVENTO_PRUEBA, escribirEvento } from './emitir';
import { exigirWebhook, obtenerEntrega, obtenerWebhook } from './leer';
import { guardarSecreto, nuevoSecreto } from './secreto';

/** What the webhook use cases need from the environment. */
export interface ConfigWebhooks {
  politica: PoliticaDestinos;
  clave: Buffer | undefined;
}

function exigirDestino(url: string, config: ConfigWebhooks) {
  const motivo = motivoDestinoNoPermitido(url, config.politica);
  if (motivo) throw regla(motivo, 'url');
}

/** A new endpoint with a generated secret, answered once here and never again. */
export async function crearWebhook(
  db: DbOrTx,
  o: { datos: WebhookCreateInput; usuario: AuthUser | null; config: ConfigWebhooks },
): Promise<{ webhook_id: number; secreto: string }> {
  exigirDestino(o.datos.url, o.config);
  const secreto = nuevoSecreto();
  return enTransaccion(db, async (tx) => {
    const [fila] = await tx
      .insert(webhooks)
      .values({
        url: o.datos.url,
        descripcion: o.datos.descripcion ?? null,
        eventos: o.datos.eventos,
        activo: true,
        secreto: guardarSecreto(secreto, o.config.clave),
        ...auditoria(o.usuario),
      })
      .returning({ webhook_id: webhooks.webhook_id });
    // The change history says a secret was issued (hidden), never which.
    await registrarCambio(tx, {
      entidad: 'webhook',
      id: fila!.webhook_id,
      accion: 'crear',
      usuario: o.usuario,
      despues: { ...(await obtenerWebhook(tx, fila!.webhook_id)), secreto: 'emitido' },
    });
    return { webhook_id: fila!.webhook_id, secreto };
  });
}

export async function actualizarWebhook(
  db: DbOrTx,
  o: { id: number; datos: WebhookUpdateInput; usuario: AuthUser | null; config: ConfigWebhooks },
) {
  if (o.datos.url !== undefined) exigirDestino(o.datos.url, o.config);
  return enTransaccion(db, async (tx) => {
    await exigirWebhook(tx, o.id, true);
    const previo = await obtenerWebhook(tx, o.id); // the change history's "before"
    const { url, descripcion, eventos, activo } = o.datos;
    await tx
      .update(webhooks)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(descripcion !== undefined ? { descripcion } : {}),
        ...(eventos !== undefined ? { eventos } : {}),
        ...(activo !== undefined ? { activo } : {}),
        ...auditoriaCambio(o.usuario),
      })
      .where(eq(webhooks.webhook_id, o.id));
    const webhook = await obtenerWebhook(tx, o.id);
    await registrarCambio(tx, {
      entidad: 'webhook',
      id: o.id,
      accion: 'actualizar',
      usuario: o.usuario,
      antes: previo,
      despues: webhook,
    });
    return webhook;
  });
}

/** The endpoint, its deliveries and their attempts go; events other endpoints still owe stay. */
export async function eliminarWebhook(db: DbOrTx, o: { id: number; usuario?: AuthUser | null }): Promise<void> {
  await enTransaccion(db, async (tx) => {
    await exigirWebhook(tx, o.id, true);
    const previo = await obtenerWebhook(tx, o.id);
    await tx.delete(webhooks).where(eq(webhooks.webhook_id, o.id));
    await registrarCambio(tx, {
      entidad: 'webhook',
      id: o.id,
      accion: 'eliminar',
      usuario: o.usuario,
      antes: previo,
      despues: null,
    });
  });
}

/**
 * "Enviar prueba": a `webhook.prueba` event to this endpoint alone, delivered by the worker like any
 * other (signed, logged, retried), so it shows what a real event will meet.
 */
export async function probarWebhook(
  db: DbOrTx,
  o: { id: number; usuario: AuthUser | null },
): Promise<{ evento_id: string }> {
  return enTransaccion(db, async (tx) => {
    const w = await exigirWebhook(tx, o.id);
    if (!w.activo) throw regla('El webhook está inactivo: actívelo para enviarle una prueba.', 'activo');
    const evento_id = await escribirEvento(tx, {
      evento: EVENTO_PRUEBA,
      objeto: 'webhook',
      objeto_id: String(o.id),
      datos: { webhook_id: o.id, mensaje: 'Prueba de Troncal', enviado_por: o.usuario?.nombre ?? null },
      webhooks: [o.id],
    });
    return { evento_id };
  });
}

/**
 * "Reintentar": a delivery that is not under way becomes due now, with a fresh retry window (an
 * ENTREGADA one is sent again: receivers dedupe on Troncal-Delivery).
 */
export async function reintentarEntrega(db: DbOrTx, o: { id: number; entrega_id: number }) {
  return enTransaccion(db, async (tx) => {
    const e = await obtenerEntrega(tx, o.id, o.entrega_id);
    if (e.estado === 'ENVIANDO') throw regla('La entrega se está enviando ahora; espere a que termine.', 'estado');
    await tx.execute(
      sql`update entregas_webhook set estado = 'PENDIENTE', proximo_intento = now(), created_at = now(), updated_at = now()
           where entrega_id = ${o.entrega_id}`,
    );
    return obtenerEntrega(tx, o.id, o.entrega_id);
  });
}
