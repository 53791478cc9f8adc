import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cambioListQuery,
  cambiosDeQuery,
  cambiosEnvelope,
  type EntidadConDetalle,
  historialDe,
  listarCambios,
} from '../../services/cambios';
import { errorEnvelope } from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const tags = ['Historial de cambios'];

/** The /v1 path of each entity with a detail page (the legacy paths: servicios-proveedor). */
const RUTAS: Record<EntidadConDetalle, [string, string]> = {
  conexion: ['conexiones', 'una conexión'],
  servicio: ['servicios-proveedor', 'un servicio de proveedor'],
  proveedor: ['proveedores', 'un proveedor'],
  cliente: ['clientes', 'un cliente'],
  nodo: ['nodos', 'un nodo'],
  equipo: ['equipos', 'un equipo'],
};

/**
 * The change history. `GET /v1/cambios` is the whole organisation's activity (who changed which user,
 * token and record, from where): admin only, like users and tokens. One record's history is readable
 * by whoever can read the record (lector and up): it is the same data over time.
 */
export async function cambiosRoutes(app: FastifyInstance, { db }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/cambios',
    {
      config: { rol: 'admin' },
      schema: {
        tags,
        summary: 'Historial de cambios de todo Troncal (solo admin), del más reciente al más antiguo',
        description:
          'Filtros: usuario (usuario_id), entidad (+ entidad_id), accion, desde/hasta (AAAA-MM-DD inclusive o instante ISO). ' +
          'Paginado por cursor: pase `siguiente` como `antes_de` para la página siguiente.',
        querystring: cambioListQuery,
        response: { 200: cambiosEnvelope, 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, ...(await listarCambios(db, req.query)) }),
  );

  for (const [entidad, [ruta, nombre]] of Object.entries(RUTAS) as [EntidadConDetalle, [string, string]][]) {
    r.get(
      `/${ruta}/:id/cambios`,
      {
        schema: {
          tags,
          summary: `Historial de cambios de ${nombre}, del más reciente al más antiguo`,
          params: idParamsSchema,
          querystring: cambiosDeQuery,
          response: { 200: cambiosEnvelope, 400: errorEnvelope, 404: errorEnvelope },
        },
      },
      async (req) => ({ ok: true as const, ...(await historialDe(db, entidad, req.params.id, req.query)) }),
    );
  }
}
