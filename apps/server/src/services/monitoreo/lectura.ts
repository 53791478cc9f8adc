import { agruparMuestras5Min, SEGUNDOS_MUESTRA } from '@troncal/domain/capacity';
import type { FuenteMonitoreo, Monitoreo, MonitoreoPrometheus, ObjetoMonitoreo } from '@troncal/domain/schemas';
import { type HoraUso, horasDesdeMuestras, pisoHora } from './almacen';
import type { Fuentes } from './config';
import {
  type CodigoErrorFuente,
  ErrorFuente,
  type LecturaVarias,
  NOMBRE_FUENTE,
  type SerieTrafico,
} from './fuentes/tipos';
import type { CacheVentana } from './ventana';

/** A binding as the cycle reads it, with the span it asks the source for. */
export interface VinculoCiclo {
  objeto: ObjetoMonitoreo;
  id: number;
  monitoreo: Monitoreo;
  /** Unix seconds: the readings asked for are those at `desde` … `hasta`, both included. */
  desde: number;
  hasta: number;
  /** updated_at as text: the state is written only if the binding did not change meanwhile. */
  version: string;
  /** What the cycle kept of the window's whole hours (ventana.ts); none: computed from all of them. */
  cache?: CacheVentana;
  /** The hour the binding's row holds (vinculos_monitoreo.hora_actual), null if none. */
  actual?: HoraUso | null;
  /** What `uso_horario` has for the cycle's current hour when the binding's row does not hold it (its `hora` is not set). */
  tablaActual?: HoraUso | null;
  /**
   * Never read and nothing stored from the window's first hour on (a new binding): what this batch
   * writes is all its window has, so its summaries are made from that without reading it back.
   */
  nuevo?: boolean;
}

/** `error` null: not read, the cycle ran out of time first (the binding keeps its state). */
export type Lectura = { ok: true; horas: HoraUso[]; ultima: number } | { ok: false; error: ErrorFuente | null };

/** Failures that say the source itself is unwell, not this one binding. */
const DE_LA_FUENTE: ReadonlySet<CodigoErrorFuente> = new Set(['CAIDA', 'TIEMPO_AGOTADO', 'HTTP', 'AUTENTICACION']);

export interface OpcionesLector {
  /** Consecutive source-level failures after which the rest of its bindings are not asked this cycle. */
  umbralCaida: number;
  signal?: AbortSignal;
  /** A bug, not a source failure: logged, and the binding gets a generic message. */
  alFallarInesperado?: (e: unknown, v: VinculoCiclo) => void;
}

/** The first hour of the window ending at `ahora` (Unix seconds): what a complete reading reaches. */
export const inicioVentana = (ahora: number, ventanaS: number) => pisoHora(ahora - ventanaS);

/**
 * A binding no source has answered yet is first read from the first 5-minute step this many
 * seconds before now (three or four samples): about as few as a steady cycle asks for, so binding
 * a whole network at once makes a first cycle little heavier than the others; the rest of its
 * window is the backfill's.
 */
export const SEGUNDOS_PRIMERA_LECTURA = 900;
/** How far back one backfill read of a binding reaches. */
export const HORAS_POR_RELLENO = 6;

/**
 * Where a cycle's current read of a binding starts (it ends at "now"): its newest stored 5-minute
 * sample, which is read again (it may have been incomplete), so a steady cycle asks for the few
 * samples since the last cycle — after an outage, everything since — never before the window. The
 * slots not asked for keep what is stored (guardarHoras). A binding with no sample yet: the last
 * SEGUNDOS_PRIMERA_LECTURA; the rest of its window is filled backwards (`rangoRelleno`).
 */
export function desdeParaLeer(ultimaMuestra: number | null, ahora: number, ventanaS: number): number {
  const inicio = inicioVentana(ahora, ventanaS);
  const desde =
    ultimaMuestra === null
      ? Math.ceil((ahora - SEGUNDOS_PRIMERA_LECTURA) / SEGUNDOS_MUESTRA) * SEGUNDOS_MUESTRA
      : Math.min(ultimaMuestra, ahora);
  return Math.max(inicio, desde);
}

/**
 * The backfill read of a binding read from `leidoDesde` on: the hours just before it, up to
 * HORAS_POR_RELLENO, never before the window; null when the window is complete.
 */
