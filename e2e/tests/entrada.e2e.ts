import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { errorsOf, usePage } from '../support/browser';
import { conexionesDelCliente, elegir, llenarConexion, nuevoSufijo, sembrarVenta, v1 } from '../support/datos';

/** The POSTs the page sends to one tRPC procedure from now on. */
function contar(page: Page, procedimiento: string): string[] {
  const cuerpos: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === `/trpc/${procedimiento}`)
      cuerpos.push(r.postData() ?? '');
  });
  return cuerpos;
}

/** Rewrites one field of what the SPA sends, to see how it shows the server's own refusal of it. */
async function alterar(page: Page, procedimiento: string, campo: string, valor: unknown): Promise<void> {
  await page.route(`**/trpc/${procedimiento}*`, async (route: Route) => {
    const cuerpo = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
    await route.continue({ postData: JSON.stringify({ ...cuerpo, [campo]: valor }) });
  });
}

/** A sold connection (100 Mbps on a 1,000 Mbps service), created the atomic way through /v1. */
async function conexionVendida() {
  const venta = await sembrarVenta();
  const r = await v1('POST', '/conexiones', {
    cliente_id: venta.clienteId,
    servicio_id: venta.servicioId,
    nodo_a: venta.nodoId,
    tipo_enlace: 'Internet',
    bw_contratado: 100,
    estado: 'ACTIVO',
    ajustar_servicio: true,
  });
  expect(r.status).toBe(201);
  return { venta, cid: String(r.body.cid_enlace) };
}

describe('Numbers are refused, not rewritten', () => {
  const fx = usePage();

  it('Capacidad contratada keeps "-100" and "0.0005" as typed and refuses them on the field', async () => {
    const { page } = fx;
    const venta = await sembrarVenta();
    await page.goto('/conexiones/nueva');
    await llenarConexion(page, venta, '-100');
    const campo = page.getByLabel('Capacidad contratada (Mbps)');
    await campo.blur();
    expect(await campo.inputValue()).toBe('-100');
    const creaciones = contar(page, 'conexiones.create');
    const guardar = page.getByRole('button', { name: 'Guardar conexión' });
    await guardar.click();
    await page.getByText('No puede ser negativo.').waitFor();

    await campo.fill('0.0005');
    await campo.blur();
    expect(await campo.inputValue()).toBe('0.0005');
    await guardar.click();
    await page.getByText('Admite como máximo 3 decimales.').waitFor();
    expect(page.url()).toMatch(/\/conexiones\/nueva$/);
    expect(creaciones).toEqual([]);
    expect(await conexionesDelCliente(venta.clienteId)).toEqual([]);
    expect(errorsOf(page)).toEqual([]);
  });

  it('Ajustar BW opens on MBPS, checks the range before any oversale, and shows the server’s field message', async () => {
    const { page } = fx;
    const { cid } = await conexionVendida();
    await page.goto(`/conexiones?q=${cid}`);
    await page.locator(`tr[data-cid="${cid}"]`).getByRole('button', { name: 'Aumentar BW' }).click();
    const modal = page.getByRole('dialog');
    const mbps = modal.getByLabel('MBPS');
    await mbps.waitFor();
    await expect.poll(() => mbps.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await modal.getByRole('button', { name: 'Cerrar' }).count()).toBe(1);

    const ajustes = contar(page, 'conexiones.ajustarBw');
    const confirmar = modal.getByRole('button', { name: 'Confirmar' });
    // An absurd amount is out of range: no "Confirmo la sobreventa" for it, nothing sent.
    await mbps.fill('20000000');
    await modal.getByText('No puede superar 10,000,000 Mbps.').waitFor();
    expect(await modal.getByLabel('Confirmo la sobreventa').count()).toBe(0);
    await confirmar.click();
    for (const [valor, mensaje] of [
      ['-5', 'No puede ser negativo.'],
      ['0.0005', 'Admite como máximo 3 decimales.'],
      ['0', 'Debe ser mayor que 0.'],
    ] as const) {
      await mbps.fill(valor);
      expect(await mbps.inputValue()).toBe(valor);
      await modal.getByText(mensaje).waitFor();
      await confirmar.click();
    }
    expect(ajustes).toEqual([]);

    // What the server refuses shows on the field with its own words, not "Datos inválidos.".
    await alterar(page, 'conexiones.ajustarBw', 'mbps', 20_000_000);
    await mbps.fill('10');
    await confirmar.click();
    await modal.getByText('No puede superar 10,000,000 Mbps.').waitFor();
    expect(await mbps.getAttribute('aria-invalid')).toBe('true');
    expect(await modal.getByText('Datos inválidos.').count()).toBe(0);
    expect(ajustes).toHaveLength(1);
  });

  it('Disminuir capacidad checks the range before the oversale question and shows the server’s field message', async () => {
    const { page } = fx;
    const venta = await sembrarVenta();
    await page.goto(`/servicios?proveedor=${venta.proveedorId}`);
    const fila = page.locator(`tr[data-servicio="${venta.cidServicio}"]`);
    await fila.getByRole('button', { name: 'Disminuir capacidad' }).click();
    const modal = page.getByRole('dialog');
    const mbps = modal.getByLabel('Mbps');
    await modal.getByLabel('Motivo').fill('Venta grande');
    await mbps.fill('20000000');
    await modal.getByText('No puede superar 10,000,000 Mbps.').waitFor();
    expect(await modal.getByLabel('Confirmo la sobreventa').count()).toBe(0);
    await mbps.fill('-3');
    await modal.getByText('No puede ser negativo.').waitFor();

    const ajustes = contar(page, 'servicios.ajustarCapacidad');
    await alterar(page, 'servicios.ajustarCapacidad', 'delta_disponible', -20_000_000);
    await mbps.fill('10');
    await modal.getByRole('button', { name: 'Disminuir capacidad' }).click();
    await modal.getByText('No puede superar 10,000,000 Mbps.').waitFor();
    expect(await modal.getByText('Datos inválidos.').count()).toBe(0);
    expect(ajustes).toHaveLength(1);
    expect((await v1('GET', `/servicios-proveedor/${venta.servicioId}`)).body.data.capacidad_vendida).toBe(0);
  });
});

