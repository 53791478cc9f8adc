import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken, userFromToken } from '../src/auth/tokens';
import { type DbOrTx, preparada } from '../src/db/client';
import { apiTokens, conexiones } from '../src/db/schema';
import { obtenerConexion } from '../src/services/conexiones.service';
import { insertCliente } from './helpers/conexiones';
import { createTestDb, type TestDatabase } from './helpers/db';

/**
 * Hot reads (a connection by id, the token and session lookups) are drizzle prepared statements
 * built once per database handle. They must still read the current data: a revoked token stops
 * working at once, and inside a transaction the read sees the transaction's own writes.
 */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database?.close());
beforeEach(() => database.truncate());

const crearContador = () => {
  let veces = 0;
  const crear = (db: DbOrTx, nombre: string) => {
    veces++;
    return db
      .select({ n: sql<number>`${sql.placeholder('x')}::int + 1` })
      .from(sql`(select 1) t`)
      .prepare(nombre);
  };
  return { crear, veces: () => veces };
};

describe('preparada', () => {
  it('builds a query once per database handle and runs it with new parameters each time', async () => {
    const c = crearContador();
    const a = await preparada(database.db, 'prueba_mas_uno', c.crear).execute({ x: 1 });
    const b = await preparada(database.db, 'prueba_mas_uno', c.crear).execute({ x: 41 });
    expect(a[0]?.n).toBe(2);
    expect(b[0]?.n).toBe(42);
    expect(c.veces()).toBe(1);
  });

  it('inside a transaction builds the query for that transaction, which sees its own writes', async () => {
    const c = crearContador();
    await database.db.transaction(async (tx) => {
      await preparada(tx, 'prueba_tx', c.crear).execute({ x: 1 });
      await preparada(tx, 'prueba_tx', c.crear).execute({ x: 1 });
    });
    expect(c.veces()).toBe(2);

    const cliente = await insertCliente(database.db);
    const leido = await database.db.transaction(async (tx) => {
      const [nueva] = await tx
        .insert(conexiones)
        .values({
          cid_enlace: '900001',
          cliente_id: cliente.cliente_id,
          enlace_estado: 'PENDIENTE',
          bw_contratado: 10,
        })
        .returning({ id: conexiones.enlace_id });
      return obtenerConexion(tx, nueva!.id);
    });
    expect(leido.cliente_razon_social).toBe(cliente.razon_social);
    // The root handle's prepared read finds the committed row too.
    expect((await obtenerConexion(database.db, leido.enlace_id)).bw_contratado).toBe(10);
  });

  it('a prepared token lookup sees a revocation at once', async () => {
    const { token, token_id } = await createApiToken(database.db, { nombre: 'ci', rol: 'lector', createdBy: null });
    expect((await userFromToken(database.db, token))?.token_id).toBe(token_id);
    await database.db.update(apiTokens).set({ revoked_at: sql`now()` }).where(eq(apiTokens.token_id, token_id));
    expect(await userFromToken(database.db, token)).toBeNull();
  });

  it('an unknown connection is still a 404 domain error', async () => {
    await expect(obtenerConexion(database.db, 987_654)).rejects.toMatchObject({ code: 'NO_ENCONTRADO' });
  });
});
