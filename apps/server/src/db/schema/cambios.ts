import { ACCIONES_CAMBIO, CANALES_CAMBIO, ENTIDADES_CAMBIO } from '@troncal/domain/enums';
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { enCheck, instante } from './common';

/** One changed field of a change record; secrets and hashes are never stored (see services/cambios/diff.ts). */
export interface CampoCambiado {
  campo: string;
  antes: unknown;
  despues: unknown;
}

/**
 * The change history: one row per create, edit, state change, capacity movement, token and user
 * change, written in the transaction of the change itself. Append-only: a trigger (migration
 * 0007) refuses every UPDATE and DELETE; TRUNCATE stays possible for the test harness.
 *
 * No foreign keys on purpose: `entidad_id` points at one of several tables, and a key to
 * `usuarios`/`api_tokens` with ON DELETE actions would make PostgreSQL update or delete rows here.
 */
export const cambios = pgTable(
  'cambios',
  {
    cambio_id: bigserial('cambio_id', { mode: 'number' }).primaryKey(),
    entidad: text('entidad', { enum: ENTIDADES_CAMBIO }).notNull(),
    entidad_id: integer('entidad_id').notNull(),
    accion: text('accion', { enum: ACCIONES_CAMBIO }).notNull(),
    /** Who: the signed-in user, or the user who owns the API token (null for the CLI and the system). */
    usuario_id: integer('usuario_id'),
    /** The API token the request authenticated with, if any. */
    token_id: integer('token_id'),
    via: text('via', { enum: CANALES_CAMBIO }).notNull(),
    /** Fastify's request id (`x-request-id`), to find the request in the logs. */
    solicitud_id: text('solicitud_id'),
    ocurrido_en: instante('ocurrido_en').notNull().defaultNow(),
    cambios: jsonb('cambios').$type<CampoCambiado[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    // Newest first overall is a backward scan of the primary key; these serve the filters.
    index('cambios_entidad_idx').on(t.entidad, t.entidad_id, t.cambio_id),
    index('cambios_usuario_idx').on(t.usuario_id, t.cambio_id),
    index('cambios_accion_idx').on(t.accion, t.cambio_id),
    index('cambios_ocurrido_idx').on(t.ocurrido_en),
    enCheck('cambios_entidad_ck', t.entidad, ENTIDADES_CAMBIO),
    enCheck('cambios_accion_ck', t.accion, ACCIONES_CAMBIO),
    enCheck('cambios_via_ck', t.via, CANALES_CAMBIO),
  ],
);
