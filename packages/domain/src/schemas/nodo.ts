import { z } from 'zod';
import { ESTADOS_REGISTRO, TIPOS_NODO } from '../enums.js';
import { existeUbigeo } from '../ubigeo/index.js';
import { auditoriaSchema, opcional, textoOpcional, textoRequerido } from './common.js';
import { entradasEscritura } from './escritura.js';
import { estadoRegistroInput, tipoNodoInput } from './vocabularios.js';

/** An INEI code of 2, 4 or 6 digits that exists in the ubigeo data; blank or null means none. */
export const ubigeoCodigoSchema = z
  .string({ error: 'Debe ser un texto.' })
  .trim()
  .regex(/^(\d{2}|\d{4}|\d{6})$/, { message: 'El ubigeo debe ser un código INEI de 2, 4 o 6 dígitos.', abort: true })
  .refine(existeUbigeo, 'El código de ubigeo no existe.');

export const ubigeoCodigoInput = opcional(ubigeoCodigoSchema);

export const nodoSchema = z
  .object({
    nodo_id: z.number().int(),
    nombre: z.string(),
    tipo: z.enum(TIPOS_NODO),
    ubigeo: z.string().nullable(),
    direccion: z.string().nullable(),
    estado: z.enum(ESTADOS_REGISTRO),
  })
  .extend(auditoriaSchema.shape);
export type Nodo = z.infer<typeof nodoSchema>;

export const { crear: nodoCreateInput, actualizar: nodoUpdateInput } = entradasEscritura({
  nombre: textoRequerido(120),
  tipo: tipoNodoInput,
  ubigeo: ubigeoCodigoInput,
  direccion: textoOpcional(300),
  estado: estadoRegistroInput.optional(),
});
export type NodoCreateInput = z.output<typeof nodoCreateInput>;
export type NodoUpdateInput = z.output<typeof nodoUpdateInput>;

/** A row of `GET /v1/nodos/listar/select`. */
export const nodoSelectSchema = nodoSchema.pick({ nodo_id: true, nombre: true, tipo: true });
export type NodoSelect = z.infer<typeof nodoSelectSchema>;
