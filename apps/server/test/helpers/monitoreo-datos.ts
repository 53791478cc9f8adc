import { digitoVerificadorRuc } from '@troncal/domain/validators';
import { sql } from 'drizzle-orm';
import { type Db, execRows } from '../../src/db/client';
import { insertServicio } from './fixtures';

/** Rows for the monitoring tests, inserted directly: these tests must not depend on the connection use cases. */

let n = 0;

async function clienteYNodo(db: Db): Promise<{ cliente_id: number; nodo_id: number }> {
  const [hecho] = await execRows<{ cliente_id: number; nodo_id: number }>(
    db,
    sql`select (select min(cliente_id) from clientes) as cliente_id, (select min(nodo_id) from nodos) as nodo_id`,
  );
  if (hecho?.cliente_id && hecho.nodo_id) return hecho;
  const base = `20${String(40_000_000 + ++n).padStart(8, '0')}`;
  const [c] = await execRows<{ cliente_id: number }>(
    db,
    sql`insert into clientes (razon_social, ruc) values (${`CLIENTE MONITOREO ${n} S.A.C.`}, ${base + digitoVerificadorRuc(base)})
        returning cliente_id`,
  );
  const [nd] = await execRows<{ nodo_id: number }>(
    db,
    sql`insert into nodos (nombre, tipo) values (${`NODO MONITOREO ${n}`}, 'CORE') returning nodo_id`,
  );
  return { cliente_id: Number(c?.cliente_id), nodo_id: Number(nd?.nodo_id) };
}

export async function insertarServicio(db: Db, capacidad_comprada = 1000): Promise<number> {
  return (await insertServicio(db, { capacidad_comprada })).servicio_id;
}

export async function insertarConexion(
  db: Db,
  o: { servicio_id: number; bw_contratado?: number; bw_utilizado?: number; estado?: string },
): Promise<number> {
  const { cliente_id, nodo_id } = await clienteYNodo(db);
  const [r] = await execRows<{ enlace_id: number }>(
    db,
    sql`insert into conexiones (servicio_id, cid_enlace, tipo_enlace, enlace_estado, bw_contratado, bw_utilizado,
                                cliente_id, nodo_a)
        values (${o.servicio_id}, nextval('enlace_cid_seq')::text, 'Internet', ${o.estado ?? 'ACTIVO'},
                ${o.bw_contratado ?? 100}, ${o.bw_utilizado ?? 0}, ${cliente_id}, ${nodo_id})
        returning enlace_id`,
  );
  return Number(r?.enlace_id);
}

export async function bwUtilizado(db: Db, enlace_id: number): Promise<number> {
  const [r] = await execRows<{ v: string }>(
    db,
    sql`select bw_utilizado as v from conexiones where enlace_id = ${enlace_id}`,
  );
  return Number(r?.v);
}

export async function utilizada(db: Db, servicio_id: number): Promise<number> {
  const [r] = await execRows<{ v: string }>(
    db,
    sql`select capacidad_utilizada as v from servicios_proveedor where servicio_id = ${servicio_id}`,
  );
  return Number(r?.v);
}

/**
 * Every stored hour, as one table: `uso_horario`'s rows and the hour each binding's row is measuring
 * (vinculos_monitoreo.hora_actual, moved into uso_horario when the next hour starts).
 */
export const HORAS_GUARDADAS = sql`(select objeto, objeto_id, hora, entrada_kbps, salida_kbps from uso_horario
   union all
   select (case objeto when 'conexion' then 1 else 2 end)::smallint, objeto_id, hora_actual, actual_entrada_kbps,
          actual_salida_kbps
     from vinculos_monitoreo where hora_actual is not null) as horas`;

/** Everything a failing cycle must leave alone, to compare before and after. */
export async function instantanea(db: Db) {
  const q = (s: ReturnType<typeof sql>) => execRows(db, s);
  return {
    conexiones: await q(sql`select enlace_id, bw_utilizado, updated_at::text from conexiones order by enlace_id`),
    servicios: await q(
      sql`select servicio_id, capacidad_utilizada, capacidad_vendida, updated_at::text from servicios_proveedor order by servicio_id`,
    ),
    horas: await q(
      sql`select objeto, objeto_id, hora::text, entrada_kbps::text, salida_kbps::text from ${HORAS_GUARDADAS} order by 1, 2, 3`,
    ),
    valores: await q(
      sql`select objeto, objeto_id, p95_mbps, max_mbps, promedio_mbps, muestras, medido_en::text, ultima_muestra_en::text
            from vinculos_monitoreo order by 1, 2`,
    ),
    muestras_uso: await q(sql`select count(*)::int as n from muestras_uso`),
    ledger: await q(sql`select count(*)::int as n from movimientos_capacidad`),
  };
}
