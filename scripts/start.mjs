// `pnpm start`: build what is missing or stale, then serve the SPA, /trpc, /v1 and /healthz on one port.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, root, runNode } from './lib.mjs';

const main = path.join(root, 'apps/server/dist/main.js');
// TRONCAL_SKIP_BUILD=1 serves what is built, as `pnpm troncal` does (a running build would replace
// the web app's files under another server on the same checkout).
const web = path.join(root, 'apps/web/dist/index.html');
if (process.env.TRONCAL_SKIP_BUILD !== '1' || !existsSync(main) || !existsSync(web)) await ensureBuilt();

// A JSON line per request suits a log collector, not a person at a terminal: `pnpm start` logs
// warnings and errors unless LOG_LEVEL says otherwise. The container (`node dist/main.js`) keeps
// the server's default, `info`, and every level stays JSON.
const porDefecto = !process.env.LOG_LEVEL;
const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
const child = runNode(main, process.argv.slice(2), { env });

// With `info` off, the server's own "escuchando" line is not printed: say where it is once it answers.
const puerto = Number(env.PORT || 3000);
const comodin = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::';
const enUrl = (h) => `http://${h.includes(':') ? `[${h}]` : h}:${puerto}`;
if (puerto > 0) {
  const url = enUrl(comodin ? 'localhost' : env.HOST);
  const sonda = `${enUrl(comodin ? '127.0.0.1' : env.HOST)}/healthz`;
  const limite = Date.now() + 120_000;
  while (child.exitCode === null && child.signalCode === null && Date.now() < limite) {
    const listo = await fetch(sonda, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (listo) {
      console.log(
        `Troncal listo en ${url}` +
          (porDefecto ? ' (registro: solo advertencias y errores; LOG_LEVEL=info muestra cada petición).' : '.'),
      );
      break;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
