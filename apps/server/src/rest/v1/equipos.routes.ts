import { equipoCreateInput, equipoUpdateInput } from '@troncal/domain/schemas';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  actualizarEquipo,
  crearEquipo,
  listarEquipos,
  obtenerEquipo,
  seleccionarEquipos,
} from '../../services/equipos.service';
import {
  cuerpo,
  equipoDetalleSchema,
  equipoListQuery,
  equipoOpcionSchema,
  equipoSelectQuery,
} from '../../services/referencia.schemas';
import { dataEnvelope, errorEnvelope, listEnvelope, selectEnvelope, updateEnvelope } from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const tags = ['Equipos'];
const errores = { 400: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

export async function equiposRoutes(app: FastifyInstance, { db }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/equipos/listar',
    {
      schema: {
        tags,
        summary: 'Lista paginada de equipos (búsqueda por serie, marca, modelo o tipo; filtros tipo, estado)',
        querystring: equipoListQuery,
        response: { 200: listEnvelope(equipoDetalleSchema), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, ...(await listarEquipos(db, req.query)) }),
  );

  r.get(
    '/equipos/listar/select',
    {
      schema: {
        tags,
        summary:
          'Equipos para listas desplegables: label "tipo | marca | modelo | SN: serie"; disponibles=true deja solo los DISPONIBLE',
        querystring: equipoSelectQuery,
        response: { 200: selectEnvelope(equipoOpcionSchema), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await seleccionarEquipos(db, req.query) }),
  );

  r.post(
    '/equipos/crear',
    {
      schema: {
        tags,
        summary: 'Registra un equipo (serie única, sin distinguir mayúsculas)',
        body: cuerpo(equipoCreateInput),
        response: {
          201: z.object({
            ok: z.literal(true),
            message: z.string(),
            equipo_id: z.number().int(),
            data: equipoDetalleSchema,
          }),
          ...errores,
        },
      },
    },
    async (req, reply) => {
      const data = await crearEquipo(db, req.body, req.user);
      return reply.code(201).send({
        ok: true as const,
        message: `Equipo ${data.tipo} ${data.marca} ${data.modelo} (SN: ${data.serial}) registrado.`,
        equipo_id: data.equipo_id,
        data,
      });
    },
  );

  r.get(
    '/equipos/:id',
    {
      schema: {
        tags,
        summary: 'Un equipo, con la conexión viva que lo tiene (si hay una)',
        params: idParamsSchema,
        response: { 200: dataEnvelope(equipoDetalleSchema), 400: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await obtenerEquipo(db, req.params.id) }),
  );

  r.put(
    '/equipos/:id',
    {
      schema: {
        tags,
        summary: 'Actualiza un equipo (solo los campos enviados); estado BAJA lo retira',
        params: idParamsSchema,
        body: cuerpo(equipoUpdateInput),
        response: { 200: updateEnvelope(equipoDetalleSchema), ...errores },
      },
    },
    async (req) => {
      const data = await actualizarEquipo(db, req.params.id, req.body, req.user);
      return { ok: true as const, message: `Equipo SN: ${data.serial} actualizado.`, data };
    },
  );
}
