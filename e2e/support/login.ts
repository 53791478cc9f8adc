import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import './context';

export type RolE2e = 'admin' | 'operador' | 'lector';

export interface Credenciales {
  email: string;
  password: string;
}

/** A password that meets Troncal's rule (≥ 10 characters, letters and digits), new on every run. */
export function generarPassword(): string {
  return `E2e-${randomBytes(9).toString('base64url')}-7k`;
}

/**
 * The users the global setup created with `pnpm troncal users:create` before the server started, one
 * per role, with passwords generated for this run (nothing is committed).
 */
export function credenciales(rol: RolE2e = 'admin'): Credenciales {
  const c = inject('credenciales')?.[rol];
  if (!c?.email) throw new Error(`La configuración global no creó un usuario ${rol}.`);
  return c;
}

/**
 * Signs the page's browser context in: the session cookie lands in the context, so every page of it
 * is signed in. Goes through the API (fast); the login form itself is covered by auth.e2e.ts.
 */
export async function login(page: Page, baseURL: string, { email, password }: Credenciales): Promise<void> {
  const res = await page.context().request.post(`${baseURL}/trpc/auth.login`, { data: { email, password } });
  if (!res.ok()) throw new Error(`No se pudo iniciar sesión como ${email}: HTTP ${res.status()} ${await res.text()}`);
}

/** The same through the login form, as a person would (lands wherever the page sends it). */
export async function loginConFormulario(page: Page, { email, password }: Credenciales): Promise<void> {
  await page.getByLabel('Correo').fill(email);
  await page.getByLabel(/^Contraseña/).fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}
