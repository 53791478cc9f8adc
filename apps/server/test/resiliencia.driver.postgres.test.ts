import net from 'node:net';
import { setTimeout as espera } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type Database, execRows } from '../src/db/client';
import { esErrorDeConexion } from '../src/db/disponibilidad';
import { testDatabaseUrl } from '../src/env';
import { onPostgres } from './helpers/db';

/**
 * The pool's driver when a connection is reset (an RST: a failover, a firewall, a backend killed
 * mid-write) and the query it failed is followed at once by another one, as a request handler
 * does. Node emits the socket's 'error' first and its 'close' only on a later turn of the event
 * loop; a query sent in between used to sit unanswered for ever, and its connection with it: the
 * server stopped answering some requests after PostgreSQL dropped its connections under load
 * (resiliencia.postgres.test.ts saw one request in a few runs on two busy cores hit its 15 s
 * timeout). patches/postgres@3.4.9.patch fails such queries when the socket closes.
 *
 * A TCP proxy between the pool and PostgreSQL resets the pool's side of the connection on demand,
 * so the sequence is the same every run.
 */

/** Settles `p` or says it did not within `ms`. */
async function aTiempo<T>(p: Promise<T>, ms: number): Promise<{ valor?: T; error?: unknown; colgada?: true }> {
  let reloj: NodeJS.Timeout | undefined;
  const limite = new Promise<{ colgada: true }>((r) => {
    reloj = setTimeout(() => r({ colgada: true }), ms);
  });
  try {
    return await Promise.race([
      p.then(
        (valor) => ({ valor }),
        (error: unknown) => ({ error }),
      ),
      limite,
    ]);
  } finally {
    clearTimeout(reloj);
  }
}

describe.skipIf(!onPostgres())('el pool tras un reset de la conexión', () => {
  let proxy: net.Server;
  const lados: { cliente: net.Socket; servidor: net.Socket }[] = [];
  let database: Database;

  beforeAll(async () => {
    const destino = new URL(testDatabaseUrl()!);
    proxy = net.createServer((cliente) => {
      const servidor = net.connect(Number(destino.port || 5432), destino.hostname);
      cliente.on('error', () => {});
      servidor.on('error', () => cliente.destroy());
      cliente.pipe(servidor).pipe(cliente);
      lados.push({ cliente, servidor });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const url = new URL(destino);
    url.hostname = '127.0.0.1';
    url.port = String((proxy.address() as net.AddressInfo).port);
    // One connection, as in the pool under load when every other one is busy: the next query must
    // go to the connection whose socket just failed.
    database = connectPostgres(url.toString(), { max: 1 });
  });

  afterAll(async () => {
    await database?.close().catch(() => {});
    for (const l of lados) {
      l.cliente.destroy();
      l.servidor.destroy();
    }
    await new Promise((r) => proxy?.close(r));
  });

  const uno = async (n: number) => (await execRows<{ n: number }>(database.db, sql`select ${n}::int as n`))[0]?.n;

  it('a query sent between the socket error and its close fails at once, and the connection serves the next ones', async () => {
    expect(await uno(1)).toBe(1);
    expect(lados).toHaveLength(1);

    let siguiente: Promise<unknown> | undefined;
    const larga = database.db.execute(sql`select pg_sleep(3)`).catch((e: unknown) => {
      // What a request handler does when its query fails: the next query, right away.
      siguiente = uno(2);
      throw e;
    });
    await espera(200);
    lados[0]!.cliente.resetAndDestroy();
    lados[0]!.servidor.destroy();

    const r1 = await aTiempo(larga, 5000);
    expect(r1.colgada).toBeUndefined();
    expect(esErrorDeConexion(r1.error), String(r1.error)).toBe(true);

    expect(siguiente).toBeDefined();
    const r2 = await aTiempo(siguiente!, 5000);
    expect(r2.colgada, 'la consulta enviada tras el error del socket quedó sin respuesta').toBeUndefined();
    expect(esErrorDeConexion(r2.error), String(r2.error)).toBe(true);

    // The pool reconnects through the proxy and answers every later query with its own result.
    const r3 = await aTiempo(uno(3), 5000);
    expect(r3).toEqual({ valor: 3 });
    const r4 = await aTiempo(uno(4), 5000);
    expect(r4).toEqual({ valor: 4 });
    expect(lados).toHaveLength(2);
  });
});
