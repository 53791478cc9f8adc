import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { ZodError } from 'zod';

/**
 * A bad list query refused by both transports with one message: /v1 answers 400 `ok: false`, the tRPC
 * procedure (called after it) BAD_REQUEST whose ZodError has the same issues, the first on `campo`.
 */
export async function rechazadoPorAmbos(
  v1: Promise<{ status: number; body: { ok: boolean; errors?: unknown } }>,
  trpc: () => Promise<unknown>,
  campo: string,
) {
  const r = await v1;
  expect(r.status).toBe(400);
  expect(r.body.ok).toBe(false);
  const error = await trpc().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe('BAD_REQUEST');
  const zod = (error as TRPCError).cause;
  expect(zod).toBeInstanceOf(ZodError);
  const issues = (zod as ZodError).issues.map((i) => ({ path: `query.${i.path.join('.')}`, message: i.message }));
  expect(issues).toEqual(r.body.errors);
  expect(issues[0]?.path).toBe(`query.${campo}`);
}
