import { z } from 'zod';
import { ORIGENES_MOVIMIENTO } from '../enums.js';
import { isoDateTime } from './common.js';

/** Who wrote a history row (null: the system; the name joined in for display) and when. */
const autoria = {
  usuario_id: z.number().int().nullable(),
  usuario_nombre: z.string().nullable().optional(),
  created_at: isoDateTime,
};

/** A row of the capacity ledger (`GET /v1/servicios-proveedor/{id}/movimientos`, newest first). */
export const movimientoCapacidadSchema = z.object({
  movimiento_id: z.number().int(),
  servicio_id: z.number().int(),
  delta_vendida: z.number(),
  vendida_resultante: z.number(),
  motivo: z.string().nullable(),
  origen: z.enum(ORIGENES_MOVIMIENTO),
  enlace_id: z.number().int().nullable(),
  /** Joined in so the history says which link, without a second request. */
  cid_enlace: z.string().nullable().optional(),
  ...autoria,
});
export type MovimientoCapacidad = z.infer<typeof movimientoCapacidadSchema>;

/** A connection's bandwidth history. */
export const movimientoEnlaceSchema = z.object({
  movimiento_id: z.number().int(),
  enlace_id: z.number().int(),
  bw_anterior: z.number(),
  bw_nuevo: z.number(),
  delta: z.number(),
  motivo: z.string().nullable(),
  ...autoria,
});
export type MovimientoEnlace = z.infer<typeof movimientoEnlaceSchema>;

/** Reconciliation view: ledger-vendida against Σ bw_contratado of the service's live connections. */
export const conciliacionServicioSchema = z.object({
  servicio_id: z.number().int(),
  cid_interno: z.string().nullable(),
  proveedor_nombre: z.string().nullable().optional(),
  capacidad_vendida: z.number(),
  suma_bw_conexiones: z.number(),
  /** capacidad_vendida − suma_bw_conexiones; non-zero drift must be explained by AJUSTE_MANUAL rows. */
  deriva: z.number(),
  ajustes_manuales: z.number(),
});
export type ConciliacionServicio = z.infer<typeof conciliacionServicioSchema>;

/** A usage sample for the service's chart. */
export const muestraUsoSchema = z.object({
  muestra_id: z.number().int(),
  servicio_id: z.number().int(),
  capacidad_comprada: z.number(),
  capacidad_vendida: z.number(),
  capacidad_utilizada: z.number(),
  created_at: isoDateTime,
});
export type MuestraUso = z.infer<typeof muestraUsoSchema>;
