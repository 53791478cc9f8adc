import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasBearer } from './tokens';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The host a browser says the request came from: Origin, else Referer; null when neither is sent. */
function originHost(req: FastifyRequest): { host: string; protocol: string } | 'invalida' | null {
  const origin = req.headers.origin;
  const referer = req.headers.referer;
  const value = origin ?? referer;
  if (value === undefined) return null;
  try {
    const u = new URL(value);
    return { host: u.host, protocol: u.protocol };
  } catch {
    return 'invalida'; // includes `Origin: null` (sandboxed frames, opaque origins)
  }
}

/** `host` with the scheme's default port removed, so `example.pe:443` equals `example.pe` over https. */
function normalHost(host: string, protocol: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

/**
 * Whether the router sends this URL to tRPC. It decodes percent-escapes (`/%74rpc/…` is /trpc), so
 * the first segment is compared decoded; a broken escape further on does not hide the prefix.
 */
export function esRutaTrpc(url: string): boolean {
  const primero = (url.split('?')[0] ?? '').split('/')[1] ?? '';
  try {
    return decodeURIComponent(primero) === 'trpc';
  } catch {
    return primero === 'trpc';
  }
}

/**
 * CSRF defence for cookie sessions, on top of SameSite=Lax: a state-changing request whose Origin (or
 * Referer) names another host than the one it was sent to is refused, whatever its path. The check
 * used to look at the raw URL's prefix, and the router decodes percent-escapes (`/%74rpc/…` and
 * `/%761/…` reach /trpc and /v1), so no path is trusted to be harmless. Requests with a Bearer token
 * are exempt (a browser never adds that header on its own); requests with neither header pass too,
 * since browsers send Origin on every cross-site POST and tools like curl send none. `req.host`
 * honours X-Forwarded-Host behind a trusted proxy, which a cross-site page cannot set without a CORS
 * preflight that this server never grants.
 */
export async function csrfOnRequest(req: FastifyRequest, reply: FastifyReply) {
  if (SAFE_METHODS.has(req.method)) return;
  if (hasBearer(req.headers.authorization)) return;
  const from = originHost(req);
  if (from === null) return;
  const same = from !== 'invalida' && normalHost(req.host, from.protocol) === from.host;
  if (same) return;
  const message = 'Solicitud rechazada: el origen no coincide con el servidor (protección CSRF).';
  reply.code(403).type('application/json; charset=utf-8');
  if (esRutaTrpc(req.url)) {
    return reply.send({ error: { message, code: -32003, data: { code: 'FORBIDDEN', httpStatus: 403 } } });
  }
  return reply.send({ ok: false, message });
}
