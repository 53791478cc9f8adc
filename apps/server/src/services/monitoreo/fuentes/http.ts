import http from 'node:http';
import https from 'node:https';
import type { FuenteMonitoreo } from '@troncal/domain/schemas';
import { ErrorFuente, NOMBRE_FUENTE } from './tipos.js';

export type Fetch = typeof fetch;

/** One request: its status and body as text; rejects on a network failure or when `signal` aborts. */
export type Pedir = (
  url: URL,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string | undefined },
  signal: AbortSignal,
) => Promise<{ status: number; texto: string }>;

export interface ClienteHttp {
  fuente: FuenteMonitoreo;
  /** Base URL without credentials (those go to `autorizacion`). */
  url: URL;
  timeoutMs: number;
  /** Basic credentials taken out of the configured URL: fetch refuses URLs that carry them. */
  autorizacion?: string;
  pedir: Pedir;
}

/** Keep-alive agents shared by every source client (idle sockets do not keep the process alive). */
const AGENTE_HTTP = new http.Agent({ keepAlive: true });
const AGENTE_HTTPS = new https.Agent({ keepAlive: true });

/**
 * Requests through node:http(s) with a keep-alive agent. A steady cycle at 110,000 bindings asks
 * the source ~7,000 times: through fetch (undici's web streams and signals) its process used 17–20
 * CPU-seconds, through this 10–15 (2026-12-04, three runs each).
 */
const pedirConAgente: Pedir = (url, init, signal) =>
  new Promise((ok, mal) => {
    const seguro = url.protocol === 'https:';
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
    const req = (seguro ? https : http).request(
      url,
      { method: init.method, headers, agent: seguro ? AGENTE_HTTPS : AGENTE_HTTP, signal },
      (res) => {
        res.setEncoding('utf8');
        let texto = '';
        res.on('data', (trozo: string) => {
          texto += trozo;
        });
        res.on('end', () => ok({ status: res.statusCode ?? 0, texto }));
        res.on('error', mal);
      },
    );
    req.on('error', mal);
    req.end(init.body);
  });

/** Requests through a fetch (tests pass one that watches what is sent). */
const pedirConFetch =
  (f: Fetch): Pedir =>
  async (url, init, signal) => {
    const res = await f(url, { ...init, signal });
    return { status: res.status, texto: await res.text() };
  };

export interface RespuestaJson {
  status: number;
  cuerpo: unknown;
}

/** Splits `https://user:pass@host/…` into a clean URL plus a Basic header. */
export function prepararUrl(texto: string): { url: URL; autorizacion?: string } {
  const url = new URL(texto);
  if (!url.username && !url.password) return { url };
  const credenciales = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  return { url, autorizacion: `Basic ${Buffer.from(credenciales).toString('base64')}` };
}

/** The client of one source: the configured URL (credentials split out), its timeout and fetch. */
export function crearCliente(
  fuente: FuenteMonitoreo,
  texto: string,
  opciones: { timeoutMs: number; fetch?: Fetch | undefined },
): ClienteHttp {
  const { url, autorizacion } = prepararUrl(texto);
  const pedir = opciones.fetch ? pedirConFetch(opciones.fetch) : pedirConAgente;
  return { fuente, url, autorizacion, timeoutMs: opciones.timeoutMs, pedir };
}

/** For messages: origin and path only, never credentials or query strings. */
export const urlVisible = (url: URL): string => `${url.origin}${url.pathname}`;

const MOTIVOS_RED: Record<string, string> = {
  ECONNREFUSED: 'conexión rechazada (¿está en marcha y escucha en ese puerto?)',
  ENOTFOUND: 'no se resuelve el nombre del servidor',
  EAI_AGAIN: 'no se resuelve el nombre del servidor (DNS no disponible)',
  ECONNRESET: 'la conexión se cortó',
  EHOSTUNREACH: 'el servidor no es alcanzable',
  ENETUNREACH: 'la red no es alcanzable',
  UND_ERR_SOCKET: 'la conexión se cortó',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'su certificado TLS es autofirmado',
  CERT_HAS_EXPIRED: 'su certificado TLS venció',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'no se pudo verificar su certificado TLS',
  ERR_TLS_CERT_ALTNAME_INVALID: 'su certificado TLS no corresponde al nombre del servidor',
};

type ConCodigo = { code?: string; errors?: { code?: string }[] };

/** node:http puts the code on the error (or its AggregateError's errors); fetch on its cause. */
function codigoRed(error: unknown): string | undefined {
  const de = (e: ConCodigo | undefined) => e?.code ?? e?.errors?.find((x) => x.code)?.code;
  return de((error as { cause?: ConCodigo })?.cause) ?? de(error as ConCodigo);
}

