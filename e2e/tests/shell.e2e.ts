import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { errorsOf, usePage } from '../support/browser';

const LIMA_PROVINCIAS = [
  'Barranca',
  'Cajatambo',
  'Canta',
  'Cañete',
  'Huaral',
  'Huarochirí',
  'Huaura',
  'Lima',
  'Oyón',
  'Yauyos',
];

const sinTildes = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** Opens a searchable Mantine Select by its label, types, and picks the option with that exact name. */
async function elegir(page: Page, label: string, opcion: string) {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  await input.fill(opcion);
  await page.getByRole('listbox', { name: label }).getByRole('option', { name: opcion, exact: true }).click();
}

async function opcionesDe(page: Page, label: string): Promise<string[]> {
  await page.getByRole('combobox', { name: label }).click();
  const listbox = page.getByRole('listbox', { name: label });
  await listbox.getByRole('option').first().waitFor();
  const opciones = await listbox.getByRole('option').allTextContents();
  await page.keyboard.press('Escape');
  return opciones;
}

describe('API básica', () => {
  const baseURL = inject('baseURL');

  it('GET /healthz responde 200 con la base embebida', async () => {
    const res = await fetch(`${baseURL}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, db: 'pglite' });
  });

  it('GET /v1/ubigeo/departamentos exige autenticación', async () => {
    const res = await fetch(`${baseURL}/v1/ubigeo/departamentos`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, message: expect.any(String) });
  });

  const token = inject('apiToken');
  it.skipIf(!token)('GET /v1/ubigeo/departamentos con token devuelve los 25 departamentos', async () => {
    const res = await fetch(`${baseURL}/v1/ubigeo/departamentos`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; data: { codigo: string; nombre: string }[] };
    expect(body.ok).toBe(true);
    expect(body.data).toHaveLength(25);
    expect(body.data).toContainEqual({ codigo: '15', nombre: 'Lima' });
  });
});

describe('SPA: estructura', () => {
  const fx = usePage();

  it('carga en / con el nombre del producto', async () => {
    const { page } = fx;
    const res = await page.goto('/');
    expect(res?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Troncal');
    await page.getByRole('heading', { name: 'Troncal', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Inicio' }).waitFor();
    expect(errorsOf(page)).toEqual([]);
  });

  it('navega a /ubigeo desde el menú lateral', async () => {
    const { page } = fx;
    await page.goto('/');
    const menu = page.getByRole('navigation', { name: 'Módulos' });
    await menu.getByRole('link', { name: 'Ubigeo' }).click();
    await page.waitForURL('**/ubigeo');
    await page.getByRole('heading', { name: 'Ubigeo del Perú' }).waitFor();
    expect(await menu.getByRole('link', { name: 'Ubigeo' }).getAttribute('aria-current')).toBe('page');
    const labels = await menu.getByRole('link').allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining([
        'Inicio',
        'Conexiones',
        'Enlaces por proveedor',
        'Proveedores',
        'Clientes',
        'Nodos',
        'Equipos',
        'Ubigeo',
      ]),
    );
    // No menu entry may lead to a fake page: every one opens a real screen.
    for (const label of labels) {
      await menu.getByRole('link', { name: label, exact: true }).click();
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      expect(await page.getByText('Página no encontrada').count(), label).toBe(0);
    }
    expect(errorsOf(page)).toEqual([]);
  });

  it('muestra "Página no encontrada" en una ruta desconocida, con enlace al inicio', async () => {
    const { page } = fx;
    await page.goto('/no-existe/ni-esto');
    await page.getByRole('heading', { name: 'Página no encontrada' }).waitFor();
    await page.getByRole('link', { name: 'Volver al inicio' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: 'Inicio' }).waitFor();
  });

  it('recarga un enlace profundo (el servidor entrega index.html)', async () => {
    const { page } = fx;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Módulos' }).getByRole('link', { name: 'Ubigeo' }).click();
    await page.waitForURL('**/ubigeo');
    const res = await page.reload();
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading', { name: 'Ubigeo del Perú' }).waitFor();
    expect(errorsOf(page)).toEqual([]);
  });
  it('muestra un error legible con "Reintentar" cuando una pantalla no carga', async () => {
    const { page } = fx;
    // The lazy chunk of the Ubigeo page (named after its module) fails, as after a deploy or offline.
    const chunk = /\/assets\/UbigeoPage-[^/]+\.js$/;
    await page.route(chunk, (route) => route.abort());
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Módulos' }).getByRole('link', { name: 'Ubigeo' }).click();
    await page.getByRole('heading', { name: 'Algo salió mal' }).waitFor();
    await page.getByText('No se pudo cargar esta pantalla', { exact: false }).waitFor();
    // The shell stays on screen around the error.
    await page.getByRole('heading', { name: 'Troncal', level: 1 }).waitFor();

    await page.unroute(chunk);
    await page.getByRole('button', { name: 'Reintentar' }).click();
    await page.getByRole('heading', { name: 'Ubigeo del Perú' }).waitFor();
  });
});

describe('SPA: selectores de ubigeo enlazados', () => {
  const fx = usePage();

  it('Provincia depende de Departamento y se limpia al cambiarlo', async () => {
    const { page } = fx;
    await page.goto('/ubigeo');
    const departamento = page.getByRole('combobox', { name: 'Departamento' });
    const provincia = page.getByRole('combobox', { name: 'Provincia' });
    // Enabled once the ubigeo data (a lazy chunk) has loaded.
    await expect.poll(() => departamento.isEnabled()).toBe(true);
    expect(await provincia.isDisabled()).toBe(true);

    expect(await opcionesDe(page, 'Departamento')).toHaveLength(25);

    await elegir(page, 'Departamento', 'Lima');
    expect(await departamento.inputValue()).toBe('Lima');
    expect(await provincia.isEnabled()).toBe(true);

    const provincias = await opcionesDe(page, 'Provincia');
    expect(provincias).toHaveLength(10);
    expect(provincias).toContain('Cañete');
    expect(provincias).toContain('Huaral');
    expect(provincias.map(sinTildes).sort()).toEqual(LIMA_PROVINCIAS.map(sinTildes).sort());

    await elegir(page, 'Provincia', 'Cañete');
    expect(await provincia.inputValue()).toBe('Cañete');
    await expect(page.getByTestId('codigo-departamento').textContent()).resolves.toBe('15');
    await expect(page.getByTestId('codigo-provincia').textContent()).resolves.toBe('1505');

    // A new departamento clears the provincia and offers its own list.
    await elegir(page, 'Departamento', 'Cusco');
    expect(await provincia.inputValue()).toBe('');
    expect(await page.getByTestId('codigo-provincia').count()).toBe(0);
    const cusco = await opcionesDe(page, 'Provincia');
    expect(cusco).toContain('Urubamba');
    expect(cusco).not.toContain('Cañete');
    expect(errorsOf(page)).toEqual([]);
  });

  it('Distrito sugiere los distritos de la provincia elegida y acepta texto libre', async () => {
    const { page } = fx;
    await page.goto('/ubigeo');
    await elegir(page, 'Departamento', 'Lima');
    await elegir(page, 'Provincia', 'Lima');
    const distrito = page.getByRole('combobox', { name: 'Distrito' });
    await distrito.click();
    await distrito.fill('miraf');
    await page
      .getByRole('listbox', { name: 'Distrito' })
      .getByRole('option', { name: 'Miraflores', exact: true })
      .click();
    expect(await distrito.inputValue()).toBe('Miraflores');
    await expect(page.getByTestId('codigo-distrito').textContent()).resolves.toBe('150122');

    await distrito.fill('Un distrito cualquiera');
    expect(await distrito.inputValue()).toBe('Un distrito cualquiera');
    expect(await page.getByTestId('codigo-distrito').count()).toBe(0);
  });
});
