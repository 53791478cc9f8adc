// One measurement process for cambios.mjs: creates its own PostgreSQL database, migrates it, loads
// a client, two nodes and a large provider service, then creates connections through the real use
// case (crearConexion, the SPA's whole operation: connection, ledger row, service's vendida) one
// after the other and prints the per-operation latencies as JSON. Drops its database at the end.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import type { AuthUser } from '../../apps/server/src/auth/types';
import { connectPostgres } from '../../apps/server/src/db/client';
import { cambios, clientes, nodos, proveedores, serviciosProveedor, usuarios } from '../../apps/server/src/db/schema';
import { crearConexion } from '../../apps/server/src/services/conexiones';

const { values: o } = parseArgs({
  options: { 'pg-url': { type: 'string' }, n: { type: 'string' }, calentamiento: { type: 'string' } },
});
const url = o['pg-url'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const n = Number(o.n ?? 400);
const calentamiento = Number(o.calentamiento ?? 50);

const nombre = `troncal_bench_cambios_${process.pid}_${randomBytes(3).toString('hex')}`;
const admin = postgres(url, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${nombre}"`);
const u = new URL(url);
u.pathname = `/${nombre}`;
const database = connectPostgres(u.toString(), { max: 4 });
try {
  await database.migrate();
  const { db } = database;
  const [usuario] = await db
    .insert(usuarios)
    .values({ email: 'bench@isp.pe', nombre: 'Bench', rol: 'operador', password_hash: 'x' })
    .returning();
  const [p] = await db.insert(proveedores).values({ nombre: 'BENCH CARRIER' }).returning();
  const [s] = await db
    .insert(serviciosProveedor)
    .values({
      proveedor_id: p!.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 9_000_000,
      cid_interno: 'ICP-1',
    })
    .returning();
  const [c] = await db.insert(clientes).values({ razon_social: 'BENCH SAC', ruc: '20100070970' }).returning();
  const [a] = await db.insert(nodos).values({ nombre: 'NODO A', tipo: 'CORE' }).returning();
  const [b] = await db.insert(nodos).values({ nombre: 'NODO B', tipo: 'CLIENTE' }).returning();
  const user: AuthUser = {
    usuario_id: usuario!.usuario_id,
    nombre: 'Bench',
    email: 'bench@isp.pe',
    rol: 'operador',
    via: 'sesion',
    canal: 'spa',
    solicitud_id: 'bench',
  };
  const crear = (i: number) =>
    crearConexion(db, {
      usuario: user,
      politica: 'warn',
      ajustarServicio: true,
      sobreventaConfirmada: true,
      datos: {
        servicio_id: s!.servicio_id,
        cliente_id: c!.cliente_id,
        nodo_a: a!.nodo_id,
        nodo_b: b!.nodo_id,
        tipo_enlace: 'Internet',
        modalidad_enlace: 'P2P',
        bw_contratado: 10 + (i % 50),
        enlace_estado: 'ACTIVO',
        direccion_enlace: `Av. Javier Prado ${i}`,
        locacion: 'Lima - San Isidro',
        asignacion_ip: '10.20.30.0/30',
      },
    });
  for (let i = 0; i < calentamiento; i++) await crear(i);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await crear(calentamiento + i);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const filas = (await db.select({ id: cambios.cambio_id }).from(cambios)).length;
  process.stdout.write(`${JSON.stringify({ ms, filasHistorial: filas })}\n`);
} finally {
  await database.close();
  await admin.unsafe(`drop database if exists "${nombre}" with (force)`);
  await admin.end();
}
