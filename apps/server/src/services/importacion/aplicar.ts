import type { DbOrTx } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { escribir } from './escribir';
import { abrirArchivo } from './leer';
import type { Contexto, Registros } from './lotes';
import { preverCapacidad, SumaCapacidad } from './prever-capacidad';
import { resolverSql } from './resolver-sql';
import { ErrorImportacion, type PedidoImportacion, type ResultadoAplicar, type ResultadoValidar } from './resultado';
import type { LecturaImportada } from './tabla';
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
  // The header is read (and the file refused: size, format) before any transaction opens; the rows
  // are read as they are validated, a stretch at a time.
  let lectura: LecturaImportada | undefined = await abrirArchivo(p.bytes, p.tipoContenido, p.limites);
  const existentes = p.existentes ?? 'rechazar';
  if (p.modo === 'validar') {
    // Nothing is kept of the valid rows but what the connections add to each service.
    const suma = new SumaCapacidad();
    const r = await validarImportacion(p.entidad, lectura, resolverSql(db), {
      existentes,
      alRegistro: (registro) => {
        if (p.entidad === 'conexiones') suma.agregar(registro as Registros<'conexiones'>[number]);
      },
    });
    const errores = [...r.errores];
    const advertencias: string[] = [];
    if (r.ok && p.entidad === 'conexiones') {
      const prev = await preverCapacidad(db, suma, p.politica, false);
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
    // Validated again inside the transaction: what it checked is what it writes. A retried
    // transaction reads the file again.
    const archivo = lectura ?? (await abrirArchivo(p.bytes, p.tipoContenido, p.limites));
    lectura = undefined;
    const r = await validarImportacion(p.entidad, archivo, resolverSql(tx), { existentes });
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
