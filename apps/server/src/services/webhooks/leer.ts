import type { EntregasQuery, EntregaWebhook, Webhook } from '@troncal/domain/schemas';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import { noEncontrado } from '../errores';
import { isoTs } from '../referencia.comun';

const columnasWebhook = sql`w.webhook_id, w.url, w.descripcion, w.eventos, w.activo, w.created_at, w.updated_at,
  (select count(*) from entregas_webhook d where d.webhook_id = w.webhook_id and d.estado in ('PENDIENTE', 'ENVIANDO'))::int as pendientes,
  (select count(*) from entregas_webhook d where d.webhook_id = w.webhook_id and d.estado = 'FALLIDA')::int as fallidas,
  (select max(d.entregada_en) from entregas_webhook d where d.webhook_id = w.webhook_id) as ultima_entrega`;

type FilaWebhook = Omit<Webhook, 'ultima_entrega'> & { ultima_entrega: string | null };

const aWebhook = (f: FilaWebhook): Webhook => ({
  ...f,
  webhook_id: Number(f.webhook_id),
  pendientes: Number(f.pendientes),
  fallidas: Number(f.fallidas),
  ultima_entrega: f.ultima_entrega ? isoTs(f.ultima_entrega) : null,
  created_at: isoTs(f.created_at),
  updated_at: isoTs(f.updated_at),
});

/** Every endpoint, newest first, with its pending and failed counts; never the secret. */
export async function listarWebhooks(db: DbOrTx): Promise<Webhook[]> {
  const filas = await execRows<FilaWebhook>(
    db,
    sql`select ${columnasWebhook} from webhooks w order by w.webhook_id desc`,
  );
  return filas.map(aWebhook);
}

export async function obtenerWebhook(db: DbOrTx, id: number): Promise<Webhook> {
  const [f] = await execRows<FilaWebhook>(
    db,
    sql`select ${columnasWebhook} from webhooks w where w.webhook_id = ${id}`,
  );
  if (!f) throw noEncontrado('el webhook', id);
  return aWebhook(f);
}

const aEntrega = (f: Record<string, unknown>): EntregaWebhook => ({
  entrega_id: Number(f.entrega_id),
  webhook_id: Number(f.webhook_id),
  evento_id: String(f.evento_id),
  evento: String(f.evento),
  objeto: String(f.objeto),
  objeto_id: String(f.objeto_id),
  estado: f.estado as EntregaWebhook['estado'],
  intentos: Number(f.intentos),
  proximo_intento: f.estado === 'PENDIENTE' || f.estado === 'ENVIANDO' ? isoTs(f.proximo_intento as string) : null,
  ultimo_codigo: f.ultimo_codigo === null ? null : Number(f.ultimo_codigo),
  ultimo_error: (f.ultimo_error as string | null) ?? null,
  duracion_ms: f.duracion_ms === null ? null : Number(f.duracion_ms),
  entregada_en: f.entregada_en ? isoTs(f.entregada_en as string) : null,
  created_at: isoTs(f.created_at as string),
  updated_at: isoTs(f.updated_at as string),
});

/** An endpoint's deliveries, newest first, paged. */
export async function listarEntregas(
  db: DbOrTx,
  o: { id: number; query: EntregasQuery },
): Promise<{ data: EntregaWebhook[]; total: number; limit: number; offset: number }> {
  await exigirWebhook(db, o.id);
  const { limit, offset } = o.query;
  const filas = await execRows(
    db,
    sql`select * from entregas_webhook where webhook_id = ${o.id}
         order by entrega_id desc limit ${limit} offset ${offset}`,
  );
  const [t] = await execRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from entregas_webhook where webhook_id = ${o.id}`,
  );
  return { data: filas.map(aEntrega), total: Number(t?.n ?? 0), limit, offset };
}

export async function obtenerEntrega(db: DbOrTx, id: number, entrega_id: number): Promise<EntregaWebhook> {
  const [f] = await execRows(
    db,
    sql`select * from entregas_webhook where webhook_id = ${id} and entrega_id = ${entrega_id}`,
  );
  if (!f) throw noEncontrado(`la entrega del webhook ${id}:`, entrega_id);
  return aEntrega(f);
}

export async function exigirWebhook(
  db: DbOrTx,
  id: number,
  bloquear = false,
): Promise<{ url: string; activo: boolean }> {
  const [f] = await execRows<{ url: string; activo: boolean }>(
    db,
    bloquear
      ? sql`select url, activo from webhooks where webhook_id = ${id} for update`
      : sql`select url, activo from webhooks where webhook_id = ${id}`,
  );
  if (!f) throw noEncontrado('el webhook', id);
  return f;
}
