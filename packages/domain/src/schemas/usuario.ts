import { z } from 'zod';
import { ROLES } from '../enums.js';
import { emailSchema, isoDateTime, textoRequerido } from './common.js';
import { rolInput } from './vocabularios.js';

export const PASSWORD_MIN = 10;

/** At least 10 characters mixing letters and digits; there is no default password, ever. */
export const passwordSchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'Este campo es obligatorio.' : 'Debe ser un texto.') })
  .min(PASSWORD_MIN, `La contraseña debe tener al menos ${PASSWORD_MIN} caracteres.`)
  .max(200, 'La contraseña admite como máximo 200 caracteres.')
  .refine((s) => /\p{L}/u.test(s), 'La contraseña debe incluir al menos una letra.')
  .refine((s) => /\d/.test(s), 'La contraseña debe incluir al menos un dígito.');

export const usuarioSchema = z.object({
  usuario_id: z.number().int(),
  email: z.string(),
  nombre: z.string(),
  rol: z.enum(ROLES),
  activo: z.boolean(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});
export type Usuario = z.infer<typeof usuarioSchema>;

export const usuarioCreateInput = z.object({
  email: emailSchema,
  nombre: textoRequerido(120),
  password: passwordSchema,
  rol: rolInput,
});
export type UsuarioCreateInput = z.output<typeof usuarioCreateInput>;

export const usuarioUpdateInput = z
  .object({
    nombre: textoRequerido(120),
    rol: rolInput,
    activo: z.boolean({ error: 'Debe ser verdadero o falso.' }),
    password: passwordSchema,
  })
  .partial();
export type UsuarioUpdateInput = z.output<typeof usuarioUpdateInput>;

/** First-run setup: the first user is always an admin, so the role is not asked. */
export const setupInput = usuarioCreateInput.omit({ rol: true });
export type SetupInput = z.output<typeof setupInput>;

/** Login checks only presence: strength rules must not tell an attacker anything. */
export const loginInput = z.object({
  email: emailSchema,
  password: z
    .string({ error: (iss) => (iss.input === undefined ? 'Este campo es obligatorio.' : 'Debe ser un texto.') })
    .min(1, 'Este campo es obligatorio.')
    .max(200, 'La contraseña admite como máximo 200 caracteres.'),
});
export type LoginInput = z.output<typeof loginInput>;

export const apiTokenCreateInput = z.object({
  nombre: textoRequerido(100),
  rol: rolInput,
});
export type ApiTokenCreateInput = z.output<typeof apiTokenCreateInput>;

/** A token as listed: never the secret, only its prefix. */
export const apiTokenSchema = z.object({
  token_id: z.number().int(),
  nombre: z.string(),
  rol: z.enum(ROLES),
  prefijo: z.string(),
  created_by: z.number().int().nullable(),
  created_at: isoDateTime,
  last_used_at: isoDateTime.nullable(),
  revoked_at: isoDateTime.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** The one answer that carries the secret, shown once. */
export const apiTokenCreadoSchema = apiTokenSchema.extend({ token: z.string() });
export type ApiTokenCreado = z.infer<typeof apiTokenCreadoSchema>;
