import type { AppRouter } from '@troncal/server';
import { httpBatchLink, httpLink, type Operation, splitLink } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';

export const trpc = createTRPCReact<AppRouter>();

type Utils = ReturnType<typeof trpc.useUtils>;

/** What a query answers, e.g. `Respuesta<'nodos', 'byId'>`. */
export type Respuesta<R extends keyof Utils, P extends keyof Utils[R]> = Utils[R][P] extends {
  fetch: (...args: never[]) => Promise<infer O>;
}
  ? O
  : never;

// The session is an http-only cookie; same origin in production, proxied by Vite in dev.
const url = '/trpc';
const conCookie = (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, credentials: 'include' });

/** The `Idempotency-Key` a create's form put in the operation's context (see lib/envio.ts). */
export function cabecerasDe(op: Pick<Operation, 'context'>): Record<string, string> {
  const clave = op.context.idempotencyKey;
  return typeof clave === 'string' && clave ? { 'Idempotency-Key': clave } : {};
}

export function createTrpcClient() {
  return trpc.createClient({
    links: [
      splitLink({
        // Mutations go one per request: a header belongs to a request, and a key shared by a batch
        // would name several operations at once.
        condition: (op) => op.type === 'mutation',
        true: httpLink({ url, fetch: conCookie, headers: ({ op }) => cabecerasDe(op) }),
        false: httpBatchLink({ url, fetch: conCookie }),
      }),
    ],
  });
}
