import {
  estadoMonitoreoResponse,
  monitoreoSchema,
  type ObjetoMonitoreo,
  probarInput,
  probarResponse,
  sincronizarResponse,
  usoQuerySchema,
  usoResponse,
  vinculoMonitoreoSchema,
  vinculosListEnvelope,
  vinculosListQuery,
} from '@troncal/domain/schemas';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { estadoMonitoreo } from '../../services/monitoreo/ciclo-estado';
import { depsCiclo, fuentesDe } from '../../services/monitoreo/entorno';
import { probar } from '../../services/monitoreo/probar';
import { sincronizar } from '../../services/monitoreo/sincronizar';
import { usoDe } from '../../services/monitoreo/uso';
import { listarVinculos, obtenerVinculo, vincular } from '../../services/monitoreo/vinculos';
import { dataEnvelope, errorEnvelope, errores, updateEnvelope } from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

const tags = ['Monitoreo'];
const OBJETOS: [string, ObjetoMonitoreo, string][] = [
  ['/conexiones', 'conexion', 'la conexión'],
  ['/servicios-proveedor', 'servicio', 'el servicio de proveedor'],
];

/**
 * Measured utilisation (docs/monitoreo.md): the binding of a connection or a service to Zabbix or
 * Prometheus, its stored usage series, the binding list, "Probar" and an on-demand cycle.
 */
export async function monitoreoRoutes(app: FastifyInstance, { db, dbKind, env }: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const usuario = (u: { usuario_id: number | null } | null) => u?.usuario_id ?? null;

  for (const [base, objeto, nombre] of OBJETOS) {
    r.get(
      `${base}/:id/monitoreo`,
      {
        schema: {
          tags,
          summary: `El vínculo de monitoreo de ${nombre} con su última lectura (data: null si no tiene)`,
          params: idParamsSchema,
          response: { 200: dataEnvelope(vinculoMonitoreoSchema.nullable()), ...errores },
        },
      },
      async (req) => ({ ok: true as const, data: await obtenerVinculo(db, objeto, req.params.id) }),
    );

    r.put(
      `${base}/:id/monitoreo`,
      {
        schema: {
          tags,
          summary: `Vincula ${nombre} a Zabbix o Prometheus (o cambia su vínculo)`,
          description:
            '`{ "fuente": "zabbix", "host": "<host técnico>", "interfaz": "Gi0/0/1" }` o ' +
            '`{ "fuente": "prometheus", "entrada": "<PromQL en bps>", "salida": "<PromQL en bps>" }`. ' +
            'El próximo ciclo lee la ventana completa; mientras tanto se conservan las últimas cifras.',
          params: idParamsSchema,
          body: monitoreoSchema,
          response: { 200: updateEnvelope(vinculoMonitoreoSchema.nullable()), ...errores },
        },
      },
      async (req) => ({
        ok: true as const,
        ...(await vincular(db, objeto, req.params.id, req.body, usuario(req.user), req.user)),
      }),
    );

    r.delete(
      `${base}/:id/monitoreo`,
      {
        schema: {
          tags,
          summary: `Quita el monitoreo de ${nombre}`,
          description:
            'Sus cifras medidas se conservan como valor escrito; el historial de uso se conserva. ' +
            'Un servicio vuelve a sumar el BW utilizado de sus conexiones.',
          params: idParamsSchema,
          response: { 200: updateEnvelope(vinculoMonitoreoSchema.nullable()), ...errores },
        },
      },
      async (req) => ({
        ok: true as const,
        ...(await vincular(db, objeto, req.params.id, null, usuario(req.user), req.user)),
      }),
    );

    r.get(
      `${base}/:id/uso`,
      {
        schema: {
          tags,
          summary: `Serie de uso medido de ${nombre} (desde, hasta ISO 8601; por defecto las últimas 24 h)`,
          description:
            'Puntos de 5 minutos hasta 7 días, horarios hasta 62 días y diarios más allá; p95, máximo y ' +
            'promedio de max(entrada, salida) sobre las muestras de 5 minutos del rango. Sale de lo guardado: ' +
            'no consulta la fuente.',
          params: idParamsSchema,
          querystring: usoQuerySchema,
          response: { 200: usoResponse, ...errores },
        },
      },
      async (req) => usoDe(db, objeto, req.params.id, req.query),
    );
  }

  r.get(
    '/monitoreo/vinculos',
    {
      schema: {
        tags,
        summary: 'Todos los vínculos de monitoreo con su estado (filtros: estado, objeto, fuente)',
        querystring: vinculosListQuery,
        response: { 200: vinculosListEnvelope, ...errores },
      },
    },
    async (req) => ({ ok: true as const, ...(await listarVinculos(db, req.query)) }),
  );

  r.get(
    '/monitoreo/estado',
    {
      schema: {
        tags,
        summary: 'Fuentes configuradas, intervalo, ventana y el último ciclo',
        response: { 200: estadoMonitoreoResponse, ...errores },
      },
    },
    async () => estadoMonitoreo(db, env),
  );

  r.post(
    '/monitoreo/sincronizar',
    {
      schema: {
        tags,
        summary: 'Ejecuta un ciclo de monitoreo ahora y responde al terminar',
        description:
          'Sin fuentes configuradas responde `consultados: 0`. Si otro ciclo está en curso (en este u otro ' +
          'proceso), 409. `errores` lista los primeros 1.000 vínculos que no leyeron OK.',
        response: { 200: sincronizarResponse, ...errores, 409: errorEnvelope },
      },
    },
    async (req) => {
      const { omitido: _, ...r } = await sincronizar(depsCiclo(db, dbKind, env, req.log), { origen: 'manual' });
      return r;
    },
  );

  r.post(
    '/monitoreo/probar',
    {
      schema: {
        tags,
        summary: 'Prueba un vínculo: los últimos valores de la fuente o su error',
        description:
          '`{ objeto, id }` prueba un vínculo guardado; `{ monitoreo }`, uno aún no guardado. Un fallo de la ' +
          'fuente es una respuesta (`estado` ERROR o SIN_DATOS con su mensaje), no un error de la solicitud.',
        body: probarInput,
        response: { 200: probarResponse, ...errores, 422: errorEnvelope },
      },
    },
    async (req) => probar(db, fuentesDe(env), req.body),
  );
}
