import type { EstadoRegistro, ModalidadServicio } from '@troncal/domain/enums';
import type { Proveedor, ProveedorCreateInput, ProveedorUpdateInput } from '@troncal/domain/schemas';
import { and, asc, count, eq, ne, type SQL, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { proveedores, serviciosProveedor } from '../db/schema';
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
  plegadoSql,
  plegar,
  soloDefinidos,
} from './referencia.comun';

export const PROVEEDOR_ORDEN = ['nombre', 'ruc', 'estado', 'created_at', 'proveedor_id'] as const;
export type ProveedorOrden = (typeof PROVEEDOR_ORDEN)[number];

export interface ProveedorListado extends ListadoInput<ProveedorOrden> {
  estado?: EstadoRegistro | null | undefined;
}

/** A provider's service as `listar/select` shows it, so a form can pick provider and service at once. */
export interface ProveedorServicioResumen {
  servicio_id: number;
  cid_interno: string;
  modalidad: ModalidadServicio;
  ubicacion_servicio: string | null;
  capacidad_disponible: number;
}

export interface ProveedorOpcion {
  proveedor_id: number;
  nombre: string;
  estado: EstadoRegistro;
  servicios: ProveedorServicioResumen[];
}

const columnas = {
  proveedor_id: proveedores.proveedor_id,
  nombre: proveedores.nombre,
  ruc: proveedores.ruc,
  estado: proveedores.estado,
  contacto: proveedores.contacto,
  telefono: proveedores.telefono,
  email: proveedores.email,
  created_at: proveedores.created_at,
  updated_at: proveedores.updated_at,
  created_by: proveedores.created_by,
  updated_by: proveedores.updated_by,
};

const ORDEN_COLUMNA = {
  nombre: proveedores.nombre,
  ruc: proveedores.ruc,
  estado: proveedores.estado,
  created_at: proveedores.created_at,
  proveedor_id: proveedores.proveedor_id,
} as const;

const aProveedor = (row: typeof proveedores.$inferSelect): Proveedor => ({
  ...auditoria(row),
  estado: row.estado as EstadoRegistro,
});

const duplicado = (nombre: string) =>
  new DomainError('CONFLICTO', `Ya existe un proveedor con el nombre "${nombre}".`, [
    { path: 'nombre', message: `Ya existe un proveedor con el nombre "${nombre}".` },
  ]);

/** Names compare without case or accents: "Telefonica" and "TELEFÓNICA" are the same carrier. */
const mismoNombre = (nombre: string): SQL => sql`${plegadoSql(proveedores.nombre)} = ${plegar(nombre)}`;

async function asegurarNombreLibre(db: DbOrTx, nombre: string, excepto?: number) {
  const [otro] = await db
    .select({ nombre: proveedores.nombre })
    .from(proveedores)
    .where(and(mismoNombre(nombre), excepto ? ne(proveedores.proveedor_id, excepto) : undefined))
    .limit(1);
  if (otro) throw duplicado(otro.nombre);
}

export async function listarProveedores(db: DbOrTx, q: ProveedorListado): Promise<Pagina<Proveedor>> {
  const where = and(
    coincideTexto(q.search, [proveedores.nombre, proveedores.ruc, proveedores.contacto, proveedores.email]),
    q.estado ? eq(proveedores.estado, q.estado) : undefined,
  );
  const orden = ordenar(ORDEN_COLUMNA[q.sort ?? 'nombre'], q.dir ?? 'asc', proveedores.proveedor_id);
  const rows = await db
    .select(columnas)
    .from(proveedores)
    .where(where)
    .orderBy(...orden)
    .limit(q.limit)
    .offset(q.offset);
  const [tot] = await db.select({ total: count() }).from(proveedores).where(where);
  return { data: rows.map(aProveedor), total: Number(tot?.total ?? 0), limit: q.limit, offset: q.offset };
}

export async function obtenerProveedor(db: DbOrTx, id: number): Promise<Proveedor> {
  const [row] = await db.select(columnas).from(proveedores).where(eq(proveedores.proveedor_id, id)).limit(1);
  if (!row) throw noEncontrado('el proveedor', id);
  return aProveedor(row);
}

