import type { EstadoRegistro } from '@troncal/domain/enums';
import type { Cliente, ClienteCreateInput, ClienteUpdateInput } from '@troncal/domain/schemas';
import { validarRuc } from '@troncal/domain/validators';
import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { auditoria, auditoriaCambio } from '../auth/auditoria';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { clientes } from '../db/schema';
import { enTransaccion } from '../db/transaccion';
import { conflicto, invalido, noEncontrado } from './errores';
import {
  coincideTexto,
  conFechasIso,
  escribirRegistro,
  exigirLibre,
  igualSi,
  type ListadoInput,
  listarPagina,
  type Pagina,
  soloDefinidos,
} from './referencia.comun';

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

/** The schema already checks it; services check again because they are also called from scripts. */
function exigirRuc(ruc: string) {
  const v = validarRuc(ruc);
  if (!v.ok) throw invalido(`RUC ${ruc}: ${v.message}`, [{ path: 'ruc', message: v.message }]);
}

const exigirRucLibre = (db: DbOrTx, ruc: string, excepto?: number) =>
  exigirLibre(
    db,
    {
      tabla: clientes,
      igual: eq(clientes.ruc, ruc),
      id: clientes.cliente_id,
      excepto,
      mostrar: clientes.razon_social,
    },
    (razonSocial) => duplicado(ruc, razonSocial),
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
  const [row] = await db.select(columnas).from(clientes).where(eq(clientes.cliente_id, id)).limit(1);
  if (!row) throw noEncontrado('el cliente', id);
  return aCliente(row);
}

export async function crearCliente(db: DbOrTx, input: ClienteCreateInput, user: AuthUser | null): Promise<Cliente> {
  // One transaction: the change and its history row commit or roll back together.
  return enTransaccion(db, async (tx) => {
    exigirRuc(input.ruc);
    await exigirRucLibre(tx, input.ruc);
    return escribirRegistro(tx, {
      entidad: 'cliente',
      nombre: 'el cliente',
      usuario: user,
      antes: null,
      escribir: () =>
        tx
          .insert(clientes)
          .values({
            razon_social: input.razon_social,
            ruc: input.ruc,
            contacto: input.contacto ?? null,
            telefono: input.telefono ?? null,
            email: input.email ?? null,
            estado: input.estado ?? 'ACTIVO',
            ...auditoria(user),
          })
          .returning(columnas),
      unico: 'clientes_ruc_uq',
      duplicado: () => duplicado(input.ruc),
      aRegistro: aCliente,
      id: (r) => r.cliente_id,
    });
  });
}

export async function actualizarCliente(
  db: DbOrTx,
  id: number,
  input: ClienteUpdateInput,
  user: AuthUser | null,
): Promise<Cliente> {
  // One transaction: the change and its history row commit or roll back together.
  return enTransaccion(db, async (tx) => {
    const previo = await obtenerCliente(tx, id);
    if (input.ruc !== undefined) {
      exigirRuc(input.ruc);
      await exigirRucLibre(tx, input.ruc, id);
    }
    const cambios = soloDefinidos({
      razon_social: input.razon_social,
      ruc: input.ruc,
      contacto: input.contacto,
      telefono: input.telefono,
      email: input.email,
      estado: input.estado,
    });
    return escribirRegistro(tx, {
      entidad: 'cliente',
      nombre: 'el cliente',
      usuario: user,
      antes: previo,
      escribir: () =>
        tx
          .update(clientes)
          .set({ ...cambios, ...auditoriaCambio(user) })
          .where(eq(clientes.cliente_id, id))
          .returning(columnas),
      unico: 'clientes_ruc_uq',
      duplicado: () => duplicado(input.ruc ?? ''),
      aRegistro: aCliente,
      id: (r) => r.cliente_id,
      idBuscado: id,
    });
  });
}

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
