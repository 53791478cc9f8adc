import { z } from 'zod';
import { ESTADOS_REGISTRO } from '../enums.js';
import { auditoriaSchema, contactoCampos, contactoSchemaCampos, rucSchema, textoRequerido } from './common.js';
import { entradasEscritura } from './escritura.js';
import { estadoRegistroInput } from './vocabularios.js';

export const clienteSchema = z
  .object({
    cliente_id: z.number().int(),
    razon_social: z.string(),
    ruc: z.string(),
    ...contactoSchemaCampos,
    estado: z.enum(ESTADOS_REGISTRO),
  })
  .extend(auditoriaSchema.shape);
export type Cliente = z.infer<typeof clienteSchema>;

export const { crear: clienteCreateInput, actualizar: clienteUpdateInput } = entradasEscritura({
  razon_social: textoRequerido(200),
  ruc: rucSchema,
  ...contactoCampos,
  estado: estadoRegistroInput.optional(),
});
export type ClienteCreateInput = z.output<typeof clienteCreateInput>;
export type ClienteUpdateInput = z.output<typeof clienteUpdateInput>;

/** A row of `GET /v1/clientes/listar/select`. */
export const clienteSelectSchema = clienteSchema.pick({ cliente_id: true, razon_social: true, ruc: true });
export type ClienteSelect = z.infer<typeof clienteSelectSchema>;
