import type { EstadoRegistro, ModalidadServicio } from '@troncal/domain/enums';
import type { Proveedor, ProveedorCreateInput, ProveedorUpdateInput } from '@troncal/domain/schemas';
import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { proveedores, serviciosProveedor } from '../db/schema';
import { conflicto, noEncontrado, regla } from './errores';
import {
  coincideTexto,
  conFechasIso,
  igualPlegado,
  igualSi,
  type ListadoInput,
  listarPagina,
  type Pagina,
} from './referencia.comun';
import { actualizarRegistro, type Catalogo, exigirLibre, insertarRegistro, leerPorId } from './referencia.escritura';

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

const columnas = getTableColumns(proveedores);

const aProveedor = (row: Proveedor): Proveedor => conFechasIso(row);

const duplicado = (nombre: string) => conflicto(`Ya existe un proveedor con el nombre "${nombre}".`, 'nombre');

const catalogo: Catalogo<typeof proveedores, 'proveedor_id', Proveedor> = {
  entidad: 'proveedor',
  tabla: proveedores,
  id: 'proveedor_id',
  unico: 'proveedores_nombre_uq',
  duplicado: (v) => duplicado(v.nombre ?? ''),
  aRegistro: aProveedor,
  obtener: obtenerProveedor,
};

/** Names compare without case or accents: "Telefonica" and "TELEFÓNICA" are the same carrier. */
const exigirNombreLibre = (db: DbOrTx, nombre: string, excepto?: number) =>
  exigirLibre(
    db,
    catalogo,
    { igual: igualPlegado(proveedores.nombre, nombre), excepto, mostrar: proveedores.nombre },
    duplicado,
  );

export const listarProveedores = (db: DbOrTx, q: ProveedorListado): Promise<Pagina<Proveedor>> =>
  listarPagina(db, q, {
    tabla: proveedores,
    columnas,
    aFila: aProveedor,
    buscarEn: [proveedores.nombre, proveedores.ruc, proveedores.contacto, proveedores.email],
    filtros: [igualSi(proveedores.estado, q.estado)],
    porDefecto: { sort: 'nombre', dir: 'asc' },
    id: proveedores.proveedor_id,
  });

export async function obtenerProveedor(db: DbOrTx, id: number): Promise<Proveedor> {
  return aProveedor(await leerPorId(db, catalogo, columnas, id));
}

export const crearProveedor = (db: DbOrTx, input: ProveedorCreateInput, user: AuthUser | null): Promise<Proveedor> =>
  insertarRegistro(db, catalogo, input, user, (tx) => exigirNombreLibre(tx, input.nombre));

/** Renaming checks the new name; an update without `nombre` keeps the one it has. */
export const actualizarProveedor = (
  db: DbOrTx,
  id: number,
  input: ProveedorUpdateInput,
  user: AuthUser | null,
): Promise<Proveedor> =>
  actualizarRegistro(db, catalogo, { id, cambios: input, usuario: user }, async (tx) => {
    if (input.nombre !== undefined) await exigirNombreLibre(tx, input.nombre, id);
  });

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
    .where(and(igualSi(proveedores.estado, opts.estado), coincideTexto(opts.search, [proveedores.nombre])))
    .orderBy(asc(proveedores.nombre), asc(proveedores.proveedor_id));
  return rows.map((r) => ({
    ...r,
    // json numbers arrive as numbers from both drivers; Number() guards a driver that keeps numeric as text.
    servicios: (r.servicios ?? []).map((x) => ({ ...x, capacidad_disponible: Number(x.capacidad_disponible) })),
  }));
}

/**
 * For the provider-services module: refuses (422) a new service on an INACTIVO provider and (404) an
 * unknown one. Takes a share lock on the row, so inside a transaction a concurrent deactivation waits
 * for the new service to commit instead of slipping in between the check and the insert.
 */
export async function exigirProveedorActivo(
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
    throw regla(`El proveedor "${row.nombre}" está INACTIVO: no puede recibir servicios nuevos. Actívelo primero.`, [
      { path: 'proveedor_id', message: 'El proveedor está INACTIVO.' },
    ]);
  }
  return { proveedor_id: row.proveedor_id, nombre: row.nombre, estado: 'ACTIVO' };
}

/** The catalogue's use cases, as its tRPC router and its /v1 routes call them. */
export const casosProveedores = {
  listar: listarProveedores,
  obtener: obtenerProveedor,
  seleccionar: seleccionarProveedores,
  crear: crearProveedor,
  actualizar: actualizarProveedor,
};
