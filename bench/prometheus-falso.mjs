// A stand-in Prometheus for the monitoring benchmark (bench/monitoreo.mjs): answers
// /api/v1/query_range and /api/v1/query (POST form or GET) with one series per expression, after a
// delay that stands for Prometheus's own evaluation time: a fixed part per request plus a part per
// series answered. The value depends on the `id` label in the expression and on the time, so every
// binding gets its own believable series. A combined query (Troncal's
// `label_replace(<expr>, "troncal_lectura", "<n>e|s", "", "") or …`) gets one series per part,
// labelled like Prometheus would.
// Usage: node bench/prometheus-falso.mjs <port> <latency_ms> [<latency_ms_per_series>].
// Listens on 127.0.0.1 only.

import http from 'node:http';

const puerto = Number(process.argv[2] ?? 0);
const latencia = Number(process.argv[3] ?? 5);
const latenciaSerie = Number(process.argv[4] ?? 0.1);
let peticiones = 0;
let series = 0;

const PARTE = /label_replace\((.*?), "troncal_lectura", "(\d+[es])", "", ""\)/g;

function valor(id, t, salida) {
  const hora = ((((t - 5 * 3600) % 86_400) + 86_400) % 86_400) / 3600;
  const ritmo = 0.2 + 0.8 * Math.exp(-(((hora - 14) / 4) ** 2));
  const base = 10e6 + (id % 97) * 3e6; // 10 … 300 Mbps at peak
  const ruido = 0.9 + ((Math.imul(id ^ t, 2654435761) >>> 0) % 1000) / 5000;
  return base * ritmo * ruido * (salida ? 0.3 : 1);
}

/** The `values` array of one series as JSON text, built without an intermediate object. */
function valoresJson(id, salida, ini, fin, paso) {
  const partes = [];
  for (let t = ini; t <= fin; t += paso) partes.push(`[${t},"${Math.round(valor(id, t, salida))}"]`);
  return `[${partes.join(',')}]`;
}

function responder(res, params) {
  peticiones++;
  const q = params.get('query') ?? '';
  const combinadas = [...q.matchAll(PARTE)].map((m) => ({ expr: m[1], etiqueta: m[2] }));
  const partes = combinadas.length > 0 ? combinadas : [{ expr: q, etiqueta: null }];
  series += partes.length;
  const pasoDe = Number(params.get('step') ?? 300);
  const resultado = partes.map(({ expr, etiqueta }) => {
    const id = Number(/id="(\d+)"/.exec(expr)?.[1] ?? 0);
    const salida = expr.includes('_out');
    const metric = JSON.stringify(etiqueta ? { id: String(id), troncal_lectura: etiqueta } : { id: String(id) });
    if (params.has('start')) {
      const ini = Math.ceil(Number(params.get('start')) / pasoDe) * pasoDe;
      return `{"metric":${metric},"values":${valoresJson(id, salida, ini, Number(params.get('end')), pasoDe)}}`;
    }
    const t = Math.floor(Date.now() / 1000);
    return `{"metric":${metric},"value":[${t},"${valor(id, t, salida)}"]}`;
  });
  const tipo = params.has('start') ? 'matrix' : 'vector';
  const json = `{"status":"success","data":{"resultType":"${tipo}","result":[${resultado.join(',')}]}}`;
  setTimeout(
    () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(json);
    },
    latencia + latenciaSerie * partes.length,
  );
}

const servidor = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/peticiones') {
    res.end(String(peticiones));
    return;
  }
  if (url.pathname === '/series') {
    res.end(String(series));
    return;
  }
  if (req.method === 'POST') {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => responder(res, new URLSearchParams(body)));
    return;
  }
  responder(res, url.searchParams);
});
servidor.keepAliveTimeout = 60_000;
servidor.listen(puerto, '127.0.0.1', () => {
  process.stdout.write(`listo ${servidor.address().port}\n`);
});
