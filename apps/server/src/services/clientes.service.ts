import type { EstadoRegistro } from '@troncal/domain/enums';
import type { Cliente, ClienteCreateInput, ClienteUpdateInput } from '@troncal/domain/schemas';
import { validarRuc } from '@troncal/domain/validators';
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { clientes } from '../db/schema';
import { DomainError } from '../errors';
import {
  auditoria,
  autor,
  coincideTexto,
  conUnico,
  type ListadoInput,
  noEncontrado,
  ordenar,
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

const columnas = {
  cliente_id: clientes.cliente_id,
  razon_social: clientes.razon_social,
  ruc: clientes.ruc,
  contacto: clientes.contacto,
  telefono: clientes.telefono,
  email: clientes.email,
  estado: clientes.estado,
  created_at: clientes.created_at,
  updated_at: clientes.updated_at,
  created_by: clientes.created_by,
  updated_by: clientes.updated_by,
};

const ORDEN_COLUMNA = {
  razon_social: clientes.razon_social,
  ruc: clientes.ruc,
  estado: clientes.estado,
  created_at: clientes.created_at,
  cliente_id: clientes.cliente_id,
} as const;

const aCliente = (row: typeof clientes.$inferSelect): Cliente => ({
  ...auditoria(row),
  estado: row.estado as EstadoRegistro,
});

const duplicado = (ruc: string, razonSocial?: string) => {
  const message = `Ya existe un cliente con el RUC ${ruc}${razonSocial ? ` (${razonSocial})` : ''}.`;
  return new DomainError('CONFLICTO', message, [{ path: 'ruc', message }]);
};

/** The schema already checks it; services check again because they are also called from scripts. */
function asegurarRuc(ruc: string) {
  const v = validarRuc(ruc);
  if (!v.ok) throw new DomainError('VALIDACION', `RUC ${ruc}: ${v.message}`, [{ path: 'ruc', message: v.message }]);
}

async function asegurarRucLibre(db: DbOrTx, ruc: string, excepto?: number) {
  const [otro] = await db
    .select({ razon_social: clientes.razon_social })
    .from(clientes)
    .where(and(eq(clientes.ruc, ruc), excepto ? ne(clientes.cliente_id, excepto) : undefined))
    .limit(1);
  if (otro) throw duplicado(ruc, otro.razon_social);
}

export async function listarClientes(db: DbOrTx, q: ClienteListado): Promise<Pagina<Cliente>> {
  const where = and(
    coincideTexto(q.search, [clientes.razon_social, clientes.ruc, clientes.contacto, clientes.email]),
    q.estado ? eq(clientes.estado, q.estado) : undefined,
  );
  const orden = ordenar(ORDEN_COLUMNA[q.sort ?? 'razon_social'], q.dir ?? 'asc', clientes.cliente_id);
  const rows = await db
    .select(columnas)
    .from(clientes)
    .where(where)
    .orderBy(...orden)
    .limit(q.limit)
    .offset(q.offset);
  const [tot] = await db.select({ total: count() }).from(clientes).where(where);
  return { data: rows.map(aCliente), total: Number(tot?.total ?? 0), limit: q.limit, offset: q.offset };
}

export async function obtenerCliente(db: DbOrTx, id: number): Promise<Cliente> {
  const [row] = await db.select(columnas).from(clientes).where(eq(clientes.cliente_id, id)).limit(1);
  if (!row) throw noEncontrado('el cliente', id);
  return aCliente(row);
}

export async function crearCliente(db: DbOrTx, input: ClienteCreateInput, user: AuthUser | null): Promise<Cliente> {
  asegurarRuc(input.ruc);
  await asegurarRucLibre(db, input.ruc);
  const por = autor(user);
  const [row] = await conUnico(
    () =>
      db
        .insert(clientes)
        .values({
          razon_social: input.razon_social,
          ruc: input.ruc,
          contacto: input.contacto ?? null,
          telefono: input.telefono ?? null,
          email: input.email ?? null,
          estado: input.estado ?? 'ACTIVO',
          created_by: por,
          updated_by: por,
        })
        .returning(columnas),
    'clientes_ruc_uq',
    () => duplicado(input.ruc),
  );
  return aCliente(row!);
}

export async function actualizarCliente(
  db: DbOrTx,
  id: number,
  input: ClienteUpdateInput,
  user: AuthUser | null,
): Promise<Cliente> {
  await obtenerCliente(db, id);
  if (input.ruc !== undefined) {
    asegurarRuc(input.ruc);
    await asegurarRucLibre(db, input.ruc, id);
  }
  const cambios = soloDefinidos({
    razon_social: input.razon_social,
    ruc: input.ruc,
    contacto: input.contacto,
    telefono: input.telefono,
    email: input.email,
    estado: input.estado,
  });
  const [row] = await conUnico(
    () =>
      db
        .update(clientes)
        .set({ ...cambios, updated_at: sql`now()`, updated_by: autor(user) })
        .where(eq(clientes.cliente_id, id))
        .returning(columnas),
    'clientes_ruc_uq',
    () => duplicado(input.ruc ?? ''),
  );
  if (!row) throw noEncontrado('el cliente', id);
  return aCliente(row);
}

/** Clients for dropdowns (connections form), by razón social. */
export async function seleccionarClientes(
  db: DbOrTx,
  opts: { estado?: EstadoRegistro | null | undefined; search?: string | null | undefined } = {},
): Promise<ClienteOpcion[]> {
  const rows = await db
    .select({
      cliente_id: clientes.cliente_id,
      razon_social: clientes.razon_social,
      ruc: clientes.ruc,
      estado: clientes.estado,
    })
    .from(clientes)
    .where(
      and(
        opts.estado ? eq(clientes.estado, opts.estado) : undefined,
        coincideTexto(opts.search, [clientes.razon_social, clientes.ruc]),
      ),
    )
    .orderBy(asc(clientes.razon_social), asc(clientes.cliente_id));
  return rows.map((r) => ({ ...r, estado: r.estado as EstadoRegistro }));
}
