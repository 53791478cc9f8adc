import { type SQL, sql } from 'drizzle-orm';

/**
 * What a service's capacidad_utilizada is (PRODUCT.md): its own uplink's measure when it is bound
 * and has been measured, otherwise Σ bw_utilizado of its connections that are not BAJA (bound ones
 * measured, the others as typed). One SQL expression for one service, so the cycle's recompute and
 * the connection use cases' (capacidad/mover.ts) say the same thing. No imports beyond drizzle:
 * capacidad/ imports it and monitoreo/ imports capacidad/.
 */
export function utilizadaServicioSql(servicio_id: number | SQL): SQL {
  return sql`coalesce(
    (select vm.p95_mbps from vinculos_monitoreo vm where vm.objeto = 'servicio' and vm.objeto_id = ${servicio_id}),
    (select coalesce(sum(cx.bw_utilizado), 0) from conexiones cx
      where cx.servicio_id = ${servicio_id} and cx.enlace_estado <> 'BAJA'))::numeric`;
}
