import type { Rol } from '@troncal/domain/enums';
import { initTRPC, TRPCError } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { rolAlcanza } from '../auth/types';
import { esErrorDeConexion, MENSAJE_BD_NO_DISPONIBLE } from '../db/disponibilidad';
import { toDomainError } from '../errors';
import type { Context } from './context';

const TRPC_CODE = {
  VALIDACION: 'BAD_REQUEST',
  NO_AUTENTICADO: 'UNAUTHORIZED',
  PROHIBIDO: 'FORBIDDEN',
  NO_ENCONTRADO: 'NOT_FOUND',
  CONFLICTO: 'CONFLICT',
  REGLA_NEGOCIO: 'UNPROCESSABLE_CONTENT',
} as const;

/** What the access tests read: the minimum role a base procedure enforces (absent: anonymous). */
export interface ProcedureMeta {
  rol?: Rol;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    isDev: false,
    errorFormatter({ shape, error }) {
      // The database could not be reached before a procedure ran (resolving the session in
      // createContext): the same 503 the procedures' own connection errors get below.
      if (error.code === 'INTERNAL_SERVER_ERROR' && esErrorDeConexion(error.cause)) {
        return {
          ...shape,
          code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
          message: MENSAJE_BD_NO_DISPONIBLE,
          data: {
            code: 'SERVICE_UNAVAILABLE' as const,
            httpStatus: 503,
            path: shape.data.path,
            domainCode: null,
            errors: null,
          },
        };
      }
      const zod = error.cause instanceof ZodError ? error.cause : undefined;
      const domain = toDomainError(error.cause);
      return {
        ...shape,
        // An unexpected error's message may quote SQL and its parameters: the log keeps it, the client does not.
        message: zod
          ? 'Datos inválidos.'
          : error.code === 'INTERNAL_SERVER_ERROR'
            ? 'Error interno del servidor.'
            : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          domainCode: domain?.code ?? null,
          errors: zod
            ? zod.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
            : (domain?.issues ?? null),
        },
      };
    },
  });

/** Domain errors (and constraint violations) become the matching tRPC code, once, here. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    if (esErrorDeConexion(result.error.cause)) {
      throw new TRPCError({
        code: 'SERVICE_UNAVAILABLE',
        message: MENSAJE_BD_NO_DISPONIBLE,
        cause: result.error.cause,
      });
    }
    const domain = toDomainError(result.error.cause);
    if (domain) {
      throw new TRPCError({ code: TRPC_CODE[domain.code], message: domain.message, cause: domain });
    }
  }
  return result;
});

const base = t.procedure.use(mapErrors);

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = base;

const requireRole = (rol: Rol) =>
  t.middleware(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Debe iniciar sesión.' });
    if (!rolAlcanza(ctx.user.rol, rol)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Su rol no permite esta operación.' });
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });

/** Any signed-in user (lector and up). */
export const protectedProcedure = base.use(requireRole('lector')).meta({ rol: 'lector' });
export const operadorProcedure = base.use(requireRole('operador')).meta({ rol: 'operador' });
export const adminProcedure = base.use(requireRole('admin')).meta({ rol: 'admin' });
