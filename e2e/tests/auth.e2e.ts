import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorsOf, newPage, saveScreenshot, usePage } from '../support/browser';
import { credenciales, generarPassword, loginConFormulario } from '../support/login';
import { type StartedServer, startServer } from '../support/server';

/** A refused login or an expired session shows up as a failed request in the console: expected here. */
const erroresReales = (page: Page) => errorsOf(page).filter((e) => !/status of 40[13]|Failed to load resource/.test(e));

async function cerrarSesion(page: Page) {
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
}

/** Picks a role in the Mantine Select labelled "Rol" inside `scope` (its options open in a portal). */
async function elegirRol(page: Page, scope: Locator, rol: string) {
  await scope.getByRole('combobox', { name: /^Rol/ }).click();
  await page.getByRole('option', { name: rol, exact: true }).click();
}

describe('primer uso: una base vacía lleva a crear el administrador', () => {
  let server: StartedServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('crea el administrador, cierra sesión, vuelve a ingresar y crea un operador', async () => {
    const page = await newPage(server.baseURL);
    const admin = { email: 'jefa.noc@isp.pe', nombre: 'Jefa NOC', password: generarPassword() };
    const operador = { email: 'operador.lima@isp.pe', nombre: 'Operador Lima', password: generarPassword() };
    try {
      // While no user exists, "Crear administrador" is all Troncal offers.
      await page.goto('/');
      await page.waitForURL((url) => url.pathname === '/setup');
      await page.getByRole('heading', { name: 'Crear administrador' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Módulos' }).count()).toBe(0);
      await page.goto('/login');
      await page.waitForURL((url) => url.pathname === '/setup');

      await page.getByLabel('Correo').fill(admin.email);
      await page.getByLabel('Nombre').fill(admin.nombre);
      await page.getByLabel(/^Contraseña/).fill('corta1');
      await page.getByText('La contraseña debe tener al menos 10 caracteres.').waitFor();
      expect(await page.getByRole('button', { name: 'Crear administrador' }).isDisabled()).toBe(true);
      await page.getByLabel(/^Contraseña/).fill(admin.password);
      await page.getByLabel('Confirmar contraseña').fill(`${admin.password}x`);
      await page.getByText('Las contraseñas no coinciden.').waitFor();
      await page.getByLabel('Confirmar contraseña').fill(admin.password);
      await page.getByRole('button', { name: 'Crear administrador' }).click();

      // Signed in at once: the header shows who and with which role.
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('heading', { name: 'Inicio' }).waitFor();
      const usuario = page.locator('[data-slot="usuario"]');
      await usuario.getByText(admin.nombre).waitFor();
      await usuario.getByText('Administrador').waitFor();
      const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'troncal_sesion');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      // The setup page is gone for good.
      await page.goto('/setup');
      await page.waitForURL((url) => url.pathname === '/');
      const estado = await page.context().request.get(`${server.baseURL}/trpc/auth.estado`);
      expect((await estado.json()).result.data.necesitaSetup).toBe(false);

      await cerrarSesion(page);
      await page.goto('/setup');
      await page.waitForURL((url) => url.pathname === '/login');

      // A protected page asks for the login and comes back to it afterwards.
      await page.goto('/admin/usuarios');
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/admin/usuarios');
      await loginConFormulario(page, { email: admin.email, password: 'incorrecta-123' });
      await page.getByRole('alert').getByText('Correo o contraseña incorrectos.').waitFor();
      await loginConFormulario(page, { email: admin.email, password: admin.password });
      await page.waitForURL((url) => url.pathname === '/admin/usuarios');
      await page.getByRole('heading', { name: 'Usuarios' }).waitFor();

      // The admin creates an operator.
      const menu = page.getByRole('navigation', { name: 'Módulos' });
      await menu.getByRole('link', { name: 'Tokens de API' }).waitFor();
      await page.getByRole('button', { name: 'Nuevo usuario' }).click();
      const modal = page.getByRole('dialog', { name: 'Nuevo usuario' });
      await modal.getByLabel('Correo').fill(operador.email);
      await modal.getByLabel('Nombre').fill(operador.nombre);
      await elegirRol(page, modal, 'Operador');
      await modal.getByLabel(/^Contraseña/).fill(operador.password);
      await modal.getByLabel('Confirmar contraseña').fill(operador.password);
      await modal.getByRole('button', { name: 'Crear usuario' }).click();
      await modal.waitFor({ state: 'hidden' });
      const fila = page.getByTestId(`usuario-${operador.email}`);
      await fila.waitFor();
      expect(await fila.getByRole('combobox', { name: `Rol de ${operador.nombre}` }).inputValue()).toBe('Operador');
      // The only admin cannot demote or deactivate themself.
      const filaAdmin = page.getByTestId(`usuario-${admin.email}`);
      expect(await filaAdmin.getByRole('button', { name: 'Desactivar' }).isDisabled()).toBe(true);

      // The operator signs in and sees neither the admin menu nor its pages.
      await cerrarSesion(page);
      await loginConFormulario(page, operador);
      await page.waitForURL((url) => url.pathname === '/');
      await page.locator('[data-slot="usuario"]').getByText('Operador', { exact: true }).waitFor();
      expect(await menu.getByRole('link', { name: 'Usuarios' }).count()).toBe(0);
      await page.goto('/admin/usuarios');
      await page.getByRole('alert').getByText('Sin permiso').waitFor();
      expect(erroresReales(page)).toEqual([]);
    } catch (e) {
      console.error(`Captura de pantalla: ${await saveScreenshot(page, 'auth-primer-uso')}`);
      throw e;
    } finally {
      await page.context().close();
    }
  });
});

describe('sesión del administrador (servidor compartido)', () => {
  const fx = usePage({ sesion: 'admin' });
  const baseURL = inject('baseURL');

  it('crea un token de API que se muestra una vez, funciona en /v1 y deja de funcionar al revocarlo', async () => {
    const { page } = fx;
    await page.goto('/admin/tokens');
    await page.getByRole('heading', { name: 'Tokens de API' }).waitFor();
    await page.getByRole('button', { name: 'Nuevo token' }).click();
    const modal = page.getByRole('dialog');
    const nombre = `Monitoreo ${Date.now()}`;
    await modal.getByLabel('Nombre').fill(nombre);
    await elegirRol(page, modal, 'Lector');
    await modal.getByRole('button', { name: 'Crear token' }).click();
    await modal.getByText('no se volverá a mostrar').waitFor();
    const token = await modal.getByLabel('Token').inputValue();
    expect(token).toMatch(/^trc_[A-Za-z0-9_-]{43}$/);
    await modal.getByRole('button', { name: 'Copiar' }).waitFor();
    await modal.getByRole('button', { name: 'Listo' }).click();
    await modal.waitFor({ state: 'hidden' });

    const headers = { authorization: `Bearer ${token}` };
    const ok = await fetch(`${baseURL}/v1/ubigeo/departamentos`, { headers });
    expect(ok.status).toBe(200);
    const write = await fetch(`${baseURL}/v1/ubigeo/departamentos`, { method: 'POST', headers });
    expect([403, 404]).toContain(write.status);

    // Listed by its prefix, never the secret; then revoked.
    const fila = page.getByRole('row').filter({ hasText: nombre });
    await fila.getByText(token.slice(0, 10)).waitFor();
    expect(await page.getByText(token).count()).toBe(0);
    await fila.getByRole('button', { name: 'Revocar' }).click();
    await page.getByRole('dialog', { name: 'Revocar token' }).getByRole('button', { name: 'Revocar' }).click();
    await fila.getByText('Revocado').waitFor();
    const after = await fetch(`${baseURL}/v1/ubigeo/departamentos`, { headers });
    expect(after.status).toBe(401);
    expect(erroresReales(page)).toEqual([]);
  });

  it('cuando la sesión expira vuelve al login y, tras ingresar, a la página donde estaba', async () => {
    const { page } = fx;
    await page.goto('/admin/tokens');
    await page.getByRole('heading', { name: 'Tokens de API' }).waitFor();
    // The session ends on the server (as when it expires) while the browser still holds its cookie.
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'troncal_sesion');
    const res = await fetch(`${baseURL}/trpc/auth.logout`, {
      method: 'POST',
      headers: { cookie: `troncal_sesion=${cookie!.value}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);

    await page.getByRole('navigation', { name: 'Módulos' }).getByRole('link', { name: 'Usuarios' }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/admin/usuarios');
    await loginConFormulario(page, credenciales('admin'));
    await page.waitForURL((url) => url.pathname === '/admin/usuarios');
    await page.getByRole('heading', { name: 'Usuarios' }).waitFor();
  });
});

describe('roles sin administración', () => {
  const fx = usePage({ sesion: 'lector' });

  it('un lector no ve el menú de administración y sus páginas le dicen que no tiene permiso', async () => {
    const { page } = fx;
    await page.goto('/');
    await page.locator('[data-slot="usuario"]').getByText('Lector', { exact: true }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Módulos' });
    expect(await menu.getByText('Administración').count()).toBe(0);
    await page.goto('/admin/tokens');
    await page.getByRole('alert').getByText('Sin permiso').waitFor();
    expect(await page.getByRole('button', { name: 'Nuevo token' }).count()).toBe(0);
  });
});
