import { proveedorCreateInput, proveedorSchema, proveedorUpdateInput } from '@troncal/domain/schemas';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actualizarProveedor,
  crearProveedor,
  listarProveedores,
  obtenerProveedor,
  seleccionarProveedores,
} from '../../services/proveedores.service';
import {
  cuerpo,
  proveedorListQuery,
  proveedorOpcionSchema,
  proveedorSelectQuery,
} from '../../services/referencia.schemas';
import { dataEnvelope, errorEnvelope, listEnvelope, selectEnvelope, updateEnvelope } from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const tags = ['Proveedores'];
const errores = { 400: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function proveedoresRoutes(app: FastifyInstance, { db }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/proveedores/listar',
    {
      schema: {
        tags,
        summary: 'Lista paginada de proveedores (búsqueda por nombre, RUC, contacto o correo)',
        querystring: proveedorListQuery,
        response: { 200: listEnvelope(proveedorSchema), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, ...(await listarProveedores(db, req.query)) }),
  );

  r.get(
    '/proveedores/listar/select',
    {
      schema: {
        tags,
        summary: 'Proveedores para listas desplegables, cada uno con sus servicios',
        querystring: proveedorSelectQuery,
        response: { 200: selectEnvelope(proveedorOpcionSchema), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await seleccionarProveedores(db, req.query) }),
  );

  r.post(
    '/proveedores/crear',
    {
      schema: {
        tags,
        summary: 'Registra un proveedor (nombre único, sin distinguir mayúsculas)',
        body: cuerpo(proveedorCreateInput),
        response: {
          201: z.object({
            ok: z.literal(true),
            message: z.string(),
            proveedor_id: z.number().int(),
            data: proveedorSchema,
          }),
          ...errores,
        },
      },
    },
    async (req, reply) => {
      const data = await crearProveedor(db, req.body, req.user);
      return reply.code(201).send({
        ok: true as const,
        message: `Proveedor "${data.nombre}" registrado.`,
        proveedor_id: data.proveedor_id,
        data,
      });
    },
  );

  r.get(
    '/proveedores/:id',
    {
      schema: {
        tags,
        summary: 'Un proveedor',
        params: idParamsSchema,
        response: { 200: dataEnvelope(proveedorSchema), 400: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await obtenerProveedor(db, req.params.id) }),
  );

  r.put(
    '/proveedores/:id',
    {
      schema: {
        tags,
        summary: 'Actualiza un proveedor (solo los campos enviados); estado INACTIVO lo desactiva',
        params: idParamsSchema,
        body: cuerpo(proveedorUpdateInput),
        response: { 200: updateEnvelope(proveedorSchema), ...errores },
      },
    },
    async (req) => {
      const data = await actualizarProveedor(db, req.params.id, req.body, req.user);
      return { ok: true as const, message: `Proveedor "${data.nombre}" actualizado.`, data };
    },
  );
}
