import type { PoliticaSobreventa } from '@troncal/domain/capacity';
import { inArray, sql } from 'drizzle-orm';
import type { AuthUser } from '../../auth/types';
import { type DbOrTx, execRows, type Tx } from '../../db/client';
import { esUnicoViolado } from '../../db/errores-pg';
import { serviciosProveedor } from '../../db/schema';
import { conflicto } from '../errores';
import type { DatosImportacion } from './entidades';
import type { EntidadImportacion } from './plantillas';
import type { RegistroImportado } from './validar';

/** Rows per INSERT: ~30 columns × 1,000 rows stays under PostgreSQL's 65,535 parameters. */
export const LOTE = 1000;

export function* lotes<T>(xs: readonly T[], n = LOTE): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

export interface Contexto {
  tx: Tx;
  usuario: AuthUser | null;
  politica: PoliticaSobreventa;
  motivo: string;
  /** Rows per natural key, for errors found while writing. */
  filas: number;
}

export interface Escrito {
  creados: number;
  actualizados: number;
  advertencias: string[];
}

export type Registros<E extends EntidadImportacion> = RegistroImportado<DatosImportacion[E]>[];

/**
 * One `INSERT … SELECT … FROM jsonb_to_recordset($1)`: a batch of rows travels as ONE JSON parameter
 * instead of ~25,000 bound values, which is faster to build and parse and leaves far less garbage
 * on the server (the 100,000-connection benchmark). Absent keys are NULL; omitted columns default.
 */
export function insertarLote<R = Record<string, unknown>>(
  tx: DbOrTx,
  tabla: string,
  columnas: Readonly<Record<string, string>>,
  filas: readonly object[],
  returning = '',
): Promise<R[]> {
  const nombres = Object.keys(columnas);
  const lista = sql.raw(nombres.join(', '));
  const tipos = sql.raw(nombres.map((c) => `${c} ${columnas[c]}`).join(', '));
  return execRows<R>(
    tx,
    sql`insert into ${sql.raw(tabla)} (${lista})
        select ${lista} from jsonb_to_recordset(${JSON.stringify(filas)}::jsonb) as x(${tipos})
        ${sql.raw(returning ? `returning ${returning}` : '')}`,
  );
}

/** A unique index refusing a batch (another request created the same key meanwhile): 409, nothing written. */
export async function conUnicos<T>(operacion: () => Promise<T>): Promise<T> {
  try {
    return await operacion();
  } catch (e) {
    if (esUnicoViolado(e)) {
      throw conflicto(
        'Otra operación registró uno de los valores del archivo mientras se importaba; vuelva a validar.',
      );
    }
    throw e;
  }
}

export async function registrarMuestras(tx: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(
    sql`insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
        select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada
          from servicios_proveedor where ${inArray(serviciosProveedor.servicio_id, ids)}`,
  );
}
