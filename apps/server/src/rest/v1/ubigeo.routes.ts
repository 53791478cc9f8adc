import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listarDepartamentos, listarDistritos, listarProvincias } from '../../services/ubigeo.service';
import type { V1Deps } from './plugin';

const item = z.object({ codigo: z.string(), nombre: z.string() });
const lista = z.object({ ok: z.literal(true), data: z.array(item) });
const tags = ['Ubigeo'];

export async function ubigeoRoutes(app: FastifyInstance, _deps: V1Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/ubigeo/departamentos',
    { schema: { tags, summary: 'Departamentos del Perú (INEI)', response: { 200: lista } } },
    async () => ({ ok: true as const, data: listarDepartamentos() }),
  );
  r.get(
    '/ubigeo/provincias',
    {
      schema: {
        tags,
        summary: 'Provincias de un departamento (código o nombre)',
        querystring: z.object({
          departamento: z.string({ error: 'Indique el departamento.' }).trim().min(1, 'Indique el departamento.'),
        }),
        response: { 200: lista },
      },
    },
    async (req) => ({ ok: true as const, data: listarProvincias(req.query.departamento) }),
  );
  r.get(
    '/ubigeo/distritos',
    {
      schema: {
        tags,
        summary: 'Distritos de una provincia (código o nombre)',
        querystring: z.object({
          provincia: z.string({ error: 'Indique la provincia.' }).trim().min(1, 'Indique la provincia.'),
          departamento: z.string().trim().optional(),
        }),
        response: { 200: lista },
      },
    },
    async (req) => ({ ok: true as const, data: listarDistritos(req.query.provincia, req.query.departamento) }),
  );
}
