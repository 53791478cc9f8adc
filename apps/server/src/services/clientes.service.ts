import type { EstadoRegistro } from '@troncal/domain/enums';
import type { Cliente, ClienteCreateInput, ClienteUpdateInput } from '@troncal/domain/schemas';
import { validarRuc } from '@troncal/domain/validators';
import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { clientes } from '../db/schema';
import { conflicto, invalido } from './errores';
import { coincideTexto, conFechasIso, igualSi, type ListadoInput, listarPagina, type Pagina } from './referencia.comun';
import { actualizarRegistro, type Catalogo, exigirLibre, insertarRegistro, leerPorId } from './referencia.escritura';

export const CLIENTE_ORDEN = ['razon_social', 'ruc', 'estado', 'created_at', 'cliente_id'] as const;
export type ClienteOrden = (typeof CLIENTE_ORDEN)[number];

export interface ClienteListado extends ListadoInput<ClienteOrden> {
  estado?: EstadoRegistro | null | undefined;
}

export interface ClienteOpcion {
  cliente_id: number;
  razon_social: string;
  ruc: string;
  estado: EstadoRegistro;
}

const columnas = getTableColumns(clientes);

const aCliente = (row: Cliente): Cliente => conFechasIso(row);

const duplicado = (ruc: string, razonSocial?: string) =>
  conflicto(`Ya existe un cliente con el RUC ${ruc}${razonSocial ? ` (${razonSocial})` : ''}.`, 'ruc');

const catalogo: Catalogo<typeof clientes, 'cliente_id', Cliente> = {
  entidad: 'cliente',
  tabla: clientes,
  id: 'cliente_id',
  unico: 'clientes_ruc_uq',
  duplicado: (v) => duplicado(v.ruc ?? ''),
  aRegistro: aCliente,
  obtener: obtenerCliente,
};

/** The schema already checks it; services check again because they are also called from scripts. */
function exigirRuc(ruc: string) {
  const v = validarRuc(ruc);
  if (!v.ok) throw invalido(`RUC ${ruc}: ${v.message}`, [{ path: 'ruc', message: v.message }]);
}

const exigirRucLibre = (db: DbOrTx, ruc: string, excepto?: number) =>
  exigirLibre(db, catalogo, { igual: eq(clientes.ruc, ruc), excepto, mostrar: clientes.razon_social }, (razonSocial) =>
    duplicado(ruc, razonSocial),
  );

export const listarClientes = (db: DbOrTx, q: ClienteListado): Promise<Pagina<Cliente>> =>
  listarPagina(db, q, {
    tabla: clientes,
    columnas,
    aFila: aCliente,
    buscarEn: [clientes.razon_social, clientes.ruc, clientes.contacto, clientes.email],
    filtros: [igualSi(clientes.estado, q.estado)],
    porDefecto: { sort: 'razon_social', dir: 'asc' },
    id: clientes.cliente_id,
  });

export async function obtenerCliente(db: DbOrTx, id: number): Promise<Cliente> {
  return aCliente(await leerPorId(db, catalogo, columnas, id));
}

export const crearCliente = (db: DbOrTx, input: ClienteCreateInput, user: AuthUser | null): Promise<Cliente> =>
  insertarRegistro(db, catalogo, input, user, async (tx) => {
    exigirRuc(input.ruc);
    await exigirRucLibre(tx, input.ruc);
  });

export const actualizarCliente = (
  db: DbOrTx,
  id: number,
  input: ClienteUpdateInput,
  user: AuthUser | null,
): Promise<Cliente> =>
  actualizarRegistro(db, catalogo, { id, cambios: input, usuario: user }, async (tx) => {
    if (input.ruc === undefined) return;
    exigirRuc(input.ruc);
    await exigirRucLibre(tx, input.ruc, id);
  });

/** Clients for dropdowns (connections form), by razón social. */
export async function seleccionarClientes(
  db: DbOrTx,
  opts: { estado?: EstadoRegistro | null | undefined; search?: string | null | undefined } = {},
): Promise<ClienteOpcion[]> {
  return db
    .select({
      cliente_id: clientes.cliente_id,
      razon_social: clientes.razon_social,
      ruc: clientes.ruc,
      estado: clientes.estado,
    })
    .from(clientes)
    .where(
      and(igualSi(clientes.estado, opts.estado), coincideTexto(opts.search, [clientes.razon_social, clientes.ruc])),
    )
    .orderBy(asc(clientes.razon_social), asc(clientes.cliente_id));
}

/** The catalogue's use cases, as its tRPC router and its /v1 routes call them. */
export const casosClientes = {
  listar: listarClientes,
  obtener: obtenerCliente,
  seleccionar: seleccionarClientes,
  crear: crearCliente,
  actualizar: actualizarCliente,
};
