import { SEGUNDOS_MUESTRA } from '@troncal/domain/capacity';
import type { MonitoreoPrometheus } from '@troncal/domain/schemas';
import { type ClienteHttp, type Fetch, fecha, numeroBps, pedirJson, prepararUrl, respuestaInvalida } from './http.js';
import {
  ErrorFuente,
  type FuenteTrafico,
  type LecturaPrueba,
  type OpcionesConsulta,
  type PuntoTrafico,
  type SerieTrafico,
} from './tipos.js';

export interface OpcionesPrometheus {
  /** TRONCAL_PROMETHEUS_URL: the server root (http://prometheus:9090), credentials allowed. */
  url: string;
  timeoutMs: number;
  fetch?: Fetch;
}

/** Prometheus refuses more than 11,000 points per series; stay below it and split longer ranges. */
const MAX_PASOS = 10_000;

type Direccion = 'entrada' | 'salida';
const NOMBRE_DIRECCION: Record<Direccion, string> = { entrada: 'de entrada', salida: 'de salida' };

interface SerieProm {
  metric?: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
}

export function crearFuentePrometheus(opciones: OpcionesPrometheus): FuenteTrafico<MonitoreoPrometheus> {
  const base = prepararUrl(opciones.url.endsWith('/') ? opciones.url : `${opciones.url}/`);
  const cliente: ClienteHttp = {
    fuente: 'prometheus',
    url: base.url,
    autorizacion: base.autorizacion,
    timeoutMs: opciones.timeoutMs,
    fetch: opciones.fetch ?? fetch,
  };

  /** One API call; answers `data` of a successful response or throws the Spanish reason. */
  async function api(ruta: string, params: Record<string, string>, dir: Direccion, signal?: AbortSignal) {
    const url = new URL(ruta, cliente.url);
    // POST form: PromQL up to 4,000 characters does not fit every proxy's URL limit.
    const { status, cuerpo } = await pedirJson(
      cliente,
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      },
      signal,
    );
    const r = cuerpo as {
      status?: string;
      data?: { resultType?: string; result?: unknown };
      errorType?: string;
      error?: string;
    };
    if (status === 401 || status === 403) {
      throw new ErrorFuente('prometheus', 'AUTENTICACION', `Prometheus rechazó las credenciales (HTTP ${status}).`);
    }
    if (r?.status === 'error') {
      const detalle = typeof r.error === 'string' ? r.error : 'sin detalle';
      if (r.errorType === 'timeout') {
        throw new ErrorFuente(
          'prometheus',
          'TIEMPO_AGOTADO',
          `Prometheus agotó su tiempo evaluando la expresión ${NOMBRE_DIRECCION[dir]}: ${detalle}.`,
        );
      }
      if (r.errorType === 'bad_data' || r.errorType === 'execution') {
        throw new ErrorFuente(
          'prometheus',
          'CONSULTA_INVALIDA',
          `Prometheus rechazó la expresión ${NOMBRE_DIRECCION[dir]}: ${detalle}.`,
        );
      }
      throw new ErrorFuente(
        'prometheus',
        'HTTP',
        `Prometheus respondió HTTP ${status} (${r.errorType ?? 'error'}): ${detalle}.`,
      );
    }
    if (status >= 400) throw new ErrorFuente('prometheus', 'HTTP', `Prometheus respondió HTTP ${status}.`);
    if (r?.status !== 'success' || !r.data || typeof r.data !== 'object') {
      throw respuestaInvalida(cliente, url, 'falta "status": "success" con "data"');
    }
    return { url, data: r.data };
  }

  /** A binding must measure one thing: several series would be summed by nobody. */
  function unaSerie(result: unknown, dir: Direccion, url: URL): SerieProm | null {
    if (!Array.isArray(result)) throw respuestaInvalida(cliente, url, '"data.result" no es una lista');
    if (result.length === 0) return null;
    if (result.length > 1) {
      const ejemplo = (result as SerieProm[])
        .slice(0, 2)
        .map((s) => formatearEtiquetas(s.metric))
        .join(', ');
      throw new ErrorFuente(
        'prometheus',
        'CONSULTA_INVALIDA',
        `La expresión ${NOMBRE_DIRECCION[dir]} devuelve ${result.length} series (${ejemplo}…); debe devolver una sola: agrúpela con sum(…).`,
      );
    }
    return result[0] as SerieProm;
  }

  async function rango(expr: string, dir: Direccion, inicio: number, fin: number, signal?: AbortSignal) {
    const valores: [number, number | null][] = [];
    for (let desde = inicio; desde <= fin; desde += MAX_PASOS * SEGUNDOS_MUESTRA) {
      const hasta = Math.min(fin, desde + (MAX_PASOS - 1) * SEGUNDOS_MUESTRA);
      const params = { query: expr, start: String(desde), end: String(hasta), step: String(SEGUNDOS_MUESTRA) };
      const { url, data } = await api('api/v1/query_range', params, dir, signal);
      const serie = unaSerie(data.result, dir, url);
      if (!serie) continue;
      if (!Array.isArray(serie.values)) throw respuestaInvalida(cliente, url, 'una serie sin "values"');
      for (const par of serie.values) {
        if (!Array.isArray(par) || typeof par[0] !== 'number')
          throw respuestaInvalida(cliente, url, 'un punto sin tiempo');
        valores.push([par[0], numeroBps(par[1])]);
      }
    }
    return valores;
  }

  return {
    fuente: 'prometheus',

    async serie(binding, desde, hasta, opciones: OpcionesConsulta = {}): Promise<SerieTrafico> {
      // Evaluate on the 300-second grid, so each value lands in its own 5-minute sample.
      const inicio = Math.ceil(desde.getTime() / 1000 / SEGUNDOS_MUESTRA) * SEGUNDOS_MUESTRA;
      const fin = Math.floor(hasta.getTime() / 1000 / SEGUNDOS_MUESTRA) * SEGUNDOS_MUESTRA;
      const [entrada, salida] = await Promise.all([
        rango(binding.entrada, 'entrada', inicio, fin, opciones.signal),
        rango(binding.salida, 'salida', inicio, fin, opciones.signal),
      ]);
      const porT = new Map<number, PuntoTrafico>();
      const punto = (t: number) => {
        let p = porT.get(t);
        if (!p) {
          p = { t, entrada_bps: null, salida_bps: null };
          porT.set(t, p);
        }
        return p;
      };
      for (const [t, v] of entrada) punto(t).entrada_bps = v;
      for (const [t, v] of salida) punto(t).salida_bps = v;
      const puntos = [...porT.values()]
        .filter((p) => p.entrada_bps !== null || p.salida_bps !== null)
        .sort((a, b) => a.t - b.t);
      if (puntos.length === 0) {
        throw new ErrorFuente(
          'prometheus',
          'SIN_DATOS',
          `Prometheus no tiene datos para estas expresiones entre ${fecha(desde)} y ${fecha(hasta)}.`,
        );
      }
      return { puntos, resolucion_s: SEGUNDOS_MUESTRA, origen: 'prometheus' };
    },

    async probar(binding, opciones: OpcionesConsulta = {}): Promise<LecturaPrueba> {
      const instante = async (expr: string, dir: Direccion) => {
        const { url, data } = await api('api/v1/query', { query: expr }, dir, opciones.signal);
        if (data.resultType === 'scalar') {
          const par = data.result as [number, string];
          return { t: par[0], v: numeroBps(par[1]) };
        }
        const serie = unaSerie(data.result, dir, url);
        if (!serie) return null;
        if (!Array.isArray(serie.value)) throw respuestaInvalida(cliente, url, 'una serie sin "value"');
        return { t: serie.value[0], v: numeroBps(serie.value[1]) };
      };
      const [e, s] = await Promise.all([instante(binding.entrada, 'entrada'), instante(binding.salida, 'salida')]);
      if (!e && !s) {
        throw new ErrorFuente(
          'prometheus',
          'SIN_DATOS',
          'Prometheus no tiene valores actuales para estas expresiones (ninguna serie en los últimos 5 minutos).',
        );
      }
      const faltante = !e
        ? ' La expresión de entrada no devuelve datos.'
        : !s
          ? ' La expresión de salida no devuelve datos.'
          : '';
      return {
        t: Math.max(e?.t ?? 0, s?.t ?? 0),
        entrada_bps: e?.v ?? null,
        salida_bps: s?.v ?? null,
        detalle: `Consultas instantáneas a ${cliente.url.origin}.${faltante}`,
      };
    },
  };
}

function formatearEtiquetas(metric: Record<string, string> | undefined): string {
  const pares = Object.entries(metric ?? {}).map(([k, v]) => `${k}="${v}"`);
  return `{${pares.join(', ')}}`;
}
