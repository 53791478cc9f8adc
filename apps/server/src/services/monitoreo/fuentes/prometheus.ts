import { SEGUNDOS_MUESTRA } from '@troncal/domain/capacity';
import type { MonitoreoPrometheus } from '@troncal/domain/schemas';
import { crearCliente, type Fetch, fecha, numeroBps, pedirJson, respuestaInvalida } from './http.js';
import {
  conLectura,
  ErrorFuente,
  type FuenteTrafico,
  type LecturaPrueba,
  type LecturaVarias,
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
const LA_EXPRESION: Record<Direccion, string> = {
  entrada: 'la expresión de entrada',
  salida: 'la expresión de salida',
};

/**
 * The label a combined query puts on each binding's series (`label_replace`), so one query_range
 * answers many bindings: "<index>e" for the entrada expression, "<index>s" for the salida one.
 */
const ETIQUETA = 'troncal_lectura';

interface SerieProm {
  metric?: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
}

export function crearFuentePrometheus(opciones: OpcionesPrometheus): FuenteTrafico<MonitoreoPrometheus> {
  const cliente = crearCliente('prometheus', opciones.url.endsWith('/') ? opciones.url : `${opciones.url}/`, opciones);

  /** One API call; answers `data` of a successful response or throws the Spanish reason. */
  async function api(ruta: string, params: Record<string, string>, que: string, signal?: AbortSignal) {
    const url = new URL(ruta, cliente.url);
    // POST form: PromQL up to 4,000 characters does not fit every proxy's URL limit.
    const { status, cuerpo } = await pedirJson(
      cliente,
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formulario(params),
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
          `Prometheus agotó su tiempo evaluando ${que}: ${detalle}.`,
        );
      }
      if (r.errorType === 'bad_data' || r.errorType === 'execution') {
        throw new ErrorFuente('prometheus', 'CONSULTA_INVALIDA', `Prometheus rechazó ${que}: ${detalle}.`);
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
    const series = lista(result, url);
    if (series.length > 1) throw variasSeries(series, dir);
    return series[0] ?? null;
  }

  function lista(result: unknown, url: URL): SerieProm[] {
    if (!Array.isArray(result)) throw respuestaInvalida(cliente, url, '"data.result" no es una lista');
    return result as SerieProm[];
  }

  /** query_range over [inicio, fin] in pieces of at most MAX_PASOS steps; each piece's series. */
  async function* matrices(query: string, que: string, inicio: number, fin: number, signal?: AbortSignal) {
    for (let desde = inicio; desde <= fin; desde += MAX_PASOS * SEGUNDOS_MUESTRA) {
      const hasta = Math.min(fin, desde + (MAX_PASOS - 1) * SEGUNDOS_MUESTRA);
      const params = { query, start: String(desde), end: String(hasta), step: String(SEGUNDOS_MUESTRA) };
      const { url, data } = await api('api/v1/query_range', params, que, signal);
      yield { url, result: data.result };
    }
  }

  function valoresDe(serie: SerieProm, url: URL, valores: [number, number | null][]) {
    if (!Array.isArray(serie.values)) throw respuestaInvalida(cliente, url, 'una serie sin "values"');
    for (const par of serie.values) {
      if (!Array.isArray(par) || typeof par[0] !== 'number')
        throw respuestaInvalida(cliente, url, 'un punto sin tiempo');
      valores.push([par[0], numeroBps(par[1])]);
    }
  }

  async function rango(expr: string, dir: Direccion, inicio: number, fin: number, signal?: AbortSignal) {
    const valores: [number, number | null][] = [];
    for await (const { url, result } of matrices(expr, LA_EXPRESION[dir], inicio, fin, signal)) {
      const serie = unaSerie(result, dir, url);
      if (serie) valoresDe(serie, url, valores);
    }
    return valores;
  }

  /**
   * One query_range for many bindings: each expression wrapped in label_replace with its own
   * ETIQUETA value, all joined by `or` (distinct labels, so `or` keeps every series). Answers per
   * binding exactly what `serie` would; null if the answer does not carry the labels.
   */
  async function series(
    bindings: readonly MonitoreoPrometheus[],
    desde: Date,
    hasta: Date,
    opciones: OpcionesConsulta = {},
  ): Promise<LecturaVarias | null> {
    const { inicio, fin } = rejilla(desde, hasta);
    const query = bindings
      .flatMap((b, i) => [
        `label_replace(${b.entrada}, "${ETIQUETA}", "${i}e", "", "")`,
        `label_replace(${b.salida}, "${ETIQUETA}", "${i}s", "", "")`,
      ])
      .join(' or ');
    const que = `la consulta combinada de ${bindings.length} vínculos`;
    const porEtiqueta = new Map<string, { url: URL; series: SerieProm[] }>();
    for await (const { url, result } of matrices(query, que, inicio, fin, opciones.signal)) {
      for (const s of lista(result, url)) {
        const etiqueta = s.metric?.[ETIQUETA];
        if (!etiqueta || !/^\d+[es]$/.test(etiqueta) || Number.parseInt(etiqueta, 10) >= bindings.length) return null;
        const grupo = porEtiqueta.get(etiqueta) ?? { url, series: [] };
        grupo.series.push(s);
        porEtiqueta.set(etiqueta, grupo);
      }
    }
    return bindings.map((_, i) => {
      try {
        const lado = (dir: Direccion) => {
          const valores: [number, number | null][] = [];
          const grupo = porEtiqueta.get(`${i}${dir === 'entrada' ? 'e' : 's'}`);
          if (!grupo) return valores;
          // Split ranges answer one series per piece; more than one per piece is the binding's fault.
          if (grupo.series.length > 1) {
            const distintas = new Map(grupo.series.map((s) => [formatearEtiquetas(s.metric), s]));
            if (distintas.size > 1) throw variasSeries([...distintas.values()], dir);
          }
          for (const s of grupo.series) valoresDe(s, grupo.url, valores);
          return valores;
        };
        return combinar(lado('entrada'), lado('salida'), desde, hasta);
      } catch (e) {
        if (e instanceof ErrorFuente) return e;
        throw e;
      }
    });
  }

  return {
    fuente: 'prometheus',

    async serie(binding, desde, hasta, opciones: OpcionesConsulta = {}): Promise<SerieTrafico> {
      const { inicio, fin } = rejilla(desde, hasta);
      const [entrada, salida] = await Promise.all([
        rango(binding.entrada, 'entrada', inicio, fin, opciones.signal),
        rango(binding.salida, 'salida', inicio, fin, opciones.signal),
      ]);
      return combinar(entrada, salida, desde, hasta);
    },

    series,
    combinable: (b) => unArgumento(b.entrada) && unArgumento(b.salida),

    async probar(binding, opciones: OpcionesConsulta = {}): Promise<LecturaPrueba> {
      const instante = async (expr: string, dir: Direccion) => {
        const { url, data } = await api('api/v1/query', { query: expr }, LA_EXPRESION[dir], opciones.signal);
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

/**
 * application/x-www-form-urlencoded with encodeURIComponent (%20 for a space, which every form
 * parser reads): URLSearchParams's encoder builds the string piece by piece, and a cycle's combined
 * queries are ~3 KB each, thousands of them.
 */
const formulario = (params: Record<string, string>): string =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');

function formatearEtiquetas(metric: Record<string, string> | undefined): string {
  const pares = Object.entries(metric ?? {})
    .filter(([k]) => k !== ETIQUETA)
    .map(([k, v]) => `${k}="${v}"`);
  return `{${pares.join(', ')}}`;
}

function variasSeries(series: SerieProm[], dir: Direccion): ErrorFuente {
  const ejemplo = series
    .slice(0, 2)
    .map((s) => formatearEtiquetas(s.metric))
    .join(', ');
  return new ErrorFuente(
    'prometheus',
    'CONSULTA_INVALIDA',
    `La expresión ${NOMBRE_DIRECCION[dir]} devuelve ${series.length} series (${ejemplo}…); debe devolver una sola: agrúpela con sum(…).`,
  );
}

/** Evaluate on the 300-second grid, so each value lands in its own 5-minute sample. */
function rejilla(desde: Date, hasta: Date) {
  return {
    inicio: Math.ceil(desde.getTime() / 1000 / SEGUNDOS_MUESTRA) * SEGUNDOS_MUESTRA,
    fin: Math.floor(hasta.getTime() / 1000 / SEGUNDOS_MUESTRA) * SEGUNDOS_MUESTRA,
  };
}

/** Both directions' values → the binding's points (only where a side has a reading). */
function combinar(
  entrada: [number, number | null][],
  salida: [number, number | null][],
  desde: Date,
  hasta: Date,
): SerieTrafico {
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
  const puntos = conLectura(porT);
  if (puntos.length === 0) {
    throw new ErrorFuente(
      'prometheus',
      'SIN_DATOS',
      `Prometheus no tiene datos para estas expresiones entre ${fecha(desde)} y ${fecha(hasta)}.`,
    );
  }
  return { puntos, resolucion_s: SEGUNDOS_MUESTRA, origen: 'prometheus' };
}

/**
 * Whether an expression can only be one argument of label_replace: brackets balanced outside
 * string literals, no top-level comma, no comment. Anything else is read on its own, so no
 * expression can reach into another binding's part of a combined query.
 */
export function unArgumento(expr: string): boolean {
  const cierre: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const pila: string[] = [];
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] as string;
    if (c === '"' || c === "'" || c === '`') {
      const fin = c;
      for (i++; i < expr.length && expr[i] !== fin; i++) if (expr[i] === '\\' && fin !== '`') i++;
      if (i >= expr.length) return false;
    } else if (c === '#') return false;
    else if (cierre[c]) pila.push(cierre[c] as string);
    else if (c === ')' || c === ']' || c === '}') {
      if (pila.pop() !== c) return false;
    } else if (c === ',' && pila.length === 0) return false;
  }
  return pila.length === 0 && expr.trim() !== '';
}
