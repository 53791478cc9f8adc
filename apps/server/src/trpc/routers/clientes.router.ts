import { clienteCreateInput, clienteUpdateInput } from '@troncal/domain/schemas';
import {
  actualizarCliente,
  crearCliente,
  listarClientes,
  obtenerCliente,
  seleccionarClientes,
} from '../../services/clientes.service';
import { actualizacionInput, clienteListQuery, clienteSelectQuery, idInput } from '../../services/referencia.schemas';
import { idempotente } from '../idempotencia';
import { operadorProcedure, protectedProcedure, router } from '../init';

export const clientesRouter = router({
  list: protectedProcedure.input(clienteListQuery).query(({ ctx, input }) => listarClientes(ctx.db, input)),
  byId: protectedProcedure.input(idInput).query(({ ctx, input }) => obtenerCliente(ctx.db, input.id)),
  /** Corporate clients for dropdowns (connections form). */
  select: protectedProcedure
    .input(clienteSelectQuery.optional())
    .query(({ ctx, input }) => seleccionarClientes(ctx.db, input ?? {})),
  create: operadorProcedure
    .input(clienteCreateInput)
    .mutation(({ ctx, input }) =>
      idempotente(ctx, 'clientes.create', input, () => crearCliente(ctx.db, input, ctx.user)),
    ),
  update: operadorProcedure
    .input(actualizacionInput(clienteUpdateInput))
    .mutation(({ ctx, input }) => actualizarCliente(ctx.db, input.id, input.datos, ctx.user)),
});
