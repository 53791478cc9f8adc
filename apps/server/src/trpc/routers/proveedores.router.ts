import { proveedorCreateInput, proveedorUpdateInput } from '@troncal/domain/schemas';
import {
  actualizarProveedor,
  crearProveedor,
  listarProveedores,
  obtenerProveedor,
  seleccionarProveedores,
} from '../../services/proveedores.service';
import {
  actualizacionInput,
  idInput,
  proveedorListQuery,
  proveedorSelectQuery,
} from '../../services/referencia.schemas';
import { idempotente } from '../idempotencia';
import { operadorProcedure, protectedProcedure, router } from '../init';

export const proveedoresRouter = router({
  list: protectedProcedure.input(proveedorListQuery).query(({ ctx, input }) => listarProveedores(ctx.db, input)),
  byId: protectedProcedure.input(idInput).query(({ ctx, input }) => obtenerProveedor(ctx.db, input.id)),
  /** Providers with their services, for dropdowns (`estado: 'ACTIVO'` when creating a service). */
  select: protectedProcedure
    .input(proveedorSelectQuery.optional())
    .query(({ ctx, input }) => seleccionarProveedores(ctx.db, input ?? {})),
  create: operadorProcedure
    .input(proveedorCreateInput)
    .mutation(({ ctx, input }) =>
      idempotente(ctx, 'proveedores.create', input, () => crearProveedor(ctx.db, input, ctx.user)),
    ),
  update: operadorProcedure
    .input(actualizacionInput(proveedorUpdateInput))
    .mutation(({ ctx, input }) => actualizarProveedor(ctx.db, input.id, input.datos, ctx.user)),
});
