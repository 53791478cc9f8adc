import { count, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../src/db/client';
import { proveedores, serviciosProveedor } from '../../src/db/schema';

let n = 0;

/** Minimal rows inserted directly, for tests of lower layers that must not depend on feature services. */
export async function insertProveedor(db: Db, nombre = `PROVEEDOR ${++n}`) {
  const [p] = await db.insert(proveedores).values({ nombre }).returning();
  return p!;
}

export async function insertServicio(
  db: Db,
  over: { proveedor_id?: number; capacidad_comprada?: number; limite_sobreventa_pct?: number | null } = {},
) {
  const proveedor_id = over.proveedor_id ?? (await insertProveedor(db)).proveedor_id;
  const [s] = await db
    .insert(serviciosProveedor)
    .values({
      proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: over.capacidad_comprada ?? 1000,
      limite_sobreventa_pct: over.limite_sobreventa_pct ?? null,
      cid_interno: sql`'ICP-' || nextval('servicio_cid_seq')`,
    })
    .returning();
  return s!;
}

/** count(*) of a table, where `donde` holds if given. */
export async function contarFilas(db: Db, tabla: PgTable, donde?: SQL): Promise<number> {
  const [r] = await db.select({ n: count() }).from(tabla).where(donde);
  return Number(r?.n ?? 0);
}
