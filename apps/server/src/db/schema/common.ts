import { integer, numeric, timestamp } from 'drizzle-orm/pg-core';
import { usuarios } from './auth';

/** Mbps: numeric keeps ledger sums exact; mode 'number' hands JS numbers to the domain code. */
export const mbps = (name: string) => numeric(name, { precision: 13, scale: 3, mode: 'number' });

export const auditColumns = () => ({
  created_at: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  created_by: integer('created_by').references(() => usuarios.usuario_id),
  updated_by: integer('updated_by').references(() => usuarios.usuario_id),
});
