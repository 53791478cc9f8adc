import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { creadoEn } from './common';

/**
 * The first answer to each `Idempotency-Key`, per user or token, for 24 h: a repeat of the same request
 * (a double click, a client's retry) gets it again and changes nothing. `estado_http` is null while
 * the first request is still running.
 */
export const solicitudesIdempotentes = pgTable(
  'solicitudes_idempotentes',
  {
    /** Whose key: `u<usuario_id>`, or `t<token_id>` for a CLI token without an owner. */
    sujeto: text('sujeto').notNull(),
    clave: text('clave').notNull(),
    /** `POST /v1/conexiones` or `trpc:conexiones.create`: a key names one operation. */
    ruta: text('ruta').notNull(),
    /** sha-256 of the request body: the same key with another body is refused. */
    huella: text('huella').notNull(),
    estado_http: integer('estado_http'),
    respuesta: jsonb('respuesta'),
    created_at: creadoEn(),
  },
  (t) => [
    primaryKey({ name: 'solicitudes_idempotentes_pk', columns: [t.sujeto, t.clave] }),
    index('solicitudes_idempotentes_creada_idx').on(t.created_at),
  ],
);
