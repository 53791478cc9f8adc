import type { ObjetoMonitoreo } from '@troncal/domain/schemas';
import { sql } from 'drizzle-orm';
import { type Db, type DbOrTx, execRows } from '../../db/client';
import { type HoraUso, horaDeJson, pisoHora } from './almacen';
import { desdeParaLeer, inicioVentana, rangoRelleno, type VinculoCiclo } from './lectura';
import { codigoObjetoSql } from './objetos';
import type { Resumida } from './ventana';
import { aMonitoreo } from './vinculos';

/**
 * The batches a monitoring cycle reads (sincronizar.ts): every binding for the current read, and
 * the bindings whose window is not complete for the backfill (docs/monitoreo.md).
 */

export type FilaVinculo = Record<string, unknown> & { objeto: ObjetoMonitoreo; objeto_id: number };

export interface Reloj {
  ahora: number;
  ventanaS: number;
  /** Share of the bindings that build next hour's window summary per batch (ventana.ts). */
  fraccionB: number;
  ahoraFecha: Date;
}

/** The current read: every binding, in key order, from its newest sample's hour to now. */
export async function* lotesActuales(db: Db, lote: number, reloj: Reloj): AsyncGenerator<VinculoCiclo[]> {
  let cursor: { objeto: string; id: number } = { objeto: '', id: 0 };
  for (;;) {
    const filas = await execRows<FilaVinculo>(
      db,
      sql`select ${columnasCiclo(reloj)}, extract(epoch from v.ultima_muestra_en)::bigint as ultima,
                 case when v.leido_desde is null then not exists (
                   select 1 from uso_horario n where n.objeto = ${CODIGO_SQL} and n.objeto_id = v.objeto_id
                      and n.hora >= to_timestamp(${inicioVentana(reloj.ahora, reloj.ventanaS)})) else false end as nuevo
            from vinculos_monitoreo v ${HORA_EN_TABLA(reloj)}
           where (v.objeto, v.objeto_id) > (${cursor.objeto}, ${cursor.id})
           order by v.objeto, v.objeto_id limit ${lote}`,
    );
    if (filas.length === 0) return;
    const ultima = filas.at(-1) as FilaVinculo;
    cursor = { objeto: ultima.objeto, id: Number(ultima.objeto_id) };
    yield filas.map((f) => ({
      ...vinculoCiclo(f),
      desde: desdeParaLeer(
        f.ultima === null || f.ultima === undefined ? null : Number(f.ultima),
        reloj.ahora,
        reloj.ventanaS,
      ),
      hasta: reloj.ahora,
      nuevo: f.nuevo === true,
    }));
  }
}

/**
 * The backfill: bindings the source answers (OK or SIN_DATOS after the current read) whose reading
 * does not yet reach back to the window's start, the least filled first, HORAS_POR_RELLENO hours
 * further back per round, round after round. A binding whose backfill was not read (the source
 * failed) is left for the next cycle. The caller stops when the cycle's backfill time is up;
 * `escrito` waits for the batch being written, so each round sees what the last one stored.
 */
export async function* lotesRelleno(
  db: Db,
  lote: number,
  reloj: Reloj,
  escrito: () => Promise<void>,
): AsyncGenerator<VinculoCiclo[]> {
  const inicio = inicioVentana(reloj.ahora, reloj.ventanaS);
  /** What each binding was asked for last round: no progress since, no more this cycle. */
  const pedido = new Map<string, number>();
  for (;;) {
    await escrito();
    const pendientes = (
      await execRows<{ objeto: string; id: number; leido: number | string }>(
        db,
        sql`select objeto, objeto_id as id, extract(epoch from leido_desde)::bigint as leido from vinculos_monitoreo
             where leido_desde > to_timestamp(${inicio}) and estado in ('OK', 'SIN_DATOS')
             order by leido_desde desc, objeto, objeto_id`,
      )
    ).filter((p) => pedido.get(`${p.objeto}:${p.id}`) !== Number(p.leido));
    if (pendientes.length === 0) return;
    for (const claves of trozos(pendientes, lote)) {
      const filas = await execRows<FilaVinculo>(
        db,
        sql`select ${columnasCiclo(reloj)}, extract(epoch from v.leido_desde)::bigint as leido
              from vinculos_monitoreo v ${HORA_EN_TABLA(reloj)}
             where (v.objeto, v.objeto_id) in (select r.objeto, r.id from json_to_recordset(${JSON.stringify(
               claves.map(({ objeto, id }) => ({ objeto, id })),
             )}::json) as r(objeto text, id int))
             order by v.leido_desde desc, v.objeto, v.objeto_id`,
      );
      const vinculos = filas.flatMap((f) => {
        const rango = f.leido === null ? null : rangoRelleno(Number(f.leido), reloj.ahora, reloj.ventanaS);
        if (!rango) return [];
        pedido.set(`${f.objeto}:${f.objeto_id}`, Number(f.leido));
        return [{ ...vinculoCiclo(f), ...rango }];
      });
      if (vinculos.length > 0) yield vinculos;
    }
  }
}

