/**
 * The one error type that services throw. Each transport maps `code` to its own status once
 * (tRPC errorFormatter, `/v1` errors.ts), so services never know about HTTP.
 */
export const DOMAIN_ERROR_STATUS = {
  VALIDACION: 400,
  NO_AUTENTICADO: 401,
  PROHIBIDO: 403,
  NO_ENCONTRADO: 404,
  CONFLICTO: 409,
  REGLA_NEGOCIO: 422,
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_STATUS;

export interface DomainErrorIssue {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly issues: DomainErrorIssue[] | undefined;

  constructor(code: DomainErrorCode, message: string, issues?: DomainErrorIssue[]) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.issues = issues;
  }

  get status(): number {
    return DOMAIN_ERROR_STATUS[this.code];
  }
}

export const isDomainError = (e: unknown): e is DomainError =>
  e instanceof DomainError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'DomainError');
