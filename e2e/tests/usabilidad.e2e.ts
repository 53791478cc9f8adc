import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, usePage } from '../support/browser';
import { sembrarVenta, type Venta, v1 } from '../support/datos';

const ANCHOS = [1024, 1280, 1366, 1440];

/** True when the element is inside the viewport and is what a click at its centre would hit. */
async function aLaVista(page: Page, el: Locator): Promise<boolean> {
  const caja = await el.boundingBox();
  const vista = page.viewportSize();
  if (!caja || !vista) return false;
  if (caja.x < 0 || caja.y < 0 || caja.x + caja.width > vista.width || caja.y + caja.height > vista.height)
    return false;
  return el.evaluate(
    (nodo, [x, y]) => {
      const arriba = document.elementFromPoint(x, y);
      return arriba !== null && (nodo === arriba || nodo.contains(arriba));
    },
    [caja.x + caja.width / 2, caja.y + caja.height / 2] as const,
  );
}

/** How many lines the element's text takes: its text boxes, grouped where they overlap vertically. */
function lineas(el: Locator): Promise<number> {
  return el.evaluate((nodo) => {
    const rango = document.createRange();
    rango.selectNodeContents(nodo);
    const cajas = Array.from(rango.getClientRects())
      .filter((r) => r.width > 0 && r.height > 0)
      .sort((a, b) => a.top - b.top);
    let total = 0;
    let fondo = Number.NEGATIVE_INFINITY;
    for (const c of cajas) {
      // A smaller font on the same line (the "Contratada:" label) sits inside the line's box.
      if (c.top >= fondo - 1) total += 1;
      fondo = Math.max(fondo, c.bottom);
    }
    return total;
  });
}

describe('Usability at 1024–1440 px and on a phone', () => {
  const fx = usePage();
  let venta: Venta;
  let cid = '';

  beforeAll(async () => {
    // Long names and big figures: what makes a table too wide in the first place.
    venta = await sembrarVenta({ comprada: 1_000_000 });
    await v1('PUT', `/clientes/${venta.clienteId}`, {
      razon_social: `Compañía Minera Andina del Sur ${venta.sufijo} Sociedad Anónima Abierta`,
    });
    const r = await v1('POST', '/conexiones', {
      cliente_id: venta.clienteId,
      servicio_id: venta.servicioId,
      nodo_a: venta.nodoId,
      tipo_enlace: 'Seguridad Perimetral',
      modalidad_enlace: 'Fibra Oscura',
      bw_contratado: 123456.789,
      estado: 'ACTIVO',
      departamento_enlace: 'Lima',
      provincia_enlace: 'Lima',
      distrito_enlace: 'San Juan de Lurigancho',
      locacion: 'Sede central / Data Center piso 3',
      ajustar_servicio: true,
    });
    expect(r.status).toBe(201);
    cid = String(r.body.cid_enlace);
  });

  it('keeps the row actions on screen and Mbps on one line in Conexiones and Enlaces por proveedor', async () => {
    const { page } = fx;
    for (const ancho of ANCHOS) {
      await page.setViewportSize({ width: ancho, height: 900 });
      await page.goto(`/conexiones?q=${cid}`);
      const fila = page.locator(`tr[data-cid="${cid}"]`);
      await fila.waitFor();
      for (const accion of ['Ver', 'Editar', 'Aumentar BW', 'Disminuir BW']) {
        expect(
          await aLaVista(
            page,
            fila.getByRole(accion === 'Ver' || accion === 'Editar' ? 'link' : 'button', { name: accion }),
          ),
          `${accion} a ${ancho} px`,
        ).toBe(true);
      }
      for (const col of ['contratado', 'disponible', 'utilizado']) {
        expect(await lineas(fila.locator(`[data-col="${col}"]`)), `${col} a ${ancho} px`).toBe(1);
      }
      await saveScreenshot(page, `usabilidad-conexiones-${ancho}`);

      await page.goto(`/servicios?proveedor=${venta.proveedorId}`);
      const servicio = page.locator(`tr[data-servicio="${venta.cidServicio}"]`);
      await servicio.waitFor();
      expect(
        await aLaVista(page, servicio.getByRole('button', { name: 'Disminuir capacidad' })),
        `servicios a ${ancho} px`,
      ).toBe(true);
      for (const linea of await servicio.locator('td p').filter({ hasText: 'Mbps' }).all()) {
        expect(await lineas(linea), `capacidades a ${ancho} px`).toBe(1);
      }
      await saveScreenshot(page, `usabilidad-servicios-${ancho}`);
    }
  });

  it('shows the district and province of each connection, then its free-text locación', async () => {
    const { page } = fx;
    await page.goto(`/conexiones?q=${cid}`);
    const fila = page.locator(`tr[data-cid="${cid}"]`);
    expect(await fila.textContent()).toContain('San Juan de Lurigancho, Lima');
    const ubicacion = fila.locator('[data-col="ubicacion"]');
    expect(await ubicacion.textContent()).toBe('San Juan de Lurigancho, Lima · Sede central / Data Center piso 3');
  });

  it('fits the header at 375 px: menu, account and Cerrar sesión all reachable', async () => {
    const { page } = fx;
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/');
    const cabecera = page.locator('header');
    await cabecera.getByRole('button', { name: 'Abrir menú' }).waitFor();
    expect(await cabecera.evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true);
    for (const nombre of ['Abrir menú', 'Opciones de la cuenta', 'Cerrar sesión']) {
      expect(await aLaVista(page, cabecera.getByRole('button', { name: nombre })), nombre).toBe(true);
    }
    await saveScreenshot(page, 'usabilidad-cabecera-375');
    // The role left the header on a phone; the account menu says it.
    await cabecera.getByRole('button', { name: 'Opciones de la cuenta' }).click();
    await page
      .getByRole('menu')
      .getByText(/· Operador$/)
      .waitFor();
  });

  it('names × "Cerrar" and counts samples in the right number', async () => {
    const { page } = fx;
    await page.goto(`/servicios/detalle/${venta.servicioId}`);
    await page.getByText(/^\d+ muestras? registradas?$/).waitFor();
    const otro = await v1('POST', '/servicios-proveedor/crear', {
      proveedor_id: venta.proveedorId,
      modalidad: 'DEDICADO',
      capacidad_comprada: 10,
    });
    await page.goto(`/servicios/detalle/${otro.body.servicio_id}`);
    await page.getByText('1 muestra registrada', { exact: true }).waitFor();
    expect(await page.getByText('1 muestras registradas').count()).toBe(0);
    expect(await page.getByRole('img', { name: /Gráfico de uso: 1 muestra;/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Aumentar capacidad' }).first().click();
    const modal = page.getByRole('dialog');
    await modal.getByRole('button', { name: 'Cerrar' }).click();
    await modal.waitFor({ state: 'detached' });
  });
});

describe('The password toggle speaks Spanish', () => {
  const fx = usePage({ sesion: null });

  it('says "Mostrar contraseña" on the login form', async () => {
    const { page } = fx;
    await page.goto('/login');
    const toggle = page.getByRole('button', { name: 'Mostrar contraseña' });
    await toggle.waitFor({ state: 'attached' });
    expect(await page.getByRole('button', { name: 'Toggle password visibility' }).count()).toBe(0);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.dispatchEvent('mousedown');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel(/^Contraseña/).getAttribute('type')).toBe('text');
  });
});
