import type { MedicionMonitoreo, Monitoreo, ObjetoMonitoreo } from '@troncal/domain/schemas';
import { and, eq, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { vinculosMonitoreo } from '../../db/schema';
import { iso } from './objetos';

/**
 * A connection's or a service's binding in its reads: one left join on the binding's primary key
 * (objeto, objeto_id), so a list page of 50 rows costs 50 index probes more, and the row answers
 * `monitoreo` (as a body sends it) and `medicion` (the last reading), both null when unbound.
 */

const v = vinculosMonitoreo;

/** The join condition: `…leftJoin(vinculosMonitoreo, unionVinculo('conexion', conexiones.enlace_id))`. */
export const unionVinculo = (objeto: ObjetoMonitoreo, id: AnyPgColumn): SQL =>
  and(eq(v.objeto, objeto), eq(v.objeto_id, id)) as SQL;

/** The columns a read selects beside its own (null when unbound). */
export const columnasVinculo = {
  mon_fuente: v.fuente,
  mon_host: v.host,
  mon_interfaz: v.interfaz,
  mon_entrada: v.entrada,
  mon_salida: v.salida,
  mon_estado: v.estado,
  mon_mensaje: v.mensaje,
  mon_p95: v.p95_mbps,
  mon_max: v.max_mbps,
  mon_promedio: v.promedio_mbps,
  mon_medido_en: v.medido_en,
};

type ColumnasVinculo = { [K in keyof typeof columnasVinculo]: unknown };

const num = (x: unknown): number | null => (x === null || x === undefined ? null : Number(x));

/** Splits the binding's columns off a row: the row without them, plus `monitoreo` and `medicion`. */
export function conVinculo<T extends ColumnasVinculo>(
  fila: T,
): Omit<T, keyof ColumnasVinculo> & { monitoreo: Monitoreo | null; medicion: MedicionMonitoreo | null } {
  const {
    mon_fuente,
    mon_host,
    mon_interfaz,
    mon_entrada,
    mon_salida,
    mon_estado,
    mon_mensaje,
    mon_p95,
    mon_max,
    mon_promedio,
    mon_medido_en,
    ...resto
  } = fila;
  if (!mon_fuente) return { ...resto, monitoreo: null, medicion: null };
  const monitoreo: Monitoreo =
    mon_fuente === 'zabbix'
      ? { fuente: 'zabbix', host: String(mon_host), interfaz: String(mon_interfaz) }
      : { fuente: 'prometheus', entrada: String(mon_entrada), salida: String(mon_salida) };
  return {
    ...resto,
    monitoreo,
    medicion: {
      estado: (mon_estado ?? null) as MedicionMonitoreo['estado'],
      mensaje: (mon_mensaje ?? null) as string | null,
      p95_mbps: num(mon_p95),
      max_mbps: num(mon_max),
      promedio_mbps: num(mon_promedio),
      medido_en: iso(mon_medido_en),
    },
  };
}
