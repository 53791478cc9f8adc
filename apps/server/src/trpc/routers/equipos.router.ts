import { equipoCreateInput, equipoUpdateInput } from '@troncal/domain/schemas';
import {
  actualizarEquipo,
  crearEquipo,
  listarEquipos,
  obtenerEquipo,
  seleccionarEquipos,
} from '../../services/equipos.service';
import { actualizacionInput, equipoListQuery, equipoSelectQuery, idInput } from '../../services/referencia.schemas';
import { idempotente } from '../idempotencia';
import { operadorProcedure, protectedProcedure, router } from '../init';

export const equiposRouter = router({
  list: protectedProcedure.input(equipoListQuery).query(({ ctx, input }) => listarEquipos(ctx.db, input)),
  byId: protectedProcedure.input(idInput).query(({ ctx, input }) => obtenerEquipo(ctx.db, input.id)),
  /** `{ equipo_id, label, estado, … }`; `disponibles: true` lists only DISPONIBLE ones. */
  select: protectedProcedure
    .input(equipoSelectQuery.optional())
    .query(({ ctx, input }) => seleccionarEquipos(ctx.db, input ?? {})),
  create: operadorProcedure
    .input(equipoCreateInput)
    .mutation(({ ctx, input }) =>
      idempotente(ctx, 'equipos.create', input, () => crearEquipo(ctx.db, input, ctx.user)),
    ),
  update: operadorProcedure
    .input(actualizacionInput(equipoUpdateInput))
    .mutation(({ ctx, input }) => actualizarEquipo(ctx.db, input.id, input.datos, ctx.user)),
});
