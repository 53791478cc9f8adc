import type { MovimientoCapacidad } from '@troncal/domain/schemas';
import { desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { conexiones, movimientosCapacidad as m, usuarios } from '../../db/schema';
import { isoTs } from '../referencia.comun';

/**
 * Capacity ledger rows as the detail pages show them (a service's, a connection's): newest first,
 * with the connection's CID and the user's name. `pagina` limits the read.
 */
export async function leerMovimientos(
  db: DbOrTx,
  donde: SQL,
  pagina?: { limit: number; offset: number },
): Promise<MovimientoCapacidad[]> {
  const consulta = db
    .select({
      movimiento_id: m.movimiento_id,
      servicio_id: m.servicio_id,
      delta_vendida: m.delta_vendida,
      vendida_resultante: m.vendida_resultante,
      motivo: m.motivo,
      origen: m.origen,
      enlace_id: m.enlace_id,
      cid_enlace: conexiones.cid_enlace,
      usuario_id: m.usuario_id,
      usuario_nombre: usuarios.nombre,
      created_at: m.created_at,
    })
    .from(m)
    .leftJoin(conexiones, eq(conexiones.enlace_id, m.enlace_id))
    .leftJoin(usuarios, eq(usuarios.usuario_id, m.usuario_id))
    .where(donde)
    .orderBy(desc(m.movimiento_id))
    .$dynamic();
  const rows = await (pagina ? consulta.limit(pagina.limit).offset(pagina.offset) : consulta);
  return rows.map((r) => ({ ...r, created_at: isoTs(r.created_at) }));
}
