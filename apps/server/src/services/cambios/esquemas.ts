import {
  ACCIONES_CAMBIO,
  CANALES_CAMBIO,
  ENTIDADES_CAMBIO,
  parseAccionCambio,
  parseEntidadCambio,
} from '@troncal/domain/enums';
import { enumFlexible, idOpcional, listQuerySchema, opcional } from '@troncal/domain/schemas';
import { z } from 'zod';

const FECHA = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-12-01" (the whole day) or an ISO instant ("2026-12-01T10:00:00Z"). */
const instanteInput = z
  .string({ error: 'Debe ser una fecha (AAAA-MM-DD) o un instante ISO 8601.' })
  .trim()
  .refine((s) => (FECHA.test(s) || /^\d{4}-\d{2}-\d{2}T/.test(s)) && !Number.isNaN(Date.parse(s)), {
    message: 'Debe ser una fecha (AAAA-MM-DD) o un instante ISO 8601.',
  });

export const entidadCambioInput = enumFlexible(ENTIDADES_CAMBIO, parseEntidadCambio);
export const accionCambioInput = enumFlexible(ACCIONES_CAMBIO, parseAccionCambio);

/** Inclusive bounds: a bare date as `desde` starts at 00:00 UTC, as `hasta` ends at the next 00:00 UTC. */
export const desdeInstante = (s: string): Date => new Date(FECHA.test(s) ? `${s}T00:00:00Z` : s);
export const hastaInstante = (s: string): Date =>
  FECHA.test(s) ? new Date(Date.parse(`${s}T00:00:00Z`) + 86_400_000) : new Date(Date.parse(s) + 1);

const filtros = {
  usuario: idOpcional.describe('Solo los cambios de este usuario (usuario_id; también los de sus tokens).'),
  accion: opcional(accionCambioInput),
  desde: opcional(instanteInput).describe('Desde esta fecha (AAAA-MM-DD, inclusive) o instante ISO.'),
  hasta: opcional(instanteInput).describe('Hasta esta fecha (AAAA-MM-DD, inclusive) o instante ISO.'),
  limit: listQuerySchema.shape.limit,
  antes_de: idOpcional.describe(
    'Cursor: solo cambios con cambio_id menor que este (el campo siguiente de la página anterior).',
  ),
};

const rangoValido = (q: { desde?: string | null | undefined; hasta?: string | null | undefined }) =>
  !q.desde || !q.hasta || desdeInstante(q.desde) < hastaInstante(q.hasta);
const rangoError = { message: '«desde» no puede ser posterior a «hasta».', path: ['desde'] };

/** `GET /v1/<entidad>/{id}/cambios` and the detail pages: one record's history. */
export const cambiosDeQuery = z.object(filtros).refine(rangoValido, rangoError);
export type CambiosDeQuery = z.output<typeof cambiosDeQuery>;

const filtrosGlobales = {
  ...filtros,
  entidad: opcional(entidadCambioInput),
  entidad_id: idOpcional.describe('Con entidad: solo los cambios de ese registro.'),
};

/** `GET /v1/cambios` and the Actividad page: the whole history, filtered. */
export const cambioListQuery = z.object(filtrosGlobales).refine(rangoValido, rangoError);
export type CambioListQuery = z.output<typeof cambioListQuery>;

export const campoCambiadoSchema = z.object({ campo: z.string(), antes: z.unknown(), despues: z.unknown() });

export const cambioSchema = z.object({
  cambio_id: z.number().int(),
  accion: z.enum(ACCIONES_CAMBIO),
  entidad: z.enum(ENTIDADES_CAMBIO),
  id: z.number().int(),
  usuario: z
    .object({
      usuario_id: z.number().int().nullable(),
      nombre: z.string().nullable(),
      email: z.string().nullable(),
      token_id: z.number().int().nullable(),
      token_nombre: z.string().nullable(),
    })
    .nullable()
    .describe(
      'Quién: el usuario (y el token con que llamó, si fue con token); null para el sistema o la CLI sin dueño.',
    ),
  via: z.enum(CANALES_CAMBIO),
  solicitud_id: z.string().nullable(),
  ocurrido_en: z.string(),
  cambios: z.array(campoCambiadoSchema),
});
export type Cambio = z.infer<typeof cambioSchema>;

/** `{ ok, data, limit, siguiente }`: newest first; pass `siguiente` back as `antes_de` for the next page. */
export const cambiosEnvelope = z.object({
  ok: z.literal(true),
  data: z.array(cambioSchema),
  limit: z.number().int(),
  siguiente: z.number().int().nullable(),
});

/** `GET /v1/cambios/exportar`: the same filters without the page, plus the file's format. */
export const cambioExportQuery = (formato: z.ZodType) => {
  const { limit: _l, antes_de: _a, ...resto } = filtrosGlobales;
  return z.object({ ...resto, formato }).refine(rangoValido, rangoError);
};
