import { readFileSync } from 'node:fs';
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

function rucAleatorio(): string {
  const base = `20${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const suma = pesos.reduce((a, p, i) => a + p * Number(base[i]), 0);
  const r = 11 - (suma % 11);
  return `${base}${r === 10 ? 0 : r === 11 ? 1 : r}`;
}

describe('Historial de cambios', () => {
  const fx = usePage({ sesion: null });

  it('an operator edits a connection and sees, on its page, who changed which field from what to what', async () => {
    const { page } = fx;
    const prov = await v1('POST', '/proveedores/crear', { nombre: `HIST E2E ${sufijo}` });
    const serv = await v1('POST', '/servicios-proveedor/crear', {
      proveedor_id: prov.body.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 1000,
    });
    const cli = await v1('POST', '/clientes/crear', {
      razon_social: `Historial ${sufijo} S.A.C.`,
      ruc: rucAleatorio(),
    });
    const nodo = await v1('POST', '/nodos/crear', { nombre: `NODO HIST ${sufijo}`, tipo: 'CORE' });
    const con = await v1('POST', '/conexiones', {
      servicio_id: serv.body.servicio_id,
      cliente_id: cli.body.cliente_id,
      nodo_a: nodo.body.nodo_id,
      tipo_enlace: 'Internet',
      bw_contratado: 200,
      locacion: 'Oficina inicial',
      ajustar_servicio: true,
    });
    expect(con.status, JSON.stringify(con.body)).toBe(201);
    const id = con.body.enlace_id as number;

    const operador = credenciales('operador');
    await login(page, baseURL, operador);
    await page.goto(`/conexiones/${id}/editar`);
    await page.getByRole('heading', { name: /Editar conexión/ }).waitFor();
    await page.getByLabel('Locacion').fill('Data Center San Isidro');
    await page.getByRole('button', { name: 'Guardar conexión' }).click();
    await page.waitForURL(new RegExp(`/conexiones/${id}$`));

    const historial = page.getByRole('region', { name: 'Historial de cambios' });
    await historial.getByRole('heading', { name: 'Historial de cambios' }).waitFor();
    const cambios = historial.getByTestId('cambio');
    await expect.poll(() => cambios.count()).toBe(2);
    // Newest first: the edit, with its diff in Spanish, then the creation through /v1.
    const edicion = cambios.first();
    await expect.poll(() => edicion.textContent()).toContain('Edición');
    const texto = (await edicion.textContent()) ?? '';
    expect(texto).toContain('vía Aplicación web');
    const fila = edicion.getByRole('row', { name: /Locación/ });
    expect(await fila.getByRole('cell').allTextContents()).toEqual([
      'Locación',
      'Oficina inicial',
      'Data Center San Isidro',
    ]);
    const alta = cambios.nth(1);
    expect(await alta.textContent()).toContain('Creación');
    expect(await alta.textContent()).toContain('vía API /v1');
    expect(
      await alta
        .getByRole('row', { name: /BW contratado/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['BW contratado', '200 Mbps']);
    expect(errorsOf(page)).toEqual([]);

    // The admin's Actividad page finds the same edit by action and entity.
    await login(page, baseURL, credenciales('admin'));
    await page.goto('/admin/actividad');
    await page.getByRole('heading', { name: 'Actividad' }).waitFor();
    await page.getByRole('combobox', { name: 'Acción', exact: true }).click();
    await page.getByRole('option', { name: 'Edición', exact: true }).click();
    await page.getByRole('combobox', { name: 'Entidad', exact: true }).click();
    await page.getByRole('option', { name: 'Conexión', exact: true }).click();
    const item = page.getByTestId('cambio').filter({ hasText: 'Data Center San Isidro' });
    await item.first().waitFor();
    expect(await item.first().textContent()).toContain(`#${id}`);

    // Exportar downloads the history with the filters on screen, through the lists' export.
    await page.getByRole('button', { name: 'Exportar' }).click();
    const descarga = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: 'CSV' }).click();
    const d = await descarga;
    expect(d.suggestedFilename()).toMatch(/^cambios-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await d.path()) as string, 'utf8');
    expect(csv).toContain(`conexion,${id},actualizar`);
    expect(csv).toContain('locacion: Oficina inicial → Data Center San Isidro');
    expect(csv).not.toContain(',crear,');
    expect(errorsOf(page)).toEqual([]);
  });
});
