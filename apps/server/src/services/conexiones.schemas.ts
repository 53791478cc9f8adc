import {
  ajustarBwInput,
  conexionCreateInput,
  conexionSchema,
  conexionUpdateInput,
  enlaceEstadoInput,
  idOpcional,
  idSchema,
  listEnvelope,
  listQuerySchema,
  opcional,
  textoOpcional,
} from '@troncal/domain/schemas';
import { z } from 'zod';

/**
 * What the connection transports validate beyond the shared domain schemas (list filters, the
 * SPA's oversale confirmation). Kept in the server because they describe these endpoints.
 */

/**
 * `?limit=&offset=&search=&estado=` (estado case-insensitive: "activo" is ACTIVO), plus the keyset
 * cursor `antes_de`: only connections with a smaller enlace_id, so a deep page costs what the first
 * does (pass the previous page's `siguiente`).
 */
export const conexionListQuery = listQuerySchema.extend({
  estado: opcional(enlaceEstadoInput),
  servicio_id: idOpcional,
  cliente_id: idOpcional,
  antes_de: idOpcional.describe(
    'Cursor: solo conexiones con enlace_id menor que este (el campo siguiente de la página anterior).',
  ),
});

/** The connections list answers with the next page's cursor too. */
export const conexionListEnvelope = listEnvelope(conexionSchema).extend({
  siguiente: z
    .number()
    .int()
    .nullable()
    .describe('Valor de antes_de para la página siguiente; null en la última página.'),
});

export const conexionSelectQuery = z.object({
  search: listQuerySchema.shape.search,
  estado: opcional(enlaceEstadoInput),
});

/** The SPA must tick "Confirmo la sobreventa" before an operation that oversells a service. */
const confirmarSobreventa = z.boolean({ error: 'Debe ser verdadero o falso.' }).optional();

export const conexionIdInput = z.object({ enlace_id: idSchema });

export const crearConexionTrpcInput = z.object({
  datos: conexionCreateInput,
  confirmar_sobreventa: confirmarSobreventa,
});

export const actualizarConexionTrpcInput = z.object({
  enlace_id: idSchema,
  datos: conexionUpdateInput,
  motivo: textoOpcional(500),
  confirmar_sobreventa: confirmarSobreventa,
});

export const ajustarBwTrpcInput = ajustarBwInput.omit({ ajustar_servicio: true }).extend({
  enlace_id: idSchema,
  confirmar_sobreventa: confirmarSobreventa,
});

export const cambiarEstadoTrpcInput = z.object({
  enlace_id: idSchema,
  enlace_estado: enlaceEstadoInput,
  motivo: textoOpcional(500),
  confirmar_sobreventa: confirmarSobreventa,
});

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

export { conexionSchema };
