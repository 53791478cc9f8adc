import { z } from 'zod';
import { ESTADOS_ENTREGA, EVENTOS_WEBHOOK } from '../enums.js';
import {
  idSchema,
  isoDateTime,
  listQuerySchema,
  mensajeTipo,
  OBLIGATORIO,
  SIN_NULO,
  sinNulo,
  textoOpcional,
} from './common.js';

/** Only http(s), no user:password in the URL (the signature is the credential). */
const webhookUrlSchema = z
  .string({ error: mensajeTipo('Debe ser un texto.') })
  .trim()
  .min(1, OBLIGATORIO)
  .max(2000, 'Admite como máximo 2000 caracteres.')
  .refine(sinNulo, SIN_NULO)
  .superRefine((v, ctx) => {
    // The domain has no URL class (no DOM, no node types): the server parses the URL again.
    const esquema = /^([a-z][a-z0-9+.-]*):\/\//i.exec(v)?.[1]?.toLowerCase();
    if (!esquema) {
      ctx.addIssue({
        code: 'custom',
        message: 'Debe ser una URL completa, p. ej. https://facturacion.isp.pe/troncal.',
      });
    } else if (esquema !== 'http' && esquema !== 'https') {
      ctx.addIssue({ code: 'custom', message: 'La URL debe empezar por http:// o https://.' });
    } else if (/^https?:\/\/[^/?#]*@/i.test(v)) {
      ctx.addIssue({ code: 'custom', message: 'La URL no puede llevar usuario ni contraseña.' });
    } else if (!/^https?:\/\/[^/?#\s]+/i.test(v) || /\s/.test(v)) {
      ctx.addIssue({
        code: 'custom',
        message: 'Debe ser una URL completa, p. ej. https://facturacion.isp.pe/troncal.',
      });
    }
  })
  // HTTPS://… is the same URL: stored with the scheme in lower case.
  .transform((v) => v.replace(/^[a-z]+:/i, (e) => e.toLowerCase()));

export const eventoWebhookInput = z.enum(EVENTOS_WEBHOOK, {
  error: (iss) =>
    iss.input === undefined ? OBLIGATORIO : `Evento no válido. Valores permitidos: ${EVENTOS_WEBHOOK.join(', ')}.`,
});

export const eventosWebhookInput = z
  .array(eventoWebhookInput, { error: mensajeTipo('Debe ser una lista de eventos.') })
  .min(1, 'Elija al menos un evento.')
  .max(EVENTOS_WEBHOOK.length, 'Hay eventos repetidos.')
  .refine((l) => new Set(l).size === l.length, 'Hay eventos repetidos.');

export const webhookCreateInput = z.object({
  url: webhookUrlSchema,
  descripcion: textoOpcional(500),
  eventos: eventosWebhookInput,
});
export type WebhookCreateInput = z.output<typeof webhookCreateInput>;

export const webhookUpdateInput = z
  .object({
    url: webhookUrlSchema,
    descripcion: textoOpcional(500),
    eventos: eventosWebhookInput,
    activo: z.boolean({ error: 'Debe ser verdadero o falso.' }),
  })
  .partial();
export type WebhookUpdateInput = z.output<typeof webhookUpdateInput>;

/** An endpoint as listed: never its secret. */
export const webhookSchema = z.object({
  webhook_id: z.number().int(),
  url: z.string(),
  descripcion: z.string().nullable(),
  eventos: z.array(z.enum(EVENTOS_WEBHOOK)),
  activo: z.boolean(),
  pendientes: z.number().int(),
  fallidas: z.number().int(),
  ultima_entrega: isoDateTime.nullable(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});
export type Webhook = z.infer<typeof webhookSchema>;

/** The one answer that carries the secret, shown once. */
export const webhookCreadoResponse = z.object({
  ok: z.literal(true),
  message: z.string(),
  webhook_id: z.number().int(),
  /** null only in a replay under the same Idempotency-Key: the secret is shown once. */
  secreto: z.string().nullable(),
});
export type WebhookCreado = z.infer<typeof webhookCreadoResponse>;

export const entregaWebhookSchema = z.object({
  entrega_id: z.number().int(),
  webhook_id: z.number().int(),
  evento_id: z.string(),
  evento: z.string(),
  objeto: z.string(),
  objeto_id: z.string(),
  estado: z.enum(ESTADOS_ENTREGA),
  intentos: z.number().int(),
  proximo_intento: isoDateTime.nullable(),
  ultimo_codigo: z.number().int().nullable(),
  ultimo_error: z.string().nullable(),
  duracion_ms: z.number().int().nullable(),
  entregada_en: isoDateTime.nullable(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
});
export type EntregaWebhook = z.infer<typeof entregaWebhookSchema>;

export const entregasQuery = listQuerySchema.pick({ limit: true, offset: true });
export type EntregasQuery = z.output<typeof entregasQuery>;

export const entregaParamsSchema = z.object({ id: idSchema, entrega_id: idSchema });
