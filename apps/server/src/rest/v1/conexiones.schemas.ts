import {
  ajustarBwInput,
  capacidadesServicioSchema,
  conexionCamposInput,
  conexionInput,
  conexionSchema,
} from '@troncal/domain/schemas';
import { z } from 'zod';
import { listEnvelope, updateEnvelope } from './envelopes';

/**
 * The `/v1` connection contract beyond the domain's inputs: the `ajustar_servicio` flag and the
 * response envelopes. The SPA never sends the flag (its operations always move the service).
 */

/** Also move the service's capacity in the same transaction (the endpoints' documented effect is the link only). */
const ajustarServicio = z.boolean({ error: 'Debe ser verdadero o falso.' }).optional();

/**
 * A JSON body that is not an object (null, an array, text) gets a Spanish message too. The outer
 * object has the same fields, so the OpenAPI document still describes them; the inner schema then
 * applies the cross-field checks and the alias folding (its field parsers are idempotent).
 */
export function cuerpoObjeto<T extends z.ZodType>(schema: T): z.ZodPipe<z.ZodObject, T> {
  const s = schema as unknown as { shape?: z.ZodRawShape; in?: { shape?: z.ZodRawShape } };
  const shape = s.shape ?? s.in?.shape ?? {};
  return z.object(shape, { error: 'El cuerpo debe ser un objeto JSON.' }).pipe(schema as never) as never;
}

export const conexionCreateBody = conexionInput(conexionCamposInput.extend({ ajustar_servicio: ajustarServicio }));
export const conexionUpdateBody = conexionInput(
  conexionCamposInput.partial().extend({ ajustar_servicio: ajustarServicio }),
);
export const ajustarBwBody = ajustarBwInput.extend({ ajustar_servicio: ajustarServicio });

/** `POST /v1/conexiones` → 201. */
export const conexionCreadaResponse = z.object({
  ok: z.literal(true),
  message: z.string(),
  enlace_id: z.number().int(),
  cid_enlace: z.string(),
  advertencias: z.array(z.string()).optional(),
});

/** `PUT /v1/conexiones/{id}`. */
export const conexionActualizadaResponse = updateEnvelope(conexionSchema).extend({
  servicios: z.array(capacidadesServicioSchema).optional(),
  advertencias: z.array(z.string()),
});

/** `POST /v1/conexiones/{id}/ajustar-bw`. */
export const ajusteBwResponse = z.object({
  ok: z.literal(true),
  message: z.string(),
  data: conexionSchema,
  servicio: capacidadesServicioSchema.optional(),
  advertencias: z.array(z.string()),
});

/** The connections list answers with the next page's cursor too. */
export const conexionListEnvelope = listEnvelope(conexionSchema).extend({
  siguiente: z
    .number()
    .int()
    .nullable()
    .describe('Valor de antes_de para la página siguiente; null en la última página.'),
});
