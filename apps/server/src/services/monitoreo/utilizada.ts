import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { type DbOrTx, execRows } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { bloquearServicios } from '../capacidad';
import { emitirUsoAlto, type FilaUso } from '../webhooks/uso';
import { listaEnteros } from './objetos';
import { utilizadaServicioSql } from './utilizada-sql';

export { utilizadaServicioSql };

/**
 * Recomputes capacidad_utilizada of these services under their lock (FOR NO KEY UPDATE, ascending
 * id, after any connection the caller holds). The figure is read by a statement after the lock is
 * granted, so it sees every connection change committed before. Writes only what changed.
 */
export async function recalcularUtilizadaServicios(db: DbOrTx, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const trabajo = async (tx: DbOrTx) => {
    const bloqueados = [...(await bloquearServicios(tx, ids)).keys()];
    if (bloqueados.length === 0) return 0;
    const filas = await execRows<FilaUso>(
      tx,
      sql`update servicios_proveedor s set capacidad_utilizada = n.u
            from (select id, ${utilizadaServicioSql(sql`id`)} as u, s0.capacidad_utilizada as antes
                    from unnest(${listaEnteros(bloqueados)}::int[]) as ids(id)
                    join servicios_proveedor s0 on s0.servicio_id = id) n
           where s.servicio_id = n.id and s.capacidad_utilizada <> n.u
       returning s.servicio_id, s.capacidad_comprada, n.antes, s.capacidad_utilizada`,
    );
    await emitirUsoAlto(tx, filas);
    return filas.length;
  };
  return db instanceof PgTransaction ? trabajo(db) : enTransaccion(db, trabajo);
}

/**
 * A cycle's measured bw_utilizado, one column, one statement per chunk: the connections are
 * locked in ascending id (the first lock every operation takes is the connection's, so this
 * never waits in a cycle with one), only those whose value changes are written, and their
 * services are answered for the recompute that follows in its own transaction. BAJA connections
 * are written too (a measure is a measure) but count for no service.
 */
export async function escribirUtilizadoConexiones(
  db: DbOrTx,
  valores: readonly { id: number; mbps: number }[],
): Promise<{ escritas: number; servicios: number[] }> {
  const ordenados = [...valores].sort((a, b) => a.id - b.id);
  const servicios = new Set<number>();
  let escritas = 0;
  for (let i = 0; i < ordenados.length; i += TROZO) {
    const trozo = ordenados.slice(i, i + TROZO);
    const json = JSON.stringify(trozo.map((v) => ({ id: v.id, u: v.mbps })));
    const filas = await enTransaccion(db, (tx) =>
      execRows<{ enlace_id: number; servicio_id: number | null }>(
        tx,
        sql`with v as (select * from json_to_recordset(${json}::json) as v(id int, u numeric)),
             l as (select c.enlace_id, v.u from conexiones c join v on v.id = c.enlace_id
                    where c.bw_utilizado <> v.u order by c.enlace_id for no key update of c)
            update conexiones c set bw_utilizado = l.u from l
             where c.enlace_id = l.enlace_id and c.bw_utilizado <> l.u
         returning c.enlace_id, c.servicio_id`,
      ),
    );
    escritas += filas.length;
    for (const f of filas) if (f.servicio_id !== null) servicios.add(Number(f.servicio_id));
  }
  return { escritas, servicios: [...servicios] };
}

const TROZO = 500;
