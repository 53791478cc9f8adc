import { setMaxListeners } from 'node:events';
import type { SincronizarRespuesta } from '@troncal/domain/schemas';
import { sql } from 'drizzle-orm';
import { type Db, type DbKind, execRows } from '../../db/client';
import type { Env } from '../../env';
import { conflicto } from '../errores';
import { podar } from './almacen';
import { conCandado, OCUPADO } from './candado';
import { cederAlApi } from './cesion';
import type { Fuentes } from './config';
import { cronometrar, guardarLote, type Pasada } from './guardar-lote';
import { crearLector, type VinculoCiclo } from './lectura';
import { lotesActuales, lotesRelleno, type Reloj, trozos, ventanasIncompletas } from './lotes';
import { enProceso, type ProcesoCiclo } from './proceso';
import { recalcularUtilizadaServicios } from './utilizada';
import { fraccionSiguiente } from './ventana';

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
  /** Set on PostgreSQL (entorno.ts, depsCiclo): the cycle runs in a child process (proceso.ts). */
  proceso?: ProcesoCiclo | undefined;
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

/**
 * A cycle starts backfill batches only while it has run less than this (and less than 40 % of the
 * interval), so switching monitoring on for a whole network does not make one long cycle: a
 * cycle whose current reads alone take that long leaves the windows to the backfill runs between
 * cycles (`rellenar`, the timer's), which last PLAZO_RELLENO_S each.
 */
export const PLAZO_RELLENO_S = 45;

export const MENSAJE_EN_CURSO =
  'Ya hay un ciclo de monitoreo en curso (en este u otro proceso del servidor); espere a que termine.';

/**
 * One monitoring cycle (docs/monitoreo.md): reads every binding from its source with bounded
 * concurrency, stores the hours read, computes p95/max/average over the trailing window from what
 * is stored, writes each binding's state, the measured connections' bw_utilizado; then fills
 * incomplete windows backwards while the cycle is short; then the affected services'
 * capacidad_utilizada, and moves old hours into daily rows. One cycle (or backfill run) at a time
 * per database (candado.ts). A manual cycle while another runs is a 409; a scheduled one just skips.
 */
export async function sincronizar(deps: DepsCiclo, opciones: OpcionesCiclo): Promise<ResultadoCiclo> {
  const inicio = Date.now();
  if (deps.fuentes.configuradas.length === 0) return nada();
  if (deps.proceso) return enProceso<ResultadoCiclo>(deps.proceso, { tarea: 'sincronizar', opciones }, deps.log);
  const r = await conCandado(deps.db, deps.kind, () => ciclo(deps, opciones, inicio));
  if (r !== OCUPADO) return r;
  if (opciones.origen === 'manual') throw conflicto(MENSAJE_EN_CURSO);
  return vacio(inicio, 'en_curso');
}

export interface ResultadoRelleno {
  rellenados: number;
  ventana_incompleta: number;
  duracion_ms: number;
  omitido?: 'en_curso';
}

/**
 * A backfill run between cycles (the in-server timer runs them while windows are incomplete and
 * the next cycle is not near): only the backfill, for PLAZO_RELLENO_S, then the services it
 * touched. Same lock as a cycle; recorded apart from the last cycle (`ultimo_relleno`).
 */
export async function rellenar(
  deps: DepsCiclo,
  opciones: Pick<OpcionesCiclo, 'ahora' | 'plazoRellenoS'> = {},
): Promise<ResultadoRelleno> {
  const inicio = Date.now();
  if (deps.fuentes.configuradas.length === 0) return { rellenados: 0, ventana_incompleta: 0, duracion_ms: 0 };
  if (deps.proceso) return enProceso<ResultadoRelleno>(deps.proceso, { tarea: 'rellenar', opciones }, deps.log);
  const r = await conCandado(deps.db, deps.kind, async () => {
    const { db } = deps;
    await db.execute(
      sql`update monitoreo_ciclo set relleno_iniciado_en = now(), relleno_terminado_en = null where ciclo_id = 1`,
    );
    const t = await trabajar(deps, opciones.ahora, false, inicio + (opciones.plazoRellenoS ?? PLAZO_RELLENO_S) * 1000);
    const duracion_ms = Date.now() - inicio;
    await db.execute(
      sql`update monitoreo_ciclo set relleno_terminado_en = now(), rellenados = ${t.rellenados},
            relleno_duracion_ms = ${duracion_ms} where ciclo_id = 1`,
    );
    if (t.rellenados > 0) {
      deps.log?.info(
        { rellenados: t.rellenados, ventana_incompleta: t.incompletas, duracion_ms },
        'monitoreo: relleno',
      );
    }
    return { rellenados: t.rellenados, ventana_incompleta: t.incompletas, duracion_ms };
  });
  return r === OCUPADO ? { rellenados: 0, ventana_incompleta: 0, duracion_ms: 0, omitido: 'en_curso' } : r;
}

