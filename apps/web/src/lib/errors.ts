import { TRPCClientError } from '@trpc/client';

const GENERICO = 'Ocurrió un error inesperado.';
const SIN_CONEXION = 'No se pudo conectar con el servidor. Revise su conexión e inténtelo de nuevo.';
const SIN_PANTALLA =
  'No se pudo cargar esta pantalla. Puede haberse publicado una nueva versión o fallado la conexión: reintente.';

/** A lazy page's chunk failed to load (offline, or a deploy replaced the file). */
function esFalloDeCarga(message: string): boolean {
  return /dynamically imported module|importing a module script failed|error loading dynamically/i.test(message);
}

function esFalloDeRed(message: string): boolean {
  return /failed to fetch|networkerror|load failed|network request failed/i.test(message);
}

/** The message to show a person for any thrown value (tRPC errors carry the server's Spanish message). */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const message = error.message?.trim();
    if (!message || esFalloDeRed(message)) return SIN_CONEXION;
    return message;
  }
  if (error instanceof Error) {
    if (esFalloDeCarga(error.message)) return SIN_PANTALLA;
    if (esFalloDeRed(error.message)) return SIN_CONEXION;
    return error.message || GENERICO;
  }
  if (typeof error === 'string' && error.trim()) return error;
  return GENERICO;
}

/** The HTTP status behind a tRPC error, when there is one. */
export function errorHttpStatus(error: unknown): number | undefined {
  if (error instanceof TRPCClientError) {
    const status = (error.data as { httpStatus?: unknown } | undefined)?.httpStatus;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** A field's refusal as the server sends it: `{ path: 'datos.cliente_id', message }`. */
export interface ErrorCampo {
  path: string;
  message: string;
}

/**
 * The server's field errors (`error.data.errors` from the tRPC error formatter: zod issues or a
 * DomainError's issues). The only place the SPA reads them.
 */
export function erroresServidor(error: unknown): ErrorCampo[] {
  if (!(error instanceof TRPCClientError)) return [];
  return (error.data as { errors?: ErrorCampo[] | null } | undefined)?.errors ?? [];
}

/** Errors keyed by form field: update inputs nest fields under `datos.`; the first message per field. */
export function porCampo(issues: readonly ErrorCampo[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of issues) {
    const campo = e.path.replace(/^datos\./, '');
    if (campo && !out[campo]) out[campo] = e.message;
  }
  return out;
}

/** The server's field errors keyed by form field. */
export const erroresDelServidor = (error: unknown): Record<string, string> => porCampo(erroresServidor(error));

const CAMPOS_CONFIRMACION = ['confirmar_sobreventa', 'capacidad_comprada'];

/**
 * True when the server refused (409) an oversale the operator has not confirmed: the figures moved
 * since the preview. A sale names `confirmar_sobreventa`; a service's new comprada names its field.
 */
export function pideConfirmarSobreventa(error: unknown): boolean {
  return (
    errorHttpStatus(error) === 409 &&
    Object.keys(porCampo(erroresServidor(error))).some((campo) => CAMPOS_CONFIRMACION.includes(campo))
  );
}
