/**
 * The one reader of PostgreSQL errors. Both drivers (postgres-js, PGlite) put the SQLSTATE in
 * `code` and the constraint in `constraint` or `constraint_name`, sometimes on an error drizzle
 * wrapped as its `cause`.
 */
export interface ErrorPg {
  code: string;
  constraint?: string | undefined;
  detail?: string | undefined;
}

export function errorPg(e: unknown): ErrorPg | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const c = cur as {
      code?: unknown;
      constraint?: unknown;
      constraint_name?: unknown;
      detail?: unknown;
      cause?: unknown;
    };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) {
      return {
        code: c.code,
        constraint: (c.constraint ?? c.constraint_name) as string | undefined,
        detail: c.detail as string | undefined,
      };
    }
    cur = c.cause;
  }
  return undefined;
}

/** A unique violation, of `constraint` when given. */
export function esUnicoViolado(e: unknown, constraint?: string): boolean {
  const pg = errorPg(e);
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

/** Deadlock or serialization failure: the transaction can simply run again. */
export function esReintentable(e: unknown): boolean {
  const code = errorPg(e)?.code;
  return code === '40P01' || code === '40001';
}

/** postgres-js answers booleans as booleans, PGlite's raw rows sometimes as 't'/'true'. */
export const booleanoPg = (v: unknown): boolean => v === true || v === 't' || v === 'true';
