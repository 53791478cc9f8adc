import { beforeAll, describe, expect, it } from 'vitest';
import { bearerAs, callerAs, usarApp } from './helpers/app';
import { escenario } from './helpers/conexiones';
import { rechazadoPorAmbos } from './helpers/filtros';

/**
 * The connections and provider-services lists, like the reference lists (referencia.filtros.test.ts),
 * take one query schema in both transports: the same query-string values give the same rows over
 * /v1 and tRPC, and the same bad values are refused by both with the same message per field.
 */

const { database, app } = await usarApp();
const lector = await bearerAs(database, 'lector');
const caller = await callerAs(database, 'lector');
let ids: { servicio: number; otroServicio: number; cliente: number; primera: number };

beforeAll(async () => {
  const op = await callerAs(database, 'operador');
  const e = await escenario(database.db, { comprada: 10_000 });
  const otro = await escenario(database.db, { comprada: 500 });
  const datos = (over: Record<string, unknown>) => ({
    cliente_id: e.cliente.cliente_id,
    servicio_id: e.servicio.servicio_id,
    nodo_a: e.nodoA.nodo_id,
    tipo_enlace: 'Internet',
    bw_contratado: 10,
    estado: 'ACTIVO',
    ...over,
  });
  const creadas: number[] = [];
  for (const over of [
    {},
    { estado: 'PENDIENTE' },
    { estado: 'SUSPENDIDO', bw_contratado: 20 },
    { servicio_id: otro.servicio.servicio_id, cliente_id: otro.cliente.cliente_id },
    { servicio_id: otro.servicio.servicio_id, estado: 'BAJA' },
  ]) {
    creadas.push((await op.conexiones.create({ datos: datos(over) })).enlace_id);
  }
  ids = {
    servicio: e.servicio.servicio_id,
    otroServicio: otro.servicio.servicio_id,
    cliente: otro.cliente.cliente_id,
    primera: creadas[0]!,
  };
});

type Lista = 'conexiones' | 'servicios';
const RUTA: Record<Lista, string> = {
  conexiones: '/v1/conexiones/listar',
  servicios: '/v1/servicios-proveedor/listar',
};

async function porV1(lista: Lista, query: Record<string, string>) {
  const res = await app.inject({ method: 'GET', url: `${RUTA[lista]}?${new URLSearchParams(query)}`, headers: lector });
  return { status: res.statusCode, body: res.json() };
}

/** The query string's own values, as strings, through the tRPC procedure. */
const porTrpc = (lista: Lista, query: Record<string, string>) =>
  (caller[lista].list as (q: unknown) => Promise<{ data: unknown[]; total: number }>)(query);

/** The filters with values built from the fixtures' ids; the expected total (and rows, when not the total). */
const casos = (): [Lista, Record<string, string>, number, number?][] => [
  ['conexiones', {}, 5],
  ['conexiones', { estado: 'activo' }, 2],
  ['conexiones', { estado: 'Suspendido', limit: '1' }, 1],
  ['conexiones', { estado: '' }, 5],
  ['conexiones', { servicio_id: String(ids.otroServicio) }, 2],
  ['conexiones', { cliente_id: String(ids.cliente), estado: 'ACTIVO' }, 1],
  // The cursor narrows the rows, not the total (the whole filtered list).
  ['conexiones', { antes_de: String(ids.primera + 2) }, 5, 2],
  ['conexiones', { offset: '4', limit: '10' }, 5],
  ['servicios', {}, 2],
  ['servicios', { proveedor_id: '' }, 2],
  ['servicios', { limit: '1', offset: '1' }, 2],
  ['servicios', { search: 'x' }, 2],
];

describe('connections and services list filters: the same values in /v1 and tRPC', () => {
  it('answer the same rows and totals', async () => {
    for (const [lista, query, total, filas] of casos()) {
      const v1 = await porV1(lista, query);
      expect(v1.status, `${lista} ${JSON.stringify(query)}`).toBe(200);
      expect(v1.body.total, `${lista} ${JSON.stringify(query)}`).toBe(total);
      const trpc = JSON.parse(JSON.stringify(await porTrpc(lista, query)));
      expect(trpc.total).toBe(total);
      expect(trpc.data).toEqual(v1.body.data);
      if (filas !== undefined) expect(v1.body.data).toHaveLength(filas);
    }
  });

  const MALOS: [Lista, Record<string, string>, string][] = [
    ['conexiones', { estado: 'CERRADO' }, 'estado'],
    ['conexiones', { servicio_id: 'abc' }, 'servicio_id'],
    ['conexiones', { antes_de: '-3' }, 'antes_de'],
    ['conexiones', { limit: '0' }, 'limit'],
    ['servicios', { proveedor_id: '1.5' }, 'proveedor_id'],
    ['servicios', { offset: '-1' }, 'offset'],
    ['servicios', { search: 'x'.repeat(201) }, 'search'],
  ];

  it.each(MALOS)('%s %j is refused by both, with one message', (lista, query, campo) =>
    rechazadoPorAmbos(porV1(lista, query), () => porTrpc(lista, query), campo),
  );
});
