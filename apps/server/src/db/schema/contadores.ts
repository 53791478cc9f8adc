import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Exact row counts kept by triggers (migration 0002), so an unfiltered list total is a primary-key
 * read instead of a count(*) over the whole table:
 *   ('conexiones', '*') all connections, ('conexiones', <enlace_estado>) per state,
 *   ('servicios_proveedor', '*') all provider services, ('equipos', '*') all equipos, and ('*', '*'),
 *   a row that is only locked: every counter write takes it first, so counter rows are always
 *   locked in the same order.
 * Written only by those triggers and `contadores_recalcular()`; a missing row means "not counted"
 * and readers fall back to count(*) (see services/contadores.ts).
 */
export const contadores = pgTable(
  'contadores',
  {
    tabla: text('tabla').notNull(),
    clave: text('clave').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tabla, t.clave] })],
);
