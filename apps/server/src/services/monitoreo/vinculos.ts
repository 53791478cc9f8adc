import {
  type EstadoMonitoreo,
  type Monitoreo,
  monitoreoSchema,
  type ObjetoMonitoreo,
  type VinculoMonitoreo,
} from '@troncal/domain/schemas';
import { formatearNumero, redondearMbps } from '@troncal/domain/validators';
import { type SQL, sql } from 'drizzle-orm';
import type { AuthUser } from '../../auth/types';
import { type DbOrTx, execRows, type Tx } from '../../db/client';
import { enTransaccion } from '../../db/transaccion';
import { registrarCambio } from '../cambios';
import { regla } from '../errores';
import { volcarHoraActual } from './almacen';
import { exigirObjeto, iso, NOMBRE_OBJETO, numeroONulo } from './objetos';
import { recalcularUtilizadaServicios } from './utilizada';

type Fila = Record<string, unknown>;

const COLUMNAS = sql`v.objeto, v.objeto_id, v.fuente, v.host, v.interfaz, v.entrada, v.salida, v.estado, v.mensaje,
  v.p95_mbps, v.max_mbps, v.promedio_mbps, v.muestras, v.medido_en, v.ultima_muestra_en, v.leido_desde, v.intentado_en, v.updated_at,
  coalesce(c.cid_enlace, s.cid_interno) as etiqueta`;
const DESDE = sql`vinculos_monitoreo v
  left join conexiones c on v.objeto = 'conexion' and c.enlace_id = v.objeto_id
  left join servicios_proveedor s on v.objeto = 'servicio' and s.servicio_id = v.objeto_id`;

export function aMonitoreo(f: Fila): Monitoreo {
  return f.fuente === 'zabbix'
    ? { fuente: 'zabbix', host: String(f.host), interfaz: String(f.interfaz) }
    : { fuente: 'prometheus', entrada: String(f.entrada), salida: String(f.salida) };
}

function aVinculo(f: Fila): VinculoMonitoreo {
  return {
    objeto: f.objeto as ObjetoMonitoreo,
    id: Number(f.objeto_id),
    etiqueta: f.etiqueta === null || f.etiqueta === undefined ? null : String(f.etiqueta),
    monitoreo: aMonitoreo(f),
    estado: (f.estado ?? null) as EstadoMonitoreo | null,
    mensaje: (f.mensaje ?? null) as string | null,
    p95_mbps: numeroONulo(f.p95_mbps),
    max_mbps: numeroONulo(f.max_mbps),
    promedio_mbps: numeroONulo(f.promedio_mbps),
    muestras: numeroONulo(f.muestras),
    medido_en: iso(f.medido_en),
    ultima_muestra_en: iso(f.ultima_muestra_en),
    leido_desde: iso(f.leido_desde),
    intentado_en: iso(f.intentado_en),
    actualizado_en: iso(f.updated_at) ?? '',
  };
}

async function leer(db: DbOrTx, objeto: ObjetoMonitoreo, id: number): Promise<VinculoMonitoreo | null> {
  const [f] = await execRows<Fila>(
    db,
    sql`select ${COLUMNAS} from ${DESDE} where v.objeto = ${objeto} and v.objeto_id = ${id}`,
  );
  return f ? aVinculo(f) : null;
}

/** The binding of a connection or a service with its last reading; null when unbound; 404 when the record does not exist. */
export async function obtenerVinculo(
  db: DbOrTx,
  objeto: ObjetoMonitoreo,
  id: number,
): Promise<VinculoMonitoreo | null> {
  const vinculo = await leer(db, objeto, id);
  if (!vinculo) await exigirObjeto(db, objeto, id);
  return vinculo;
}

/** Readable name of what a binding measures, for messages. */
export function describirMonitoreo(m: Monitoreo): string {
  return m.fuente === 'zabbix'
    ? `Zabbix, host «${m.host}», interfaz «${m.interfaz}»`
    : `Prometheus, entrada «${m.entrada}», salida «${m.salida}»`;
}

