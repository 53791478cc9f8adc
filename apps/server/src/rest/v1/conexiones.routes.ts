import {
  ajustarBwInput,
  ajusteBwResponse,
  capacidadesServicioSchema,
  conexionCreadaResponse,
  conexionCreateInput,
  conexionSchema,
  conexionSelectSchema,
  conexionUpdateInput,
  dataEnvelope,
  errorEnvelope,
  idParamsSchema,
  nextCidResponse,
  selectEnvelope,
  updateEnvelope,
} from '@troncal/domain/schemas';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  conexionListEnvelope,
  conexionListQuery,
  conexionSelectQuery,
  cuerpoObjeto,
} from '../../services/conexiones.schemas';
import {
  actualizarConexion,
  ajustarBwConexion,
  crearConexion,
  listarConexiones,
  type OpcionesConexion,
  obtenerConexion,
  seleccionarConexiones,
  siguienteCidEnlace,
} from '../../services/conexiones.service';
import type { V1Deps } from './plugin';

const tags = ['Conexiones'];
const BASE = '/conexiones';
const errores = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope };
const erroresEscritura = { ...errores, 409: errorEnvelope, 422: errorEnvelope };

export async function conexionesRoutes(app: FastifyInstance, { db, env }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const opciones = (req: FastifyRequest, ajustarServicio: boolean): OpcionesConexion => ({
    usuario: req.user,
    politica: env.TRONCAL_SOBREVENTA,
    ajustarServicio,
  });

  r.get(
    `${BASE}/listar`,
    {
      schema: {
        tags,
        summary:
          'Lista paginada de conexiones (limit, offset o el cursor antes_de; búsqueda libre y filtros por estado, servicio y cliente)',
        querystring: conexionListQuery,
        response: { 200: conexionListEnvelope, ...errores },
      },
    },
    async (req) => {
      const q = req.query;
      const pagina = await listarConexiones(db, {
        ...q,
        estado: q.estado ?? undefined,
        servicio_id: q.servicio_id ?? undefined,
        cliente_id: q.cliente_id ?? undefined,
        antes_de: q.antes_de ?? undefined,
      });
      return { ok: true as const, ...pagina };
    },
  );

  r.get(
    `${BASE}/listar/select`,
    {
      schema: {
        tags,
        summary: 'Conexiones para listas desplegables',
        querystring: conexionSelectQuery,
        response: { 200: selectEnvelope(conexionSelectSchema), ...errores },
      },
    },
    async (req) => ({
      ok: true as const,
      data: await seleccionarConexiones(db, { search: req.query.search, estado: req.query.estado ?? undefined }),
    }),
  );

  r.get(
    `${BASE}/next-cid`,
    {
      schema: {
        tags,
        summary: 'El próximo CID de enlace que se asignará (no lo consume)',
        response: { 200: nextCidResponse, ...errores },
      },
    },
    async () => ({ ok: true as const, ...(await siguienteCidEnlace(db)) }),
  );

  r.get(
    `${BASE}/:id`,
    {
      schema: {
        tags,
        summary: 'Una conexión, con cliente, nodos A/B y equipos',
        params: idParamsSchema,
        response: { 200: dataEnvelope(conexionSchema), ...errores },
      },
    },
    async (req) => ({ ok: true as const, data: await obtenerConexion(db, req.params.id) }),
  );

  r.post(
    BASE,
    {
      schema: {
        tags,
        summary:
          'Crea una conexión. Solo registra el enlace (el consumidor ajusta luego el servicio con ajustar-capacidad); ' +
          'con `ajustar_servicio: true` reserva además su bw_contratado en el servicio, en la misma transacción.',
        body: cuerpoObjeto(conexionCreateInput),
        response: { 201: conexionCreadaResponse, ...erroresEscritura },
      },
    },
    async (req, reply) => {
      const body = req.body as z.output<typeof conexionCreateInput>;
      const res = await crearConexion(db, body, opciones(req, body.ajustar_servicio === true));
      const cid = res.conexion.cid_enlace ?? '';
      return reply.code(201).send({
        ok: true as const,
        message: `Conexión ${cid} creada.`,
        enlace_id: res.conexion.enlace_id,
        cid_enlace: cid,
        ...(body.ajustar_servicio ? { advertencias: res.advertencias } : {}),
      });
    },
  );

  r.put(
    `${BASE}/:id`,
    {
      schema: {
        tags,
        summary:
          'Actualiza una conexión (solo los campos enviados). Solo cambia el enlace; con `ajustar_servicio: true` ' +
          'los cambios de BW, servicio o estado mueven también la capacidad del servicio, en la misma transacción.',
        params: idParamsSchema,
        body: cuerpoObjeto(conexionUpdateInput),
        response: {
          200: updateEnvelope(conexionSchema).extend({
            servicios: z.array(capacidadesServicioSchema).optional(),
            advertencias: z.array(z.string()),
          }),
          ...erroresEscritura,
        },
      },
    },
    async (req) => {
      const body = req.body as z.output<typeof conexionUpdateInput>;
      const res = await actualizarConexion(db, req.params.id, body, opciones(req, body.ajustar_servicio === true));
      return {
        ok: true as const,
        message: `Conexión ${res.conexion.cid_enlace} actualizada.`,
        data: res.conexion,
        ...(body.ajustar_servicio ? { servicios: res.servicios } : {}),
        advertencias: res.advertencias,
      };
    },
  );

  r.post(
    `${BASE}/:id/ajustar-bw`,
    {
      schema: {
        tags,
        summary:
          'Aumenta o disminuye el bw_contratado del enlace ({ modo, mbps }). Solo cambia el enlace (el consumidor ' +
          'llama luego a ajustar-capacidad); con `ajustar_servicio: true` ajusta también el servicio, atómicamente.',
        params: idParamsSchema,
        body: cuerpoObjeto(ajustarBwInput),
        response: { 200: ajusteBwResponse, ...erroresEscritura },
      },
    },
    async (req) => {
      const body = req.body as z.output<typeof ajustarBwInput>;
      const res = await ajustarBwConexion(db, req.params.id, body, opciones(req, body.ajustar_servicio === true));
      return {
        ok: true as const,
        message: res.message,
        data: res.conexion,
        ...(res.servicio ? { servicio: res.servicio } : {}),
        advertencias: res.advertencias,
      };
    },
  );
}
