import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectPostgres, type Database, execRows } from '../src/db/client';
import { reintentos } from '../src/db/transaccion';
import { leerCapacidad } from '../src/services/capacidad';
import { crearConexion } from '../src/services/conexiones';
import { bearerAs, testApp } from './helpers/app';
import { escenario, insertCliente, insertNodo, invariante } from './helpers/conexiones';
import { createTestDb, onPostgres, type TestDatabase } from './helpers/db';
import { insertServicio } from './helpers/fixtures';

/**
 * Lock order and exactness under real concurrency (PostgreSQL only: PGlite runs one transaction at a
 * time). Each test counts the deadlocks PostgreSQL itself detected in this database
 * (pg_stat_database), so a deadlock hidden by the server's retry still fails the test.
 */
describe.skipIf(!onPostgres())(
  'bloqueos y exactitud bajo concurrencia (PostgreSQL, HTTP real)',
  { timeout: 120_000 },
  () => {
    let database: TestDatabase;
    let segunda: Database;
    let apps: FastifyInstance[] = [];
    let bases: string[] = [];
    let headers: Record<string, string>;

    beforeAll(async () => {
      database = await createTestDb({ poolSize: 12 });
      // A second server on the same database with its own pool: what two server processes do.
      const [fila] = await execRows<{ db: string }>(database.db, sql`select current_database() as db`);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${fila!.db}`;
      segunda = connectPostgres(url.toString(), { max: 12 });
      apps = [await testApp(database), await testApp({ ...database, ...segunda } as TestDatabase)];
      bases = await Promise.all(apps.map((a) => a.listen({ port: 0, host: '127.0.0.1' })));
    });
    afterAll(async () => {
      for (const a of apps) await a.close();
      await segunda?.close();
      await database?.close();
    });
    beforeEach(async () => {
      await database.truncate();
      headers = { ...(await bearerAs(database, 'operador')), 'content-type': 'application/json' };
    });

    const llamar = async (i: number, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${bases[i % bases.length]}/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    /** Deadlocks PostgreSQL reported to this database plus those the server hid by running again. */
    async function deadlocks(): Promise<number> {
      await database.db.execute(sql`select pg_stat_force_next_flush()`);
      await new Promise((r) => setTimeout(r, 50));
      await database.db.execute(sql`select pg_stat_clear_snapshot()`);
      const [r] = await execRows<{ n: string }>(
        database.db,
        sql`select deadlocks as n from pg_stat_database where datname = current_database()`,
      );
      return Number(r?.n ?? 0) + reintentos.deadlock;
    }

    async function conexionesEn(servicios: number[], porServicio: number) {
      const cliente = await insertCliente(database.db);
      const nodoA = await insertNodo(database.db, { tipo: 'CORE' });
      const ids: number[] = [];
      for (const servicio_id of servicios) {
        for (let i = 0; i < porServicio; i++) {
          const r = await crearConexion(database.db, {
            datos: {
              servicio_id,
              cliente_id: cliente.cliente_id,
              nodo_a: nodoA.nodo_id,
              tipo_enlace: 'Internet',
              bw_contratado: 10,
              bw_utilizado: 1,
              enlace_estado: 'ACTIVO',
            },
            usuario: null,
            politica: 'warn',
            ajustarServicio: true,
          });
          ids.push(r.conexion.enlace_id);
        }
      }
      return ids;
    }

    it('200 concurrent PUTs moving connections between two services in opposite directions: no deadlock', async () => {
      const s1 = await insertServicio(database.db, { capacidad_comprada: 100_000 });
      const s2 = await insertServicio(database.db, { capacidad_comprada: 100_000 });
      const en1 = await conexionesEn([s1.servicio_id], 100);
      const en2 = await conexionesEn([s2.servicio_id], 100);
      const antes = await deadlocks();

      // Every connection moves to the other service at once; half of the requests use the
      // single-effect PUT, half the atomic one (ajustar_servicio).
      const rs = await Promise.all(
        Array.from({ length: 200 }, (_, i) => {
          const desde1 = i % 2 === 0;
          const id = (desde1 ? en1 : en2)[Math.floor(i / 2)]!;
          const destino = desde1 ? s2 : s1;
          return llamar(i, 'PUT', `/conexiones/${id}`, {
            servicio_id: destino.servicio_id,
            ...(i % 4 < 2 ? { ajustar_servicio: true } : {}),
          });
        }),
      );
      expect(rs.filter((r) => r.status !== 200).map((r) => [r.status, r.body.message])).toEqual([]);
      expect((await deadlocks()) - antes).toBe(0);
      // vendida = Σ ledger always; utilizada equals Σ bw_utilizado of live connections on each service.
      await invariante(database.db, { soloConexiones: false });
      for (const s of [s1, s2]) {
        const [u] = await execRows<{ u: string }>(
          database.db,
          sql`select coalesce(sum(bw_utilizado), 0) as u from conexiones
             where servicio_id = ${s.servicio_id} and enlace_estado <> 'BAJA'`,
        );
        expect((await leerCapacidad(database.db, s.servicio_id))!.capacidad_utilizada).toBeCloseTo(Number(u!.u), 3);
      }
    });

    it('a mixed burst of create / edit / ajustar-bw / estado on three services through two servers: no deadlock, ledger exact', async () => {
      const servicios = [
        await insertServicio(database.db, { capacidad_comprada: 100_000 }),
        await insertServicio(database.db, { capacidad_comprada: 100_000 }),
        await insertServicio(database.db, { capacidad_comprada: 100_000 }),
      ].map((s) => s.servicio_id);
      const ids = await conexionesEn(servicios, 6);
      const cliente = await insertCliente(database.db);
      const nodoA = await insertNodo(database.db, { tipo: 'CORE' });
      const antes = await deadlocks();

      const rs = await Promise.all(
        Array.from({ length: 240 }, (_, i) => {
          const id = ids[(i * 7) % ids.length]!;
          const servicio_id = servicios[i % 3]!;
          switch (i % 4) {
            case 0:
              return llamar(i, 'POST', '/conexiones', {
                servicio_id,
                cliente_id: cliente.cliente_id,
                nodo_a: nodoA.nodo_id,
                tipo_enlace: 'Internet',
                bw_contratado: 5,
                bw_utilizado: 2,
                estado: 'ACTIVO',
                ajustar_servicio: true,
              });
            case 1:
              return llamar(i, 'PUT', `/conexiones/${id}`, {
                servicio_id: servicios[(i + 1) % 3],
                bw_utilizado: i % 5,
                ajustar_servicio: true,
              });
            case 2:
              return llamar(i, 'POST', `/conexiones/${id}/ajustar-bw`, {
                modo: i % 3 === 0 ? 'DISMINUIR' : 'AUMENTAR',
                mbps: 1,
                ajustar_servicio: true,
              });
            default:
              return llamar(i, 'PUT', `/conexiones/${id}`, {
                estado: i % 8 === 3 ? 'SUSPENDIDO' : 'ACTIVO',
                ajustar_servicio: true,
              });
          }
        }),
      );
      const fallos = rs.filter((r) => r.status !== 200 && r.status !== 201);
      expect(fallos.map((r) => [r.status, r.body.message])).toEqual([]);
      expect((await deadlocks()) - antes).toBe(0);
      await invariante(database.db);
    });

    it('capacidad_utilizada stays exact with 50 parallel creates (each bw_utilizado 1)', async () => {
      const e = await escenario(database.db, { comprada: 10_000 });
      const rs = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          llamar(i, 'POST', '/conexiones', {
            servicio_id: e.servicio.servicio_id,
            cliente_id: e.cliente.cliente_id,
            nodo_a: e.nodoA.nodo_id,
            tipo_enlace: 'Internet',
            bw_contratado: 10,
            bw_utilizado: 1,
            estado: 'ACTIVO',
          }),
        ),
      );
      expect(rs.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
      expect((await leerCapacidad(database.db, e.servicio.servicio_id))!.capacidad_utilizada).toBe(50);
    });

    it('ajustar-capacidad at the edge of a blocking limit: every refusal is a real one, none for contention', async () => {
      const s = await insertServicio(database.db, { capacidad_comprada: 100, limite_sobreventa_pct: 0 });
      await llamar(0, 'POST', `/servicios-proveedor/${s.servicio_id}/ajustar-capacidad`, { delta_disponible: -100 });
      // The service is full: every sale waits for a return. Sales and returns of 1 Mbps, interleaved.
      const rs = await Promise.all(
        Array.from({ length: 400 }, (_, i) =>
          llamar(i, 'POST', `/servicios-proveedor/${s.servicio_id}/ajustar-capacidad`, {
            delta_disponible: i % 2 ? 1 : -1,
          }),
        ),
      );
      // Sales may be refused as an oversale (409), returns as more than was sold (422); nothing else.
      const otros = rs.filter((r, i) => r.status !== 200 && r.status !== (i % 2 ? 422 : 409));
      expect(otros.map((r) => [r.status, r.body.message])).toEqual([]);
      const rechazos = rs.filter((r) => r.status !== 200).map((r) => String(r.body.message));
      expect(rechazos.filter((m) => /vuelva a intentarlo/i.test(m))).toEqual([]);
      const cap = (await leerCapacidad(database.db, s.servicio_id))!;
      expect(cap.capacidad_vendida).toBeLessThanOrEqual(100);
      expect(cap.capacidad_vendida).toBeGreaterThanOrEqual(0);
      const devoluciones = rs.filter((r, i) => i % 2 === 1 && r.status === 200).length;
      const ventas = rs.filter((r, i) => i % 2 === 0 && r.status === 200).length;
      // Each refusal was real: a refused sale met a full service and a refused return an empty one,
      // so no more than `vendida` returns and `100 − vendida` sales can be refused at the end.
      expect(cap.capacidad_vendida).toBeCloseTo(100 - devoluciones + ventas, 3);
      await invariante(database.db, { soloConexiones: false });
    });
  },
);