const mismoMonitoreo = (a: Monitoreo, b: Monitoreo) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes the `monitoreo` of a create/edit body inside the caller's transaction: `undefined` leaves
 * the binding alone, `null` removes it (the connection goes back to a typed bw_utilizado, keeping
 * its last measured value), an object binds or rebinds. A changed binding forgets its last state
 * (the next cycle reads the whole window again) but keeps the last figures until then. Unbinding a
 * service puts its capacidad_utilizada back to Σ of its connections at once. Validates with the
 * domain schema; 404 if the record does not exist. Lock order: call it after the connection and
 * before (or while holding) the services, as every use case does.
 */
export async function guardarVinculo(
  tx: Tx,
  objeto: ObjetoMonitoreo,
  id: number,
  monitoreo: Monitoreo | null | undefined,
  usuario_id: number | null = null,
): Promise<VinculoMonitoreo | null | undefined> {
  if (monitoreo === undefined) return undefined;
  await exigirObjeto(tx, objeto, id, { bloquear: true });
  const [anterior] = await execRows<Fila>(
    tx,
    sql`select * from vinculos_monitoreo where objeto = ${objeto} and objeto_id = ${id} for update`,
  );
  if (monitoreo === null) {
    if (!anterior) return null;
    await volcarHoraActual(tx, objeto, id);
    await tx.execute(sql`delete from vinculos_monitoreo where objeto = ${objeto} and objeto_id = ${id}`);
    if (objeto === 'servicio') await recalcularUtilizadaServicios(tx, [id]);
    return null;
  }
  const m = monitoreoSchema.parse(monitoreo);
  if (anterior && mismoMonitoreo(aMonitoreo(anterior), m)) return leer(tx, objeto, id);
  // What was measured so far stays in the history; the new binding starts its own reading.
  if (anterior) await volcarHoraActual(tx, objeto, id);
  const zabbix = m.fuente === 'zabbix' ? m : null;
  const prom = m.fuente === 'prometheus' ? m : null;
  await tx.execute(
    sql`insert into vinculos_monitoreo (objeto, objeto_id, fuente, host, interfaz, entrada, salida, created_by, updated_by)
        values (${objeto}, ${id}, ${m.fuente}, ${zabbix?.host ?? null}, ${zabbix?.interfaz ?? null},
                ${prom?.entrada ?? null}, ${prom?.salida ?? null}, ${usuario_id}::int, ${usuario_id}::int)
        on conflict (objeto, objeto_id) do update set
          fuente = excluded.fuente, host = excluded.host, interfaz = excluded.interfaz,
          entrada = excluded.entrada, salida = excluded.salida,
          estado = null, mensaje = null, ultima_muestra_en = null, leido_desde = null, intentado_en = null,
          ventana_a = null, ventana_b = null, primera_hora = null, primera_kbps = null, hora_actual = null, actual_entrada_kbps = null, actual_salida_kbps = null,
          updated_at = now(), updated_by = excluded.updated_by`,
  );
  return leer(tx, objeto, id);
}

/** PUT/DELETE …/monitoreo and tRPC monitoreo.vincular: one transaction around `guardarVinculo`. */
export async function vincular(
  db: DbOrTx,
  objeto: ObjetoMonitoreo,
  id: number,
  monitoreo: Monitoreo | null,
  usuario_id: number | null,
  /** Who, for the change history (via and request id); absent: the server itself. */
  usuario?: AuthUser | null,
): Promise<{ message: string; data: VinculoMonitoreo | null }> {
  return enTransaccion(db, async (tx) => {
    const antes = await leer(tx, objeto, id);
    const data = (await guardarVinculo(tx, objeto, id, monitoreo, usuario_id)) ?? null;
    if (!(antes && data && mismoMonitoreo(antes.monitoreo, data.monitoreo)) && (antes || data)) {
      await registrarCambio(tx, {
        entidad: objeto,
        id,
        accion: 'monitoreo',
        usuario,
        cambios: [{ campo: 'monitoreo', antes: antes?.monitoreo ?? null, despues: data?.monitoreo ?? null }],
      });
    }
    const quien = `${NOMBRE_OBJETO[objeto]} ${id}`;
    const deQuien = `${objeto === 'conexion' ? 'de la conexión' : 'del servicio de proveedor'} ${id}`;
    const message = !data
      ? antes
        ? `Se quitó el monitoreo ${deQuien}.`
        : `${capitalizar(quien)} no tenía monitoreo.`
      : antes && mismoMonitoreo(antes.monitoreo, data.monitoreo)
        ? `El monitoreo ${deQuien} no cambió.`
        : `${capitalizar(quien)} queda ${objeto === 'conexion' ? 'vinculada' : 'vinculado'} a ${describirMonitoreo(data.monitoreo)}; el próximo ciclo ${objeto === 'conexion' ? 'la' : 'lo'} medirá.`;
    return { message, data };
  });
}

