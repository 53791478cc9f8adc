import type { Locator, Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { errorsOf, usePage } from '../support/browser';
import { conexionesDelCliente, elegir, llenarConexion, nuevoSufijo, sembrarVenta, v1 } from '../support/datos';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The POSTs of one tRPC procedure the page sends from now on, to read their headers afterwards. */
function espiar(page: Page, procedimiento: string): Request[] {
  const vistas: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === `/trpc/${procedimiento}`) vistas.push(r);
  });
  return vistas;
}

/**
 * A slow network for the page that comes after the save: its chunk arrives `ms` later, so the
 * filled form stays on screen while the app navigates (300 ms – 1.5 s on a real network).
 */
async function paginaSiguienteLenta(page: Page, chunk: string, ms = 1500): Promise<void> {
  await page.route(`**/assets/${chunk}-*.js`, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

/**
 * What an impatient user does: once the save has answered, clicks where the button was, again and
 * again, for as long as the form is on screen. Returns whether the button was disabled each time.
 */
async function insistir(page: Page, boton: Locator, formulario: Locator): Promise<boolean[]> {
  await boton.scrollIntoViewIfNeeded();
  const caja = await boton.boundingBox();
  if (!caja) throw new Error('El botón no está en pantalla.');
  const deshabilitado: boolean[] = [];
  while (await formulario.isVisible()) {
    deshabilitado.push(await boton.isDisabled().catch(() => true));
    await page.mouse.click(caja.x + caja.width / 2, caja.y + caja.height / 2);
    await page.waitForTimeout(100);
  }
  return deshabilitado;
}

async function claves(peticiones: Request[]): Promise<string[]> {
  return Promise.all(peticiones.map(async (r) => (await r.allHeaders())['idempotency-key'] ?? ''));
}

describe('A double click saves once', () => {
  const fx = usePage();

  it('"Guardar conexión" double-clicked, then clicked while the app navigates, creates one connection', async () => {
    const { page } = fx;
    const venta = await sembrarVenta();
    await paginaSiguienteLenta(page, 'ConexionDetailPage');
    await page.goto('/conexiones/nueva');
    await llenarConexion(page, venta, '300');
    const creaciones = espiar(page, 'conexiones.create');
    const boton = page.getByRole('button', { name: 'Guardar conexión' });
    const formulario = page.getByRole('heading', { name: 'Nueva servicio cliente' });

    const respuesta = page.waitForResponse((r) => new URL(r.url()).pathname === '/trpc/conexiones.create');
    await boton.dblclick();
    await respuesta;
    const deshabilitado = await insistir(page, boton, formulario);
    await page.waitForURL(/\/conexiones\/\d+$/);
    await page.getByRole('heading', { name: /^Conexión / }).waitFor();

    expect(await conexionesDelCliente(venta.clienteId)).toHaveLength(1);
    const servicio = await v1('GET', `/servicios-proveedor/${venta.servicioId}`);
    expect(servicio.body.data.capacidad_vendida).toBe(300);
    expect(creaciones).toHaveLength(1);
    // The form was still there after the answer, and its button never took a click.
    expect(deshabilitado.length).toBeGreaterThan(0);
    expect(deshabilitado.every(Boolean)).toBe(true);
    expect((await claves(creaciones))[0]).toMatch(UUID);
    expect(errorsOf(page)).toEqual([]);
  });

  it('"Guardar" on Nuevo servicio double-clicked, then clicked while the app navigates, creates one service', async () => {
    const { page } = fx;
    const proveedor = `DOBLE E2E ${nuevoSufijo()}`;
    const prov = await v1('POST', '/proveedores/crear', { nombre: proveedor });
    expect(prov.status).toBe(201);
    await paginaSiguienteLenta(page, 'ServicioDetallePage');
    await page.goto('/servicios/crear');
    await elegir(page, 'Proveedor', proveedor);
    await elegir(page, 'Modalidad', 'DEDICADO');
    await page.getByLabel('Capacidad comprada (Mbps)').fill('1000');
    await expect.poll(() => page.getByLabel('CID interno').inputValue()).toMatch(/^ICP-\d+$/);
    const creaciones = espiar(page, 'servicios.create');
    const boton = page.getByRole('button', { name: 'Guardar', exact: true });

    const respuesta = page.waitForResponse((r) => new URL(r.url()).pathname === '/trpc/servicios.create');
    await boton.dblclick();
    await respuesta;
    const deshabilitado = await insistir(page, boton, page.getByRole('heading', { name: 'Nuevo servicio' }));
    await page.waitForURL(/\/servicios\/detalle\/\d+$/);

    const lista = await v1('GET', `/servicios-proveedor/listar?proveedor_id=${prov.body.proveedor_id}&limit=100`);
    expect(lista.body.data).toHaveLength(1);
    expect(creaciones).toHaveLength(1);
    expect(deshabilitado.every(Boolean)).toBe(true);
    expect((await claves(creaciones))[0]).toMatch(UUID);
  });

  it('a reference form (Nuevo proveedor) double-clicked creates one record, with its own key', async () => {
    const { page } = fx;
    const nombre = `REF E2E ${nuevoSufijo()}`;
    await paginaSiguienteLenta(page, 'ProveedorDetailPage');
    await page.goto('/proveedores/nuevo');
    await page.getByLabel('Nombre').fill(nombre);
    const creaciones = espiar(page, 'proveedores.create');
    const boton = page.getByRole('button', { name: 'Guardar', exact: true });
    const respuesta = page.waitForResponse((r) => new URL(r.url()).pathname === '/trpc/proveedores.create');
    await boton.dblclick();
    await respuesta;
    const deshabilitado = await insistir(page, boton, page.getByRole('heading', { name: 'Nuevo proveedor' }));
    await page.waitForURL(/\/proveedores\/\d+$/);
    const lista = await v1('GET', `/proveedores/listar?search=${encodeURIComponent(nombre)}&limit=100`);
    expect(lista.body.data).toHaveLength(1);
    expect(creaciones).toHaveLength(1);
    expect(deshabilitado.every(Boolean)).toBe(true);
    expect((await claves(creaciones))[0]).toMatch(UUID);
  });

  it('a refused save unlocks the button, and the corrected retry is a new submission with a new key', async () => {
    const { page } = fx;
    const venta = await sembrarVenta();
    await page.goto('/conexiones/nueva');
    await llenarConexion(page, venta, '100');
    // A CID another connection already has: the server refuses (409), nothing is created.
    const otra = await v1('POST', '/conexiones', {
      cliente_id: venta.clienteId,
      servicio_id: venta.servicioId,
      nodo_a: venta.nodoId,
      tipo_enlace: 'Internet',
      bw_contratado: 1,
      cid_enlace: `DUP-${venta.sufijo}`,
    });
    expect(otra.status).toBe(201);
    const cidOcupado = `DUP-${venta.sufijo}`;
    await page.getByLabel('CID', { exact: true }).fill(cidOcupado);
    const creaciones = espiar(page, 'conexiones.create');
    const boton = page.getByRole('button', { name: 'Guardar conexión' });
    await boton.click();
    await page.getByText(`Ya existe una conexión con el CID ${cidOcupado}`).first().waitFor();
    await expect.poll(() => boton.isEnabled()).toBe(true);

    await page.getByLabel('CID', { exact: true }).fill('');
    await boton.click();
    await page.waitForURL(/\/conexiones\/\d+$/);
    const [primera, segunda] = await claves(creaciones);
    expect(creaciones).toHaveLength(2);
    expect(primera).toMatch(UUID);
    expect(segunda).toMatch(UUID);
    expect(segunda).not.toBe(primera);
    expect(await conexionesDelCliente(venta.clienteId)).toHaveLength(2);
  });
});
