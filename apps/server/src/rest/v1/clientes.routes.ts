import { clienteCreateInput, clienteSchema, clienteUpdateInput } from '@troncal/domain/schemas';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actualizarCliente,
  crearCliente,
  listarClientes,
  obtenerCliente,
  seleccionarClientes,
} from '../../services/clientes.service';
import { clienteListQuery, clienteOpcionSchema, clienteSelectQuery, cuerpo } from '../../services/referencia.schemas';
import { dataEnvelope, errorEnvelope, listEnvelope, selectEnvelope, updateEnvelope } from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const tags = ['Clientes'];
const errores = { 400: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function clientesRoutes(app: FastifyInstance, { db }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/clientes/listar',
    {
      schema: {
        tags,
        summary: 'Lista paginada de clientes corporativos (búsqueda por razón social, RUC, contacto o correo)',
        querystring: clienteListQuery,
        response: { 200: listEnvelope(clienteSchema), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, ...(await listarClientes(db, req.query)) }),
  );

  r.get(
    '/clientes/listar/select',
    {
      schema: {
        tags,
        summary: 'Clientes para listas desplegables',
        querystring: clienteSelectQuery,
        response: { 200: selectEnvelope(clienteOpcionSchema), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await seleccionarClientes(db, req.query) }),
  );

  r.post(
    '/clientes/crear',
    {
      schema: {
        tags,
        summary: 'Registra un cliente corporativo (RUC de 11 dígitos con dígito verificador SUNAT, único)',
        body: cuerpo(clienteCreateInput),
        response: {
          201: z.object({
            ok: z.literal(true),
            message: z.string(),
            cliente_id: z.number().int(),
            data: clienteSchema,
          }),
          ...errores,
        },
      },
    },
    async (req, reply) => {
      const data = await crearCliente(db, req.body, req.user);
      return reply.code(201).send({
        ok: true as const,
        message: `Cliente "${data.razon_social}" registrado.`,
        cliente_id: data.cliente_id,
        data,
      });
    },
  );

  r.get(
    '/clientes/:id',
    {
      schema: {
        tags,
        summary: 'Un cliente',
        params: idParamsSchema,
        response: { 200: dataEnvelope(clienteSchema), 400: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await obtenerCliente(db, req.params.id) }),
  );

  r.put(
    '/clientes/:id',
    {
      schema: {
        tags,
        summary: 'Actualiza un cliente (solo los campos enviados); estado INACTIVO lo desactiva',
        params: idParamsSchema,
        body: cuerpo(clienteUpdateInput),
        response: { 200: updateEnvelope(clienteSchema), ...errores },
      },
    },
    async (req) => {
      const data = await actualizarCliente(db, req.params.id, req.body, req.user);
      return { ok: true as const, message: `Cliente "${data.razon_social}" actualizado.`, data };
    },
  );
}
