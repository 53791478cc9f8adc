import { beforeAll, describe, expect, it } from 'vitest';
import { bearerAs, callerAs, usarApp } from './helpers/app';
import { rechazadoPorAmbos } from './helpers/filtros';

/**
 * The reference lists take one query schema in both transports: whatever /v1 accepts in its query
 * string, tRPC accepts as the same strings, with the same rows; whatever one refuses, so does the
 * other, with the same Spanish message per field.
 */

const { database, app } = await usarApp();
const lector = await bearerAs(database, 'lector');
const caller = await callerAs(database, 'lector');

beforeAll(async () => {
  const op = await callerAs(database, 'operador');
  await op.proveedores.create({ nombre: 'TELEFÓNICA DEL PERÚ' });
  await op.proveedores.create({ nombre: 'Lumen', estado: 'INACTIVO' });
  await op.proveedores.create({ nombre: 'Bitel' });
  await op.clientes.create({ razon_social: 'Banco de Crédito del Perú', ruc: '20100047862' });
  await op.clientes.create({ razon_social: 'Alicorp', ruc: '20100055237', estado: 'INACTIVO' });
  await op.nodos.create({ nombre: 'NODO SAN ISIDRO', tipo: 'CORE', ubigeo: '150131' });
  await op.nodos.create({ nombre: 'Nodo Agregación Arequipa', tipo: 'AGREGACION', ubigeo: '040101' });
  await op.nodos.create({ nombre: 'Nodo Miraflores', tipo: 'AGREGACION', ubigeo: '150122', estado: 'INACTIVO' });
  await op.equipos.create({ tipo: 'ROUTER', marca: 'Cisco', modelo: 'ISR4331', serial: 'FDO1' });
  await op.equipos.create({ tipo: 'SWITCH', marca: 'Huawei', modelo: 'S5720', serial: 'HW-2' });
  await op.equipos.create({ tipo: 'ROUTER', marca: 'Mikrotik', modelo: 'CCR2004', serial: 'MK-3', estado: 'BAJA' });
});

type Lista = 'proveedores' | 'clientes' | 'nodos' | 'equipos';

async function porV1(lista: Lista, query: Record<string, string>) {
  const res = await app.inject({
    method: 'GET',
    url: `/v1/${lista}/listar?${new URLSearchParams(query)}`,
    headers: lector,
  });
  return { status: res.statusCode, body: res.json() };
}

/** The query string's own values, as strings, through the tRPC procedure. */
const porTrpc = (lista: Lista, query: Record<string, string>) => caller[lista].list(query as never);

const CASOS: [Lista, Record<string, string>, number][] = [
  ['proveedores', { estado: 'activo', sort: 'nombre', dir: 'desc' }, 2],
  ['proveedores', { search: 'telefonica', limit: '5', offset: '0' }, 1],
  ['proveedores', { estado: 'Inactivo' }, 1],
  ['clientes', { estado: 'ACTIVO', sort: 'ruc' }, 1],
  ['clientes', { search: 'credito', dir: 'desc' }, 1],
  ['nodos', { tipo: 'Agregación', sort: 'ubigeo', dir: 'desc' }, 2],
  ['nodos', { ubigeo: '15', estado: 'activo' }, 1],
  ['nodos', { tipo: 'agregacion', estado: '', limit: '1', offset: '1' }, 2],
  ['equipos', { tipo: 'router' }, 2],
  ['equipos', { estado: 'baja', sort: 'serial' }, 1],
  ['equipos', { search: 'huawei', tipo: 'Switch', estado: 'Disponible' }, 1],
  ['equipos', {}, 3],
];

describe('reference list filters: the same values in /v1 and tRPC', () => {
  it.each(CASOS)('%s %j', async (lista, query, total) => {
    const v1 = await porV1(lista, query);
    expect(v1.status).toBe(200);
    expect(v1.body.total).toBe(total);
    const { ok, ...pagina } = v1.body;
    expect(ok).toBe(true);
    // JSON round trip: /v1 answers JSON, the caller answers objects.
    expect(JSON.parse(JSON.stringify(await porTrpc(lista, query)))).toEqual(pagina);
  });

  const MALOS: [Lista, Record<string, string>, string][] = [
    ['proveedores', { estado: 'CERRADO' }, 'estado'],
    ['clientes', { sort: 'password' }, 'sort'],
    ['nodos', { ubigeo: '1501311' }, 'ubigeo'],
    ['nodos', { tipo: 'SATELITE' }, 'tipo'],
    ['equipos', { limit: '101' }, 'limit'],
    ['equipos', { offset: '-1' }, 'offset'],
    ['equipos', { dir: 'arriba' }, 'dir'],
  ];

  it.each(MALOS)('%s %j is refused by both, with one message', (lista, query, campo) =>
    rechazadoPorAmbos(porV1(lista, query), () => porTrpc(lista, query), campo),
  );
});
