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
