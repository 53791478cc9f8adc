import { parseArgs } from 'node:util';
import { commands } from './cli/commands';
import { type CliContext, CliUsageError } from './cli/types';
import { type Database, DataDirBusyError, openDatabase } from './db/client';
import { EnvError, loadEnv } from './env';
import { toDomainError } from './errors';

function help(): string {
  const lines = Object.entries(commands).map(([, c]) => `  ${c.usage.padEnd(58)} ${c.description}`);
  return `Uso: pnpm troncal <comando> [opciones]\n\nComandos:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stderr.write(help());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Comando desconocido: ${name}\n\n${help()}`);
    return 1;
  }
  let database: Database | undefined;
  try {
    const env = loadEnv();
    const { values } = parseArgs({ args: rest, options: command.options ?? {}, strict: true, allowPositionals: false });
    const ctx: CliContext = {
      env,
      async database() {
        if (!database) {
          database = await openDatabase(env);
          await database.migrate();
        }
        return database;
      },
      info: (msg) => process.stderr.write(`${msg}\n`),
      out: (msg) => process.stdout.write(`${msg}\n`),
    };
    await command.run(ctx, values as Record<string, string | boolean | undefined>);
    return 0;
  } catch (e) {
    const domain = toDomainError(e);
    if (domain) process.stderr.write(`Error: ${domain.message}\n`);
    else if (e instanceof CliUsageError || e instanceof EnvError || e instanceof DataDirBusyError)
      process.stderr.write(`${e.message}\n`);
    else if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      process.stderr.write(`${(e as Error).message}\nUso: pnpm troncal ${command.usage}\n`);
    else process.stderr.write(`Error: ${(e as Error).stack ?? e}\n`);
    return 1;
  } finally {
    await database?.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
