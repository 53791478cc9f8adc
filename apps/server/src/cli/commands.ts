import { tokensCreate, usersCreate, usersPassword } from './auth.commands';
import { dbMigrate } from './db.commands';
import { monitoreoSincronizar } from './monitoreo.commands';
import { dbSeed } from './seed.commands';
import type { CliCommand } from './types';

export const commands: Record<string, CliCommand> = {
  'db:migrate': dbMigrate,
  'db:seed': dbSeed,
  'users:create': usersCreate,
  'users:password': usersPassword,
  'tokens:create': tokensCreate,
  'monitoreo:sincronizar': monitoreoSincronizar,
};
