import type { PuntoTrafico } from '@troncal/domain/capacity';
import type { EstadoMonitoreo, FuenteMonitoreo, Monitoreo } from '@troncal/domain/schemas';

export type { PuntoTrafico };

/** What a source answers for a binding over [desde, hasta]. */
export interface SerieTrafico {
  /** Ascending by `t` (Unix seconds); a side is null where the source had no reading at that time. */
  puntos: PuntoTrafico[];
  /**
   * Seconds each point stands for: the source's native step (300 for Prometheus at step 300, the
   * item's polling for Zabbix history) or 3600 when Zabbix answered from trends (hourly averages:
   * a p95 over them is not the 5-minute p95 and the caller must say so).
   */
  resolucion_s: number;
  origen: 'prometheus' | 'zabbix-history' | 'zabbix-trends';
}

/** The "Probar" button: the last values the source holds for the binding. */
export interface LecturaPrueba {
  /** Unix seconds of the newest of the two readings. */
  t: number;
  entrada_bps: number | null;
  salida_bps: number | null;
  /** Where they came from, for the operator: item names and keys, or the expressions. */
  detalle: string;
}

export interface OpcionesConsulta {
  /** The caller's own deadline (e.g. the poller's cycle); each request also has its own timeout. */
  signal?: AbortSignal;
}

/** One monitoring system. Every method either resolves or throws an `ErrorFuente`. */
export interface FuenteTrafico<B extends Monitoreo = Monitoreo> {
  readonly fuente: B['fuente'];
  serie(binding: B, desde: Date, hasta: Date, opciones?: OpcionesConsulta): Promise<SerieTrafico>;
  probar(binding: B, opciones?: OpcionesConsulta): Promise<LecturaPrueba>;
  /**
   * Several bindings over the same range in one request, when the source can: per binding what
   * `serie` would answer or throw. Throws what concerns the whole request (the source is down,
   * refuses the combined query); answers null when the source's answer cannot be told apart per
   * binding (then the caller reads them one by one).
   */
  series?(bindings: readonly B[], desde: Date, hasta: Date, opciones?: OpcionesConsulta): Promise<LecturaVarias | null>;
  /** Whether `series` may carry this binding (false: it is read on its own). */
  combinable?(binding: B): boolean;
}

export type LecturaVarias = (SerieTrafico | ErrorFuente)[];

export type CodigoErrorFuente =
  /** The binding names a source that the environment does not configure. */
  | 'NO_CONFIGURADA'
  /** Connection refused, DNS failure, reset: nothing answered. */
  | 'CAIDA'
  | 'TIEMPO_AGOTADO'
  /** HTTP status that is not the API speaking (5xx from a proxy, 404 on a wrong URL). */
  | 'HTTP'
  /** The body is not JSON, or JSON of the wrong shape. */
  | 'RESPUESTA_INVALIDA'
  /** Token missing, wrong, expired or disabled. */
  | 'AUTENTICACION'
  /** Authenticated, but not allowed (API method denied, no read access). */
  | 'SIN_PERMISO'
  /** Host, interface or items not found. */
  | 'NO_ENCONTRADO'
  /** The source refused the query (bad PromQL, several series, a non-numeric item, ambiguity). */
  | 'CONSULTA_INVALIDA'
  /** The source answered, and has nothing for the binding in the range. */
  | 'SIN_DATOS';

/**
 * A source failure, with the Spanish message the binding's state shows. Never carries the token.
 * `estado` is what the binding records: SIN_DATOS only when the source works and simply has no data.
 */
export class ErrorFuente extends Error {
  readonly codigo: CodigoErrorFuente;
  readonly fuente: FuenteMonitoreo;
  readonly estado: Exclude<EstadoMonitoreo, 'OK'>;

  constructor(fuente: FuenteMonitoreo, codigo: CodigoErrorFuente, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ErrorFuente';
    this.fuente = fuente;
    this.codigo = codigo;
    this.estado = codigo === 'SIN_DATOS' ? 'SIN_DATOS' : 'ERROR';
  }
}

/** The points where a side has a reading, by time. */
export const conLectura = (porT: Map<number, PuntoTrafico>): PuntoTrafico[] =>
  [...porT.values()].filter((p) => p.entrada_bps !== null || p.salida_bps !== null).sort((a, b) => a.t - b.t);

export const NOMBRE_FUENTE: Record<FuenteMonitoreo, string> = { zabbix: 'Zabbix', prometheus: 'Prometheus' };
