import { passwordSchema } from '@troncal/domain/schemas';

export const REGLA_PASSWORD = 'Al menos 10 caracteres, con letras y números.';

/** The server's rule, checked as the user types; null when the password is acceptable. */
export function errorPassword(password: string): string | null {
  if (!password) return null;
  const r = passwordSchema.safeParse(password);
  return r.success ? null : (r.error.issues[0]?.message ?? REGLA_PASSWORD);
}

export function errorConfirmacion(password: string, confirmacion: string): string | null {
  return confirmacion && confirmacion !== password ? 'Las contraseñas no coinciden.' : null;
}

export const passwordValida = (password: string, confirmacion: string) =>
  !!password && errorPassword(password) === null && confirmacion === password;
