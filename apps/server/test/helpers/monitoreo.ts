import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One day of known traffic, shared by the Prometheus and Zabbix tests so both sources must give the
 * same figures. Sample b (0..287) carries entrada = perm(b) + 1 Mbps, a permutation of 1..288, and
 * salida = entrada / 4, except three samples whose salida spikes to 2,000 Mbps — exactly where
 * entrada is 10, 20 and 30 Mbps. So max(entrada, salida) is {1..288} without {10, 20, 30}, plus
 * three 2,000s:
 *   p95 (rank ⌈0.95·288⌉ = 274 ascending; 3 values below 31 are missing) = 277 Mbps
 *   max = 2,000 Mbps;  average = (41,616 − 60 + 6,000) / 288 = 165.125 Mbps.
 */
export const DIA_CONOCIDO = { n: 288, p95_mbps: 277, max_mbps: 2000, promedio_mbps: 165.125 } as const;

export function diaConocido(): { entrada_mbps: number; salida_mbps: number }[] {
  return Array.from({ length: 288 }, (_, b) => {
    const entrada = ((b * 97) % 288) + 1; // 97 is prime to 288: a permutation
    const salida = [10, 20, 30].includes(entrada) ? 2000 : entrada / 4;
    return { entrada_mbps: entrada, salida_mbps: salida };
  });
}

/** Unix seconds on a 1-hour boundary, `dias` days ago: inside any retention, outside "now". */
export function inicioHace(dias: number, ahora = Date.now()): number {
  const t = Math.floor(ahora / 1000) - dias * 86_400;
  return t - (t % 3600);
}

export async function puertoLibre(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

export interface ServidorPrueba {
  url: string;
  server: Server;
  cerrar(): Promise<void>;
}

/** A throwaway HTTP server on 127.0.0.1 for sources that misbehave on purpose. */
export async function servidorPrueba(
  manejar: (req: IncomingMessage, res: ServerResponse, cuerpo: string) => void,
): Promise<ServidorPrueba> {
  const server = createServer((req, res) => {
    let cuerpo = '';
    req.on('data', (c) => {
      cuerpo += c;
    });
    req.on('end', () => manejar(req, res, cuerpo));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    cerrar: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Waits for a URL to answer 2xx, for servers started by a test. */
export async function esperarListo(url: string, ms = 30_000): Promise<void> {
  const hasta = Date.now() + ms;
  let ultimo: unknown;
  while (Date.now() < hasta) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
      ultimo = `HTTP ${r.status}`;
    } catch (e) {
      ultimo = e;
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`${url} no respondió en ${ms} ms: ${String(ultimo)}`);
}

/**
 * The clock of the Prometheus tests: the known day starts on an hour two days ago (`B`) and the
 * pinned cycle ends right after its last sample (`CICLO`); `iso` writes a Unix time as the API does.
 */
export function relojDiaConocido(ahora = Math.floor(Date.now() / 1000)) {
  const B = ahora - (ahora % 3600) - 2 * 86_400;
  return { AHORA: ahora, B, CICLO: B + 86_400 - 1, iso: (t: number) => new Date(t * 1000).toISOString() };
}
