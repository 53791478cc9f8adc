// `pnpm troncal <command>`: the server's CLI (users, tokens, migrations, seeding).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, root, runNode } from './lib.mjs';

const cli = path.join(root, 'apps/server/dist/cli.js');
// The CLI needs the server and what it depends on, not the web app (the slow part of a build).
if (process.env.TRONCAL_SKIP_BUILD !== '1' || !existsSync(cli)) {
  await ensureBuilt({ quiet: true, filtro: '@troncal/server...' });
}
runNode(cli, process.argv.slice(2));