describe('Oversale is confirmed in the service edit form too', () => {
  const fx = usePage();

  it('lowering Capacidad comprada below vendida shows the red preview and needs "Confirmo la sobreventa"', async () => {
    const { page } = fx;
    const venta = await sembrarVenta({ comprada: 1000 });
    const venta800 = await v1('POST', `/servicios-proveedor/${venta.servicioId}/ajustar-capacidad`, {
      delta_disponible: -800,
      motivo: 'Venta mayorista',
    });
    expect(venta800.status).toBe(200);

    await page.goto(`/servicios/editar/${venta.servicioId}`);
    const comprada = page.getByLabel('Capacidad comprada (Mbps)');
    await comprada.fill('500');
    const preview = page.getByTestId('preview-comprada');
    await expect
      .poll(() => preview.textContent())
      .toBe('Vendida 800 Mbps · disponible 200 Mbps → -300 Mbps al guardar');
    const confirmo = page.getByLabel('Confirmo la sobreventa');
    await confirmo.waitFor();
    await page.getByText('El servicio quedaría sobrevendido en 300 Mbps.').waitFor();

    const envios = contar(page, 'servicios.update');
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await page.getByText('Marque «Confirmo la sobreventa» para guardar.').waitFor();
    expect(envios).toEqual([]);
    expect((await v1('GET', `/servicios-proveedor/${venta.servicioId}`)).body.data.capacidad_comprada).toBe(1000);

    await confirmo.check();
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    await page.waitForURL(`**/servicios/detalle/${venta.servicioId}`);
    expect(envios).toHaveLength(1);
    expect(JSON.parse(envios[0] ?? '{}')).toMatchObject({
      confirmar_sobreventa: true,
      datos: { capacidad_comprada: 500 },
    });
    const despues = (await v1('GET', `/servicios-proveedor/${venta.servicioId}`)).body.data;
    expect(despues).toMatchObject({ capacidad_comprada: 500, capacidad_disponible: -300 });
    expect(errorsOf(page)).toEqual([]);
  });

  it('"Servicio del proveedor" shows each condición and does not sell on BAJA, INACTIVO or an inactive provider', async () => {
    const { page } = fx;
    const venta = await sembrarVenta();
    const cids: Record<string, string> = {};
    for (const condicion of ['BAJA', 'INACTIVO', 'STANDBY']) {
      const r = await v1('POST', '/servicios-proveedor/crear', {
        proveedor_id: venta.proveedorId,
        modalidad: 'COMPARTIDO',
        capacidad_comprada: 500,
        condicion,
      });
      expect(r.status).toBe(201);
      cids[condicion] = (await v1('GET', `/servicios-proveedor/${r.body.servicio_id}`)).body.data.cid_interno;
    }
    const apagado = `APAGADO E2E ${nuevoSufijo()}`;
    const prov2 = await v1('POST', '/proveedores/crear', { nombre: apagado });
    await v1('POST', '/servicios-proveedor/crear', {
      proveedor_id: prov2.body.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 100,
    });
    expect((await v1('PUT', `/proveedores/${prov2.body.proveedor_id}`, { estado: 'INACTIVO' })).status).toBe(200);

    await page.goto('/conexiones/nueva');
    await page.getByRole('combobox', { name: 'Proveedor principal', exact: true }).click();
    const inactivo = page
      .getByRole('listbox', { name: 'Proveedor principal', exact: true })
      .getByRole('option', { name: `${apagado} (inactivo)` });
    expect(await inactivo.getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Escape');

    await elegir(page, 'Proveedor principal', venta.proveedor);
    await page.getByRole('combobox', { name: 'Servicio del proveedor', exact: true }).click();
    const lista = page.getByRole('listbox', { name: 'Servicio del proveedor', exact: true });
    const opcion = (cid: string) => lista.getByRole('option', { name: new RegExp(`^${cid} `) });
    expect(await opcion(venta.cidServicio).textContent()).toMatch(/ · ACTIVO$/);
    expect(await opcion(cids.STANDBY ?? '').textContent()).toMatch(/ · STANDBY$/);
    expect(await opcion(cids.BAJA ?? '').textContent()).toMatch(/ · BAJA \(no admite ventas: está dado de baja\)$/);
    expect(await opcion(cids.INACTIVO ?? '').textContent()).toMatch(/ · INACTIVO \(no admite ventas: está inactivo\)$/);
    for (const cid of [cids.BAJA, cids.INACTIVO])
      expect(await opcion(cid ?? '').getAttribute('aria-disabled')).toBe('true');
    for (const cid of [venta.cidServicio, cids.STANDBY])
      expect(await opcion(cid ?? '').getAttribute('aria-disabled')).toBeNull();
    // A click on a disabled option picks nothing.
    await opcion(cids.BAJA ?? '').click({ force: true });
    expect(await page.getByRole('combobox', { name: 'Servicio del proveedor', exact: true }).inputValue()).toBe('');
  });
});
