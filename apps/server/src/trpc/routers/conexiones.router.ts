import {
  ajustarBwInput,
  conexionCreateInput,
  conexionListQuery,
  conexionSelectQuery,
  conexionUpdateInput,
  enlaceEstadoInput,
  idSchema,
  textoOpcional,
} from '@troncal/domain/schemas';
import { z } from 'zod';
import { leerCid } from '../../services/cid';
import {
  actualizarConexion,
  ajustarBwConexion,
  cambiarEstadoConexion,
  crearConexion,
  detalleConexion,
  listarConexiones,
  type OpcionesConexion,
  seleccionarConexiones,
} from '../../services/conexiones';
import type { Context } from '../context';
import { idempotente } from '../idempotencia';
import { operadorProcedure, protectedProcedure, router } from '../init';

/** The SPA must tick "Confirmo la sobreventa" before an operation that oversells a service. */
const confirmarSobreventa = z.boolean({ error: 'Debe ser verdadero o falso.' }).optional();
const motivo = textoOpcional(500);

/** The SPA's operations are whole: the service's capacity always moves with the connection. */
const completa = (ctx: Context, confirmada: boolean | undefined): OpcionesConexion => ({
  usuario: ctx.user,
  politica: ctx.env.TRONCAL_SOBREVENTA,
  ajustarServicio: true,
  sobreventaConfirmada: confirmada ?? false,
});

export const conexionesRouter = router({
  list: protectedProcedure.input(conexionListQuery).query(({ ctx, input }) => listarConexiones(ctx.db, input)),

  /** The detail page: the connection, its equipos, backing service, bandwidth history and ledger rows. */
  byId: protectedProcedure
    .input(z.object({ enlace_id: idSchema }))
    .query(({ ctx, input }) => detalleConexion(ctx.db, input.enlace_id)),

  /** `{ next, last }` without consuming a number. */
  nextCid: protectedProcedure.query(({ ctx }) => leerCid(ctx.db, 'conexion')),

  select: protectedProcedure
    .input(conexionSelectQuery.optional())
    .query(({ ctx, input }) => seleccionarConexiones(ctx.db, input ?? {})),

  create: operadorProcedure
    .input(z.object({ datos: conexionCreateInput, confirmar_sobreventa: confirmarSobreventa }))
    .mutation(({ ctx, input }) =>
      idempotente(ctx, 'conexiones.create', input, async () => {
        const r = await crearConexion(ctx.db, { datos: input.datos, ...completa(ctx, input.confirmar_sobreventa) });
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
    // `{ id, datos }` as every update; datos keeps its cross-field checks (a refined object).
    .input(
      z.object(
        { id: idSchema, datos: conexionUpdateInput, motivo, confirmar_sobreventa: confirmarSobreventa },
        { error: 'Debe ser un objeto con id y datos.' },
      ),
    )
    .mutation(({ ctx, input }) =>
      actualizarConexion(ctx.db, {
        id: input.id,
        datos: { ...input.datos, motivo: input.motivo },
        ...completa(ctx, input.confirmar_sobreventa),
      }),
    ),

  /** AUMENTAR/DISMINUIR the link and its service in one transaction (never two calls). */
  ajustarBw: operadorProcedure
    .input(ajustarBwInput.extend({ enlace_id: idSchema, confirmar_sobreventa: confirmarSobreventa }))
    .mutation(({ ctx, input }) =>
      idempotente(ctx, 'conexiones.ajustarBw', input, () =>
        ajustarBwConexion(ctx.db, { id: input.enlace_id, datos: input, ...completa(ctx, input.confirmar_sobreventa) }),
      ),
    ),

  cambiarEstado: operadorProcedure
    .input(
      z.object({
        enlace_id: idSchema,
        enlace_estado: enlaceEstadoInput,
        motivo,
        confirmar_sobreventa: confirmarSobreventa,
      }),
    )
    .mutation(({ ctx, input }) =>
      cambiarEstadoConexion(ctx.db, {
        id: input.enlace_id,
        datos: input,
        ...completa(ctx, input.confirmar_sobreventa),
      }),
    ),
});
