import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DbOrTx } from '../../db/client';
import { leerCid, type Secuencia } from '../../services/cid';
import { errores, nextCidResponse } from './envelopes';

/** `GET <base>/next-cid`: the CID a blank one would take now, read without consuming the sequence. */
export function rutaNextCid(
  app: FastifyInstance,
  db: DbOrTx,
  o: { base: string; secuencia: Secuencia; tags: string[]; summary: string },
) {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      `${o.base}/next-cid`,
      { schema: { tags: o.tags, summary: o.summary, response: { 200: nextCidResponse, ...errores } } },
      async () => ({ ok: true as const, ...(await leerCid(db, o.secuencia)) }),
    );
}
