import type { ParseArgsConfig } from 'node:util';
import type { Database } from '../db/client';
import type { Env } from '../env';

export interface CliContext {
  env: Env;
  /** Opened (and migrated) on first use, so `--help` needs no database. */
  database(): Promise<Database>;
  /** Lines for the user go to stderr; stdout is kept for the command's result (e.g. a token). */
  info(msg: string): void;
  out(msg: string): void;
}

export interface CliCommand {
  description: string;
  usage: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CliContext, values: Record<string, string | boolean | undefined>): Promise<void>;
}

export class CliUsageError extends Error {}
