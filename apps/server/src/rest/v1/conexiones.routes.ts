import { conexionListQuery, conexionSchema, conexionSelectQuery, conexionSelectSchema } from '@troncal/domain/schemas';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  actualizarConexion,
  ajustarBwConexion,
  crearConexion,
  listarConexiones,
  type OpcionesConexion,
  obtenerConexion,
  seleccionarConexiones,
} from '../../services/conexiones';
import {
  ajustarBwBody,
  ajusteBwResponse,
  conexionActualizadaResponse,
  conexionCreadaResponse,
  conexionCreateBody,
  conexionListEnvelope,
  conexionUpdateBody,
  cuerpoObjeto,
} from './conexiones.schemas';
import { dataEnvelope, errores, erroresEscritura, selectEnvelope } from './envelopes';
import { rutaNextCid } from './next-cid';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const tags = ['Conexiones'];
const BASE = '/conexiones';

export async function conexionesRoutes(app: FastifyInstance, { db, env }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** The documented effect is the link only; `ajustar_servicio: true` moves the service too. */
  const opciones = (req: FastifyRequest, ajustarServicio: boolean | undefined): OpcionesConexion => ({
    usuario: req.user,
    politica: env.TRONCAL_SOBREVENTA,
    ajustarServicio: ajustarServicio === true,
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
    async (req) => ({ ok: true as const, ...(await listarConexiones(db, req.query)) }),
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
    async (req) => ({ ok: true as const, data: await seleccionarConexiones(db, req.query) }),
  );

  rutaNextCid(app, db, {
    base: BASE,
    secuencia: 'conexion',
    tags,
    summary: 'El próximo CID de enlace que se asignará (no lo consume)',
  });

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
        body: cuerpoObjeto(conexionCreateBody),
        response: { 201: conexionCreadaResponse, ...erroresEscritura },
      },
    },
    async (req, reply) => {
      const { ajustar_servicio, ...datos } = req.body as z.output<typeof conexionCreateBody>;
      const res = await crearConexion(db, { datos, ...opciones(req, ajustar_servicio) });
      const cid = res.conexion.cid_enlace ?? '';
      return reply.code(201).send({
        ok: true as const,
        message: `Conexión ${cid} creada.`,
        enlace_id: res.conexion.enlace_id,
        cid_enlace: cid,
        ...(ajustar_servicio ? { advertencias: res.advertencias } : {}),
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
        body: cuerpoObjeto(conexionUpdateBody),
        response: { 200: conexionActualizadaResponse, ...erroresEscritura },
      },
    },
    async (req) => {
      const { ajustar_servicio, ...datos } = req.body as z.output<typeof conexionUpdateBody>;
      const res = await actualizarConexion(db, { id: req.params.id, datos, ...opciones(req, ajustar_servicio) });
      return {
        ok: true as const,
        message: `Conexión ${res.conexion.cid_enlace} actualizada.`,
        data: res.conexion,
        ...(ajustar_servicio ? { servicios: res.servicios } : {}),
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
        body: cuerpoObjeto(ajustarBwBody),
        response: { 200: ajusteBwResponse, ...erroresEscritura },
      },
    },
    async (req) => {
      const { ajustar_servicio, ...datos } = req.body;
      const res = await ajustarBwConexion(db, { id: req.params.id, datos, ...opciones(req, ajustar_servicio) });
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
