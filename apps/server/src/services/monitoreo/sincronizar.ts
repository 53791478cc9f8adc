import type { ObjetoMonitoreo, SincronizarRespuesta } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { sql } from 'drizzle-orm';
import { type Db, type DbKind, execRows } from '../../db/client';
import type { Env } from '../../env';
import { conflicto } from '../errores';
import { guardarHoras, kbpsAMbps, podar, resumirVentanas } from './almacen';
import { conCandado, OCUPADO } from './candado';
import type { Fuentes } from './config';
import { crearLector, type Lectura, type VinculoCiclo } from './lectura';
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
}

export type ResultadoCiclo = SincronizarRespuesta & { omitido?: 'en_curso' | 'reciente' };

/** The answer list stays readable when a whole source is down; `errores_total` counts them all. */
const MAX_ERRORES = 1000;

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
  const ahora = Math.floor(ahoraFecha.getTime() / 1000);
  const ventanaS = config.TRONCAL_UTILIZACION_VENTANA_H * 3600;
  const concurrencia = config.TRONCAL_MONITOREO_CONCURRENCIA;
  // A cycle never runs into the next one: what is not read by then keeps its state for the next.
  const limite = AbortSignal.timeout(Math.max(60, intervalo * 0.9) * 1000);
  const lector = crearLector(deps.fuentes, {
    ahora,
    ventanaS,
    umbralCaida: Math.max(5, concurrencia),
    signal: limite,
    alFallarInesperado: (err, v) => deps.log?.error({ err, objeto: v.objeto, id: v.id }, 'monitoreo: error inesperado'),
  });

  const resultado = nada();
  const servicios = new Set<number>();
  let cursor: { objeto: string; id: number } = { objeto: '', id: 0 };
  // A batch is what the server holds at once (twice, with the overlap): read from the whole window,
  // ~25 hourly rows per binding plus the source's answers. 1,000 bindings share `concurrencia`
  // requests, so combined requests carry up to 1,000 / concurrencia bindings each.
  const lote = Math.max(1000, concurrencia * 4);
  let sinTerminar = 0;
  // Writing batch N overlaps reading batch N+1 from the sources: the server parses while PostgreSQL
  // writes. One write at a time and in batch order; a failed write is rethrown when next awaited.
  let escribiendo: Promise<{ n: number } | { error: unknown }> | null = null;
  const esperarEscritura = async () => {
    if (!escribiendo) return;
    const r = await escribiendo;
    escribiendo = null;
    if ('error' in r) throw r.error;
    sinTerminar += r.n;
  };

  for (;;) {
    const filas = await execRows<FilaVinculo>(
      db,
      sql`select objeto, objeto_id, fuente, host, interfaz, entrada, salida, updated_at::text as version,
                 extract(epoch from ultima_muestra_en)::bigint as ultima
            from vinculos_monitoreo
           where (objeto, objeto_id) > (${cursor.objeto}, ${cursor.id})
           order by objeto, objeto_id limit ${lote}`,
    );
    if (filas.length === 0) break;
    const ultima = filas.at(-1) as FilaVinculo;
    cursor = { objeto: ultima.objeto, id: Number(ultima.objeto_id) };
    if (limite.aborted) {
      sinTerminar += filas.length;
      continue;
    }
    const vinculos: VinculoCiclo[] = filas.map((f) => ({
      objeto: f.objeto,
      id: Number(f.objeto_id),
      monitoreo: aMonitoreo(f),
      ultima_muestra: f.ultima === null || f.ultima === undefined ? null : Number(f.ultima),
      version: String(f.version),
    }));
    const lecturas = await lector.leerVarios(vinculos, concurrencia);
    await esperarEscritura();
    escribiendo = guardarLote(deps, vinculos, lecturas, { ahora, ventanaS, ahoraFecha }, resultado, servicios).then(
      (n) => ({ n }),
      (error: unknown) => ({ error }),
    );
  }
  await esperarEscritura();

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
    const detalle = { ...cifras, sin_terminar: sinTerminar, horas_resumidas: poda.horas };
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

/**
 * Writes one batch: the hours read, then each binding's state in one statement (only where the
 * binding is still the one read, so a rebind meanwhile is not overwritten), then bw_utilizado.
 */
async function guardarLote(
  deps: DepsCiclo,
  vinculos: VinculoCiclo[],
  lecturas: Lectura[],
  reloj: Reloj,
  resultado: ResultadoCiclo,
  servicios: Set<number>,
) {
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
    estados.push({ objeto: v.objeto, id: v.id, version: v.version, estado: l.error.estado, mensaje: l.error.message });
  });

  const escritos = await execRows<{ objeto: ObjetoMonitoreo; objeto_id: number; estado: string; p95_mbps: unknown }>(
    db,
    sql`update vinculos_monitoreo v set
          estado = r.estado, mensaje = r.mensaje, intentado_en = to_timestamp(${reloj.ahora}),
          p95_mbps = case when r.estado = 'OK' then r.p95 else v.p95_mbps end,
          max_mbps = case when r.estado = 'OK' then r.max else v.max_mbps end,
          promedio_mbps = case when r.estado = 'OK' then r.prom else v.promedio_mbps end,
          muestras = case when r.estado = 'OK' then r.n else v.muestras end,
          medido_en = case when r.estado = 'OK' then to_timestamp(${reloj.ahora}) else v.medido_en end,
          ultima_muestra_en = case when r.ultima is null then v.ultima_muestra_en
                                   else greatest(v.ultima_muestra_en, to_timestamp(r.ultima)) end
        from jsonb_to_recordset(${JSON.stringify(estados)}::jsonb)
          as r(objeto text, id int, version text, estado text, mensaje text, p95 numeric, max numeric,
               prom numeric, n int, ultima bigint)
       where v.objeto = r.objeto and v.objeto_id = r.id and v.updated_at = r.version::timestamptz
   returning v.objeto, v.objeto_id, v.estado, v.p95_mbps`,
  );

  resultado.consultados += vinculos.length - sinLeer;
  const utilizados: { id: number; mbps: number }[] = [];
  for (const e of escritos) {
    if (e.estado === 'OK') {
      resultado.actualizados++;
      if (e.objeto === 'conexion') utilizados.push({ id: Number(e.objeto_id), mbps: Number(e.p95_mbps) });
      else servicios.add(Number(e.objeto_id));
    }
  }
  for (const e of estados) {
    if (e.estado === 'OK') continue;
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
  return sinLeer;
}

function* trozos<T>(xs: T[], n: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}