const nada = (): ResultadoCiclo => ({
  ok: true,
  consultados: 0,
  actualizados: 0,
  errores: [],
  errores_total: 0,
  duracion_ms: 0,
  rellenados: 0,
  ventana_incompleta: 0,
  pasos_ms: { lectura: 0, horas: 0, ventana: 0, estados: 0, utilizado: 0, servicios: 0, poda: 0, cedido: 0 },
});

const vacio = (inicio: number, omitido: ResultadoCiclo['omitido']): ResultadoCiclo => ({
  ...nada(),
  duracion_ms: Date.now() - inicio,
  omitido,
});

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
  const plazo = inicio + (opciones.plazoRellenoS ?? Math.min(PLAZO_RELLENO_S, intervalo * 0.4)) * 1000;
  const t = await trabajar(deps, opciones.ahora, true, plazo);
  const poda = await cronometrar(t.resultado.pasos_ms, 'poda', () => podar(db, t.reloj.ahoraFecha));
  const resultado = { ...t.resultado, rellenados: t.rellenados, ventana_incompleta: t.incompletas };
  resultado.duracion_ms = Date.now() - inicio;
  await db.execute(
    sql`update monitoreo_ciclo set terminado_en = now(), consultados = ${resultado.consultados},
          actualizados = ${resultado.actualizados}, errores = ${resultado.errores_total},
          duracion_ms = ${resultado.duracion_ms}
        where ciclo_id = 1`,
  );
  if (resultado.consultados > 0 || t.sinTerminar > 0) {
    const { errores: _, ...cifras } = resultado;
    const detalle = { ...cifras, sin_terminar: t.sinTerminar, horas_resumidas: poda.horas };
    if (t.sinTerminar > 0) deps.log?.warn(detalle, 'monitoreo: el ciclo no alcanzó a leer todos los vínculos');
    else deps.log?.info(detalle, 'monitoreo: ciclo terminado');
  }
  return resultado;
}

/**
 * The work of a cycle (`actual`: the current read of every binding first) or of a backfill run:
 * read and write in batches, backfill while before `plazoRelleno` (epoch ms), then the services
 * touched.
 */
async function trabajar(deps: DepsCiclo, ahoraFijo: Date | undefined, actual: boolean, plazoRelleno: number) {
  const { db, config } = deps;
  const comienzo = Date.now();
  const ahoraFecha = ahoraFijo ?? new Date();
  const reloj: Reloj = {
    ahora: Math.floor(ahoraFecha.getTime() / 1000),
    ventanaS: config.TRONCAL_UTILIZACION_VENTANA_H * 3600,
    fraccionB: fraccionSiguiente(Math.floor(ahoraFecha.getTime() / 1000), config.TRONCAL_MONITOREO_INTERVALO_S),
    ahoraFecha,
  };
  const concurrencia = config.TRONCAL_MONITOREO_CONCURRENCIA;
  // A cycle never runs into the next one: what is not read by then keeps its state for the next.
  const limite = AbortSignal.timeout(Math.max(60, config.TRONCAL_MONITOREO_INTERVALO_S * 0.9) * 1000);
  // Each request in flight listens to it (fuentes/http.ts): up to TRONCAL_MONITOREO_CONCURRENCIA at once.
  setMaxListeners(0, limite);
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
    let desde = performance.now();
    for await (const vinculos of lotes(esperarEscritura)) {
      if (!seguir()) {
        if (pasada === 'relleno') break;
        sinTerminar += vinculos.length;
        continue;
      }
      const lecturas = await cronometrar(resultado.pasos_ms, 'lectura', () =>
        lector.leerVarios(vinculos, concurrencia),
      );
      await esperarEscritura();
      escribiendo = guardarLote(db, vinculos, lecturas, reloj, pasada, resultado, servicios).then(
        (n) => ({ n }),
        (error: unknown) => ({ error }),
      );
      // A busy API first (cesion.ts): rest as long as this batch's turn took, the write under way.
      resultado.pasos_ms.cedido += await cederAlApi(performance.now() - desde, Date.now() - comienzo);
      desde = performance.now();
    }
    await esperarEscritura();
  };

  if (actual) {
    await recorrer(
      () => lotesActuales(db, lote, reloj),
      'actual',
      () => !limite.aborted,
    );
  }
  // Then the windows not yet complete, a few hours further back each round, while there is time.
  await recorrer(
    (escrito) => lotesRelleno(db, lote, reloj, escrito),
    'relleno',
    () => !limite.aborted && Date.now() < plazoRelleno,
  );

  for (const trozo of trozos(
    [...servicios].sort((a, b) => a - b),
    500,
  )) {
    await cronometrar(resultado.pasos_ms, 'servicios', () => recalcularUtilizadaServicios(db, trozo));
  }
  const incompletas = await ventanasIncompletas(db, reloj.ahora, reloj.ventanaS);
  return { reloj, resultado, sinTerminar, rellenados, incompletas };
}
