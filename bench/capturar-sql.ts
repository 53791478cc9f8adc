// Prints, as JSON, the SQL Troncal's services send for each benchmarked endpoint, by running them on
// an in-memory PGlite and recording every query. run.mjs compares it with sql.mjs, so a change in the
// services cannot silently leave the baseline measuring different SQL.
//
//   cd apps/server && node --conditions=@troncal/source --import tsx ../../bench/capturar-sql.ts

import { userFromToken } from '../apps/server/src/auth/tokens';
import { connectPglite } from '../apps/server/src/db/client';
import { listarConexiones, obtenerConexion } from '../apps/server/src/services/conexiones';
import { ajustarCapacidad, listarServicios } from '../apps/server/src/services/servicios';

type Consulta = (texto: string, ...resto: unknown[]) => Promise<unknown>;
interface ConQuery {
  query: Consulta;
}

const database = await connectPglite();
await database.migrate();
const cliente = (
  database.db as unknown as {
    $client: ConQuery & { transaction<T>(f: (tx: ConQuery) => Promise<T>): Promise<T> };
  }
).$client;
let capturadas: string[] = [];
/** Records every statement sent through `objeto.query` (the client, or a transaction). */
const espiar = (objeto: ConQuery) => {
  const original = objeto.query.bind(objeto);
  objeto.query = (texto: string, ...resto: unknown[]) => {
    capturadas.push(texto);
    return original(texto, ...resto);
  };
};
espiar(cliente);
const transaccion = cliente.transaction.bind(cliente);
cliente.transaction = (f) =>
  transaccion((tx) => {
    espiar(tx);
    return f(tx);
  });
const capturar = async (f: () => Promise<unknown>) => {
  capturadas = [];
  await f().catch(() => {});
  return capturadas;
};

await (cliente as unknown as { exec(s: string): Promise<unknown> }).exec(
  `insert into proveedores (nombre) values ('CLARO');
   insert into servicios_proveedor (proveedor_id, modalidad, capacidad_comprada, cid_interno)
   values (1, 'DEDICADO', 1000, 'ICP-1');`,
);
const salida = {
  token: await capturar(() => userFromToken(database.db, 'trc_x')),
  conexionesPagina1: await capturar(() => listarConexiones(database.db, { limit: 10, offset: 0 })),
  conexionesOffset: await capturar(() => listarConexiones(database.db, { limit: 10, offset: 50 })),
  conexionesCursor: await capturar(() => listarConexiones(database.db, { limit: 10, offset: 0, antes_de: 50 })),
  conexionPorId: await capturar(() => obtenerConexion(database.db, 1)),
  serviciosBusqueda: await capturar(() => listarServicios(database.db, { limit: 10, offset: 0, search: 'claro' })),
  ajustarCapacidad: await capturar(() =>
    ajustarCapacidad(database.db, {
      id: 1,
      datos: { delta_disponible: -1, motivo: 'x' },
      usuario: null,
      politica: 'warn',
    }),
  ),
  ajustarCapacidadDevolucion: await capturar(() =>
    ajustarCapacidad(database.db, {
      id: 1,
      datos: { delta_disponible: 1, motivo: 'x' },
      usuario: null,
      politica: 'warn',
    }),
  ),
};
process.stdout.write(JSON.stringify(salida));
await database.close();