export function rangoRelleno(
  leidoDesde: number,
  ahora: number,
  ventanaS: number,
): { desde: number; hasta: number } | null {
  const inicio = inicioVentana(ahora, ventanaS);
  if (leidoDesde <= inicio) return null;
  return {
    desde: Math.max(inicio, pisoHora(leidoDesde - 1) - (HORAS_POR_RELLENO - 1) * 3600),
    hasta: leidoDesde - 1,
  };
}

/** Bindings per combined request at most; the first requests of a cycle carry fewer (see below). */
export const MAX_POR_CONSULTA = 64;

/**
 * Reads bindings for one cycle. A source that fails `umbralCaida` times in a row (down, timing out,
 * refusing the token) is not asked again this cycle: its remaining bindings get that failure at
 * once, so a dead source costs a few timeouts instead of one per binding.
 *
 * `leerVarios` asks a source that can (Prometheus) for many bindings with the same start in one
 * request. The size starts at one binding and doubles after each good answer up to
 * MAX_POR_CONSULTA (and never beyond an even share of the batch among `concurrencia` requests);
 * any source-level failure brings it back to one. So an unwell source is probed
 * with small requests and trips the breaker as fast as before, and a request the source refuses as
 * a whole (one binding's bad expression) is read again binding by binding, each with its own state.
 */
