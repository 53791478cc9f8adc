import { ESTADOS_ENTREGA, EVENTOS_WEBHOOK } from '@troncal/domain/enums';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { auditColumns, creadoEn, enCheck, instante, listaSql } from './common';

/**
 * An endpoint other systems registered. `secreto` signs every delivery: AES-256-GCM under
 * TRONCAL_WEBHOOKS_CLAVE when that key is configured (`v1:<iv>:<tag>:<cipher>`, base64url),
 * otherwise `plano:<secret>`; it is returned once, at creation, and never again.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    webhook_id: serial('webhook_id').primaryKey(),
    url: text('url').notNull(),
    descripcion: text('descripcion'),
    eventos: text('eventos', { enum: EVENTOS_WEBHOOK }).array().notNull(),
    activo: boolean('activo').notNull().default(true),
    secreto: text('secreto').notNull(),
    ...auditColumns(),
  },
  (t) => [
    check('webhooks_eventos_ck', sql`${t.eventos} <@ array[${listaSql(EVENTOS_WEBHOOK)}]::text[]`),
    check('webhooks_url_ck', sql`${t.url} ~ '^https?://'`),
  ],
);

/**
 * The transactional outbox: one row per event, written by the transaction that made the change, so
 * a rolled-back change emits nothing. `secuencia` orders a record's events (they are emitted under
 * the record's lock); `objeto`/`objeto_id` name the record.
 */
export const eventosWebhook = pgTable(
  'eventos_webhook',
  {
    evento_id: uuid('evento_id').primaryKey(),
    secuencia: bigserial('secuencia', { mode: 'number' }).notNull(),
    evento: text('evento').notNull(),
    objeto: text('objeto').notNull(),
    objeto_id: text('objeto_id').notNull(),
    payload: jsonb('payload').notNull(),
    created_at: creadoEn(),
  },
  (t) => [index('eventos_webhook_creado_idx').on(t.created_at)],
);

/**
 * One event to one endpoint (the fan-out happens in the emitting transaction). PENDIENTE is due at
 * `proximo_intento`; ENVIANDO holds a lease until `proximo_intento` (a process that dies mid-attempt
 * leaves it due again once the lease ends); ENTREGADA and FALLIDA are final.
 */
export const entregasWebhook = pgTable(
  'entregas_webhook',
  {
    entrega_id: bigserial('entrega_id', { mode: 'number' }).primaryKey(),
    webhook_id: integer('webhook_id')
      .notNull()
      .references(() => webhooks.webhook_id, { onDelete: 'cascade' }),
    evento_id: uuid('evento_id')
      .notNull()
      .references(() => eventosWebhook.evento_id, { onDelete: 'cascade' }),
    evento: text('evento').notNull(),
    objeto: text('objeto').notNull(),
    objeto_id: text('objeto_id').notNull(),
    secuencia: bigint('secuencia', { mode: 'number' }).notNull(),
    estado: text('estado', { enum: ESTADOS_ENTREGA }).notNull().default('PENDIENTE'),
    intentos: integer('intentos').notNull().default(0),
    proximo_intento: instante('proximo_intento').notNull().defaultNow(),
    ultimo_codigo: integer('ultimo_codigo'),
    ultimo_error: text('ultimo_error'),
    duracion_ms: integer('duracion_ms'),
    entregada_en: instante('entregada_en'),
    created_at: creadoEn(),
    updated_at: instante('updated_at').notNull().defaultNow(),
  },
  (t) => [
    enCheck('entregas_webhook_estado_ck', t.estado, ESTADOS_ENTREGA),
    index('entregas_webhook_vencidas_idx').on(t.proximo_intento).where(sql`${t.estado} in ('PENDIENTE', 'ENVIANDO')`),
    index('entregas_webhook_orden_idx')
      .on(t.webhook_id, t.objeto, t.objeto_id, t.secuencia)
      .where(sql`${t.estado} in ('PENDIENTE', 'ENVIANDO')`),
    index('entregas_webhook_lista_idx').on(t.webhook_id, t.entrega_id),
    index('entregas_webhook_evento_idx').on(t.evento_id),
  ],
);

/** Every attempt of every delivery: the log behind "Reintentar". */
export const intentosEntrega = pgTable(
  'intentos_entrega',
  {
    intento_id: bigserial('intento_id', { mode: 'number' }).primaryKey(),
    entrega_id: bigint('entrega_id', { mode: 'number' })
      .notNull()
      .references(() => entregasWebhook.entrega_id, { onDelete: 'cascade' }),
    numero: integer('numero').notNull(),
    codigo: integer('codigo'),
    error: text('error'),
    duracion_ms: integer('duracion_ms').notNull(),
    /** Which server process made the attempt (`<host>:<pid>`), for deployments with several. */
    proceso: text('proceso'),
    created_at: creadoEn(),
  },
  (t) => [index('intentos_entrega_entrega_idx').on(t.entrega_id, t.intento_id)],
);
