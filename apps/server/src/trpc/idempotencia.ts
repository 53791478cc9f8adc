import { conIdempotencia, sujetoDe } from '../services/idempotencia';
import type { Context } from './context';

/**
 * Runs a create or adjustment under the request's `Idempotency-Key` (the SPA sends one per form
 * submission): a repeat with the same key and input returns the first result and changes nothing.
 */
export function idempotente<T>(ctx: Context, procedimiento: string, input: unknown, operacion: () => Promise<T>) {
  if (!ctx.user) return operacion();
  return conIdempotencia(
    ctx.db,
    { sujeto: sujetoDe(ctx.user), clave: ctx.idempotencyKey, ruta: `trpc:${procedimiento}`, cuerpo: input },
    operacion,
  );
}
