import type { ObjetoMonitoreo, SincronizarRespuesta } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { sql } from 'drizzle-orm';
import { type Db, type DbKind, execRows } from '../../db/client';
import type { Env } from '../../env';
import { conflicto } from '../errores';
import { guardarHoras, kbpsAMbps, pisoHora, podar, resumirVentanas } from './almacen';
import { conCandado, OCUPADO } from './candado';
import type { Fuentes } from './config';
import { crearLector, desdeParaLeer, type Lectura, rangoRelleno, type VinculoCiclo } from './lectura';
import { CODIGO_OBJETO } from './objetos';
import { escribirUtilizadoConexiones, recalcularUtilizadaServicios } from './utilizada';
import { aMonitoreo } from './vinculos';

export interface Registro {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export type ConfigCiclo = Pick<
  Env,
  'TRONCAL_UTILIZACION_VENTANA_H' | 'TRONCAL_MONITOREO_CONCURRENCIA' | 'TRONCAL_MONITOREO_INTERVALO_S'
>;

export interface DepsCiclo {
  db: Db;
  kind: DbKind;
  config: ConfigCiclo;
  fuentes: Fuentes;
  log?: Registro | undefined;
}

export interface OpcionesCiclo {
  /** programado: the in-server timer, which skips when another process has just run a cycle. */
  origen: 'programado' | 'manual';
  /** Tests pin the cycle's clock to the data they wrote. */
  ahora?: Date;
  /** Seconds into the cycle after which no backfill batch starts (default: see PLAZO_RELLENO_S). */
  plazoRellenoS?: number;
}

export type ResultadoCiclo = SincronizarRespuesta & { omitido?: 'en_curso' | 'reciente' };

/** The answer list stays readable when a whole source is down; `errores_total` counts them all. */
const MAX_ERRORES = 1000;

/**
 * A cycle starts backfill batches only while it has run less than this (and less than 40 % of the
 * interval), so switching monitoring on for a whole network does not make one long cycle — but
 * for at least RELLENO_MINIMO_S after the current reads, so a cycle whose current reads alone take
 * that long still fills windows.
 */
export const PLAZO_RELLENO_S = 45;
export const RELLENO_MINIMO_S = 10;

/** The current read of every binding, then the backfill of the windows not yet complete. */
type Pasada = 'actual' | 'relleno';

export const MENSAJE_EN_CURSO =
  'Ya hay un ciclo de monitoreo en curso (en este u otro proceso del servidor); espere a que termine.';

/**
 * One monitoring cycle (docs/monitoreo.md): reads every binding from its source with bounded
 * concurrency, stores the hours read, computes p95/max/average over the trailing window from what
 * is stored, writes each binding's state, the measured connections' bw_utilizado and then the
 * affected services' capacidad_utilizada, and moves old hours into daily rows. One cycle at a time
 * per database (candado.ts). A manual cycle while another runs is a 409; a scheduled one just skips.
 */
export async function sincronizar(deps: DepsCiclo, opciones: OpcionesCiclo): Promise<ResultadoCiclo> {
  const inicio = Date.now();
  if (deps.fuentes.configuradas.length === 0) return nada();
  const r = await conCandado(deps.db, deps.kind, () => ciclo(deps, opciones, inicio));
  if (r !== OCUPADO) return r;
  if (opciones.origen === 'manual') throw conflicto(MENSAJE_EN_CURSO);
  return vacio(inicio, 'en_curso');
}

const nada = (): ResultadoCiclo => ({
  ok: true,
  consultados: 0,
  actualizados: 0,
  errores: [],
  errores_total: 0,
  duracion_ms: 0,
});

const vacio = (inicio: number, omitido: ResultadoCiclo['omitido']): ResultadoCiclo => ({
  ...nada(),
  duracion_ms: Date.now() - inicio,
  omitido,
});

type FilaVinculo = Record<string, unknown> & { objeto: ObjetoMonitoreo; objeto_id: number };

async function ciclo(deps: DepsCiclo, opciones: OpcionesCiclo, inicio: number): Promise<ResultadoCiclo> {
  const { db, config } = deps;
  const intervalo = config.TRONCAL_MONITOREO_INTERVALO_S;
  if (opciones.origen === 'programado') {
    // Several servers on one database each have a timer: a cycle another one finished within half
    // an interval is this one's cycle too.
    const [ultimo] = await execRows<{ reciente: boolean }>(
      db,
      sql`select terminado_en > now() - make_interval(secs => ${intervalo / 2}::float8) as reciente
            from monitoreo_ciclo where ciclo_id = 1`,
    );
    if (ultimo?.reciente) return vacio(inicio, 'reciente');
  }
  await db.execute(
    sql`insert into monitoreo_ciclo (ciclo_id, iniciado_en, origen) values (1, now(), ${opciones.origen})
        on conflict (ciclo_id) do update set iniciado_en = now(), terminado_en = null, origen = excluded.origen`,
  );

  const ahoraFecha = opciones.ahora ?? new Date();
  const reloj: Reloj = {
    ahora: Math.floor(ahoraFecha.getTime() / 1000),
    ventanaS: config.TRONCAL_UTILIZACION_VENTANA_H * 3600,
    ahoraFecha,
  };
  const concurrencia = config.TRONCAL_MONITOREO_CONCURRENCIA;
  // A cycle never runs into the next one: what is not read by then keeps its state for the next.
  const limite = AbortSignal.timeout(Math.max(60, intervalo * 0.9) * 1000);
  const lector = crearLector(deps.fuentes, {
    umbralCaida: Math.max(5, concurrencia),
    signal: limite,
    alFallarInesperado: (err, v) => deps.log?.error({ err, objeto: v.objeto, id: v.id }, 'monitoreo: error inesperado'),
  });

  const resultado = nada();
  const servicios = new Set<number>();
  // A batch is what the server holds at once (twice, with the overlap): 1,000 bindings share
  // `concurrencia` requests, so combined requests carry up to 1,000 / concurrencia bindings each.
  const lote = Math.max(1000, concurrencia * 4);
  let sinTerminar = 0;
  let rellenados = 0;
  /**
   * Reads batches while writing the previous one: the server parses while PostgreSQL writes. One
   * write at a time and in batch order; a failed write is rethrown when next awaited.
   */
  const recorrer = async (
    lotes: (escrito: () => Promise<void>) => AsyncIterable<VinculoCiclo[]>,
    pasada: Pasada,
    seguir: () => boolean,
  ) => {
    let escribiendo: Promise<{ n: number } | { error: unknown }> | null = null;
    const esperarEscritura = async () => {
      if (!escribiendo) return;
      const r = await escribiendo;
      escribiendo = null;
      if ('error' in r) throw r.error;
      if (pasada === 'actual') sinTerminar += r.n;
      else rellenados += r.n;
    };
    for await (const vinculos of lotes(esperarEscritura)) {
      if (!seguir()) {
        if (pasada === 'relleno') break;
        sinTerminar += vinculos.length;
        continue;
      }
      const lecturas = await lector.leerVarios(vinculos, concurrencia);
      await esperarEscritura();
      escribiendo = guardarLote(deps, vinculos, lecturas, reloj, pasada, resultado, servicios).then(
        (n) => ({ n }),
        (error: unknown) => ({ error }),
      );
    }
    await esperarEscritura();
  };

  await recorrer(
    () => lotesActuales(db, lote, reloj),
    'actual',
    () => !limite.aborted,
  );
  // Then the windows not yet complete, a few hours further back each, while the cycle is short.
  const plazoRelleno =
    opciones.plazoRellenoS !== undefined
      ? inicio + opciones.plazoRellenoS * 1000
      : Math.max(
          inicio + Math.min(PLAZO_RELLENO_S, intervalo * 0.4) * 1000,
          Date.now() + Math.min(RELLENO_MINIMO_S, intervalo * 0.1) * 1000,
        );
  await recorrer(
    (escrito) => lotesRelleno(db, lote, reloj, escrito),
    'relleno',
    () => !limite.aborted && Date.now() < plazoRelleno,
  );

  for (const trozo of trozos(
    [...servicios].sort((a, b) => a - b),
    500,
  )) {
    await recalcularUtilizadaServicios(db, trozo);
  }
  const poda = await podar(db, ahoraFecha);
  resultado.duracion_ms = Date.now() - inicio;
  await db.execute(
    sql`update monitoreo_ciclo set terminado_en = now(), consultados = ${resultado.consultados},
          actualizados = ${resultado.actualizados}, errores = ${resultado.errores_total},
          duracion_ms = ${resultado.duracion_ms}
        where ciclo_id = 1`,
  );
  if (resultado.consultados > 0 || sinTerminar > 0) {
    const { errores: _, ...cifras } = resultado;
    const detalle = { ...cifras, sin_terminar: sinTerminar, rellenados, horas_resumidas: poda.horas };
    if (sinTerminar > 0) deps.log?.warn(detalle, 'monitoreo: el ciclo no alcanzó a leer todos los vínculos');
    else deps.log?.info(detalle, 'monitoreo: ciclo terminado');
  }
  return resultado;
}

interface Reloj {
  ahora: number;
  ventanaS: number;
  ahoraFecha: Date;
}

/** The current read: every binding, in key order, from its newest sample's hour to now. */
async function* lotesActuales(db: Db, lote: number, reloj: Reloj): AsyncGenerator<VinculoCiclo[]> {
  let cursor: { objeto: string; id: number } = { objeto: '', id: 0 };
  for (;;) {
    const filas = await execRows<FilaVinculo>(
      db,
      sql`select ${COLUMNAS_CICLO}, extract(epoch from ultima_muestra_en)::bigint as ultima
            from vinculos_monitoreo
           where (objeto, objeto_id) > (${cursor.objeto}, ${cursor.id})
           order by objeto, objeto_id limit ${lote}`,
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
async function* lotesRelleno(
  db: Db,
  lote: number,
  reloj: Reloj,
  escrito: () => Promise<void>,
): AsyncGenerator<VinculoCiclo[]> {
  const inicioVentana = pisoHora(reloj.ahora - reloj.ventanaS);
  /** What each binding was asked for last round: no progress since, no more this cycle. */
  const pedido = new Map<string, number>();
  for (;;) {
    await escrito();
    const pendientes = (
      await execRows<{ objeto: string; id: number; leido: number | string }>(
        db,
        sql`select objeto, objeto_id as id, extract(epoch from leido_desde)::bigint as leido from vinculos_monitoreo
             where leido_desde > to_timestamp(${inicioVentana}) and estado in ('OK', 'SIN_DATOS')
             order by leido_desde desc, objeto, objeto_id`,
      )
    ).filter((p) => pedido.get(`${p.objeto}:${p.id}`) !== Number(p.leido));
    if (pendientes.length === 0) return;
    for (const claves of trozos(pendientes, lote)) {
      const filas = await execRows<FilaVinculo>(
        db,
        sql`select ${COLUMNAS_CICLO}, extract(epoch from leido_desde)::bigint as leido
              from vinculos_monitoreo
             where (objeto, objeto_id) in (select r.objeto, r.id from jsonb_to_recordset(${JSON.stringify(
               claves.map(({ objeto, id }) => ({ objeto, id })),
             )}::jsonb) as r(objeto text, id int))
             order by leido_desde desc, objeto, objeto_id`,
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

const COLUMNAS_CICLO = sql.raw(
  'objeto, objeto_id, fuente, host, interfaz, entrada, salida, updated_at::text as version',
);

const vinculoCiclo = (f: FilaVinculo) => ({
  objeto: f.objeto,
  id: Number(f.objeto_id),
  monitoreo: aMonitoreo(f),
  version: String(f.version),
});

/**
 * Writes one batch: the hours read, then each binding's state in one statement (only where the
 * binding is still the one read, so a rebind meanwhile is not overwritten), then bw_utilizado.
 * A backfill batch changes no state but to OK (older samples found for a SIN_DATOS binding); what
 * it fails to read is read again next cycle, and only the current read reports errors. Returns the
 * bindings not read for lack of time (current read) or read (backfill).
 */
async function guardarLote(
  deps: DepsCiclo,
  vinculos: VinculoCiclo[],
  lecturas: Lectura[],
  reloj: Reloj,
  pasada: Pasada,
  resultado: ResultadoCiclo,
  servicios: Set<number>,
) {
  const relleno = pasada === 'relleno';
  const { db } = deps;
  const oks = vinculos.flatMap((v, i) => {
    const l = lecturas[i] as Lectura;
    return l.ok ? [{ v, l }] : [];
  });
  await guardarHoras(
    db,
    oks.map(({ v, l }) => ({ objeto: CODIGO_OBJETO[v.objeto], id: v.id, horas: l.horas })),
  );

  const estados: Record<string, unknown>[] = [];
  for (const objeto of ['conexion', 'servicio'] as const) {
    const propios = oks.filter((x) => x.v.objeto === objeto);
    const resumenes = await resumirVentanas(
      db,
      CODIGO_OBJETO[objeto],
      propios.map((x) => x.v.id),
      reloj.ahora - reloj.ventanaS,
      reloj.ahora,
    );
    for (const { v, l } of propios) {
      const r = resumenes.get(v.id) ?? { n: 0, p95: null, max: null, promedio: null };
      estados.push({
        objeto,
        id: v.id,
        version: v.version,
        estado: r.n > 0 ? 'OK' : 'SIN_DATOS',
        mensaje:
          r.n > 0 ? null : 'Sin muestras en la ventana de utilización: las lecturas de la fuente son más antiguas.',
        p95: r.n > 0 ? kbpsAMbps(r.p95) : null,
        max: r.n > 0 ? kbpsAMbps(r.max) : null,
        prom: r.n > 0 ? redondearMbps((r.promedio as number) / 1000) : null,
        n: r.n,
        ultima: l.ultima,
        leido: v.desde,
      });
    }
  }
  let sinLeer = 0;
  vinculos.forEach((v, i) => {
    const l = lecturas[i] as Lectura;
    if (l.ok) return;
    if (!l.error) {
      sinLeer++;
      return;
    }
    // The source answered and has nothing there: read all the same.
    const leido = l.error.codigo === 'SIN_DATOS' ? v.desde : null;
    if (relleno) {
      if (leido !== null) estados.push({ objeto: v.objeto, id: v.id, version: v.version, estado: null, leido });
      return;
    }
    estados.push({
      objeto: v.objeto,
      id: v.id,
      version: v.version,
      estado: l.error.estado,
      mensaje: l.error.message,
      leido,
    });
  });

  const escritos = await execRows<{ objeto: ObjetoMonitoreo; objeto_id: number; estado: string; p95_mbps: unknown }>(
    db,
    sql`update vinculos_monitoreo v set
          estado = coalesce(r.estado, v.estado), mensaje = case when r.estado is null then v.mensaje else r.mensaje end,
          intentado_en = to_timestamp(${reloj.ahora}), leido_desde = least(v.leido_desde, to_timestamp(r.leido)),
          p95_mbps = case when r.estado = 'OK' then r.p95 else v.p95_mbps end,
          max_mbps = case when r.estado = 'OK' then r.max else v.max_mbps end,
          promedio_mbps = case when r.estado = 'OK' then r.prom else v.promedio_mbps end,
          muestras = case when r.estado = 'OK' then r.n else v.muestras end,
          medido_en = case when r.estado = 'OK' then to_timestamp(${reloj.ahora}) else v.medido_en end,
          ultima_muestra_en = case when r.ultima is null then v.ultima_muestra_en
                                   else greatest(v.ultima_muestra_en, to_timestamp(r.ultima)) end
        from jsonb_to_recordset(${JSON.stringify(estados)}::jsonb)
          as r(objeto text, id int, version text, estado text, mensaje text, p95 numeric, max numeric,
               prom numeric, n int, ultima bigint, leido bigint)
       where v.objeto = r.objeto and v.objeto_id = r.id and v.updated_at = r.version::timestamptz
   returning v.objeto, v.objeto_id, v.estado, v.p95_mbps`,
  );

  if (!relleno) resultado.consultados += vinculos.length - sinLeer;
  const utilizados: { id: number; mbps: number }[] = [];
  for (const e of escritos) {
    if (e.estado === 'OK') {
      if (!relleno) resultado.actualizados++;
      if (e.objeto === 'conexion') utilizados.push({ id: Number(e.objeto_id), mbps: Number(e.p95_mbps) });
      else servicios.add(Number(e.objeto_id));
    }
  }
  for (const e of estados) {
    if (e.estado === 'OK' || relleno) continue;
    resultado.errores_total++;
    if (resultado.errores.length < MAX_ERRORES) {
      resultado.errores.push({
        objeto: e.objeto as ObjetoMonitoreo,
        id: e.id as number,
        estado: e.estado as 'ERROR' | 'SIN_DATOS',
        message: String(e.mensaje),
      });
    }
  }
  const { servicios: afectados } = await escribirUtilizadoConexiones(db, utilizados);
  for (const s of afectados) servicios.add(s);
  return relleno ? estados.length : sinLeer;
}

function* trozos<T>(xs: T[], n: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}
