import { usuarioCreateInput, usuarioUpdateInput } from '@troncal/domain/schemas';
import { actualizacionInput } from '../../services/referencia.schemas';
import { actualizarUsuario, crearUsuario, listarUsuarios } from '../../services/usuarios.service';
import { adminProcedure, router } from '../init';

/** User administration: admins only (the role check is the base procedure's). */
export const usuariosRouter = router({
  list: adminProcedure.query(({ ctx }) => listarUsuarios(ctx.db)),
  create: adminProcedure.input(usuarioCreateInput).mutation(({ ctx, input }) => crearUsuario(ctx.db, input, ctx.user)),
  /** Change name, role, active flag or password (a reset); at least one active admin always remains. */
  update: adminProcedure
    .input(actualizacionInput(usuarioUpdateInput))
    .mutation(({ ctx, input }) => actualizarUsuario(ctx.db, input.id, input.datos, ctx.user)),
});
