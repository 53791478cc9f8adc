import { z } from 'zod';
import { ESTADOS_REGISTRO } from '../enums.js';
import { auditoriaSchema, contactoCampos, contactoSchemaCampos, rucOpcional, textoRequerido } from './common.js';
import { entradasEscritura } from './escritura.js';
import { estadoRegistroInput } from './vocabularios.js';

export const proveedorSchema = z
  .object({
    proveedor_id: z.number().int(),
    nombre: z.string(),
    ruc: z.string().nullable(),
    estado: z.enum(ESTADOS_REGISTRO),
    ...contactoSchemaCampos,
  })
  .extend(auditoriaSchema.shape);
export type Proveedor = z.infer<typeof proveedorSchema>;

/** `estado` is optional on create: the database defaults it to ACTIVO. */
export const { crear: proveedorCreateInput, actualizar: proveedorUpdateInput } = entradasEscritura({
  nombre: textoRequerido(120),
  ruc: rucOpcional,
  estado: estadoRegistroInput.optional(),
  ...contactoCampos,
});
export type ProveedorCreateInput = z.output<typeof proveedorCreateInput>;
export type ProveedorUpdateInput = z.output<typeof proveedorUpdateInput>;

/** A row of `GET /v1/proveedores/listar/select`. */
export const proveedorSelectSchema = proveedorSchema.pick({ proveedor_id: true, nombre: true, estado: true });
export type ProveedorSelect = z.infer<typeof proveedorSelectSchema>;
