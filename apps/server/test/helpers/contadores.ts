import { ENLACE_ESTADOS } from '@troncal/domain/enums';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../src/db/client';

/**
 * Every trigger-kept counter next to the count(*) it stands for, and the pending deltas left over
 * (always 0 outside a transaction). `toEqual` on the result shows which counter is off.
 */
export async function contadoresYConteos(db: DbOrTx) {
  const filas = await execRows<{ tabla: string; clave: string; contador: string | null; real: string }>(
    db,
    sql`with esperados(tabla, clave, real) as (
          select 'conexiones', '*', (select count(*) from conexiones)
          union all
          select 'conexiones', e, (select count(*) from conexiones where enlace_estado = e)
            from unnest(${sql.raw(`array[${ENLACE_ESTADOS.map((e) => `'${e}'`).join(', ')}]`)}::text[]) as e
          union all
          select 'servicios_proveedor', '*', (select count(*) from servicios_proveedor)
          union all
          select 'equipos', '*', (select count(*) from equipos))
        select x.tabla, x.clave, c.n as contador, x.real
          from esperados x left join contadores c on c.tabla = x.tabla and c.clave = x.clave
         order by x.tabla, x.clave`,
  );
  const [p] = await execRows<{ n: string }>(db, sql`select count(*) as n from contadores_pendientes`);
  return {
    contadores: Object.fromEntries(
      filas.map((f) => [`${f.tabla}:${f.clave}`, f.contador === null ? null : Number(f.contador)]),
    ),
    conteos: Object.fromEntries(filas.map((f) => [`${f.tabla}:${f.clave}`, Number(f.real)])),
    pendientes: Number(p?.n ?? 0),
  };
}

/** Throws (with the whole picture) unless every counter equals its count(*) and nothing is pending. */
export async function exigirContadoresExactos(db: DbOrTx) {
  const r = await contadoresYConteos(db);
  const mal = Object.keys(r.conteos).filter((k) => r.contadores[k] !== r.conteos[k]);
  if (mal.length > 0 || r.pendientes !== 0) {
    throw new Error(`Contadores inexactos (${mal.join(', ') || 'pendientes'}): ${JSON.stringify(r)}`);
  }
  return r.conteos;
}
