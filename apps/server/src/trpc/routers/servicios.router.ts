import {
  ajustarCapacidadInput,
  idOpcional,
  idSchema,
  listQuerySchema,
  servicioListQuery,
  servicioProveedorCreateInput,
  servicioProveedorUpdateInput,
} from '@troncal/domain/schemas';
import { z } from 'zod';
import { leerCid } from '../../services/cid';
import { actualizacionInput } from '../../services/referencia.schemas';
import {
  actualizarServicio,
  ajustarCapacidad,
  conciliarServicio,
  crearServicio,
  detalleServicio,
  kpiServicios,
  listarServicios,
  movimientosServicio,
  obtenerServicio,
  opcionesFiltroServicios,
  seleccionarServicios,
} from '../../services/servicios';
import { idempotente } from '../idempotencia';
import { operadorProcedure, protectedProcedure, router } from '../init';

const porId = z.object({ servicio_id: idSchema });

export const serviciosRouter = router({
  /** A page of services, plus KPI totals of the whole filtered set and the filters' options. */
  list: protectedProcedure.input(servicioListQuery).query(async ({ ctx, input }) => {
    const [pagina, kpi, opciones] = await Promise.all([
      listarServicios(ctx.db, input),
      kpiServicios(ctx.db, input),
      opcionesFiltroServicios(ctx.db, input),
    ]);
    return { ...pagina, kpi, opciones };
  }),

  byId: protectedProcedure.input(porId).query(({ ctx, input }) => obtenerServicio(ctx.db, input.servicio_id)),

  /** Everything the detail page shows: service, KPI and alert, connections, ledger, reconciliation, samples. */
  detalle: protectedProcedure.input(porId).query(({ ctx, input }) => detalleServicio(ctx.db, input.servicio_id)),

  conciliacion: protectedProcedure.input(porId).query(({ ctx, input }) => conciliarServicio(ctx.db, input.servicio_id)),

  movimientos: protectedProcedure
    .input(porId.extend(listQuerySchema.omit({ search: true }).shape))
    .query(({ ctx, input }) => movimientosServicio(ctx.db, input.servicio_id, input)),

  /** `{ next, last }` without consuming a number. */
  nextCid: protectedProcedure.query(({ ctx }) => leerCid(ctx.db, 'servicio')),

  /**
   * For pickers (the connection form's "Servicio del proveedor"): `[{ servicio_id, proveedor_id,
   * proveedor_nombre, cid_interno, modalidad, ubicacion_servicio, condicion, capacidad_comprada,
   * capacidad_vendida, capacidad_disponible }]`, ordered by provider and CID.
   */
  select: protectedProcedure
    .input(z.object({ proveedor_id: idOpcional }).optional())
    .query(({ ctx, input }) => seleccionarServicios(ctx.db, input ?? {})),

  create: operadorProcedure
    .input(servicioProveedorCreateInput)
    .mutation(({ ctx, input }) =>
      idempotente(ctx, 'servicios.create', input, () => crearServicio(ctx.db, { datos: input, usuario: ctx.user })),
    ),

  update: operadorProcedure
    .input(actualizacionInput(servicioProveedorUpdateInput).extend({ confirmar_sobreventa: z.boolean().optional() }))
    .mutation(({ ctx, input }) =>
      // The SPA's edit is whole, like its connection operations: an oversale must be confirmed.
      actualizarServicio(ctx.db, {
        id: input.id,
        datos: input.datos,
        usuario: ctx.user,
        politica: ctx.env.TRONCAL_SOBREVENTA,
        sobreventaConfirmada: input.confirmar_sobreventa ?? false,
      }),
    ),

  ajustarCapacidad: operadorProcedure.input(porId.extend(ajustarCapacidadInput.shape)).mutation(({ ctx, input }) =>
    idempotente(ctx, 'servicios.ajustarCapacidad', input, () =>
      ajustarCapacidad(ctx.db, {
        id: input.servicio_id,
        datos: input,
        usuario: ctx.user,
        politica: ctx.env.TRONCAL_SOBREVENTA,
      }),
    ),
  ),
});
