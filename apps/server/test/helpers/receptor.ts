import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Recibida {
  /** The request's path and query (tells endpoints on one receiver apart). */
  ruta: string;
  cabeceras: http.IncomingHttpHeaders;
  cuerpo: string;
  json: { id: string; evento: string; ocurrido_en: string; datos: Record<string, unknown> };
  en: number;
}

/** What the receiver answers to one request: a status, after a delay; `null` never answers. */
export type Respuesta = { status: number; ms?: number; headers?: Record<string, string> } | null;

/**
 * A real HTTP receiver on 127.0.0.1 that records every request and answers as `responder` says
 * (200 by default). `cerrar` and `abrir` take it down and bring it back on the same port.
 */
export async function crearReceptor(responder: (r: Recibida, n: number) => Respuesta = () => ({ status: 200 })) {
  const recibidas: Recibida[] = [];
  const colgadas = new Set<http.ServerResponse>();
  const manejar = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const trozos: Buffer[] = [];
    req.on('data', (t: Buffer) => trozos.push(t));
    req.on('end', () => {
      const cuerpo = Buffer.concat(trozos).toString('utf8');
      const r: Recibida = {
        ruta: req.url ?? '',
        cabeceras: req.headers,
        cuerpo,
        json: JSON.parse(cuerpo),
        en: Date.now(),
      };
      recibidas.push(r);
      const a = estado.responder(r, recibidas.length);
      if (a === null) {
        colgadas.add(res);
        return;
      }
      setTimeout(() => res.writeHead(a.status, a.headers).end('respuesta del receptor'), a.ms ?? 0);
    });
  };
  const estado = { responder };
  let server = http.createServer(manejar);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    recibidas,
    estado,
    async cerrar() {
      for (const res of colgadas) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
    async abrir() {
      server = http.createServer(manejar);
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    },
  };
}

export type Receptor = Awaited<ReturnType<typeof crearReceptor>>;

/** Polls until `cond` holds (or fails with `que` after `ms`). */
export async function esperar(cond: () => boolean | Promise<boolean>, que: string, ms = 15_000): Promise<void> {
  const fin = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > fin) throw new Error(`Tiempo agotado esperando: ${que}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The README's receiver example (the `verificar.mjs` block, verbatim), imported as a module: the
 * tests verify signatures with exactly the code the README tells receivers to use.
 */
export async function verificarDelReadme(): Promise<
  (secreto: string, cabecera: string | string[] | undefined, cuerpo: string, toleranciaS?: number) => boolean
> {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
  const m = /```js\n(\/\/ verificar\.mjs\n[\s\S]*?)```/.exec(readme);
  if (!m?.[1]) throw new Error('README.md no tiene el bloque verificar.mjs');
  const dir = mkdtempSync(path.join(tmpdir(), 'troncal-readme-'));
  const archivo = path.join(dir, 'verificar.mjs');
  writeFileSync(archivo, m[1]);
  const mod = (await import(pathToFileURL(archivo).href)) as { verificarFirma: never };
  return mod.verificarFirma;
}
