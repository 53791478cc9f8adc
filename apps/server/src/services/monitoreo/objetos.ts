import type { ObjetoMonitoreo } from '@troncal/domain/schemas';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import { noEncontrado } from '../errores';

/** `uso_horario.objeto` / `uso_diario.objeto`: a smallint where the binding table says the word. */
export const CODIGO_OBJETO: Record<ObjetoMonitoreo, 1 | 2> = { conexion: 1, servicio: 2 };
export const OBJETO_DE_CODIGO: Record<number, ObjetoMonitoreo> = { 1: 'conexion', 2: 'servicio' };
/** CODIGO_OBJETO in SQL, of a text column holding the word (e.g. `v.objeto`). */
export const codigoObjetoSql = (columna: string) =>
  sql.raw(`case ${columna} when 'conexion' then ${CODIGO_OBJETO.conexion} else ${CODIGO_OBJETO.servicio} end`);

export const NOMBRE_OBJETO: Record<ObjetoMonitoreo, string> = {
  conexion: 'la conexión',
  servicio: 'el servicio de proveedor',
};

/**
 * The row a binding belongs to, or 404. Inside a transaction the row is key-share locked, so it
 * cannot disappear before the binding is written (bindings have no foreign key: they name one of
 * two tables). Answers the label the lists show (cid_enlace / cid_interno).
 */
export async function exigirObjeto(
  db: DbOrTx,
  objeto: ObjetoMonitoreo,
  id: number,
  opciones: { bloquear?: boolean } = {},
): Promise<{ etiqueta: string }> {
  const bloqueo = opciones.bloquear ? sql` for key share` : sql``;
  const [fila] =
    objeto === 'conexion'
      ? await execRows<{ etiqueta: string }>(
          db,
          sql`select cid_enlace as etiqueta from conexiones where enlace_id = ${id}${bloqueo}`,
        )
      : await execRows<{ etiqueta: string }>(
          db,
          sql`select cid_interno as etiqueta from servicios_proveedor where servicio_id = ${id}${bloqueo}`,
        );
  if (!fila) throw noEncontrado(NOMBRE_OBJETO[objeto], id);
  return fila;
}

/** A Postgres int[] literal for one text parameter (`${lista(ids)}::int[]`): no parameter-count limit. */
export const listaEnteros = (ids: readonly number[]): string => `{${ids.map((n) => Math.trunc(n)).join(',')}}`;

/** timestamptz from the drivers (a Date from postgres-js, a string or Date from PGlite) → ISO or null. */
export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const d =
    v instanceof Date
      ? v
      : new Date(
          String(v)
            .replace(' ', 'T')
            .replace(/([+-]\d\d)$/, '$1:00'),
        );
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export const numeroONulo = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
