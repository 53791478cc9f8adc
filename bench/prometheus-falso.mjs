// A stand-in Prometheus for the monitoring benchmark (bench/monitoreo.mjs): answers
// /api/v1/query_range and /api/v1/query (POST form or GET) with one series per expression, after a
// fixed delay that stands for Prometheus's own evaluation time. The value depends on the `id` label
// in the expression and on the time, so every binding gets its own believable series.
// Usage: node bench/prometheus-falso.mjs <port> <latency_ms>. Listens on 127.0.0.1 only.

import http from 'node:http';

const puerto = Number(process.argv[2] ?? 0);
const latencia = Number(process.argv[3] ?? 5);
let peticiones = 0;

function valor(id, t, salida) {
  const hora = ((((t - 5 * 3600) % 86_400) + 86_400) % 86_400) / 3600;
  const ritmo = 0.2 + 0.8 * Math.exp(-(((hora - 14) / 4) ** 2));
  const base = 10e6 + (id % 97) * 3e6; // 10 … 300 Mbps at peak
  const ruido = 0.9 + ((Math.imul(id ^ t, 2654435761) >>> 0) % 1000) / 5000;
  return base * ritmo * ruido * (salida ? 0.3 : 1);
}

function responder(res, params) {
  peticiones++;
  const q = params.get('query') ?? '';
  const id = Number(/id="(\d+)"/.exec(q)?.[1] ?? 0);
  const salida = q.includes('_out');
  const pasoDe = Number(params.get('step') ?? 300);
  let cuerpo;
  if (params.has('start')) {
    const ini = Math.ceil(Number(params.get('start')) / pasoDe) * pasoDe;
    const fin = Number(params.get('end'));
    const values = [];
    for (let t = ini; t <= fin; t += pasoDe) values.push([t, String(Math.round(valor(id, t, salida)))]);
    cuerpo = { status: 'success', data: { resultType: 'matrix', result: [{ metric: { id: String(id) }, values }] } };
  } else {
    const t = Math.floor(Date.now() / 1000);
    cuerpo = {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [{ metric: { id: String(id) }, value: [t, String(valor(id, t, salida))] }],
      },
    };
  }
  const json = JSON.stringify(cuerpo);
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(json);
  }, latencia);
}

const servidor = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/peticiones') {
    res.end(String(peticiones));
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
