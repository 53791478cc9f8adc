import type { Cargador } from './cargador';
import { TABLAS_INVENTARIO } from './comun';

/** The SQL around `db:seed --scale`'s COPY: the emptiness check inside its transaction, and what closes it. */

/** The inventory tables that already hold rows, seen from inside the loading transaction. */
export async function tablasEnTransaccion(c: Cargador): Promise<string[]> {
  const partes = TABLAS_INVENTARIO.map((t) => `exists(select 1 from ${t}) as "${t}"`).join(', ');
  const [row] = await c.query<Record<string, boolean | string>>(`select ${partes}`);
  return TABLAS_INVENTARIO.filter((t) => row?.[t] === true || row?.[t] === 't');
}

/**
 * The totals the ledger and the connections imply, computed by the database, then every sequence
 * past the ids and CIDs written by hand. (Planner statistics come after the commit, with VACUUM.)
 */
export async function finalizar(c: Cargador, cids: { cidServicio: number; cidEnlace: number }) {
  await c.query(
    `update servicios_proveedor s set capacidad_vendida = l.total
       from (select servicio_id, sum(delta_vendida) as total from movimientos_capacidad group by servicio_id) l
      where l.servicio_id = s.servicio_id`,
  );
  await c.query(
    `update servicios_proveedor s set capacidad_utilizada = k.total
       from (select servicio_id, sum(bw_utilizado) as total from conexiones
              where enlace_estado <> 'BAJA' group by servicio_id) k
      where k.servicio_id = s.servicio_id`,
  );
  // The chart's current point, for services with something sold or used.
  await c.query(
    `insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
     select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada
       from servicios_proveedor where capacidad_vendida <> 0 or capacidad_utilizada <> 0`,
  );
  const seriales: [string, string][] = [
    ['proveedores', 'proveedor_id'],
    ['nodos', 'nodo_id'],
    ['clientes', 'cliente_id'],
    ['equipos', 'equipo_id'],
    ['servicios_proveedor', 'servicio_id'],
    ['conexiones', 'enlace_id'],
    ['movimientos_capacidad', 'movimiento_id'],
    ['movimientos_enlace', 'movimiento_id'],
    ['muestras_uso', 'muestra_id'],
  ];
  for (const [tabla, columna] of seriales) {
    await c.query(
      `select setval(pg_get_serial_sequence('${tabla}', '${columna}'), coalesce(max(${columna}), 1), max(${columna}) is not null) from ${tabla}`,
    );
  }
  await c.query(`select setval('servicio_cid_seq', ${cids.cidServicio}, true)`);
  await c.query(`select setval('enlace_cid_seq', ${cids.cidEnlace}, true)`);
}
