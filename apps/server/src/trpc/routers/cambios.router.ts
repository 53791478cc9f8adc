import { z } from 'zod';
import { cambioListQuery, cambiosDeQuery, historialDe, listarCambios } from '../../services/cambios';
import { adminProcedure, protectedProcedure, router } from '../init';

const entidadConDetalle = z.enum(['conexion', 'servicio', 'proveedor', 'cliente', 'nodo', 'equipo'], {
  error: 'Entidad no válida.',
});

/** The change history for the SPA: the admin "Actividad" page and each detail page's "Historial de cambios". */
export const cambiosRouter = router({
  /** Everything, filtered (admin: it shows who changed users and tokens, and from where). */
  list: adminProcedure.input(cambioListQuery).query(({ ctx, input }) => listarCambios(ctx.db, input)),
  /** One record's history: whoever can read the record can read how it got there. */
  deRegistro: protectedProcedure
    .input(z.object({ entidad: entidadConDetalle, id: z.number().int().positive() }).and(cambiosDeQuery))
    .query(({ ctx, input }) => {
      const { entidad, id, ...q } = input;
      return historialDe(ctx.db, entidad, id, q);
    }),
});
