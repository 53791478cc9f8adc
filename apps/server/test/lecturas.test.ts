import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApiToken, userFromToken } from '../src/auth/tokens';
import { apiTokens, conexiones } from '../src/db/schema';
import { obtenerConexion } from '../src/services/conexiones';
import { insertCliente } from './helpers/conexiones';
import { usarDb } from './helpers/db';

/**
 * The hot reads (a connection by id, the token lookup) read the current data: inside a
 * transaction they see its own writes, and a revoked token stops working at once.
 */

const database = await usarDb({ limpiar: true });

describe('lecturas por id', () => {
  it('inside a transaction a read sees the transaction’s own writes; outside, the committed row', async () => {
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
    expect((await obtenerConexion(database.db, leido.enlace_id)).bw_contratado).toBe(10);
  });

  it('a token lookup sees a revocation at once', async () => {
    const { token, token_id } = await createApiToken(database.db, { nombre: 'ci', rol: 'lector', createdBy: null });
    expect((await userFromToken(database.db, token))?.token_id).toBe(token_id);
    await database.db.update(apiTokens).set({ revoked_at: sql`now()` }).where(eq(apiTokens.token_id, token_id));
    expect(await userFromToken(database.db, token)).toBeNull();
  });

  it('an unknown connection is a 404 domain error', async () => {
    await expect(obtenerConexion(database.db, 987_654)).rejects.toMatchObject({ code: 'NO_ENCONTRADO' });
  });
});
