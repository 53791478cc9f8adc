import { agruparMuestras5Min } from '@troncal/domain/capacity';
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

/** A binding as the cycle reads it. */
export interface VinculoCiclo {
  objeto: ObjetoMonitoreo;
  id: number;
  monitoreo: Monitoreo;
  /** Unix seconds of the newest stored sample; null: read the whole window. */
  ultima_muestra: number | null;
  /** updated_at as text: the state is written only if the binding did not change meanwhile. */
  version: string;
}

/** `error` null: not read, the cycle ran out of time first (the binding keeps its state). */
export type Lectura = { ok: true; horas: HoraUso[]; ultima: number } | { ok: false; error: ErrorFuente | null };

/** Failures that say the source itself is unwell, not this one binding. */
const DE_LA_FUENTE: ReadonlySet<CodigoErrorFuente> = new Set(['CAIDA', 'TIEMPO_AGOTADO', 'HTTP', 'AUTENTICACION']);

export interface OpcionesLector {
  /** Unix seconds: the cycle's "now". */
  ahora: number;
  ventanaS: number;
  /** Consecutive source-level failures after which the rest of its bindings are not asked this cycle. */
  umbralCaida: number;
  signal?: AbortSignal;
  /** A bug, not a source failure: logged, and the binding gets a generic message. */
  alFallarInesperado?: (e: unknown, v: VinculoCiclo) => void;
}

/**
 * Where a binding's read starts: the start of the hour of its newest stored sample — the current
 * hour in steady state, the previous one too in the first cycle after the hour turns (so its last,
 * possibly incomplete 5-minute sample is read again), more after an outage — never before the
 * window. Each cycle then rewrites one hourly row per binding, two right after the hour.
 */
export function desdeParaLeer(v: Pick<VinculoCiclo, 'ultima_muestra'>, ahora: number, ventanaS: number): number {
  const inicioVentana = pisoHora(ahora - ventanaS);
  if (v.ultima_muestra === null) return inicioVentana;
  return Math.max(inicioVentana, pisoHora(Math.min(v.ultima_muestra, ahora)));
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
  const aLectura = (fuente: FuenteMonitoreo, serie: SerieTrafico, desde: number): Lectura => {
    const muestras = agruparMuestras5Min(serie.puntos.filter((p) => p.t >= desde && p.t <= o.ahora));
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
    const desde = desdeParaLeer(v, o.ahora, o.ventanaS);
    try {
      const serie = await fuentes.serie(v.monitoreo, new Date(desde * 1000), new Date(o.ahora * 1000), {
        signal: o.signal,
      });
      seguidos[fuente] = 0;
      if (fuente === 'prometheus') porConsulta = Math.min(MAX_POR_CONSULTA, porConsulta * 2);
      return aLectura(fuente, serie, desde);
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

  /** Bindings of one source and one start, in one request; one by one if it refuses them together. */
  async function leerJuntos(vs: readonly VinculoCiclo[], desde: number): Promise<Lectura[]> {
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
        new Date(o.ahora * 1000),
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
    return r.map((x) => (x instanceof ErrorFuente ? { ok: false, error: x } : aLectura('prometheus', x, desde)));
  }

  /** Reads `vs` with at most `concurrencia` requests at once; results in input order. */
  async function leerVarios(vs: readonly VinculoCiclo[], concurrencia: number): Promise<Lectura[]> {
    const salida: Lectura[] = new Array(vs.length);
    // Prometheus bindings that may go together, by their start; everything else one by one.
    const juntos = new Map<number, number[]>();
    const solos: number[] = [];
    const prometheus = fuentes.prometheus;
    vs.forEach((v, i) => {
      const m = v.monitoreo;
      if (m.fuente === 'prometheus' && prometheus?.series && prometheus.combinable?.(m)) {
        const desde = desdeParaLeer(v, o.ahora, o.ventanaS);
        const cola = juntos.get(desde) ?? [];
        cola.push(i);
        juntos.set(desde, cola);
      } else solos.push(i);
    });
    const colas = [...juntos.entries()];
    const siguiente = (): { indices: number[]; desde: number | null } | null => {
      while (colas.length > 0) {
        const [desde, cola] = colas[0] as [number, number[]];
        if (cola.length === 0) {
          colas.shift();
          continue;
        }
        // Never so many per request that fewer requests than `concurrencia` share the batch.
        const n = sinCombinar ? 1 : Math.min(porConsulta, Math.ceil(vs.length / concurrencia));
        return { indices: cola.splice(0, n), desde: n === 1 ? null : desde };
      }
      const i = solos.shift();
      return i === undefined ? null : { indices: [i], desde: null };
    };
    const obrero = async () => {
      for (let t = siguiente(); t; t = siguiente()) {
        const { indices, desde } = t;
        const lecturas =
          desde === null || indices.length === 1
            ? await Promise.all(indices.map((i) => leer(vs[i] as VinculoCiclo)))
            : await leerJuntos(
                indices.map((i) => vs[i] as VinculoCiclo),
                desde,
              );
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
