import { describe, expect, inject, it } from 'vitest';
import { errorsOf, usePage } from '../support/browser';
import { credenciales, login } from '../support/login';
import { E2E_PROMETHEUS } from '../support/prometheus';

const baseURL = inject('baseURL');
const token = inject('apiToken');
const prometheusURL = inject('prometheusURL');
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

const ENTRADA = `troncal_if_bps{enlace="${E2E_PROMETHEUS.enlace}",dir="in"}`;
const SALIDA = `troncal_if_bps{enlace="${E2E_PROMETHEUS.enlace}",dir="out"}`;
const mbps = (n: number) => `${new Intl.NumberFormat('es-PE', { maximumFractionDigits: 3 }).format(n)} Mbps`;

describe.skipIf(!prometheusURL)('Monitoreo: a connection measured by a real Prometheus', () => {
  const fx = usePage();

  it('binds through the form, Probar shows the source’s values, Sincronizar measures, the detail shows the chart and the measured Uso actual', async () => {
    const { page } = fx;
    // A connection sold at 100 Mbps whose port really carries 120 (the known series).
    const prov = await v1('POST', '/proveedores/crear', { nombre: `MONITOREO E2E ${sufijo}` });
    const serv = await v1('POST', '/servicios-proveedor/crear', {
      proveedor_id: prov.body.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 1000,
    });
    const cli = await v1('POST', '/clientes/crear', {
      razon_social: `Textil Huancayo ${sufijo} S.A.C.`,
      ruc: rucAleatorio(),
    });
    const nodo = await v1('POST', '/nodos/crear', { nombre: `NODO MON ${sufijo}`, tipo: 'CORE' });
    expect([prov.status, serv.status, cli.status, nodo.status]).toEqual([201, 201, 201, 201]);
    const con = await v1('POST', '/conexiones', {
      servicio_id: serv.body.servicio_id,
      cliente_id: cli.body.cliente_id ?? cli.body.data?.cliente_id,
      nodo_a: nodo.body.nodo_id ?? nodo.body.data?.nodo_id,
      tipo_enlace: 'Internet',
      bw_contratado: 100,
      estado: 'ACTIVO',
    });
    expect(con.status, JSON.stringify(con.body)).toBe(201);
    const id = con.body.enlace_id as number;
    const cid = con.body.cid_enlace as string;

    await login(page, baseURL, credenciales('operador'));
    await page.goto(`/conexiones/${id}/editar`);
    const seccion = page.getByTestId('seccion-monitoreo');
    await seccion.waitFor();
    await seccion.getByText('Prometheus', { exact: true }).click();
    await seccion.getByLabel(/^Entrada \(PromQL/).fill(ENTRADA);
    await seccion.getByLabel(/^Salida \(PromQL/).fill(SALIDA);

    // Probar asks the source without saving: the newest values (120 / 30 Mbps).
    await seccion.getByRole('button', { name: 'Probar' }).click();
    const resultado = seccion.getByTestId('resultado-probar');
    await resultado.waitFor();
    await expect.poll(() => resultado.textContent()).toContain(`Entrada ${mbps(120)} · salida ${mbps(30)}`);
    expect((await v1('GET', `/conexiones/${id}/monitoreo`)).body.data).toBeNull();

    await page.getByRole('button', { name: 'Guardar conexión' }).click();
    await page.waitForURL(`**/conexiones/${id}`);
    const guardado = (await v1('GET', `/conexiones/${id}`)).body.data;
    expect(guardado.monitoreo).toEqual({ fuente: 'prometheus', entrada: ENTRADA, salida: SALIDA });
    expect(guardado.medicion.estado).toBeNull();

    // Sincronizar on the Monitoreo page: the binding goes from PENDIENTE to OK.
    await page.goto('/monitoreo');
    await page.getByRole('heading', { name: 'Monitoreo', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('fuentes-configuradas').textContent()).toBe('Prometheus');
    const fila = page.getByRole('row').filter({ hasText: `Conexión ${cid}` });
    await expect.poll(() => fila.getByTestId('estado-monitoreo').textContent()).toBe('PENDIENTE');
    await page.getByRole('button', { name: 'Sincronizar' }).click();
    await expect.poll(() => fila.getByTestId('estado-monitoreo').textContent(), { timeout: 30_000 }).toBe('OK');
    await expect.poll(() => fila.textContent()).toContain(mbps(120));
    // Filtered to ERROR it is not there.
    await page
      .getByText(/^Error/)
      .first()
      .click();
    await expect.poll(() => fila.count()).toBe(0);

    // The detail: measured Uso actual (the p95), % enlace over 100 %, the flag and the chart.
    await page.goto(`/conexiones/${id}`);
    const uso = page.getByTestId('uso-conexion');
    await uso.waitFor();
    await expect.poll(() => uso.getByTestId('uso-actual').textContent()).toBe(mbps(120));
    expect(await uso.getByTestId('origen-valor').textContent()).toBe('medido');
    expect(await uso.getByTestId('pct-enlace').textContent()).toMatch(/^120\s?%$/);
    await uso.getByTestId('excede-contratado').waitFor();
    const grafico = uso.getByTestId('grafico-uso-medido');
    await grafico.waitFor();
    expect(await grafico.getAttribute('aria-label')).toBe(
      `Uso medido: percentil 95 ${mbps(120)}, máximo ${mbps(120)}.`,
    );
    expect(await uso.getByTestId('uso-fuente').textContent()).toMatch(/^Fuente: Prometheus · última lectura /);
    // Recharts drew the two series and the P95 line.
    await expect.poll(() => grafico.locator('path.recharts-curve').count()).toBeGreaterThanOrEqual(2);
    expect(await grafico.getByText(`P95 ${mbps(120)}`).count()).toBe(1);
    await uso.getByText('7 d', { exact: true }).click();
    await expect.poll(() => grafico.getAttribute('aria-label')).toContain(mbps(120));

    // The list flags it and says the value is measured.
    await page.goto(`/conexiones?q=${cid}`);
    const filaLista = page.getByRole('row').filter({ hasText: cid });
    await filaLista.getByTestId('excede-contratado').waitFor();
    expect(await filaLista.getByTestId('utilizado-medido').textContent()).toBe('medido');

    // And /v1 says the same.
    const leido = (await v1('GET', `/conexiones/${id}`)).body.data;
    expect(leido.bw_utilizado).toBe(120);
    expect(leido.medicion).toMatchObject({ estado: 'OK', p95_mbps: 120, max_mbps: 120, promedio_mbps: 120 });
    const serie = (await v1('GET', `/conexiones/${id}/uso`)).body;
    expect(serie).toMatchObject({ ok: true, fuente: 'prometheus', estado: 'OK', p95_mbps: 120 });
    expect(serie.serie.length).toBeGreaterThan(200);
    expect(errorsOf(page)).toEqual([]);
  }, 120_000);
});

if (!prometheusURL) {
  it.skip('Monitoreo omitido: no están /usr/bin/prometheus y /usr/bin/promtool (apt-get install prometheus)');
}