/**
 * What a cycle reads of each binding. `ventana_b` only matters whole when `ventana_a` is not the
 * current hour's (the cycle makes that from it); otherwise, most cycles, its first two elements
 * say whether it is this hour's (ventana.ts) and its values stay unread: a fifth of the text a
 * cycle reads, and of PostgreSQL's work producing it.
 */
const columnasCiclo = (reloj: Reloj) => {
  const U = pisoHora(reloj.ahora);
  const P = inicioVentana(reloj.ahora, reloj.ventanaS);
  return sql`v.objeto, v.objeto_id, v.fuente, v.host, v.interfaz, v.entrada, v.salida, v.updated_at::text as version,
   array_to_json(v.ventana_a)::text as va,
   array_to_json(case when v.ventana_a[1:2] = array[${P + 3600}::bigint, ${U - 3600}::bigint] then v.ventana_b[1:2]
                      else v.ventana_b end)::text as vb,
   extract(epoch from v.primera_hora)::bigint as ph, array_to_json(v.primera_kbps)::text as pk,
   extract(epoch from v.hora_actual)::bigint as ha, array_to_json(v.actual_entrada_kbps)::text as act_e,
   array_to_json(v.actual_salida_kbps)::text as act_s,
   array_to_json(u.entrada_kbps)::text as tab_e, array_to_json(u.salida_kbps)::text as tab_s`;
};

/** `uso_horario.objeto`'s code of the binding `v`. */
const CODIGO_SQL = codigoObjetoSql('v.objeto');

/**
 * The current hour's row of `uso_horario`, for a binding whose row does not hold that hour: written
 * before the binding kept its hour being measured (an upgrade, the demo, a bench's straight fill).
 * The cycle merges it into the binding's hour, so no slot is lost either way.
 */
const HORA_EN_TABLA = (reloj: Reloj) =>
  sql`left join uso_horario u
        on u.objeto = ${CODIGO_SQL} and u.objeto_id = v.objeto_id
       and u.hora = to_timestamp(${pisoHora(reloj.ahora)}) and v.hora_actual is distinct from u.hora`;

const resumida = (x: unknown): Resumida | null => (typeof x === 'string' ? (JSON.parse(x) as Resumida) : null);

/** The kept first hour of the window (ventana.ts, CacheVentana.p). */
const primera = (f: FilaVinculo): HoraUso | null =>
  f.ph === null || f.ph === undefined
    ? null
    : {
        hora: Number(f.ph),
        entrada: typeof f.pk === 'string' ? (JSON.parse(f.pk) as (number | null)[]) : [],
        salida: [],
      };

const vinculoCiclo = (f: FilaVinculo) => ({
  objeto: f.objeto,
  id: Number(f.objeto_id),
  monitoreo: aMonitoreo(f),
  version: String(f.version),
  cache: { a: resumida(f.va), b: resumida(f.vb), p: primera(f) },
  actual: horaDeJson(f.ha === null || f.ha === undefined ? null : Number(f.ha), f.act_e, f.act_s),
  tablaActual: horaDeJson(0, f.tab_e, f.tab_s),
});

export function* trozos<T>(xs: T[], n: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

/**
 * Bindings whose reading does not reach back to the window's first hour (the backfill's test,
 * whatever their state): GET /v1/monitoreo/estado and the cycle's answer.
 */
export async function ventanasIncompletas(db: DbOrTx, ahora: number, ventanaS: number): Promise<number> {
  const [f] = await execRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from vinculos_monitoreo where leido_desde > to_timestamp(${inicioVentana(ahora, ventanaS)})`,
  );
  return Number(f?.n ?? 0);
}
