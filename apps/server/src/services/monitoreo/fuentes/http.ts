import type { FuenteMonitoreo } from '@troncal/domain/schemas';
import { ErrorFuente, NOMBRE_FUENTE } from './tipos.js';

export type Fetch = typeof fetch;

export interface ClienteHttp {
  fuente: FuenteMonitoreo;
  /** Base URL without credentials (those go to `autorizacion`). */
  url: URL;
  timeoutMs: number;
  /** Basic credentials taken out of the configured URL: fetch refuses URLs that carry them. */
  autorizacion?: string;
  fetch: Fetch;
}

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
  return { fuente, url, autorizacion, timeoutMs: opciones.timeoutMs, fetch: opciones.fetch ?? fetch };
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

function codigoRed(error: unknown): string | undefined {
  const causa = (error as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
  return causa?.code ?? causa?.errors?.find((e) => e.code)?.code;
}

/**
 * POST/GET with the client's timeout (AbortSignal.timeout, which also bounds reading the body)
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
  const limite = AbortSignal.timeout(cliente.timeoutMs);
  const combinada = signal ? AbortSignal.any([limite, signal]) : limite;
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (cliente.autorizacion && !headers.authorization) headers.authorization = cliente.autorizacion;
  let status: number;
  let texto: string;
  try {
    const res = await cliente.fetch(url, { method: init.method, headers, body: init.body, signal: combinada });
    status = res.status;
    texto = await res.text();
  } catch (error) {
    if (limite.aborted) {
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
