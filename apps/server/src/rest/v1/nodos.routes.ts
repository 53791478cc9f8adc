import { nodoCreateInput, nodoUpdateInput } from '@troncal/domain/schemas';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actualizarNodo, crearNodo, listarNodos, obtenerNodo, seleccionarNodos } from '../../services/nodos.service';
import {
  cuerpo,
  nodoDetalleSchema,
  nodoListQuery,
  nodoOpcionSchema,
  nodoSelectQuery,
} from '../../services/referencia.schemas';
import { dataEnvelope, errorEnvelope, listEnvelope, selectEnvelope, updateEnvelope } from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const tags = ['Nodos'];
const errores = { 400: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function nodosRoutes(app: FastifyInstance, { db }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/nodos/listar',
    {
      schema: {
        tags,
        summary: 'Lista paginada de nodos (búsqueda por nombre, dirección o ubigeo; filtros tipo, estado, ubigeo)',
        querystring: nodoListQuery,
        response: { 200: listEnvelope(nodoDetalleSchema), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, ...(await listarNodos(db, req.query)) }),
  );

  r.get(
    '/nodos/listar/select',
    {
      schema: {
        tags,
        summary: 'Nodos para listas desplegables',
        querystring: nodoSelectQuery,
        response: { 200: selectEnvelope(nodoOpcionSchema), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await seleccionarNodos(db, req.query) }),
  );

  r.post(
    '/nodos/crear',
    {
      schema: {
        tags,
        summary: 'Registra un nodo (nombre único; ubigeo INEI de 2, 4 o 6 dígitos opcional)',
        body: cuerpo(nodoCreateInput),
        response: {
          201: z.object({
            ok: z.literal(true),
            message: z.string(),
            nodo_id: z.number().int(),
            data: nodoDetalleSchema,
          }),
          ...errores,
        },
      },
    },
    async (req, reply) => {
      const data = await crearNodo(db, req.body, req.user);
      return reply.code(201).send({
        ok: true as const,
        message: `Nodo "${data.nombre}" registrado.`,
        nodo_id: data.nodo_id,
        data,
      });
    },
  );

  r.get(
    '/nodos/:id',
    {
      schema: {
        tags,
        summary: 'Un nodo, con los nombres de su ubigeo',
        params: idParamsSchema,
        response: { 200: dataEnvelope(nodoDetalleSchema), 400: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await obtenerNodo(db, req.params.id) }),
  );

  r.put(
    '/nodos/:id',
    {
      schema: {
        tags,
        summary: 'Actualiza un nodo (solo los campos enviados); estado INACTIVO lo desactiva',
        params: idParamsSchema,
        body: cuerpo(nodoUpdateInput),
        response: { 200: updateEnvelope(nodoDetalleSchema), ...errores },
      },
    },
    async (req) => {
      const data = await actualizarNodo(db, req.params.id, req.body, req.user);
      return { ok: true as const, message: `Nodo "${data.nombre}" actualizado.`, data };
    },
  );
}