export async function crearProveedor(
  db: DbOrTx,
  input: ProveedorCreateInput,
  user: AuthUser | null,
): Promise<Proveedor> {
  await asegurarNombreLibre(db, input.nombre);
  const por = autor(user);
  const [row] = await conUnico(
    () =>
      db
        .insert(proveedores)
        .values({
          nombre: input.nombre,
          ruc: input.ruc ?? null,
          estado: input.estado ?? 'ACTIVO',
          contacto: input.contacto ?? null,
          telefono: input.telefono ?? null,
          email: input.email ?? null,
          created_by: por,
          updated_by: por,
        })
        .returning(columnas),
    'proveedores_nombre_uq',
    () => duplicado(input.nombre),
  );
  return aProveedor(row!);
}

export async function actualizarProveedor(
  db: DbOrTx,
  id: number,
  input: ProveedorUpdateInput,
  user: AuthUser | null,
): Promise<Proveedor> {
  await obtenerProveedor(db, id);
  if (input.nombre !== undefined) await asegurarNombreLibre(db, input.nombre, id);
  const cambios = soloDefinidos({
    nombre: input.nombre,
    ruc: input.ruc,
    estado: input.estado,
    contacto: input.contacto,
    telefono: input.telefono,
    email: input.email,
  });
  const [row] = await conUnico(
    () =>
      db
        .update(proveedores)
        .set({ ...cambios, updated_at: sql`now()`, updated_by: autor(user) })
        .where(eq(proveedores.proveedor_id, id))
        .returning(columnas),
    'proveedores_nombre_uq',
    () => duplicado(input.nombre ?? ''),
  );
  if (!row) throw noEncontrado('el proveedor', id);
  return aProveedor(row);
}

/**
 * Providers for dropdowns, each with its services, in one query (a correlated json_agg, not N+1).
 * `estado` narrows to ACTIVO when a form is about to create something new.
 */
export async function seleccionarProveedores(
  db: DbOrTx,
  opts: { estado?: EstadoRegistro | null | undefined; search?: string | null | undefined } = {},
): Promise<ProveedorOpcion[]> {
  // Aliased by hand: drizzle drops table qualifiers in single-table selects, which would make
  // "proveedor_id" inside the subquery refer to the service's own column.
  const servicios = sql<ProveedorServicioResumen[]>`coalesce((
    select json_agg(json_build_object(
      'servicio_id', s.servicio_id,
      'cid_interno', s.cid_interno,
      'modalidad', s.modalidad,
      'ubicacion_servicio', s.ubicacion_servicio,
      'capacidad_disponible', s.capacidad_disponible
    ) order by s.servicio_id)
    from ${serviciosProveedor} s where s.proveedor_id = ${sql.raw('"proveedores"."proveedor_id"')}
  ), '[]'::json)`;
  const rows = await db
    .select({
      proveedor_id: proveedores.proveedor_id,
      nombre: proveedores.nombre,
      estado: proveedores.estado,
      servicios,
    })
    .from(proveedores)
    .where(
      and(
        opts.estado ? eq(proveedores.estado, opts.estado) : undefined,
        coincideTexto(opts.search, [proveedores.nombre]),
      ),
    )
    .orderBy(asc(proveedores.nombre), asc(proveedores.proveedor_id));
  return rows.map((r) => ({
    ...r,
    estado: r.estado as EstadoRegistro,
    // json numbers arrive as numbers from both drivers; Number() guards a driver that keeps numeric as text.
    servicios: (r.servicios ?? []).map((x) => ({ ...x, capacidad_disponible: Number(x.capacidad_disponible) })),
  }));
}

/**
 * For the provider-services module: refuses (422) a new service on an INACTIVO provider and (404) an
 * unknown one. Takes a share lock on the row, so inside a transaction a concurrent deactivation waits
 * for the new service to commit instead of slipping in between the check and the insert.
 */
export async function assertProveedorActivo(
  db: DbOrTx,
  proveedorId: number,
): Promise<{ proveedor_id: number; nombre: string; estado: 'ACTIVO' }> {
  const [row] = await db
    .select({ proveedor_id: proveedores.proveedor_id, nombre: proveedores.nombre, estado: proveedores.estado })
    .from(proveedores)
    .where(eq(proveedores.proveedor_id, proveedorId))
    .limit(1)
    .for('share');
  if (!row) throw noEncontrado('el proveedor', proveedorId);
  if (row.estado !== 'ACTIVO') {
    throw new DomainError(
      'REGLA_NEGOCIO',
      `El proveedor "${row.nombre}" está INACTIVO: no puede recibir servicios nuevos. Actívelo primero.`,
      [{ path: 'proveedor_id', message: 'El proveedor está INACTIVO.' }],
    );
  }
  return { proveedor_id: row.proveedor_id, nombre: row.nombre, estado: 'ACTIVO' };
}
