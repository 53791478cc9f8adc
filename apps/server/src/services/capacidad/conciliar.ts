import { redondearMbps } from '@troncal/domain/validators';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';

/** Reconciliation: ledger-vendida vs Σ bw_contratado of live connections, per service. */
export interface Conciliacion {
  servicio_id: number;
  vendida: number;
  vendida_ledger: number;
  vendida_conexiones: number;
  ajustes_manuales: number;
  deriva: number;
  deriva_sin_explicar: number;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export async function conciliar(db: DbOrTx, servicio_ids?: number[]): Promise<Conciliacion[]> {
  const filtro = servicio_ids?.length
    ? sql`where s.servicio_id in (${sql.join(
        servicio_ids.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await execRows<Record<string, string | number | null>>(
    db,
    sql`select s.servicio_id, s.capacidad_vendida as vendida,
               coalesce(l.total, 0) as vendida_ledger, coalesce(l.manual, 0) as ajustes_manuales,
               coalesce(c.total, 0) as vendida_conexiones
          from servicios_proveedor s
          left join lateral (
            select sum(delta_vendida) as total,
                   sum(delta_vendida) filter (where origen = 'AJUSTE_MANUAL') as manual
              from movimientos_capacidad m where m.servicio_id = s.servicio_id
          ) l on true
          left join lateral (
            select sum(bw_contratado) as total from conexiones k
             where k.servicio_id = s.servicio_id and k.enlace_estado <> 'BAJA'
          ) c on true
          ${filtro}
         order by s.servicio_id`,
  );
  return rows.map((r) => {
    const vendida_ledger = num(r.vendida_ledger);
    const vendida_conexiones = num(r.vendida_conexiones);
    const ajustes_manuales = num(r.ajustes_manuales);
    const deriva = redondearMbps(vendida_ledger - vendida_conexiones);
    return {
      servicio_id: Number(r.servicio_id),
      vendida: num(r.vendida),
      vendida_ledger,
      vendida_conexiones,
      ajustes_manuales,
      deriva,
      deriva_sin_explicar: redondearMbps(deriva - ajustes_manuales),
    };
  });
}
