import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { errorsOf, usePage } from '../support/browser';
import { credenciales, login } from '../support/login';

/** Names are unique per run: other journeys share the server's database. */
const sufijo = randomBytes(3).toString('hex').toUpperCase();

/** Opens a Mantine Select (or Autocomplete) by its label and picks the option with that exact name. */
async function elegir(page: Page, label: string, opcion: string) {
  const input = page.getByRole('combobox', { name: label });
  await input.click();
  if (await input.isEditable()) await input.fill(opcion);
  await page.getByRole('option', { name: opcion, exact: true }).click();
}

async function guardar(page: Page) {
  await page.getByRole('button', { name: 'Guardar' }).click();
}

/** Waits for the detail page of a record: its name as the page heading. */
async function enDetalle(page: Page, titulo: string, ruta: RegExp) {
  await page.getByRole('heading', { level: 2, name: titulo }).waitFor();
  expect(new URL(page.url()).pathname).toMatch(ruta);
}

describe('Datos de referencia en la SPA', () => {
  const fx = usePage();

  it('un operador registra un proveedor, un cliente, dos nodos y un equipo', async () => {
    const { page, baseURL } = fx;
    await login(page, baseURL, credenciales('operador'));

    // Proveedor
    await page.goto('/proveedores');
    await page.getByRole('heading', { name: 'Proveedores' }).waitFor();
    // The empty list offers the same link again in its empty state: either leads to the form.
    await page.getByRole('link', { name: 'Nuevo proveedor' }).first().click();
    const proveedor = `TELEFÓNICA ${sufijo}`;
    await page.getByLabel('Nombre').fill(proveedor);
    await page.getByLabel('RUC').fill(rucValido(0));
    await page.getByLabel('Contacto').fill('Mesa de ayuda NOC');
    await page.getByLabel('Teléfono').fill('01 210 1000');
    await page.getByLabel('Correo').fill('noc@telefonica.test');
    await guardar(page);
    await enDetalle(page, proveedor, /^\/proveedores\/\d+$/);
    await page.getByText(`Proveedor "${proveedor}" registrado.`).waitFor();

    // Cliente: a bad RUC is refused in Spanish before anything is sent; then a valid one.
    await page.goto('/clientes/nuevo');
    const cliente = `Banco Andino ${sufijo} S.A.A.`;
    await page.getByLabel('Razón social').fill(cliente);
    await page.getByLabel('RUC').fill('20100047863');
    await guardar(page);
    await page.getByText('El dígito verificador del RUC no es válido.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/clientes/nuevo');
    await page.getByLabel('RUC').fill(rucValido(1));
    await guardar(page);
    await enDetalle(page, cliente, /^\/clientes\/\d+$/);

    // Nodo 1, with a distrito: Lima / Lima / Miraflores.
    await page.goto('/nodos/nuevo');
    const nodo1 = `NODO MIRAFLORES ${sufijo}`;
    await page.getByLabel('Nombre').fill(nodo1);
    await elegir(page, 'Tipo', 'Core');
    await elegir(page, 'Departamento', 'Lima');
    await elegir(page, 'Provincia', 'Lima');
    await elegir(page, 'Distrito', 'Miraflores');
    await page.getByLabel('Dirección').fill('Av. José Larco 1301');
    await guardar(page);
    await enDetalle(page, nodo1, /^\/nodos\/\d+$/);
    await page.getByText('Miraflores', { exact: true }).waitFor();
    // In the record's sheet (the change history below it shows the code too).
    await page
      .getByRole('definition')
      .filter({ hasText: /^150122$/ })
      .waitFor();

    // Nodo 2, down to the provincia only.
    await page.goto('/nodos/nuevo');
    const nodo2 = `NODO AREQUIPA ${sufijo}`;
    await page.getByLabel('Nombre').fill(nodo2);
    await elegir(page, 'Tipo', 'Agregación');
    await elegir(page, 'Departamento', 'Arequipa');
    await elegir(page, 'Provincia', 'Arequipa');
    await guardar(page);
    await enDetalle(page, nodo2, /^\/nodos\/\d+$/);

    // Both nodes in the list, with their location.
    await page.goto(`/nodos?q=${sufijo}`);
    const tabla = page.getByRole('table', { name: 'Nodos' });
    await tabla.getByRole('link', { name: nodo1 }).waitFor();
    await tabla.getByText('Lima / Lima / Miraflores').waitFor();
    await tabla.getByText('Arequipa / Arequipa', { exact: true }).waitFor();

    // Equipo, then the same serial again is refused with a clear message.
    await page.goto('/equipos/nuevo');
    const serie = `FDO${sufijo}`;
    await elegir(page, 'Tipo', 'Router');
    await page.getByLabel('Marca').fill('Cisco');
    await page.getByLabel('Modelo').fill('ISR4331');
    await page.getByLabel('Serie').fill(serie);
    await guardar(page);
    await enDetalle(page, 'Router Cisco ISR4331', /^\/equipos\/\d+$/);
    await page.getByText(`SN: ${serie}`).first().waitFor();

    await page.goto('/equipos/nuevo');
    await elegir(page, 'Tipo', 'Switch');
    await page.getByLabel('Marca').fill('Huawei');
    await page.getByLabel('Modelo').fill('S5720');
    await page.getByLabel('Serie').fill(serie.toLowerCase());
    await guardar(page);
    await page.getByText(`Ya existe un equipo con la serie "${serie}".`).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/equipos/nuevo');

    expect(errorsOf(page).filter((e) => !e.includes('409'))).toEqual([]);
  });

  it('la lista guarda la búsqueda y la página en la URL, con Anterior / Siguiente', async () => {
    const { page, baseURL } = fx;
    await login(page, baseURL, credenciales('operador'));
    const token = inject('apiToken');
    // Eleven providers with a common word, created through /v1 so the list has two pages.
    for (let i = 1; i <= 11; i++) {
      const res = await fetch(`${baseURL}/v1/proveedores/crear`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ nombre: `Paginado ${sufijo} ${String(i).padStart(2, '0')}` }),
      });
      expect(res.status).toBe(201);
    }
    await page.goto('/proveedores');
    await page.getByLabel('Buscar').fill(`paginado ${sufijo.toLowerCase()}`);
    await page.waitForURL(/q=paginado/);
    const tabla = page.getByRole('table', { name: 'Proveedores' });
    await tabla.getByRole('link', { name: `Paginado ${sufijo} 01` }).waitFor();
    expect(await tabla.getByRole('row').count()).toBe(11); // header + 10
    await page.getByRole('button', { name: 'Siguiente' }).click();
    await page.waitForURL(/page=2/);
    await tabla.getByRole('link', { name: `Paginado ${sufijo} 11` }).waitFor();
    expect(await page.getByRole('button', { name: 'Siguiente' }).isDisabled()).toBe(true);

    await page.reload();
    await page
      .getByRole('table', { name: 'Proveedores' })
      .getByRole('link', { name: `Paginado ${sufijo} 11` })
      .waitFor();
    expect(await page.getByLabel('Buscar').inputValue()).toBe(`paginado ${sufijo.toLowerCase()}`);
    await page.getByRole('button', { name: 'Anterior' }).click();
    await tabla.getByRole('link', { name: `Paginado ${sufijo} 01` }).waitFor();

    await page.getByLabel('Buscar').fill(`no-existe-${sufijo}`);
    await page.getByText('Ningún proveedor coincide').waitFor();
  });

  it('un lector ve las listas pero no los botones de crear', async () => {
    const { page, baseURL } = fx;
    await login(page, baseURL, credenciales('lector'));
    await page.goto('/clientes');
    await page.getByRole('heading', { name: 'Clientes' }).waitFor();
    await page.getByLabel('Buscar').waitFor();
    expect(await page.getByRole('link', { name: 'Nuevo cliente' }).count()).toBe(0);
  });
});

