// biome-ignore lint/correctness/noUnusedImports: the emitted declaration of routerReferencia names it.
import type { inferParser } from '@trpc/server/unstable-core-do-not-import';
import type { z } from 'zod';
import type { CasosReferencia } from '../../services/referencia.comun';
import { actualizacionInput, idInput } from '../../services/referencia.schemas';
import { idempotente } from '../idempotencia';
import { operadorProcedure, protectedProcedure, router } from '../init';

/**
 * The standard procedures of a reference catalogue: `list`, `byId`, `select` (dropdowns; any signed-in
 * user), `create` (idempotent under the form's key) and `update` (`{ id, datos }`; operadores).
 * `nombre` is the router's key in `root.ts`, which names the idempotency route.
 */
export function routerReferencia<
  L extends z.ZodType,
  S extends z.ZodType,
  A extends z.ZodRawShape,
  C extends z.ZodRawShape,
  R,
  O,
>(
  nombre: string,
  esquemas: { lista: L; seleccion: S; alta: z.ZodObject<A>; cambio: z.ZodObject<C> },
  casos: CasosReferencia<z.output<L>, z.output<S>, z.output<z.ZodObject<A>>, z.output<z.ZodObject<C>>, R, O>,
) {
  // tRPC cannot resolve a parser's output while L and A are still type parameters; it is z.output.
  return router({
    list: protectedProcedure
      .input(esquemas.lista)
      .query(({ ctx, input }) => casos.listar(ctx.db, input as z.output<L>)),
    byId: protectedProcedure.input(idInput).query(({ ctx, input }) => casos.obtener(ctx.db, input.id)),
    select: protectedProcedure
      .input(esquemas.seleccion.optional())
      .query(({ ctx, input }) => casos.seleccionar(ctx.db, input)),
    create: operadorProcedure
      .input(esquemas.alta)
      .mutation(({ ctx, input }) =>
        idempotente(ctx, `${nombre}.create`, input, () =>
          casos.crear(ctx.db, input as z.output<z.ZodObject<A>>, ctx.user),
        ),
      ),
    update: operadorProcedure
      .input(actualizacionInput(esquemas.cambio))
      .mutation(({ ctx, input }) => casos.actualizar(ctx.db, input.id, input.datos, ctx.user)),
  });
}
