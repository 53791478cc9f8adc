// `pnpm start`: build what is missing or stale, then serve the SPA, /trpc, /v1 and /healthz on one port.
import path from 'node:path';
import { ensureBuilt, root, runNode } from './lib.mjs';

ensureBuilt();
runNode(path.join(root, 'apps/server/dist/main.js'), process.argv.slice(2));
