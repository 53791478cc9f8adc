import { z } from 'zod';
import { ESTADOS_REGISTRO } from '../enums.js';
import { auditoriaSchema, emailOpcional, rucOpcional, textoOpcional, textoRequerido } from './common.js';
import { estadoRegistroInput } from './vocabularios.js';

export const proveedorSchema = z
  .object({
    proveedor_id: z.number().int(),
    nombre: z.string(),
    ruc: z.string().nullable(),
    estado: z.enum(ESTADOS_REGISTRO),
    contacto: z.string().nullable(),
    telefono: z.string().nullable(),
    email: z.string().nullable(),
  })
  .extend(auditoriaSchema.shape);
export type Proveedor = z.infer<typeof proveedorSchema>;

const proveedorCampos = {
  nombre: textoRequerido(120),
  ruc: rucOpcional,
  estado: estadoRegistroInput.optional(),
  contacto: textoOpcional(200),
  telefono: textoOpcional(50),
  email: emailOpcional,
};

/** `estado` is optional on create: the database defaults it to ACTIVO. */
export const proveedorCreateInput = z.object(proveedorCampos);
export type ProveedorCreateInput = z.output<typeof proveedorCreateInput>;

/** Only the fields sent change (PUT from the SPA's full form works too). */
export const proveedorUpdateInput = z.object(proveedorCampos).partial();
export type ProveedorUpdateInput = z.output<typeof proveedorUpdateInput>;

/** A row of `GET /v1/proveedores/listar/select`. */
export const proveedorSelectSchema = proveedorSchema.pick({ proveedor_id: true, nombre: true, estado: true });
export type ProveedorSelect = z.infer<typeof proveedorSelectSchema>;
