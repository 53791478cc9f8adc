import { z } from 'zod';

/**
 * The `/v1` response envelopes: `{ ok, message?, data | errors }`, the spec's shapes for REST
 * consumers. tRPC answers the records themselves, so these live with the REST transport, not in
 * the domain.
 */

export const errorIssueSchema = z.object({ path: z.string(), message: z.string() });
export type ErrorIssue = z.infer<typeof errorIssueSchema>;

export const errorEnvelope = z.object({
  ok: z.literal(false),
  message: z.string(),
  errors: z.array(errorIssueSchema).optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelope>;

/** `{ ok: true, message? }`; extend it for endpoint-specific fields. */
export const okEnvelope = z.object({ ok: z.literal(true), message: z.string().optional() });

/** `{ ok: true, data }`: one record. */
export const dataEnvelope = <T extends z.ZodType>(data: T) => okEnvelope.extend({ data });

/** `{ ok: true, data: [], total, limit, offset }`: a page of a list. */
export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({
    ok: z.literal(true),
    data: z.array(item),
    total: z.number().int().min(0),
    limit: z.number().int(),
    offset: z.number().int(),
  });

/** `{ ok: true, message, data }`: the answer to an update. */
export const updateEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ ok: z.literal(true), message: z.string(), data });

/** `{ ok: true, data: [...] }`: `listar/select`. */
export const selectEnvelope = <T extends z.ZodType>(item: T) => z.object({ ok: z.literal(true), data: z.array(item) });

/** The error answers an authenticated `/v1` route documents; a write adds 409 and 422. */
export const errores = { 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope };
export const erroresEscritura = { ...errores, 409: errorEnvelope, 422: errorEnvelope };

/** `{ ok, next, last }` for `next-cid` endpoints. */
export const nextCidResponse = z.object({
  ok: z.literal(true),
  next: z.number().int(),
  last: z.number().int(),
});
