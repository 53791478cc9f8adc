import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** What helmet sets on every answer: CSP for the SPA (no inline scripts), no framing, and the rest of its defaults. */
export const OPCIONES_HELMET: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
};

/**
 * helmet's headers as a fixed set. They depend on nothing in the request (no CSP nonces here), so
 * helmet runs once, at start-up, against a recorder; @fastify/helmet rebuilt the whole middleware
 * (directive parsing included) on every request, a few per cent of the server's CPU.
 */
export function cabecerasSeguridad(opciones: Readonly<HelmetOptions> = OPCIONES_HELMET): {
  poner: Record<string, string>;
  quitar: string[];
} {
  const poner: Record<string, string> = {};
  const quitar: string[] = [];
  const registro = {
    setHeader(nombre: string, valor: unknown) {
      poner[nombre.toLowerCase()] = String(valor);
    },
    removeHeader(nombre: string) {
      delete poner[nombre.toLowerCase()];
      quitar.push(nombre.toLowerCase());
    },
  };
  let listo = false;
  helmet(opciones)({} as IncomingMessage, registro as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    listo = true;
  });
  if (!listo) throw new Error('helmet no terminó de forma síncrona: sus cabeceras dependen de la petición.');
  return { poner, quitar };
}

export function registrarSeguridad(app: FastifyInstance): void {
  const { poner, quitar } = cabecerasSeguridad();
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(poner);
    for (const nombre of quitar) reply.removeHeader(nombre);
    done();
  });
}
