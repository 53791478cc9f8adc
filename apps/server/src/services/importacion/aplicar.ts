import type { DbOrTx } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { escribir } from './escribir';
import { escribirConexiones, PlanConexiones } from './escribir-conexiones';
import { abrirArchivo } from './leer';
import type { Contexto, Registros } from './lotes';
import { preverCapacidad, SumaCapacidad } from './prever-capacidad';
import { resolverSql } from './resolver-sql';
import { ErrorImportacion, type PedidoImportacion, type ResultadoAplicar, type ResultadoValidar } from './resultado';
import type { LecturaImportada } from './tabla';
import { type ResultadoValidacion, validarImportacion } from './validar';

export {
  ErrorImportacion,
  type ModoImportacion,
  type PedidoImportacion,
  type ResultadoAplicar,
  type ResultadoValidar,
} from './resultado';

/** A file with errors: 422 with every one, nothing written. */
const rechazo = (r: ResultadoValidacion<unknown>) =>
  new ErrorImportacion({ filas: r.filas, validas: r.validas, errores: r.errores, advertencias: [] });

/**
 * The import use case: read the file, validate every row (natural keys resolved in SQL), and for
 * `aplicar` write everything in ONE transaction — or nothing, with the same errors (422).
 * New rows go in as batched multi-row INSERTs; connections that hold capacity write their ledger
 * rows (origin IMPORTACION, motivo naming the file) in one INSERT per batch, and each touched
 * service gets one vendida update and one utilizada recompute, so `vendida = Σ ledger` holds.
 * Rows whose natural key exists (with existentes=actualizar) go through the entity's own update
 * use case, inside the same transaction. Connections are written as the file is read a second time
 * (escribir-conexiones.ts), so no file's worth of validated rows is held.
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
    const resolver = resolverSql(tx);
    // Connections keep only what their writing needs up front; their rows are read again to be written.
    const plan = new PlanConexiones();
    const r = await validarImportacion(p.entidad, archivo, resolver, {
      existentes,
      ...(p.entidad === 'conexiones' && {
        alRegistro: (registro) => plan.agregar(registro as Registros<'conexiones'>[number]),
      }),
    });
    if (!r.ok) throw rechazo(r);
    const ctx: Contexto = {
      tx,
      usuario: p.usuario,
      politica: p.politica,
      motivo: `Importación desde ${p.nombreArchivo}`,
      filas: r.filas,
    };
    const escrito =
      p.entidad === 'conexiones'
        ? await escribirConexiones(ctx, plan, async (escribirNueva) => {
            const otra = await validarImportacion(
              'conexiones',
              await abrirArchivo(p.bytes, p.tipoContenido, p.limites),
              resolver,
              {
                existentes,
                alRegistro: (registro) => (registro.existente === null ? escribirNueva(registro) : undefined),
              },
            );
            if (!otra.ok) throw rechazo(otra);
          })
        : await escribir(p.entidad, ctx, r.registros);
    return { ok: true as const, filas: r.filas, ...escrito };
  });
}
