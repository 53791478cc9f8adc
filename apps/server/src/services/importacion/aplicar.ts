import type { DbOrTx } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { escribir } from './escribir';
import { leerArchivo } from './leer';
import type { Contexto, Registros } from './lotes';
import { preverCapacidad } from './prever-capacidad';
import { resolverSql } from './resolver-sql';
import { ErrorImportacion, type PedidoImportacion, type ResultadoAplicar, type ResultadoValidar } from './resultado';
import type { TablaImportada } from './tabla';
import { validarImportacion } from './validar';

export {
  ErrorImportacion,
  type ModoImportacion,
  type PedidoImportacion,
  type ResultadoAplicar,
  type ResultadoValidar,
} from './resultado';

/**
 * The import use case: read the file, validate every row (natural keys resolved in SQL), and for
 * `aplicar` write everything in ONE transaction — or nothing, with the same errors (422).
 * New rows go in as batched multi-row INSERTs; connections that hold capacity write their ledger
 * rows (origin IMPORTACION, motivo naming the file) in one INSERT per batch, and each touched
 * service gets one vendida update and one utilizada recompute, so `vendida = Σ ledger` holds.
 * Rows whose natural key exists (with existentes=actualizar) go through the entity's own update
 * use case, inside the same transaction.
 */

export async function importar(db: DbOrTx, p: PedidoImportacion): Promise<ResultadoValidar | ResultadoAplicar> {
  // Read (and refused: size, format, limits) before any transaction opens.
  let tabla: TablaImportada | undefined = await leerArchivo(p.bytes, p.tipoContenido, p.limites);
  const opciones = { existentes: p.existentes ?? 'rechazar' } as const;
  if (p.modo === 'validar') {
    const r = await validarImportacion(p.entidad, tabla, resolverSql(db), opciones);
    const errores = [...r.errores];
    const advertencias: string[] = [];
    if (r.ok && p.entidad === 'conexiones') {
      const prev = await preverCapacidad(db, r.registros as Registros<'conexiones'>, p.politica, false);
      errores.push(...prev.errores);
      advertencias.push(...prev.advertencias);
    }
    // Capacity errors come only when every row was valid: the rows they name are no longer.
    const validas = r.validas - new Set(errores.slice(r.errores.length).map((e) => e.fila)).size;
    const resultado = { filas: r.filas, validas, errores, advertencias };
    // Like every /v1 refusal, a file with errors is ok:false with a 4xx: 422 with the full report.
    if (errores.length > 0) throw new ErrorImportacion(resultado, false);
    return { ok: true, ...resultado };
  }
  return enTransaccion(db, async (tx) => {
    // Validated again inside the transaction: what it checked is what it writes. The table is let go
    // once validated (the writes need only the validated rows); a retried transaction reads it again.
    const r = await validarImportacion(
      p.entidad,
      tabla ?? (await leerArchivo(p.bytes, p.tipoContenido, p.limites)),
      resolverSql(tx),
      opciones,
    );
    tabla = undefined;
    if (!r.ok) throw new ErrorImportacion({ filas: r.filas, validas: r.validas, errores: r.errores, advertencias: [] });
    const ctx: Contexto = {
      tx,
      usuario: p.usuario,
      politica: p.politica,
      motivo: `Importación desde ${p.nombreArchivo}`,
      filas: r.filas,
    };
    const escrito = await escribir(p.entidad, ctx, r.registros);
    return { ok: true as const, filas: r.filas, ...escrito };
  });
}
