import { dbMigrate } from './db.commands';
import type { CliCommand } from './types';

export const commands: Record<string, CliCommand> = {
  'db:migrate': dbMigrate,
};
