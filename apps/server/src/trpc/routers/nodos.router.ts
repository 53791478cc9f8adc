import { nodoCreateInput, nodoUpdateInput } from '@troncal/domain/schemas';
import { actualizarNodo, crearNodo, listarNodos, obtenerNodo, seleccionarNodos } from '../../services/nodos.service';
import { actualizacionInput, idInput, nodoListQuery, nodoSelectQuery } from '../../services/referencia.schemas';
import { idempotente } from '../idempotencia';
import { operadorProcedure, protectedProcedure, router } from '../init';

export const nodosRouter = router({
  list: protectedProcedure.input(nodoListQuery).query(({ ctx, input }) => listarNodos(ctx.db, input)),
  byId: protectedProcedure.input(idInput).query(({ ctx, input }) => obtenerNodo(ctx.db, input.id)),
  /** Nodes for dropdowns (nodo of a service, nodo A / nodo B of a connection). */
  select: protectedProcedure
    .input(nodoSelectQuery.optional())
    .query(({ ctx, input }) => seleccionarNodos(ctx.db, input ?? {})),
  create: operadorProcedure
    .input(nodoCreateInput)
    .mutation(({ ctx, input }) => idempotente(ctx, 'nodos.create', input, () => crearNodo(ctx.db, input, ctx.user))),
  update: operadorProcedure
    .input(actualizacionInput(nodoUpdateInput))
    .mutation(({ ctx, input }) => actualizarNodo(ctx.db, input.id, input.datos, ctx.user)),
});
