import http from 'node:http';
import https from 'node:https';
import { lookupFiltrado, motivoDestinoNoPermitido, type PoliticaDestinos } from './destino';

export interface Envio {
  url: string;
  cuerpo: string;
  cabeceras: Record<string, string>;
  timeoutMs: number;
  politica: PoliticaDestinos;
}

export interface ResultadoEnvio {
  ok: boolean;
  codigo: number | null;
  error: string | null;
  duracion_ms: number;
}

const MAX_ERROR = 500;

/**
 * One POST, never more: no redirect is followed (a 3xx is a failure), and the whole exchange —
 * resolving, connecting, sending, the status and up to 1 KB of the answer — has one deadline, after
 * which the socket is destroyed. Only 2xx counts as delivered.
 */
export function enviar(e: Envio): Promise<ResultadoEnvio> {
  const inicio = performance.now();
  const fin = (ok: boolean, codigo: number | null, error: string | null): ResultadoEnvio => ({
    ok,
    codigo,
    error: error && error.length > MAX_ERROR ? `${error.slice(0, MAX_ERROR)}…` : error,
    duracion_ms: Math.round(performance.now() - inicio),
  });
  const motivo = motivoDestinoNoPermitido(e.url, e.politica);
  if (motivo) return Promise.resolve(fin(false, null, motivo));

  return new Promise((resolve) => {
    let hecho = false;
    const terminar = (r: ResultadoEnvio) => {
      if (hecho) return;
      hecho = true;
      clearTimeout(reloj);
      req.destroy();
      resolve(r);
    };
    const u = new URL(e.url);
    const cliente = u.protocol === 'https:' ? https : http;
    const req = cliente.request(
      u,
      {
        method: 'POST',
        headers: { ...e.cabeceras, 'content-length': Buffer.byteLength(e.cuerpo) },
        lookup: lookupFiltrado(e.politica) as never,
        agent: false,
      },
      (res) => {
        const codigo = res.statusCode ?? 0;
        let leido = '';
        res.setEncoding('utf8');
        res.on('data', (trozo: string) => {
          if (leido.length < 1024) leido += trozo;
          else res.destroy();
        });
        const cerrar = () => {
          if (codigo >= 200 && codigo < 300) return terminar(fin(true, codigo, null));
          const detalle =
            codigo >= 300 && codigo < 400
              ? `Redirección ${codigo}${res.headers.location ? ` a ${res.headers.location}` : ''}: no se siguen redirecciones.`
              : `El receptor respondió ${codigo}${leido.trim() ? `: ${leido.trim()}` : ''}`;
          terminar(fin(false, codigo, detalle));
        };
        res.on('end', cerrar);
        res.on('close', cerrar);
        res.on('error', cerrar);
      },
    );
    const reloj = setTimeout(
      () => terminar(fin(false, null, `Sin respuesta en ${Math.round(e.timeoutMs / 1000)} s (timeout).`)),
      e.timeoutMs,
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      terminar(fin(false, null, `${err.code ? `${err.code}: ` : ''}${err.message}`)),
    );
    req.end(e.cuerpo);
  });
}