export function crearLector(fuentes: Fuentes, o: OpcionesLector) {
  const seguidos: Record<FuenteMonitoreo, number> = { zabbix: 0, prometheus: 0 };
  const caida: Partial<Record<FuenteMonitoreo, ErrorFuente>> = {};
  let porConsulta = 1;
  /** Set when the source's answer to a combined query could not be told apart per binding. */
  let sinCombinar = false;

  const fallo = (fuente: FuenteMonitoreo, e: ErrorFuente) => {
    if (DE_LA_FUENTE.has(e.codigo)) {
      seguidos[fuente]++;
      porConsulta = 1;
      if (seguidos[fuente] >= o.umbralCaida && !caida[fuente]) caida[fuente] = e;
    } else if (e.codigo !== 'NO_CONFIGURADA') {
      seguidos[fuente] = 0;
    }
  };

  const yaCaida = (fuente: FuenteMonitoreo): Lectura | null => {
    const previa = caida[fuente];
    if (!previa) return null;
    return {
      ok: false,
      error: new ErrorFuente(
        fuente,
        previa.codigo,
        `${previa.message} (No se consultó en este ciclo: ${NOMBRE_FUENTE[fuente]} falló ${o.umbralCaida} veces seguidas.)`,
      ),
    };
  };

  /** A source's answer for one binding → what the cycle stores. */
  const aLectura = (fuente: FuenteMonitoreo, serie: SerieTrafico, desde: number, hasta: number): Lectura => {
    const muestras = agruparMuestras5Min(serie.puntos.filter((p) => p.t >= desde && p.t <= hasta));
    if (muestras.length === 0) {
      return {
        ok: false,
        error: new ErrorFuente(
          fuente,
          'SIN_DATOS',
          `${NOMBRE_FUENTE[fuente]} respondió, pero sin lecturas válidas desde ${new Date(desde * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
        ),
      };
    }
    return { ok: true, horas: horasDesdeMuestras(muestras), ultima: (muestras.at(-1) as { t: number }).t };
  };

  async function leer(v: VinculoCiclo): Promise<Lectura> {
    const fuente = v.monitoreo.fuente;
    if (o.signal?.aborted) return { ok: false, error: null };
    const previa = yaCaida(fuente);
    if (previa) return previa;
    try {
      const serie = await fuentes.serie(v.monitoreo, new Date(v.desde * 1000), new Date(v.hasta * 1000), {
        signal: o.signal,
      });
      seguidos[fuente] = 0;
      if (fuente === 'prometheus') porConsulta = Math.min(MAX_POR_CONSULTA, porConsulta * 2);
      return aLectura(fuente, serie, v.desde, v.hasta);
    } catch (e) {
      // Cut by the cycle's deadline, not failed: nothing to say about the binding.
      if (o.signal?.aborted) return { ok: false, error: null };
      if (e instanceof ErrorFuente) {
        fallo(fuente, e);
        return { ok: false, error: e };
      }
      o.alFallarInesperado?.(e, v);
      return {
        ok: false,
        error: new ErrorFuente(
          fuente,
          'RESPUESTA_INVALIDA',
          `Error inesperado al leer ${NOMBRE_FUENTE[fuente]}: ${(e as Error)?.message ?? String(e)}.`,
        ),
      };
    }
  }

  /** Bindings of one source and one span, in one request; one by one if it refuses them together. */
  async function leerJuntos(vs: readonly VinculoCiclo[]): Promise<Lectura[]> {
    const { desde, hasta } = vs[0] as VinculoCiclo;
    if (o.signal?.aborted) return vs.map(() => ({ ok: false, error: null }));
    const previa = yaCaida('prometheus');
    if (previa) return vs.map(() => previa);
    const series = fuentes.prometheus?.series;
    /** undefined: refused as a whole (a bad expression among them, a limit); each on its own below. */
    let r: LecturaVarias | null | undefined;
    try {
      r = await series?.(
        vs.map((v) => v.monitoreo as MonitoreoPrometheus),
        new Date(desde * 1000),
        new Date(hasta * 1000),
        { signal: o.signal },
      );
    } catch (e) {
      if (o.signal?.aborted) return vs.map(() => ({ ok: false, error: null }));
      if (e instanceof ErrorFuente && DE_LA_FUENTE.has(e.codigo)) {
        fallo('prometheus', e);
        return vs.map(() => ({ ok: false, error: e }));
      }
    }
    // An answer without our labels: this source does not combine; one by one for the rest of the cycle.
    if (r === null) sinCombinar = true;
    if (!r) return mapaConcurrente(vs, 1, leer);
    seguidos.prometheus = 0;
    porConsulta = Math.min(MAX_POR_CONSULTA, porConsulta * 2);
    return r.map((x) => (x instanceof ErrorFuente ? { ok: false, error: x } : aLectura('prometheus', x, desde, hasta)));
  }

  /** Reads `vs` with at most `concurrencia` requests at once; results in input order. */
  async function leerVarios(vs: readonly VinculoCiclo[], concurrencia: number): Promise<Lectura[]> {
    const salida: Lectura[] = new Array(vs.length);
    // Prometheus bindings that may go together, by their span; everything else one by one.
    const juntos = new Map<string, number[]>();
    const solos: number[] = [];
    const prometheus = fuentes.prometheus;
    vs.forEach((v, i) => {
      const m = v.monitoreo;
      if (m.fuente === 'prometheus' && prometheus?.series && prometheus.combinable?.(m)) {
        const tramo = `${v.desde}-${v.hasta}`;
        const cola = juntos.get(tramo) ?? [];
        cola.push(i);
        juntos.set(tramo, cola);
      } else solos.push(i);
    });
    const colas = [...juntos.entries()];
    const siguiente = (): { indices: number[]; juntos: boolean } | null => {
      while (colas.length > 0) {
        const [, cola] = colas[0] as [string, number[]];
        if (cola.length === 0) {
          colas.shift();
          continue;
        }
        // Never so many per request that fewer requests than `concurrencia` share the batch.
        const n = sinCombinar ? 1 : Math.min(porConsulta, Math.ceil(vs.length / concurrencia));
        return { indices: cola.splice(0, n), juntos: n > 1 };
      }
      const i = solos.shift();
      return i === undefined ? null : { indices: [i], juntos: false };
    };
    const obrero = async () => {
      for (let t = siguiente(); t; t = siguiente()) {
        const { indices, juntos } = t;
        const lecturas =
          !juntos || indices.length === 1
            ? await Promise.all(indices.map((i) => leer(vs[i] as VinculoCiclo)))
            : await leerJuntos(indices.map((i) => vs[i] as VinculoCiclo));
        indices.forEach((i, k) => {
          salida[i] = lecturas[k] as Lectura;
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrencia, vs.length) }, obrero));
    return salida;
  }

  return { leer, leerVarios };
}

/** Runs `fn` over `items` with at most `n` at once; results in input order. */
export async function mapaConcurrente<T, R>(items: readonly T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const salida: R[] = new Array(items.length);
  let siguiente = 0;
  const obrero = async () => {
    while (siguiente < items.length) {
      const i = siguiente++;
      salida[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, obrero));
  return salida;
}
