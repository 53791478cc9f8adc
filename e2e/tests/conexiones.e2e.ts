import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { errorsOf, usePage } from '../support/browser';
import { credenciales, login } from '../support/login';

const baseURL = inject('baseURL');
const token = inject('apiToken');
const sufijo = Date.now().toString(36).toUpperCase();

async function v1(method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseURL}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a journey reads JSON answers ad hoc
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** A RUC with a valid SUNAT check digit, different on every run. */
function rucAleatorio(): string {
  const base = `20${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const suma = pesos.reduce((a, p, i) => a + p * Number(base[i]), 0);
  const r = 11 - (suma % 11);
  return `${base}${r === 10 ? 0 : r === 11 ? 1 : r}`;
}

/** Opens a Mantine Select by its label and picks an option by (part of) its text. */
async function elegir(page: Page, label: string, opcion: string | RegExp, exact = false) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page
    .getByRole('listbox', { name: label, exact: true })
    .getByRole('option', { name: opcion, exact })
    .first()
    .click();
}

async function opcionesDe(page: Page, label: string): Promise<string[]> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  const listbox = page.getByRole('listbox', { name: label, exact: true });
  await listbox.getByRole('option').first().waitFor();
  const textos = await listbox.getByRole('option').allTextContents();
  await page.keyboard.press('Escape');
  return textos;
}

async function disponibleDelServicio(servicioId: number): Promise<number> {
  const r = await v1('GET', `/servicios-proveedor/${servicioId}`);
  return r.body.data.capacidad_disponible as number;
}

describe('Conexiones: the operator journey', () => {
  const fx = usePage();

  it('creates a connection through the four sections, raises its BW from the list and sees the service drop', async () => {
    const { page } = fx;
    // Reference data through /v1, as another system would load it.
    const prov = await v1('POST', '/proveedores/crear', { nombre: `LUMEN E2E ${sufijo}` });
    expect(prov.status).toBe(201);
    const serv = await v1('POST', '/servicios-proveedor/crear', {
      proveedor_id: prov.body.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 1000,
      ubicacion_servicio: 'Lima - Surquillo',
    });
    expect(serv.status).toBe(201);
    const servicioId = serv.body.servicio_id as number;
    const cidServicio = (await v1('GET', `/servicios-proveedor/${servicioId}`)).body.data.cid_interno as string;
    const razon = `Minera Andina ${sufijo} S.A.`;
    const ruc = rucAleatorio();
    expect((await v1('POST', '/clientes/crear', { razon_social: razon, ruc })).status).toBe(201);
    expect((await v1('POST', '/nodos/crear', { nombre: `NODO CORE ${sufijo}`, tipo: 'CORE' })).status).toBe(201);
    expect((await v1('POST', '/nodos/crear', { nombre: `NODO CLIENTE ${sufijo}`, tipo: 'CLIENTE' })).status).toBe(201);
    const eq1 = await v1('POST', '/equipos/crear', {
      tipo: 'ROUTER',
      marca: 'Cisco',
      modelo: 'ISR4331',
      serial: `FDO${sufijo}A`,
    });
    const eq2 = await v1('POST', '/equipos/crear', {
      tipo: 'ONT',
      marca: 'Huawei',
      modelo: 'HG8245',
      serial: `HWT${sufijo}B`,
    });
    expect([eq1.status, eq2.status]).toEqual([201, 201]);
    const etiqueta1 = `ROUTER | Cisco | ISR4331 | SN: FDO${sufijo}A`;
    const etiqueta2 = `ONT | Huawei | HG8245 | SN: HWT${sufijo}B`;

    await login(page, baseURL, credenciales('operador'));
    await page.goto('/');
    await page.getByRole('link', { name: 'Conexiones' }).click();
    await page.getByRole('heading', { name: 'Conexiones', exact: true }).waitFor();

    await page.getByRole('link', { name: 'Nueva servicio cliente' }).first().click();
    await page.waitForURL('**/conexiones/nueva');
    await page.getByRole('heading', { name: 'Nueva servicio cliente' }).waitFor();
    const next = (await v1('GET', '/conexiones/next-cid')).body.next as number;
    await expect.poll(() => page.getByLabel('CID', { exact: true }).inputValue()).toBe(String(next));

    // 1. Client information.
    await elegir(page, 'Cliente corporativo', razon);
    expect(await opcionesDe(page, 'Tipo de Servicio al Cliente')).toEqual([
      'Internet',
      'IPVPN',
      'Fibra Oscura',
      'Seguridad Perimetral',
      'Telefonia IP',
      'Internet P2P',
      'VPN',
      'Transporte',
      'Transito IP',
      'Cableado estructurado',
    ]);
    await elegir(page, 'Tipo de Servicio al Cliente', 'Internet', true);
    await page.getByLabel('Capacidad contratada (Mbps)').fill('300');
    await expect.poll(() => page.getByLabel('Capacidad disponible').inputValue()).toBe('300');
    expect(await page.getByLabel('Capacidad disponible').getAttribute('readonly')).not.toBeNull();
    expect(await opcionesDe(page, 'Condición')).toEqual(['Pendiente', 'Activo', 'Suspendido', 'Baja']);
    await elegir(page, 'Condición', 'Activo', true);
    await page.getByLabel('Fecha de activación').fill('2025-06-01');

    // 2. Service location: linked departamento/provincia, a suggested district, free text.
    await elegir(page, 'Departamento', 'Lima', true);
    await elegir(page, 'Provincia', 'Lima', true);
    const distrito = page.getByRole('combobox', { name: 'Distrito', exact: true });
    await distrito.fill('Mirafl');
    await page
      .getByRole('listbox', { name: 'Distrito' })
      .getByRole('option', { name: 'Miraflores', exact: true })
      .click();
    await page.getByLabel('Locacion').fill('Lima - Miraflores / Oficina');
    await page.getByLabel('Dirección').fill('Av. Larco 1150');

    // 3. Link details: the service picker unlocks after the provider and shows modality, location, Mbps.
    await elegir(page, 'Tipo de enlace', 'P2P', true);
    expect(await page.getByRole('combobox', { name: 'Servicio del proveedor', exact: true }).isDisabled()).toBe(true);
    await elegir(page, 'Proveedor principal', `LUMEN E2E ${sufijo}`);
    const opcionesServicio = await opcionesDe(page, 'Servicio del proveedor');
    expect(opcionesServicio).toEqual([
      `${cidServicio} · DEDICADO · Lima - Surquillo · 1,000 Mbps disponibles · ACTIVO`,
    ]);
    await elegir(page, 'Servicio del proveedor', cidServicio);
    await page.getByLabel('Asignación IP').fill('192.168.1.1/24');
    await elegir(page, 'Nodo Acceso A', `NODO CORE ${sufijo}`);
    await elegir(page, 'Nodo Acceso B', `NODO CLIENTE ${sufijo}`);
    await page.getByLabel('Configuración Nodo A').fill('interface Gi0/0\n ip address 10.0.0.1 255.255.255.252');

    // 4. Equipment: two rows, the second cannot offer the first's equipo; ❌ removes a row.
    await page.getByRole('button', { name: '+ Agregar equipo' }).click();
    await elegir(page, 'Equipo 1', etiqueta1, true);
    await page.getByRole('button', { name: '+ Agregar equipo' }).click();
    const opcionesEquipo2 = await opcionesDe(page, 'Equipo 2');
    expect(opcionesEquipo2).toContain(etiqueta2);
    expect(opcionesEquipo2).not.toContain(etiqueta1);
    await elegir(page, 'Equipo 2', etiqueta2, true);
    await page.getByRole('button', { name: 'Quitar equipo' }).nth(1).click();
    expect(await page.getByRole('combobox', { name: 'Equipo 2', exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Guardar conexión' }).click();
    await page.waitForURL(/\/conexiones\/\d+$/);
    const enlaceId = Number(page.url().split('/').at(-1));
    await page.getByRole('heading', { name: new RegExp(`Conexión ${next}`) }).waitFor();
    expect(await page.getByTestId('razon-social').textContent()).toBe(razon);
    expect(await page.getByTestId('ruc').textContent()).toBe(ruc);
    expect(await page.getByTestId('nodo-a').textContent()).toBe(`NODO CORE ${sufijo} (Core)`);
    expect(await page.getByTestId('bw-contratado').textContent()).toBe('300 Mbps');
    expect(await page.getByTestId('asignacion-ip').textContent()).toBe('192.168.1.1/24');
    expect(await page.getByTestId('modalidad').textContent()).toBe('P2P');
    await page.getByLabel('Configuración Nodo A', { exact: true }).getByText('ip address 10.0.0.1').waitFor();
    await page.getByRole('table', { name: 'Equipos asignados' }).getByText(etiqueta1).waitFor();
    expect(await disponibleDelServicio(servicioId)).toBe(700);

    // The REST view of the same record.
    const rest = await v1('GET', `/conexiones/${enlaceId}`);
    expect(rest.body.data).toMatchObject({
      cid_enlace: String(next),
      enlace_estado: 'ACTIVO',
      distrito_enlace: 'Miraflores',
      equipos_ids: [eq1.body.equipo_id],
      asignacion_ip: '192.168.1.1/24',
    });

    // ↑ from the list: one atomic call moves the link and the service.
    await page.getByRole('link', { name: 'Volver a la lista' }).click();
    await page.waitForURL(/\/conexiones$/);
    const fila = page.locator(`tr[data-cid="${next}"]`);
    await fila.getByRole('button', { name: 'Aumentar BW' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByText(cidServicio, { exact: false }).waitFor();
    expect(await modal.getByTestId('bw-actual').textContent()).toBe('300 Mbps');
    await modal.getByLabel('MBPS').fill('100');
    expect(await modal.getByTestId('bw-resultante').textContent()).toBe('400 Mbps');
    expect(await modal.getByTestId('disponible-actual').textContent()).toBe('700 Mbps');
    expect(await modal.getByTestId('disponible-resultante').textContent()).toBe('600 Mbps');
    await modal.getByLabel('Motivo').fill('Upgrade solicitado por el cliente');
    const llamadas: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') llamadas.push(new URL(r.url()).pathname);
    });
    await modal.getByRole('button', { name: 'Confirmar' }).click();
    await modal.waitFor({ state: 'detached' });
    expect(llamadas).toEqual(['/trpc/conexiones.ajustarBw']);
    await expect.poll(() => fila.locator('[data-col="contratado"]').textContent()).toBe('400 Mbps');
    expect(await disponibleDelServicio(servicioId)).toBe(600);

    // The service's own page shows the drop.
    await page.goto(`/servicios/detalle/${servicioId}`);
    await expect
      .poll(() => page.getByTestId('detalle-disponible').locator('[data-valor]').textContent())
      .toBe('600 Mbps');

    // Oversale: the preview turns red and the operator must confirm it explicitly.
    await page.goto('/conexiones');
    await fila.getByRole('button', { name: 'Aumentar BW' }).click();
    await modal.getByLabel('MBPS').fill('650');
    expect(await modal.getByTestId('disponible-resultante').textContent()).toBe('-50 Mbps');
    const confirmo = modal.getByLabel('Confirmo la sobreventa');
    await confirmo.waitFor();
    await modal.getByRole('button', { name: 'Confirmar' }).click();
    await modal.getByText('Confirme para continuar.').waitFor();
    expect(await disponibleDelServicio(servicioId)).toBe(600);
    await confirmo.check();
    await modal.getByRole('button', { name: 'Confirmar' }).click();
    await modal.waitFor({ state: 'detached' });
    expect(await disponibleDelServicio(servicioId)).toBe(-50);

    // ↓ below 0 Mbps is shown in red and never sent.
    await fila.getByRole('button', { name: 'Disminuir BW' }).click();
    await modal.getByLabel('MBPS').fill('5000');
    await modal.getByRole('alert').filter({ hasText: 'por debajo de 0 Mbps' }).first().waitFor();
    await modal.getByRole('button', { name: 'Cancelar' }).click();
    await modal.waitFor({ state: 'detached' });

    // Detail: bandwidth history, ledger rows, then BAJA releases the bandwidth and the equipo.
    await fila.getByRole('link', { name: 'Ver' }).click();
    await page.waitForURL(`**/conexiones/${enlaceId}`);
    const historial = page.getByRole('table', { name: 'Historial de BW' });
    await historial.getByText('Upgrade solicitado por el cliente').waitFor();
    expect(await historial.locator('tbody tr').count()).toBe(3);
    await page.getByRole('button', { name: 'Cambiar estado' }).click();
    await elegir(page, 'Nuevo estado', 'Baja', true);
    await page.getByRole('dialog').getByRole('button', { name: 'Cambiar estado' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('estado').textContent()).toBe('BAJA');
    expect(await disponibleDelServicio(servicioId)).toBe(1000);
    const equipo = await v1('GET', `/equipos/${eq1.body.equipo_id}`);
    expect(equipo.body.data.estado).toBe('DISPONIBLE');

    expect(errorsOf(page)).toEqual([]);
  });

  it('filters by search and estado through the URL and edits a connection', async () => {
    const { page } = fx;
    await login(page, baseURL, credenciales('operador'));
    await page.goto('/conexiones?estado=BAJA');
    const tabla = page.getByRole('table', { name: 'Conexiones' });
    await tabla.locator('tbody tr').first().waitFor();
    for (const t of await tabla.locator('tbody tr').allTextContents()) expect(t).toContain('BAJA');
    await page.getByLabel('Búsqueda').fill('Minera Andina');
    await page.waitForURL(/q=Minera/);
    const url = page.url();
    await page.goto(url);
    expect(await page.getByLabel('Búsqueda').inputValue()).toBe('Minera Andina');

    await tabla.getByRole('link', { name: 'Editar' }).first().click();
    await page.waitForURL(/\/conexiones\/\d+\/editar$/);
    await page.getByRole('heading', { name: /Editar conexión/ }).waitFor();
    await page.getByLabel('Locacion').fill('Lima - San Isidro / Data Center');
    await page.getByRole('button', { name: 'Guardar conexión' }).click();
    await page.waitForURL(/\/conexiones\/\d+$/);
    await expect.poll(() => page.getByTestId('locacion').textContent()).toBe('Lima - San Isidro / Data Center');
    expect(errorsOf(page)).toEqual([]);
  });

  it('shows a lector the list and the detail without any write action', async () => {
    const { page } = fx;
    await login(page, baseURL, credenciales('lector'));
    await page.goto('/conexiones');
    const tabla = page.getByRole('table', { name: 'Conexiones' });
    await tabla.getByRole('link', { name: 'Ver' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Nueva servicio cliente' }).count()).toBe(0);
    expect(await tabla.getByRole('button', { name: 'Aumentar BW' }).count()).toBe(0);
    expect(await tabla.getByRole('link', { name: 'Editar' }).count()).toBe(0);
    await page.goto('/conexiones/nueva');
    await page.getByText('Sin permiso').waitFor();
  });
});
