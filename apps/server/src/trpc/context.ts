import type { AuthUser } from '../auth/types';
import type { Db, DbKind } from '../db/client';
import type { Env } from '../env';

/** Request-scoped hooks the HTTP layer provides (cookies for login/logout); absent in createCaller tests. */
export interface HttpHooks {
  setCookie(name: string, value: string, opts: { maxAgeSeconds: number }): void;
  clearCookie(name: string): void;
  ip: string;
  cookie?: string | undefined;
}

export interface Context {
  db: Db;
  dbKind: DbKind;
  env: Env;
  user: AuthUser | null;
  http?: HttpHooks;
  /** The request's `Idempotency-Key` header (creates and adjustments honour it). */
  idempotencyKey?: string | undefined;
}
