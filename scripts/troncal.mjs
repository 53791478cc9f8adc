// `pnpm troncal <command>`: the server's CLI (users, tokens, migrations, seeding).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, root, runNode } from './lib.mjs';

const cli = path.join(root, 'apps/server/dist/cli.js');
if (process.env.TRONCAL_SKIP_BUILD !== '1' || !existsSync(cli)) await ensureBuilt({ quiet: true });
runNode(cli, process.argv.slice(2));