describe('Datos de referencia por /v1', () => {
  const baseURL = inject('baseURL');
  const token = inject('apiToken');

  async function v1(method: string, path: string, body?: unknown) {
    const res = await fetch(`${baseURL}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { data?: unknown } };
  }

  it.skipIf(!token)('un consumidor REST registra lo mismo y recibe 409/400 claros', async () => {
    const p = await v1('POST', '/proveedores/crear', { nombre: `LUMEN ${sufijo}` });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ ok: true, proveedor_id: expect.any(Number) });
    const dup = await v1('POST', '/proveedores/crear', { nombre: `lumen ${sufijo}` });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ ok: false, message: `Ya existe un proveedor con el nombre "LUMEN ${sufijo}".` });

    const bad = await v1('POST', '/clientes/crear', { razon_social: 'X', ruc: '20100047863' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, errors: [{ path: 'ruc' }] });
    const c = await v1('POST', '/clientes/crear', { razon_social: `Minera ${sufijo}`, ruc: rucValido(2) });
    expect(c.status).toBe(201);

    for (const nodo of [
      { nombre: `REST NODO A ${sufijo}`, tipo: 'CORE', ubigeo: '150131' },
      { nombre: `REST NODO B ${sufijo}`, tipo: 'EDGE' },
    ]) {
      expect((await v1('POST', '/nodos/crear', nodo)).status).toBe(201);
    }
    const e = await v1('POST', '/equipos/crear', {
      tipo: 'ONT',
      marca: 'Huawei',
      modelo: 'HG8245',
      serial: `HW${sufijo}`,
    });
    expect(e.status).toBe(201);

    const sel = await v1('GET', '/equipos/listar/select?disponibles=true');
    expect(sel.body.data).toContainEqual(
      expect.objectContaining({ label: `ONT | Huawei | HG8245 | SN: HW${sufijo}`, estado: 'DISPONIBLE' }),
    );
  });
});

/**
 * A valid RUC (20 + 8 digits from the run's suffix + SUNAT's modulo-11 check digit), different per
 * run and per `n`, so journeys never collide with each other's clients.
 */
function rucValido(n: number): string {
  const base = `20${String((Number.parseInt(sufijo, 16) * 10 + n) % 1e8).padStart(8, '0')}`;
  const pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const suma = pesos.reduce((s, p, i) => s + p * Number(base[i]), 0);
  const resto = 11 - (suma % 11);
  return base + String(resto === 10 ? 0 : resto === 11 ? 1 : resto);
}
