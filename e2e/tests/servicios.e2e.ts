import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { errorsOf, usePage } from '../support/browser';
import { credenciales, login } from '../support/login';

const baseURL = inject('baseURL');
const token = inject('apiToken');
const sufijo = Date.now().toString(36).toUpperCase();
const PROVEEDOR = `TELEFÓNICA E2E ${sufijo}`;

async function v1(method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseURL}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Opens a Mantine Select by its label and picks the option whose text starts with `opcion`. */
async function elegir(page: Page, label: string, opcion: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('listbox', { name: label }).getByRole('option', { name: opcion }).first().click();
}

const kpi = (page: Page, testId: string) => page.getByTestId(testId).locator('[data-valor]');

async function esperarTexto(page: Page, testId: string, texto: string) {
  await page.waitForFunction(
    ([id, t]) => document.querySelector(`[data-testid="${id}"] [data-valor]`)?.textContent === t,
    [testId, texto] as const,
  );
}

describe('Enlaces por proveedor: the operator journey', () => {
  const fx = usePage();

  it('creates a service, adjusts it down and up, and sees the KPI strip, detail and history change', async () => {
    const { page } = fx;
    const prov = await v1('POST', '/proveedores/crear', { nombre: PROVEEDOR });
    expect(prov.status).toBe(201);

    await login(page, baseURL, credenciales('operador'));
    await page.goto('/');
    await page.getByRole('link', { name: 'Enlaces por proveedor' }).click();
    await page.getByRole('heading', { name: 'Enlaces por proveedor' }).waitFor();

    // "Nuevo servicio": provider from the select (with its services), CID pre-filled from next-cid.
    await page.getByRole('link', { name: 'Nuevo servicio' }).first().click();
    await page.waitForURL('**/servicios/crear');
    const cid = page.getByLabel('CID interno');
    await expect.poll(() => cid.inputValue()).toMatch(/^ICP-\d+$/);
    const cidSugerido = await cid.inputValue();
    const next = await v1('GET', '/servicios-proveedor/next-cid');
    expect(cidSugerido).toBe(`ICP-${next.body.next}`);

    // Saving without the required fields says so next to them and creates nothing.
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('Este campo es obligatorio.').first().waitFor();
    expect(page.url()).toContain('/servicios/crear');

    await elegir(page, 'Proveedor', PROVEEDOR);
    await elegir(page, 'Modalidad', 'DEDICADO');
    await page.getByLabel('Capacidad comprada (Mbps)').fill('1500');
    await page.getByLabel('Ubicación del servicio').fill('Lima - Miraflores');
    await page.getByLabel('CID del proveedor').fill(`TDP-${sufijo}`);
    await page.getByLabel('Observación').fill('Enlace fibra oscura troncal');
    await page.getByRole('button', { name: 'Guardar' }).click();

    await page.waitForURL(/\/servicios\/detalle\/\d+$/);
    const servicioId = Number(page.url().split('/').at(-1));
    await page.getByRole('heading', { name: new RegExp(cidSugerido) }).waitFor();
    await esperarTexto(page, 'detalle-comprada', '1,500 Mbps');
    expect(await kpi(page, 'detalle-disponible').textContent()).toBe('1,500 Mbps');
    await page.getByText('Sin movimientos').waitFor();

    // Disminuir: sells 120.5 Mbps; the preview shows the result before saving.
    await page.getByRole('button', { name: 'Disminuir capacidad' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByLabel('Mbps').fill('120.5');
    await modal.getByLabel('Motivo').fill('Nueva venta: cliente RIPLEY');
    expect(await modal.getByTestId('disponible-resultante').textContent()).toBe('1,379.5 Mbps');
    await modal.getByRole('button', { name: 'Disminuir capacidad' }).click();
    await modal.waitFor({ state: 'detached' });
    await esperarTexto(page, 'detalle-vendida', '120.5 Mbps');
    expect(await kpi(page, 'detalle-disponible').textContent()).toBe('1,379.5 Mbps');

    // Returning more than was sold: the server's refusal appears inside the modal, nothing changes.
    await page.getByRole('button', { name: 'Aumentar capacidad' }).click();
    await modal.getByLabel('Mbps').fill('500');
    await modal.getByLabel('Motivo').fill('Error de digitación');
    await modal.getByRole('button', { name: 'Aumentar capacidad' }).click();
    await modal
      .getByRole('alert', { name: 'No se pudo ajustar la capacidad' })
      .filter({ hasText: 'solo tiene 120.5 Mbps vendidos' })
      .waitFor();

    // Aumentar: returns 20.5 Mbps to the pool.
    await modal.getByLabel('Mbps').fill('20.5');
    await modal.getByLabel('Motivo').fill('Cliente ENTEL rescindió 20.5 Mbps');
    await modal.getByRole('button', { name: 'Aumentar capacidad' }).click();
    await modal.waitFor({ state: 'detached' });
    await esperarTexto(page, 'detalle-vendida', '100 Mbps');
    expect(await kpi(page, 'detalle-disponible').textContent()).toBe('1,400 Mbps');

    // The history, newest first, says who did what and why; the chart has recorded samples now.
    const historial = page.getByRole('table', { name: 'Historial de capacidad' });
    await historial.getByText('Cliente ENTEL rescindió 20.5 Mbps').waitFor();
    const filas = historial.locator('tbody tr');
    expect(await filas.count()).toBe(2);
    expect(await filas.nth(0).textContent()).toContain('-20.5 Mbps');
    expect(await filas.nth(1).textContent()).toContain('+120.5 Mbps');
    expect(await filas.nth(1).textContent()).toContain('Omar Operador');
    expect(await filas.nth(1).textContent()).toContain('Ajuste manual');
    await page.getByTestId('grafico-uso').waitFor();
    const conciliacion = page.getByTestId('conciliacion');
    expect(await conciliacion.textContent()).toContain('se explica por los ajustes manuales');

    // The list: the KPI strip totals the filtered set, the row shows the figures and the actions.
    await page.getByRole('link', { name: 'Enlaces por proveedor' }).first().click();
    await page.waitForURL(/\/servicios$/);
    await page.getByLabel('Búsqueda').fill(cidSugerido.toLowerCase());
    await page.waitForURL(/q=/);
    await esperarTexto(page, 'kpi-comprada', '1,500 Mbps');
    expect(await kpi(page, 'kpi-vendida').textContent()).toBe('100 Mbps');
    expect(await kpi(page, 'kpi-disponible').textContent()).toBe('1,400 Mbps');
    const fila = page.locator(`tr[data-servicio="${cidSugerido}"]`);
    expect(await fila.textContent()).toContain(PROVEEDOR);
    expect(await fila.textContent()).toContain('Lima - Miraflores');
    expect(await fila.getByText('ACTIVO').count()).toBe(1);
    for (const accion of ['Ver', 'Editar', 'Aumentar capacidad', 'Disminuir capacidad']) {
      expect(
        await fila
          .getByRole(accion === 'Aumentar capacidad' || accion === 'Disminuir capacidad' ? 'button' : 'link', {
            name: accion,
          })
          .count(),
      ).toBe(1);
    }
    // The search lives in the URL: a reload keeps it.
    await page.reload();
    await esperarTexto(page, 'kpi-comprada', '1,500 Mbps');
    expect(await page.getByLabel('Búsqueda').inputValue()).toBe(cidSugerido.toLowerCase());

    // Adjust from the list too, then edit: the full form, back to the detail page.
    await fila.getByRole('button', { name: 'Disminuir capacidad' }).click();
    await modal.getByLabel('Mbps').fill('50');
    await modal.getByLabel('Motivo').fill('Venta desde la lista');
    await modal.getByRole('button', { name: 'Disminuir capacidad' }).click();
    await modal.waitFor({ state: 'detached' });
    await esperarTexto(page, 'kpi-vendida', '150 Mbps');

    await fila.getByRole('link', { name: 'Editar' }).click();
    await page.waitForURL(`**/servicios/editar/${servicioId}`);
    await expect.poll(() => page.getByLabel('Ubicación del servicio').inputValue()).toBe('Lima - Miraflores');
    await page.getByLabel('Ubicación del servicio').fill('Lima - San Isidro');
    await elegir(page, 'Condición', 'STANDBY');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.waitForURL(`**/servicios/detalle/${servicioId}`);
    await page.getByText('Lima - San Isidro').first().waitFor();
    await esperarTexto(page, 'detalle-vendida', '150 Mbps');

    const api = await v1('GET', `/servicios-proveedor/${servicioId}`);
    expect(api.body.data).toMatchObject({
      capacidad_comprada: 1500,
      capacidad_vendida: 150,
      capacidad_disponible: 1350,
      condicion: 'STANDBY',
      ubicacion_servicio: 'Lima - San Isidro',
      cid_interno: cidSugerido,
    });
    // The browser logs the intentional 422 (returning more than was sold); nothing else may fail.
    expect(errorsOf(page).filter((e) => !e.includes('status of 422'))).toEqual([]);
  });

  it('shows a lector the list and the detail without write actions', async () => {
    const { page } = fx;
    await login(page, baseURL, credenciales('lector'));
    await page.goto('/servicios');
    await page.getByRole('heading', { name: 'Enlaces por proveedor' }).waitFor();
    await page.getByRole('link', { name: 'Ver' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Nuevo servicio' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Aumentar capacidad' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Editar' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Ver' }).first().click();
    await page.getByRole('heading', { name: 'Historial de capacidad' }).waitFor();
    expect(await page.getByRole('button', { name: 'Disminuir capacidad' }).count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
  });
});