const capitalizar = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export type FiltroEstado = EstadoMonitoreo | 'PENDIENTE';

export interface ConsultaVinculos {
  estado?: FiltroEstado | undefined;
  objeto?: ObjetoMonitoreo | undefined;
  fuente?: Monitoreo['fuente'] | undefined;
  limit: number;
  offset: number;
}

/** Every binding with its state (the Monitoreo admin page), filterable; `resumen` counts by state. */
export async function listarVinculos(db: DbOrTx, q: ConsultaVinculos) {
  const condiciones: SQL[] = [];
  if (q.objeto) condiciones.push(sql`v.objeto = ${q.objeto}`);
  if (q.fuente) condiciones.push(sql`v.fuente = ${q.fuente}`);
  const base = condiciones.length ? sql`where ${sql.join(condiciones, sql` and `)}` : sql``;
  const conEstado = [...condiciones];
  if (q.estado === 'PENDIENTE') conEstado.push(sql`v.estado is null`);
  else if (q.estado) conEstado.push(sql`v.estado = ${q.estado}`);
  const where = conEstado.length ? sql`where ${sql.join(conEstado, sql` and `)}` : sql``;
  const [filas, conteos] = await Promise.all([
    execRows<Fila>(
      db,
      sql`select ${COLUMNAS} from ${DESDE} ${where} order by v.objeto, v.objeto_id limit ${q.limit} offset ${q.offset}`,
    ),
    execRows<{ estado: string | null; n: number | string }>(
      db,
      sql`select v.estado, count(*) as n from vinculos_monitoreo v ${base} group by v.estado`,
    ),
  ]);
  const resumen = { OK: 0, SIN_DATOS: 0, ERROR: 0, PENDIENTE: 0 };
  for (const c of conteos) resumen[(c.estado ?? 'PENDIENTE') as FiltroEstado] += Number(c.n);
  const total = q.estado ? resumen[q.estado] : resumen.OK + resumen.SIN_DATOS + resumen.ERROR + resumen.PENDIENTE;
  return { data: filas.map(aVinculo), total, limit: q.limit, offset: q.offset, resumen };
}

/**
 * The 422 of PRODUCT.md: the source owns a bound connection's bw_utilizado. For the connection use
 * cases, inside their transaction after locking the connection: `bw_utilizado` is the body's value
 * (undefined/null: not sent → nothing to check); `monitoreo` is the body's binding, when it has one
 * (an object binds in the same request, null unbinds it and frees the field). Sending the value the
 * connection already has passes, so a form that posts every field still saves. On create pass
 * `enlace_id` null: any value other than 0 with a binding in the body is refused.
 */
export async function exigirUtilizadoNoMedido(
  tx: DbOrTx,
  enlace_id: number | null,
  bw_utilizado: number | null | undefined,
  monitoreo?: Monitoreo | null,
): Promise<void> {
  if (bw_utilizado === undefined || bw_utilizado === null || monitoreo === null) return;
  const [fila] =
    enlace_id === null
      ? []
      : await execRows<Fila>(
          tx,
          sql`select c.bw_utilizado, v.fuente, v.host, v.interfaz, v.entrada, v.salida
                from conexiones c
                left join vinculos_monitoreo v on v.objeto = 'conexion' and v.objeto_id = c.enlace_id
               where c.enlace_id = ${enlace_id}`,
        );
  const vinculo = monitoreo ?? (fila?.fuente ? aMonitoreo(fila) : null);
  if (!vinculo) return;
  const actual = fila ? Number(fila.bw_utilizado) : 0;
  if (redondearMbps(bw_utilizado) === actual) return;
  throw regla(
    `El BW utilizado de esta conexión lo mide el monitoreo (${describirMonitoreo(vinculo)}): no se escribe a mano` +
      ` (vale ${formatearNumero(actual)} Mbps). Quite el vínculo de monitoreo para escribirlo.`,
    'bw_utilizado',
  );
}
