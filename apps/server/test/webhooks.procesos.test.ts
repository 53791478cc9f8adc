import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { bearerAs } from './helpers/app';
import { escenario } from './helpers/conexiones';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { crearReceptor, esperar, type Receptor, verificarDelReadme } from './helpers/receptor';
import { type Hijo, levantarServidor, pararServidor } from './helpers/servidor';

/**
 * Real server processes (src/main.ts under tsx) on one PostgreSQL database, delivering to a real
 * receiver on 127.0.0.1: two of them deliver every attempt once, and `kill -9` of one in the
 * middle of a delivery loses nothing (the restarted server delivers it). PostgreSQL only: PGlite's
 * data directory belongs to one process.
 */

describe.skipIf(!onPostgres())('webhooks across server processes (PostgreSQL)', () => {
  let database: TestDatabase;
  let dbUrl: string;
  let admin: { authorization: string };
  let rx: Receptor;
  const hijos: Hijo[] = [];

  const levantar = () =>
    levantarServidor(
      dbUrl,
      {
        TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'permitir',
        TRONCAL_WEBHOOKS_TIMEOUT_S: '2',
        TRONCAL_WEBHOOKS_REINTENTO_BASE_MS: '100',
        TRONCAL_WEBHOOKS_REINTENTO_MAX_S: '1',
        TRONCAL_WEBHOOKS_INTERVALO_MS: '50',
        TRONCAL_WEBHOOKS_CONCURRENCIA: '4',
      },
      hijos,
    );

  async function post(h: Hijo, ruta: string, cuerpo: unknown) {
    const res = await fetch(`${h.base}${ruta}`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify(cuerpo),
    });
    const body = (await res.json()) as { webhook_id: number; secreto: string; enlace_id: number };
    expect(res.status, JSON.stringify(body)).toBeLessThan(300);
    return body;
  }

  beforeAll(async () => {
    database = await createTestDb({ poolSize: 3 });
    const [r] = await execRows<{ db: string }>(database.db, sql`select current_database() as db`);
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${r!.db}`;
    dbUrl = u.toString();
    admin = await bearerAs(database, 'admin');
    rx = await crearReceptor();
  }, 60_000);

  afterAll(async () => {
    for (const h of hijos) if (h.vivo) h.proceso.kill('SIGKILL');
    await rx?.cerrar();
    await database?.close();
  });

  it('two server processes deliver every attempt once (each event fails once, then is delivered)', async () => {
    const [a, b] = await Promise.all([levantar(), levantar()]);
    const w1 = await post(a!, '/v1/webhooks', { url: rx.url, eventos: ['conexion.creada'] });
    const w2 = await post(b!, '/v1/webhooks', { url: `${rx.url}?segundo`, eventos: ['conexion.creada'] });
    // Every event's first attempt to each endpoint answers 500, the second 200.
    const vistos = new Map<string, number>();
    rx.estado.responder = (r) => {
      const clave = `${r.cabeceras['troncal-delivery']}|${r.ruta}`;
      const n = (vistos.get(clave) ?? 0) + 1;
      vistos.set(clave, n);
      return { status: n === 1 ? 500 : 200, ms: 10 };
    };
    const e = await escenario(database.db);
    const N = 30;
    for (let i = 0; i < N; i++) {
      await post(i % 2 ? a! : b!, '/v1/conexiones', {
        servicio_id: e.servicio.servicio_id,
        cliente_id: e.cliente.cliente_id,
        nodo_a: e.nodoA.nodo_id,
        tipo_enlace: 'Internet',
        bw_contratado: 1,
      });
    }
    await esperar(
      async () => {
        const [f] = await execRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from entregas_webhook where estado = 'ENTREGADA'`,
        );
        return f!.n === 2 * N;
      },
      'todas las entregas',
      60_000,
    );
    // Per (event, endpoint): exactly two requests, the failed one and the delivered one.
    const porEntrega = new Map<string, number>();
    for (const r of rx.recibidas) {
      const k = `${r.json.id}|${r.ruta}`;
      porEntrega.set(k, (porEntrega.get(k) ?? 0) + 1);
    }
    expect(porEntrega.size).toBe(2 * N);
    expect([...porEntrega.values()].every((v) => v === 2)).toBe(true);
    expect(rx.recibidas).toHaveLength(4 * N);
    const ids = new Set(rx.recibidas.map((r) => r.json.id));
    expect(ids.size).toBe(N);
    const filas = await execRows<{ intentos: number; log: number }>(
      database.db,
      sql`select d.intentos, (select count(*)::int from intentos_entrega i where i.entrega_id = d.entrega_id) as log
            from entregas_webhook d where d.webhook_id in (${w1.webhook_id}, ${w2.webhook_id})`,
    );
    expect(filas).toHaveLength(2 * N);
    for (const f of filas) expect(f).toEqual({ intentos: 2, log: 2 });
    // Both processes took part: the attempt log names each one's pid.
    const procesos = await execRows<{ proceso: string; n: number }>(
      database.db,
      sql`select proceso, count(*)::int as n from intentos_entrega group by proceso order by proceso`,
    );
    expect(procesos.map((p) => p.proceso.split(':')[1]).sort()).toEqual(
      [String(a!.proceso.pid), String(b!.proceso.pid)].sort(),
    );
    expect(procesos.reduce((t, p) => t + p.n, 0)).toBe(4 * N);
    await Promise.all([pararServidor(a!, 'SIGTERM'), pararServidor(b!, 'SIGTERM')]);
  }, 180_000);

  it('kill -9 in the middle of a delivery loses no event: the restarted server delivers it, in order', async () => {
    await database.db.execute(sql`delete from webhooks`);
    rx.recibidas.length = 0;
    const verificar = await verificarDelReadme();
    let colgar = true;
    rx.estado.responder = () => (colgar ? null : { status: 204 });
    const a = await levantar();
    const w = await post(a, '/v1/webhooks', { url: rx.url, eventos: ['conexion.creada', 'conexion.bw_ajustado'] });
    const e = await escenario(database.db);
    const c = await post(a, '/v1/conexiones', {
      servicio_id: e.servicio.servicio_id,
      cliente_id: e.cliente.cliente_id,
      nodo_a: e.nodoA.nodo_id,
      tipo_enlace: 'Internet',
      bw_contratado: 10,
    });
    await esperar(() => rx.recibidas.length >= 1, 'el primer intento llega al receptor');
    // The attempt is in flight (the receiver holds it): more changes are committed, then the process dies.
    for (const mbps of [1, 2, 3]) await post(a, `/v1/conexiones/${c.enlace_id}/ajustar-bw`, { modo: 'AUMENTAR', mbps });
    await pararServidor(a, 'SIGKILL');
    const [enVuelo] = await execRows<{ estado: string }>(
      database.db,
      sql`select estado from entregas_webhook where webhook_id = ${w.webhook_id} order by secuencia limit 1`,
    );
    expect(enVuelo!.estado).toBe('ENVIANDO');
    colgar = false;
    const n = rx.recibidas.length;
    await levantar();
    await esperar(
      async () => {
        const [f] = await execRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from entregas_webhook where webhook_id = ${w.webhook_id} and estado = 'ENTREGADA'`,
        );
        return f!.n === 4;
      },
      'las 4 entregas tras reiniciar',
      60_000,
    );
    const despues = rx.recibidas.slice(n);
    expect(despues.map((r) => [r.json.evento, r.json.datos.bw_contratado])).toEqual([
      ['conexion.creada', 10],
      ['conexion.bw_ajustado', 11],
      ['conexion.bw_ajustado', 13],
      ['conexion.bw_ajustado', 16],
    ]);
    expect(despues[0]!.json.id).toBe(rx.recibidas[0]!.json.id);
    const secreto = w.secreto as string;
    for (const r of despues) expect(verificar(secreto, r.cabeceras['troncal-signature'], r.cuerpo)).toBe(true);
  }, 180_000);
});