/**
 * POST/GET with the client's timeout (which also bounds reading the body)
 * combined with the caller's signal. Network failures and non-JSON bodies become `ErrorFuente`;
 * a JSON body is returned whatever the status, because both APIs put their error detail in it.
 */
export async function pedirJson(
  cliente: ClienteHttp,
  url: URL,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
  signal?: AbortSignal,
): Promise<RespuestaJson> {
  const nombre = NOMBRE_FUENTE[cliente.fuente];
  // A timer and one controller rather than AbortSignal.timeout + AbortSignal.any: those make
  // transferable signals, a measurable cost at thousands of requests per cycle.
  const control = new AbortController();
  let vencido = false;
  const reloj = setTimeout(() => {
    vencido = true;
    control.abort(new DOMException('Tiempo agotado', 'TimeoutError'));
  }, cliente.timeoutMs);
  const cancelar = () => control.abort(signal?.reason);
  if (signal?.aborted) cancelar();
  else signal?.addEventListener('abort', cancelar, { once: true });
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (cliente.autorizacion && !headers.authorization) headers.authorization = cliente.autorizacion;
  let status: number;
  let texto: string;
  try {
    ({ status, texto } = await cliente.pedir(url, { method: init.method, headers, body: init.body }, control.signal));
  } catch (error) {
    if (vencido) {
      throw new ErrorFuente(
        cliente.fuente,
        'TIEMPO_AGOTADO',
        `${nombre} no respondió en ${formatearSegundos(cliente.timeoutMs)} (${urlVisible(url)}).`,
        { cause: error },
      );
    }
    if (signal?.aborted) {
      throw new ErrorFuente(cliente.fuente, 'TIEMPO_AGOTADO', `La consulta a ${nombre} se canceló.`, { cause: error });
    }
    const codigo = codigoRed(error);
    const motivo = (codigo && MOTIVOS_RED[codigo]) ?? (codigo ? `error de red ${codigo}` : 'error de red');
    throw new ErrorFuente(
      cliente.fuente,
      'CAIDA',
      `No se pudo conectar con ${nombre} en ${urlVisible(url)}: ${motivo}.`,
      {
        cause: error,
      },
    );
  } finally {
    clearTimeout(reloj);
    signal?.removeEventListener('abort', cancelar);
  }
  let cuerpo: unknown;
  try {
    cuerpo = JSON.parse(texto);
  } catch {
    throw errorSinJson(cliente, url, status, texto);
  }
  return { status, cuerpo };
}

function errorSinJson(cliente: ClienteHttp, url: URL, status: number, texto: string): ErrorFuente {
  const nombre = NOMBRE_FUENTE[cliente.fuente];
  const donde = urlVisible(url);
  if (status === 401 || status === 403) {
    return new ErrorFuente(
      cliente.fuente,
      'AUTENTICACION',
      `${nombre} rechazó la autenticación (HTTP ${status}) en ${donde}.`,
    );
  }
  if (status >= 400) {
    const pista = status === 404 ? ' ¿Es correcta la URL?' : '';
    return new ErrorFuente(cliente.fuente, 'HTTP', `${nombre} respondió HTTP ${status} en ${donde}.${pista}`);
  }
  const muestra = texto.trim().slice(0, 80).replace(/\s+/g, ' ');
  return new ErrorFuente(
    cliente.fuente,
    'RESPUESTA_INVALIDA',
    `${nombre} respondió algo que no es JSON en ${donde}${muestra ? `: «${muestra}${texto.length > 80 ? '…' : ''}»` : ' (respuesta vacía)'}.`,
  );
}

/** A JSON body of the wrong shape is as useless as garbage: same code, naming what was missing. */
export const respuestaInvalida = (cliente: ClienteHttp, url: URL, que: string): ErrorFuente =>
  new ErrorFuente(
    cliente.fuente,
    'RESPUESTA_INVALIDA',
    `${NOMBRE_FUENTE[cliente.fuente]} respondió JSON inesperado en ${urlVisible(url)}: ${que}.`,
  );

const formatearSegundos = (ms: number): string => `${Number((ms / 1000).toFixed(1)).toLocaleString('es-PE')} s`;

/** Finite, non-negative number from a JSON value that may be a string ("123.4", "NaN", "+Inf"). */
export function numeroBps(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** UTC, minute precision: the same in logs and in the UI's tooltip. */
export const fecha = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
