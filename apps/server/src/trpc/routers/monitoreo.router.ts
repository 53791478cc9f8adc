import { objetoIdInput, probarInput, usoInput, vincularInput, vinculosListQuery } from '@troncal/domain/schemas';
import { estadoMonitoreo } from '../../services/monitoreo/ciclo-estado';
import { depsCiclo, fuentesDe } from '../../services/monitoreo/entorno';
import { probar } from '../../services/monitoreo/probar';
import { sincronizar } from '../../services/monitoreo/sincronizar';
import { usoDe } from '../../services/monitoreo/uso';
import { listarVinculos, obtenerVinculo, vincular } from '../../services/monitoreo/vinculos';
import { operadorProcedure, protectedProcedure, router } from '../init';

/** Measured utilisation: the same services as /v1 (rest/v1/monitoreo.routes.ts). */
export const monitoreoRouter = router({
  /** The binding of a connection or a service with its last reading; null when unbound. */
  vinculo: protectedProcedure
    .input(objetoIdInput)
    .query(({ ctx, input }) => obtenerVinculo(ctx.db, input.objeto, input.id)),
  /** Binds, rebinds or (monitoreo: null) unbinds. */
  vincular: operadorProcedure
    .input(vincularInput)
    .mutation(({ ctx, input }) =>
      vincular(ctx.db, input.objeto, input.id, input.monitoreo, ctx.user.usuario_id, ctx.user),
    ),
  /** Last values from the source, or its Spanish error, for a stored binding or one being typed. */
  probar: operadorProcedure.input(probarInput).mutation(({ ctx, input }) => probar(ctx.db, fuentesDe(ctx.env), input)),
  /** Every binding with its state; estado filters to OK, SIN_DATOS, ERROR or PENDIENTE. */
  listar: protectedProcedure.input(vinculosListQuery).query(({ ctx, input }) => listarVinculos(ctx.db, input)),
  /** The stored usage series and its p95/max/average over [desde, hasta). */
  uso: protectedProcedure
    .input(usoInput)
    .query(({ ctx, input }) => usoDe(ctx.db, input.objeto, input.id, { desde: input.desde, hasta: input.hasta })),
  /** Configured sources, cycle settings and the last cycle: where the UI says how to configure it. */
  estado: protectedProcedure.query(({ ctx }) => estadoMonitoreo(ctx.db, ctx.env)),
  /** A cycle now (409 while another runs). */
  sincronizar: operadorProcedure.mutation(async ({ ctx }) => {
    const { omitido: _, ...r } = await sincronizar(depsCiclo(ctx.db, ctx.dbKind, ctx.env), { origen: 'manual' });
    return r;
  }),
});
