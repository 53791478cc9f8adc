import { reservaCapacidad } from '@troncal/domain/capacity';
import type { ConexionUpdateInput } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { and, asc, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { auditoria, usuarioId } from '../../auth/auditoria';
import { cambios, conexionEquipos, conexiones, equipos } from '../../db/schema';
import { actorDe, ocultarSecretos, registrarCambio, registrarCreaciones } from '../cambios';
import { avanzarPasadoCids, cidCanonico, tomarCids } from '../cid';
import { actualizarConexion, valoresNuevaConexion } from '../conexiones';
import { conflicto } from '../errores';
import { utilizadaServicioSql } from '../monitoreo/utilizada-sql';
import {
  type Contexto,
  conUnicos,
  type Escrito,
  insertarLote,
  LOTE,
  lotes,
  type Registros,
  registrarMuestras,
} from './lotes';
import { preverCapacidad, SumaCapacidad } from './prever-capacidad';
import { ErrorImportacion } from './resultado';

const COLUMNAS_CONEXION = {
  cid_enlace: 'text',
  servicio_id: 'integer',
  modalidad_enlace: 'text',
  tipo_enlace: 'text',
  enlace_estado: 'text',
  enlace_fecha_activacion: 'date',
  bw_contratado: 'numeric',
  bw_utilizado: 'numeric',
  departamento_enlace: 'text',
  provincia_enlace: 'text',
  distrito_enlace: 'text',
  direccion_enlace: 'text',
  locacion: 'text',
  cliente_id: 'integer',
  nodo_a: 'integer',
  configuracion_nodo_a: 'text',
  nodo_b: 'integer',
  configuracion_nodo_b: 'text',
  asignacion_ip: 'text',
  created_by: 'integer',
  updated_by: 'integer',
} as const;
const COLUMNAS_LIBRO = {
  servicio_id: 'integer',
  delta_vendida: 'numeric',
  vendida_resultante: 'numeric',
  motivo: 'text',
  origen: 'text',
  enlace_id: 'integer',
  usuario_id: 'integer',
} as const;
const COLUMNAS_HISTORIAL = {
  enlace_id: 'integer',
  bw_anterior: 'numeric',
  bw_nuevo: 'numeric',
  delta: 'numeric',
  motivo: 'text',
  usuario_id: 'integer',
} as const;

type Registro = Registros<'conexiones'>[number];

/** The second reading did not find the new rows the first one did: the database changed meanwhile. */
const cambiado = () =>
  conflicto('Otra operación cambió los datos del archivo mientras se importaba; vuelva a validar.');

/**
 * What writing the new connections needs before the first is written (the equipos to lock, what
 * they add to each service, the manual CIDs, the services they touch), gathered while the file is
 * validated. The new rows themselves are not kept: a 100,000-row file would hold them all while
 * they are written. Existing rows (existentes=actualizar) are kept, to be updated first.
 */
export class PlanConexiones {
  readonly existentes: Registro[] = [];
  readonly suma = new SumaCapacidad();
  readonly equipos = new Set<number>();
  readonly servicios = new Set<number>();
  readonly manuales: string[] = [];
  nuevas = 0;

  agregar(r: Registro): void {
    if (r.existente !== null) {
      this.existentes.push(r);
      return;
    }
    this.nuevas++;
    this.suma.agregar(r);
    for (const id of r.datos.equipos_ids ?? []) this.equipos.add(id);
    this.servicios.add(r.datos.servicio_id);
    if (r.datos.cid_enlace) this.manuales.push(cidCanonico('conexion', r.datos.cid_enlace));
  }
}

/** Hands each new connection, in file order, to `escribir` (the file read and validated again). */
export type RecorrerNuevas = (escribir: (r: Registro) => Promise<void>) => Promise<void>;

export async function escribirConexiones(
  ctx: Contexto,
  plan: PlanConexiones,
  recorrer: RecorrerNuevas,
): Promise<Escrito> {
  const { tx, usuario } = ctx;
  const uid = usuarioId(usuario);
  const advertencias: string[] = [];

  // Existing connections: the edit use case, one by one (connection → equipos → services each).
  const actualizados = plan.existentes.length;
  for (const r of plan.existentes.splice(0)) {
    const res = await actualizarConexion(tx, {
      id: r.existente as number,
      datos: r.datos as ConexionUpdateInput,
      usuario,
      politica: ctx.politica,
      ajustarServicio: true,
    });
    advertencias.push(...res.advertencias);
  }

  const creados = plan.nuevas;
  if (creados === 0) return { creados: 0, actualizados, advertencias };

  // Lock order: (new connections hold no lock yet) → equipos ascending → services ascending.
  const equiposIds = [...plan.equipos].sort((a, b) => a - b);
  for (const lote of lotes(equiposIds, 5000)) {
    await tx
      .select({ id: equipos.equipo_id })
      .from(equipos)
      .where(inArray(equipos.equipo_id, lote))
      .orderBy(asc(equipos.equipo_id))
      .for('no key update');
    const ocupado = await tx
      .select({ cid: conexiones.cid_enlace })
      .from(conexionEquipos)
      .innerJoin(conexiones, sql`${conexiones.enlace_id} = ${conexionEquipos.enlace_id}`)
      .where(and(inArray(conexionEquipos.equipo_id, lote), ne(conexiones.enlace_estado, 'BAJA')))
      .limit(1);
    if (ocupado[0]) {
      throw conflicto(
        `Un equipo del archivo se asignó a la conexión ${ocupado[0].cid} mientras se importaba; vuelva a validar.`,
      );
    }
  }
  const prev = await preverCapacidad(tx, plan.suma, ctx.politica, true);
  if (prev.errores.length > 0) {
    throw new ErrorImportacion({ filas: ctx.filas, validas: 0, errores: prev.errores, advertencias: [] });
  }
  advertencias.push(...prev.advertencias);

  // CIDs known before the INSERT: manual ones in the scheme's spelling, the rest drawn at once.
  await avanzarPasadoCids(tx, 'conexion', plan.manuales);
  const automaticos = await tomarCids(tx, 'conexion', creados - plan.manuales.length);
  let k = 0;

  const vendida = new Map<number, number>([...prev.caps].map(([id, c]) => [id, c.vendida]));
  const tocados = [...plan.servicios].sort((a, b) => a - b);
  let escritas = 0;
  async function escribirLote(lote: Registro[]) {
    escritas += lote.length;
    if (escritas > creados) throw cambiado();
    const loteCids = lote.map((r) =>
      r.datos.cid_enlace ? cidCanonico('conexion', r.datos.cid_enlace) : (automaticos[k++] as string),
    );
    const filas = await conUnicos(() =>
      insertarLote<{ enlace_id: number; cid_enlace: string }>(
        tx,
        'conexiones',
        COLUMNAS_CONEXION,
        lote.map(({ datos: d }, j) => ({
          cid_enlace: loteCids[j],
          ...valoresNuevaConexion(d),
          ...auditoria(usuario),
        })),
        'enlace_id, cid_enlace',
      ),
    );
    const idDe = new Map(filas.map((f) => [f.cid_enlace, Number(f.enlace_id)]));
    const enlaces = lote.map((r, j) => ({ r, id: idDe.get(loteCids[j] as string) as number }));
    await registrarCreaciones(tx, {
      entidad: 'conexion',
      idCampo: 'enlace_id',
      filas: enlaces.map(({ r, id }, j) => ({
        ...r.datos,
        enlace_id: id,
        cid_enlace: loteCids[j],
        enlace_estado: r.datos.enlace_estado ?? 'PENDIENTE',
        bw_contratado: redondearMbps(r.datos.bw_contratado),
        bw_utilizado: redondearMbps(r.datos.bw_utilizado ?? 0),
      })),
      usuario,
    });

    const vinculos = enlaces.flatMap(({ r, id }) =>
      (r.datos.equipos_ids ?? []).map((equipo_id) => ({ enlace_id: id, equipo_id })),
    );
    if (vinculos.length > 0) {
      await insertarLote(tx, 'conexion_equipos', { enlace_id: 'integer', equipo_id: 'integer' }, vinculos);
    }
    const asignados = enlaces.flatMap(({ r }) =>
      reservaCapacidad(r.datos.enlace_estado ?? 'PENDIENTE') ? (r.datos.equipos_ids ?? []) : [],
    );
    if (asignados.length > 0) {
      // Each equipo this takes from DISPONIBLE gets its state change in the history.
      const cambian = await tx
        .select({ equipo_id: equipos.equipo_id, estado: equipos.estado })
        .from(equipos)
        .where(and(inArray(equipos.equipo_id, asignados), ne(equipos.estado, 'ASIGNADO')));
      // One INSERT per batch, the rows registrarCambio would write one by one.
      if (cambian.length > 0) {
        const actor = actorDe(usuario);
        await tx.insert(cambios).values(
          cambian.map((e) => ({
            entidad: 'equipo' as const,
            entidad_id: e.equipo_id,
            accion: 'cambiar_estado' as const,
            cambios: ocultarSecretos([{ campo: 'estado', antes: e.estado, despues: 'ASIGNADO' }]),
            ...actor,
          })),
        );
      }
      await tx
        .update(equipos)
        .set({ estado: 'ASIGNADO', updated_at: sql`now()`, updated_by: uid })
        .where(and(inArray(equipos.equipo_id, asignados), ne(equipos.estado, 'ASIGNADO')));
    }

    const historial = enlaces
      .filter(({ r }) => redondearMbps(r.datos.bw_contratado) !== 0)
      .map(({ r, id }) => {
        const bw = redondearMbps(r.datos.bw_contratado);
        return { enlace_id: id, bw_anterior: 0, bw_nuevo: bw, delta: bw, motivo: ctx.motivo, usuario_id: uid };
      });
    if (historial.length > 0) await insertarLote(tx, 'movimientos_enlace', COLUMNAS_HISTORIAL, historial);

    // One ledger row per connection that holds capacity, with the service's running vendida.
    const libro = enlaces.flatMap(({ r, id }) => {
      const bw = redondearMbps(r.datos.bw_contratado);
      if (bw === 0 || !reservaCapacidad(r.datos.enlace_estado ?? 'PENDIENTE')) return [];
      const resultante = redondearMbps((vendida.get(r.datos.servicio_id) ?? 0) + bw);
      vendida.set(r.datos.servicio_id, resultante);
      return [
        {
          servicio_id: r.datos.servicio_id,
          delta_vendida: bw,
          vendida_resultante: resultante,
          motivo: `${ctx.motivo} (fila ${r.fila})`,
          origen: 'IMPORTACION' as const,
          enlace_id: id,
          usuario_id: uid,
        },
      ];
    });
    if (libro.length > 0) await insertarLote(tx, 'movimientos_capacidad', COLUMNAS_LIBRO, libro);
  }
  // The new rows come a batch at a time from a second reading of the file, so only one batch is held.
  let lote: Registro[] = [];
  await recorrer(async (r) => {
    lote.push(r);
    if (lote.length === LOTE) {
      await escribirLote(lote);
      lote = [];
    }
  });
  if (lote.length > 0) await escribirLote(lote);
  if (escritas !== creados) throw cambiado();

  // Each touched service once: vendida by the ledger's sum, utilizada recomputed, one usage sample.
  const conDelta = [...prev.deltas].filter(([, d]) => d !== 0);
  // The services' vendida movements in their history, as moverCapacidad records them.
  for (const [id, d] of conDelta) {
    const antes = prev.caps.get(id)?.vendida ?? 0;
    await registrarCambio(tx, {
      entidad: 'servicio',
      id,
      accion: 'mover_capacidad',
      usuario,
      cambios: [{ campo: 'capacidad_vendida', antes, despues: redondearMbps(antes + d) }],
    });
  }
  for (const lote of lotes(conDelta, 5000)) {
    const valores = sql.join(
      lote.map(([id, d]) => sql`(${id}::int, ${d}::numeric)`),
      sql`, `,
    );
    await tx.execute(
      sql`update servicios_proveedor s
             set capacidad_vendida = s.capacidad_vendida + v.d, updated_at = now(),
                 updated_by = coalesce(${uid}::int, s.updated_by)
            from (values ${valores}) as v(id, d)
           where s.servicio_id = v.id`,
    );
  }
  for (const lote of lotes(tocados, 5000)) {
    const ids: SQL = sql.join(
      lote.map((id) => sql`${id}::int`),
      sql`, `,
    );
    await tx.execute(
      sql`update servicios_proveedor s set capacidad_utilizada = ${utilizadaServicioSql(sql`s.servicio_id`)}
           where s.servicio_id in (${ids})`,
    );
    await registrarMuestras(tx, lote);
  }
  return { creados, actualizados, advertencias };
}
