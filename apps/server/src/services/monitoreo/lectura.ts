import { agruparMuestras5Min } from '@troncal/domain/capacity';
import type { FuenteMonitoreo, Monitoreo, ObjetoMonitoreo } from '@troncal/domain/schemas';
import { type HoraUso, horasDesdeMuestras, pisoHora } from './almacen';
import type { Fuentes } from './config';
import { type CodigoErrorFuente, ErrorFuente, NOMBRE_FUENTE } from './fuentes/tipos';

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

/**
 * Reads bindings for one cycle. A source that fails `umbralCaida` times in a row (down, timing out,
 * refusing the token) is not asked again this cycle: its remaining bindings get that failure at
 * once, so a dead source costs a few timeouts instead of one per binding.
 */
export function crearLector(fuentes: Fuentes, o: OpcionesLector) {
  const seguidos: Record<FuenteMonitoreo, number> = { zabbix: 0, prometheus: 0 };
  const caida: Partial<Record<FuenteMonitoreo, ErrorFuente>> = {};

  return async function leer(v: VinculoCiclo): Promise<Lectura> {
    const fuente = v.monitoreo.fuente;
    if (o.signal?.aborted) return { ok: false, error: null };
    const previa = caida[fuente];
    if (previa) {
      return {
        ok: false,
        error: new ErrorFuente(
          fuente,
          previa.codigo,
          `${previa.message} (No se consultó en este ciclo: ${NOMBRE_FUENTE[fuente]} falló ${o.umbralCaida} veces seguidas.)`,
        ),
      };
    }
    const desde = desdeParaLeer(v, o.ahora, o.ventanaS);
    try {
      const serie = await fuentes.serie(v.monitoreo, new Date(desde * 1000), new Date(o.ahora * 1000), {
        signal: o.signal,
      });
      seguidos[fuente] = 0;
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
    } catch (e) {
      // Cut by the cycle's deadline, not failed: nothing to say about the binding.
      if (o.signal?.aborted) return { ok: false, error: null };
      if (e instanceof ErrorFuente) {
        if (DE_LA_FUENTE.has(e.codigo)) {
          seguidos[fuente]++;
          if (seguidos[fuente] >= o.umbralCaida && !caida[fuente]) caida[fuente] = e;
        } else if (e.codigo !== 'NO_CONFIGURADA') {
          seguidos[fuente] = 0;
        }
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
  };
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
