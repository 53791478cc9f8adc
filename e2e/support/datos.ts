import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import './context';

/** A journey's /v1 answer: status and the parsed JSON body. */
export interface RespuestaV1 {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: journeys read JSON answers ad hoc
  body: Record<string, any>;
}

/** A /v1 call with the operador token the global setup created, as another system would make it. */
export async function v1(method: string, path: string, body?: unknown): Promise<RespuestaV1> {
  const res = await fetch(`${inject('baseURL')}/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${inject('apiToken')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as RespuestaV1['body'] };
}

/** A RUC with a valid SUNAT check digit, different on every call. */
export function rucAleatorio(): string {
  const base = `20${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const suma = pesos.reduce((a, p, i) => a + p * Number(base[i]), 0);
  const r = 11 - (suma % 11);
  return `${base}${r === 10 ? 0 : r === 11 ? 1 : r}`;
}

/** A suffix that keeps this run's names apart from other runs' and other tests'. */
export const nuevoSufijo = () =>
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();

/** Opens a Mantine Select by its label and picks an option by (part of) its text. */
export async function elegir(page: Page, label: string, opcion: string | RegExp, exact = false): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page
    .getByRole('listbox', { name: label, exact: true })
    .getByRole('option', { name: opcion, exact })
    .first()
    .click();
}

export interface Venta {
  sufijo: string;
  proveedorId: number;
  proveedor: string;
  servicioId: number;
  cidServicio: string;
  clienteId: number;
  cliente: string;
  nodoId: number;
  nodo: string;
}

function esperar(r: RespuestaV1, status: number, que: string): RespuestaV1 {
  if (r.status !== status) throw new Error(`${que}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

/** What a connection needs, through /v1: a provider with one service, a client and a node. */
export async function sembrarVenta(opts: { comprada?: number } = {}): Promise<Venta> {
  const sufijo = nuevoSufijo();
  const proveedor = `PROV E2E ${sufijo}`;
  const prov = esperar(await v1('POST', '/proveedores/crear', { nombre: proveedor }), 201, 'proveedor');
  const serv = esperar(
    await v1('POST', '/servicios-proveedor/crear', {
      proveedor_id: prov.body.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: opts.comprada ?? 1000,
      ubicacion_servicio: 'Lima - Surquillo',
    }),
    201,
    'servicio',
  );
  const servicioId = serv.body.servicio_id as number;
  const cidServicio = (await v1('GET', `/servicios-proveedor/${servicioId}`)).body.data.cid_interno as string;
  const cliente = `Cliente E2E ${sufijo} S.A.C.`;
  const cli = esperar(
    await v1('POST', '/clientes/crear', { razon_social: cliente, ruc: rucAleatorio() }),
    201,
    'cliente',
  );
  const nodo = `NODO E2E ${sufijo}`;
  const n = esperar(await v1('POST', '/nodos/crear', { nombre: nodo, tipo: 'CORE' }), 201, 'nodo');
  return {
    sufijo,
    proveedorId: prov.body.proveedor_id,
    proveedor,
    servicioId,
    cidServicio,
    clienteId: cli.body.cliente_id,
    cliente,
    nodoId: n.body.nodo_id,
    nodo,
  };
}

/** The connections /v1 lists for a client (what a double save would have duplicated). */
export async function conexionesDelCliente(clienteId: number): Promise<Record<string, unknown>[]> {
  return (await v1('GET', `/conexiones/listar?cliente_id=${clienteId}&limit=100`)).body.data;
}

/** Fills "Nueva servicio cliente" with what a sale needs (the page must be on /conexiones/nueva). */
export async function llenarConexion(page: Page, venta: Venta, mbps: string): Promise<void> {
  await page.getByRole('heading', { name: 'Nueva servicio cliente' }).waitFor();
  await elegir(page, 'Cliente corporativo', venta.cliente);
  await elegir(page, 'Tipo de Servicio al Cliente', 'Internet', true);
  await page.getByLabel('Capacidad contratada (Mbps)').fill(mbps);
  await elegir(page, 'Proveedor principal', venta.proveedor);
  await elegir(page, 'Servicio del proveedor', venta.cidServicio);
  await elegir(page, 'Nodo Acceso A', venta.nodo);
}
