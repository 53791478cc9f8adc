import {
  actualizarConexionTrpcInput,
  ajustarBwTrpcInput,
  cambiarEstadoTrpcInput,
  conexionIdInput,
  conexionListQuery,
  conexionSelectQuery,
  crearConexionTrpcInput,
} from '../../services/conexiones.schemas';
import {
  actualizarConexion,
  ajustarBwConexion,
  cambiarEstadoConexion,
  crearConexion,
  detalleConexion,
  listarConexiones,
  type OpcionesConexion,
  seleccionarConexiones,
  siguienteCidEnlace,
} from '../../services/conexiones.service';
import type { Context } from '../context';
import { idempotente } from '../idempotencia';
import { operadorProcedure, protectedProcedure, router } from '../init';

/** The SPA's operations are whole: the service's capacity always moves with the connection. */
const completa = (ctx: Context, confirmada: boolean | undefined): OpcionesConexion => ({
  usuario: ctx.user,
  politica: ctx.env.TRONCAL_SOBREVENTA,
  ajustarServicio: true,
  sobreventaConfirmada: confirmada ?? false,
});

export const conexionesRouter = router({
  list: protectedProcedure.input(conexionListQuery).query(({ ctx, input }) =>
    listarConexiones(ctx.db, {
      ...input,
      estado: input.estado ?? undefined,
      servicio_id: input.servicio_id ?? undefined,
      cliente_id: input.cliente_id ?? undefined,
      antes_de: input.antes_de ?? undefined,
    }),
  ),

  /** The detail page: the connection, its equipos, backing service, bandwidth history and ledger rows. */
  byId: protectedProcedure.input(conexionIdInput).query(({ ctx, input }) => detalleConexion(ctx.db, input.enlace_id)),

  /** `{ next, last }` without consuming a number. */
  nextCid: protectedProcedure.query(({ ctx }) => siguienteCidEnlace(ctx.db)),

  select: protectedProcedure
    .input(conexionSelectQuery.optional())
    .query(({ ctx, input }) =>
      seleccionarConexiones(ctx.db, { search: input?.search, estado: input?.estado ?? undefined }),
    ),

  create: operadorProcedure.input(crearConexionTrpcInput).mutation(({ ctx, input }) =>
    idempotente(ctx, 'conexiones.create', input, async () => {
      const r = await crearConexion(ctx.db, input.datos, completa(ctx, input.confirmar_sobreventa));
      return {
        enlace_id: r.conexion.enlace_id,
        cid_enlace: r.conexion.cid_enlace ?? '',
        conexion: r.conexion,
        servicios: r.servicios,
        advertencias: r.advertencias,
      };
    }),
  ),

  update: operadorProcedure
    .input(actualizarConexionTrpcInput)
    .mutation(({ ctx, input }) =>
      actualizarConexion(
        ctx.db,
        input.enlace_id,
        { ...input.datos, motivo: input.motivo },
        completa(ctx, input.confirmar_sobreventa),
      ),
    ),

  /** AUMENTAR/DISMINUIR the link and its service in one transaction (never two calls). */
  ajustarBw: operadorProcedure
    .input(ajustarBwTrpcInput)
    .mutation(({ ctx, input }) =>
      idempotente(ctx, 'conexiones.ajustarBw', input, () =>
        ajustarBwConexion(ctx.db, input.enlace_id, input, completa(ctx, input.confirmar_sobreventa)),
      ),
    ),

  cambiarEstado: operadorProcedure
    .input(cambiarEstadoTrpcInput)
    .mutation(({ ctx, input }) =>
      cambiarEstadoConexion(ctx.db, input.enlace_id, input, completa(ctx, input.confirmar_sobreventa)),
    ),
});
