import {
  ajustarCapacidadInput,
  idOpcional,
  idSchema,
  listQuerySchema,
  movimientoCapacidadSchema,
  servicioListQuery,
  servicioProveedorCreateInput,
  servicioProveedorSchema,
  servicioProveedorUpdateInput,
} from '@troncal/domain/schemas';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cuerpo } from '../../services/referencia.schemas';
import {
  actualizarServicio,
  ajustarCapacidad,
  conexionesDeServicio,
  crearServicio,
  listarServicios,
  movimientosServicio,
  obtenerServicio,
  seleccionarServicios,
  serviciosDeProveedor,
} from '../../services/servicios';
import { dataEnvelope, errores, erroresEscritura, listEnvelope, selectEnvelope } from './envelopes';
import { rutaNextCid } from './next-cid';
import type { V1Deps } from './plugin';
import {
  ajusteCapacidadResponse,
  servicioActualizadoResponse,
  servicioConexionesResponse,
  servicioCreadoResponse,
  servicioSelectItem,
} from './servicios.schemas';

const tags = ['Servicios de proveedor'];
const BASE = '/servicios-proveedor';

/** Numeric ids only, so `next-cid`, `listar` and `proveedor/…` can never be read as an `{id}`. */
const idParams = z.object({ id: idSchema });

export async function serviciosRoutes(app: FastifyInstance, deps: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, env } = deps;

  r.get(
    `${BASE}/listar`,
    {
      schema: {
        tags,
        summary: 'Lista paginada de servicios de proveedor',
        description:
          '`search` (desde 2 caracteres) busca en proveedor, CID interno y del proveedor, modalidad y ubicación; `proveedor_id` y `cid` filtran.',
        querystring: servicioListQuery,
        response: { 200: listEnvelope(servicioProveedorSchema), ...errores },
      },
    },
    async (req) => ({ ok: true as const, ...(await listarServicios(db, req.query)) }),
  );

  r.get(
    `${BASE}/listar/select`,
    {
      schema: {
        tags,
        summary: 'Servicios para un selector (opcionalmente de un proveedor)',
        querystring: z.object({ proveedor_id: idOpcional }),
        response: { 200: selectEnvelope(servicioSelectItem), ...errores },
      },
    },
    async (req) => ({
      ok: true as const,
      data: await seleccionarServicios(db, { proveedor_id: req.query.proveedor_id }),
    }),
  );

  rutaNextCid(app, db, {
    base: BASE,
    secuencia: 'servicio',
    tags,
    summary: 'Siguiente CID interno (ICP-<n>), sin consumirlo',
  });

  r.get(
    `${BASE}/proveedor/:proveedor_id`,
    {
      schema: {
        tags,
        summary: 'Servicios de un proveedor',
        params: z.object({ proveedor_id: idSchema }),
        response: { 200: dataEnvelope(z.array(servicioProveedorSchema)), ...errores },
      },
    },
    async (req) => ({ ok: true as const, data: await serviciosDeProveedor(db, req.params.proveedor_id) }),
  );

  r.post(
    `${BASE}/crear`,
    {
      schema: {
        tags,
        summary: 'Crear un servicio de proveedor',
        description:
          '`cid_interno` vacío toma el siguiente `ICP-<n>`; uno manual debe ser único (409). ' +
          '`capacidad_vendida`, `capacidad_utilizada` y `capacidad_disponible` se ignoran: los calcula el sistema.',
        body: cuerpo(servicioProveedorCreateInput),
        response: { 201: servicioCreadoResponse, ...erroresEscritura },
      },
    },
    async (req, reply) => {
      const creado = await crearServicio(db, { datos: req.body, usuario: req.user });
      return reply.code(201).send({
        ok: true as const,
        message: 'Servicio creado.',
        servicio_id: creado.servicio_id,
        cid_generado: creado.cid_generado,
        cid_anterior: creado.cid_anterior,
      });
    },
  );

  r.get(
    `${BASE}/:id`,
    {
      schema: {
        tags,
        summary: 'Un servicio de proveedor',
        params: idParams,
        response: { 200: dataEnvelope(servicioProveedorSchema), ...errores },
      },
    },
    async (req) => ({ ok: true as const, data: await obtenerServicio(db, req.params.id) }),
  );

  r.get(
    `${BASE}/:id/conexiones`,
    {
      schema: {
        tags,
        summary: 'El servicio y sus conexiones (EnlaceRed)',
        params: idParams,
        response: { 200: servicioConexionesResponse, ...errores },
      },
    },
    async (req) => {
      const servicio = await obtenerServicio(db, req.params.id);
      // EnlaceRed exactly as the spec lists it: the SPA's `medido` flag stays out of /v1.
      const conexiones = (await conexionesDeServicio(db, req.params.id)).map(({ medido: _, ...e }) => e);
      return { ok: true as const, servicio, conexiones };
    },
  );

  r.get(
    `${BASE}/:id/movimientos`,
    {
      schema: {
        tags,
        summary: 'Libro de capacidad del servicio, del más reciente al más antiguo',
        params: idParams,
        querystring: listQuerySchema.omit({ search: true }),
        response: { 200: listEnvelope(movimientoCapacidadSchema), ...errores },
      },
    },
    async (req) => ({ ok: true as const, ...(await movimientosServicio(db, req.params.id, req.query)) }),
  );

  r.post(
    `${BASE}/:id/ajustar-capacidad`,
    {
      schema: {
        tags,
        summary: 'Ajustar la capacidad disponible',
        description:
          '`delta_disponible = +d` devuelve d Mbps al pool (vendida −d); `−d` vende d Mbps. ' +
          'Devolver más de lo vendido: 422. Sobreventa: advertencia, o 409 si está bloqueada ' +
          '(TRONCAL_SOBREVENTA=block o `limite_sobreventa_pct` del servicio).',
        params: idParams,
        body: cuerpo(ajustarCapacidadInput),
        response: { 200: ajusteCapacidadResponse, ...erroresEscritura },
      },
    },
    async (req) => {
      const cap = await ajustarCapacidad(db, {
        id: req.params.id,
        datos: req.body,
        usuario: req.user,
        politica: env.TRONCAL_SOBREVENTA,
      });
      return { ok: true as const, message: 'Capacidad ajustada.', ...cap };
    },
  );

  r.put(
    `${BASE}/servicios-proveedor/:id`,
    {
      schema: {
        tags,
        summary: 'Editar un servicio de proveedor',
        description:
          'Los campos ausentes no cambian. `capacidad_vendida`, `capacidad_utilizada` y `capacidad_disponible` se ignoran.',
        params: idParams,
        body: cuerpo(servicioProveedorUpdateInput),
        response: { 200: servicioActualizadoResponse, ...erroresEscritura },
      },
    },
    async (req) => {
      const { servicio, advertencias } = await actualizarServicio(db, {
        id: req.params.id,
        datos: req.body,
        usuario: req.user,
        politica: env.TRONCAL_SOBREVENTA,
      });
      return { ok: true as const, message: 'Servicio actualizado.', data: servicio, advertencias };
    },
  );
}
