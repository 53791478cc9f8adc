import { evaluarSobreventa, type PoliticaSobreventa, reservaCapacidad } from '@troncal/domain/capacity';
import { redondearMbps } from '@troncal/domain/validators';
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { serviciosProveedor } from '../../db/schema';
import { bloquearServicios } from '../capacidad';
import type { ErrorFila } from './errores';
import type { Registros } from './lotes';

export interface Prevision {
  /** Service id → Mbps the new connections add (only those that hold capacity). */
  deltas: Map<number, number>;
  errores: ErrorFila[];
  advertencias: string[];
}

/** What new connections add to each service's vendida, summed row by row as they are validated. */
export class SumaCapacidad {
  /** Service id → Mbps the new connections add (only those that hold capacity). */
  readonly deltas = new Map<number, number>();
  /** Service id → the first row that sells on it. */
  readonly primera = new Map<number, number>();

  static de(registros: Registros<'conexiones'>): SumaCapacidad {
    const suma = new SumaCapacidad();
    for (const r of registros) suma.agregar(r);
    return suma;
  }

  agregar(r: Registros<'conexiones'>[number]): void {
    if (r.existente !== null || !reservaCapacidad(r.datos.enlace_estado ?? 'PENDIENTE')) return;
    const id = r.datos.servicio_id;
    this.deltas.set(id, redondearMbps((this.deltas.get(id) ?? 0) + r.datos.bw_contratado));
    if (!this.primera.has(id)) this.primera.set(id, r.fila);
  }
}

/**
 * What the new connections do to their services' vendida: warnings for each oversold service, and
 * under a blocking policy (or a service's own limit) an error at the first row that sells on it.
 * `bloquear` locks the services (ascending id) for `aplicar`; `validar` only reads them.
 */
export async function preverCapacidad(
  db: DbOrTx,
  registros: Registros<'conexiones'> | SumaCapacidad,
  politica: PoliticaSobreventa,
  bloquear: boolean,
): Promise<Prevision & { caps: Map<number, { vendida: number }> }> {
  const { deltas, primera } = registros instanceof SumaCapacidad ? registros : SumaCapacidad.de(registros);
  const ids = [...deltas.keys()];
  const caps = bloquear
    ? await bloquearServicios(db, ids)
    : new Map(
        (
          await db
            .select({
              servicio_id: serviciosProveedor.servicio_id,
              cid_interno: serviciosProveedor.cid_interno,
              capacidad_comprada: serviciosProveedor.capacidad_comprada,
              capacidad_vendida: serviciosProveedor.capacidad_vendida,
              limite_sobreventa_pct: serviciosProveedor.limite_sobreventa_pct,
            })
            .from(serviciosProveedor)
            .where(inArray(serviciosProveedor.servicio_id, ids.length ? ids : [0]))
        ).map((c) => [c.servicio_id, c]),
      );
  const errores: ErrorFila[] = [];
  const advertencias: string[] = [];
  for (const [id, delta] of [...deltas].sort((a, b) => a[0] - b[0])) {
    const cap = caps.get(id);
    if (!cap || delta <= 0) continue;
    const ev = evaluarSobreventa({
      comprada: cap.capacidad_comprada,
      vendidaActual: cap.capacidad_vendida,
      vendidaResultante: redondearMbps(cap.capacidad_vendida + delta),
      limiteSobreventaPct: cap.limite_sobreventa_pct,
      politica,
      etiqueta: cap.cid_interno,
    });
    if (ev.bloquear) {
      errores.push({
        fila: primera.get(id) ?? 0,
        columna: 'bw_contratado',
        valor: String(delta),
        message: `${ev.advertencias.join(' ')} Las conexiones del archivo suman ${delta} Mbps en este servicio.`,
      });
    } else advertencias.push(...ev.advertencias);
  }
  return {
    deltas,
    errores,
    advertencias,
    caps: new Map([...caps].map(([id, c]) => [id, { vendida: c.capacidad_vendida }])),
  };
}
