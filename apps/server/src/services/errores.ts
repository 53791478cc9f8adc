import type { DomainErrorIssue } from '@troncal/domain/errors';
import { DomainError } from '../errors';

/**
 * The refusals every use case throws, worded one way. Each transport maps the code once (404, 409,
 * 422); `campo` names the input field the message is about, so a form can show it there.
 */

/** What a call names does not exist: `noEncontrado('el cliente', 7)` → "No existe el cliente 7." (404). */
export const noEncontrado = (que: string, id: number | string) =>
  new DomainError('NO_ENCONTRADO', `No existe ${que} ${id}.`);

/** One field, or the issues already worded per field; absent when the message is about the whole request. */
type Campo = string | DomainErrorIssue[] | undefined;

const issues = (message: string, campo: Campo): DomainErrorIssue[] | undefined =>
  campo === undefined ? undefined : typeof campo === 'string' ? [{ path: campo, message }] : campo;

/** The request collides with what is stored now (a duplicate, a held equipo, a blocked oversale): 409. */
export const conflicto = (message: string, campo?: Campo) =>
  new DomainError('CONFLICTO', message, issues(message, campo));

/** A business rule refuses the request as sent (a missing reference, a retired record): 422. */
export const regla = (message: string, campo?: Campo) =>
  new DomainError('REGLA_NEGOCIO', message, issues(message, campo));

/** The input itself is malformed in a way its schema cannot see: 400. */
export const invalido = (message: string, campo?: Campo) =>
  new DomainError('VALIDACION', message, issues(message, campo));
