import type { EstadoRegistro, TipoNodo } from '@troncal/domain/enums';
import type { Nodo, NodoCreateInput, NodoUpdateInput } from '@troncal/domain/schemas';
import { buscarPorCodigo, etiquetaUbigeo } from '@troncal/domain/ubigeo';
import { and, asc, count, eq, like, ne, type SQL, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { nodos } from '../db/schema';
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

export const NODO_ORDEN = ['nombre', 'tipo', 'estado', 'ubigeo', 'created_at', 'nodo_id'] as const;
export type NodoOrden = (typeof NODO_ORDEN)[number];

export interface NodoListado extends ListadoInput<NodoOrden> {
  estado?: EstadoRegistro | null | undefined;
  tipo?: TipoNodo | null | undefined;
  /** INEI prefix: "15" lists every node in Lima (departamento), "1501" in the provincia of Lima. */
  ubigeo?: string | null | undefined;
}

/** Names of the node's ubigeo, resolved from the domain data, for lists and the detail page. */
export interface UbigeoNombres {
  ubigeo_nombre: string | null;
  departamento: string | null;
  provincia: string | null;
  distrito: string | null;
}

export type NodoDetalle = Nodo & UbigeoNombres;

export interface NodoOpcion {
  nodo_id: number;
  nombre: string;
  tipo: TipoNodo;
  estado: EstadoRegistro;
  ubigeo: string | null;
  ubigeo_nombre: string | null;
}

const columnas = {
  nodo_id: nodos.nodo_id,
  nombre: nodos.nombre,
  tipo: nodos.tipo,
  ubigeo: nodos.ubigeo,
  direccion: nodos.direccion,
  estado: nodos.estado,
  created_at: nodos.created_at,
  updated_at: nodos.updated_at,
  created_by: nodos.created_by,
  updated_by: nodos.updated_by,
};

const ORDEN_COLUMNA = {
  nombre: nodos.nombre,
  tipo: nodos.tipo,
  estado: nodos.estado,
  ubigeo: nodos.ubigeo,
  created_at: nodos.created_at,
  nodo_id: nodos.nodo_id,
} as const;

export function nombresUbigeo(codigo: string | null): UbigeoNombres {
  const u = codigo ? buscarPorCodigo(codigo) : null;
  return {
    ubigeo_nombre: codigo ? etiquetaUbigeo(codigo) : null,
    departamento: u?.departamento ?? null,
    provincia: u?.provincia ?? null,
    distrito: u?.distrito ?? null,
  };
}

const aNodo = (row: typeof nodos.$inferSelect): NodoDetalle => ({
  ...auditoria(row),
  tipo: row.tipo as TipoNodo,
  estado: row.estado as EstadoRegistro,
  ...nombresUbigeo(row.ubigeo),
});

const duplicado = (nombre: string) => {
  const message = `Ya existe un nodo con el nombre "${nombre}".`;
  return new DomainError('CONFLICTO', message, [{ path: 'nombre', message }]);
};

const mismoNombre = (nombre: string): SQL => sql`${plegadoSql(nodos.nombre)} = ${plegar(nombre)}`;

async function asegurarNombreLibre(db: DbOrTx, nombre: string, excepto?: number) {
  const [otro] = await db
    .select({ nombre: nodos.nombre })
    .from(nodos)
    .where(and(mismoNombre(nombre), excepto ? ne(nodos.nodo_id, excepto) : undefined))
    .limit(1);
  if (otro) throw duplicado(otro.nombre);
}

/** The schema checks the code too; the service does so again because scripts call it directly. */
function asegurarUbigeo(codigo: string | null | undefined) {
  if (codigo == null) return;
  if (!buscarPorCodigo(codigo)) {
    const message = `El código de ubigeo "${codigo}" no existe (se espera un código INEI de 2, 4 o 6 dígitos).`;
    throw new DomainError('VALIDACION', message, [{ path: 'ubigeo', message: 'El código de ubigeo no existe.' }]);
  }
}

export async function listarNodos(db: DbOrTx, q: NodoListado): Promise<Pagina<NodoDetalle>> {
  const where = and(
    coincideTexto(q.search, [nodos.nombre, nodos.direccion, nodos.ubigeo]),
    q.estado ? eq(nodos.estado, q.estado) : undefined,
    q.tipo ? eq(nodos.tipo, q.tipo) : undefined,
    q.ubigeo ? like(nodos.ubigeo, `${q.ubigeo.replace(/\D/g, '')}%`) : undefined,
  );
  const orden = ordenar(ORDEN_COLUMNA[q.sort ?? 'nombre'], q.dir ?? 'asc', nodos.nodo_id);
  const rows = await db
    .select(columnas)
    .from(nodos)
    .where(where)
    .orderBy(...orden)
    .limit(q.limit)
    .offset(q.offset);
  const [tot] = await db.select({ total: count() }).from(nodos).where(where);
  return { data: rows.map(aNodo), total: Number(tot?.total ?? 0), limit: q.limit, offset: q.offset };
}

export async function obtenerNodo(db: DbOrTx, id: number): Promise<NodoDetalle> {
  const [row] = await db.select(columnas).from(nodos).where(eq(nodos.nodo_id, id)).limit(1);
  if (!row) throw noEncontrado('el nodo', id);
  return aNodo(row);
}

export async function crearNodo(db: DbOrTx, input: NodoCreateInput, user: AuthUser | null): Promise<NodoDetalle> {
  asegurarUbigeo(input.ubigeo);
  await asegurarNombreLibre(db, input.nombre);
  const por = autor(user);
  const [row] = await conUnico(
    () =>
      db
        .insert(nodos)
        .values({
          nombre: input.nombre,
          tipo: input.tipo,
          ubigeo: input.ubigeo ?? null,
          direccion: input.direccion ?? null,
          estado: input.estado ?? 'ACTIVO',
          created_by: por,
          updated_by: por,
        })
        .returning(columnas),
    'nodos_nombre_uq',
    () => duplicado(input.nombre),
  );
  return aNodo(row!);
}

export async function actualizarNodo(
  db: DbOrTx,
  id: number,
  input: NodoUpdateInput,
  user: AuthUser | null,
): Promise<NodoDetalle> {
  await obtenerNodo(db, id);
  asegurarUbigeo(input.ubigeo);
  if (input.nombre !== undefined) await asegurarNombreLibre(db, input.nombre, id);
  const cambios = soloDefinidos({
    nombre: input.nombre,
    tipo: input.tipo,
    ubigeo: input.ubigeo,
    direccion: input.direccion,
    estado: input.estado,
  });
  const [row] = await conUnico(
    () =>
      db
        .update(nodos)
        .set({ ...cambios, updated_at: sql`now()`, updated_by: autor(user) })
        .where(eq(nodos.nodo_id, id))
        .returning(columnas),
    'nodos_nombre_uq',
    () => duplicado(input.nombre ?? ''),
  );
  if (!row) throw noEncontrado('el nodo', id);
  return aNodo(row);
}

/** Nodes for dropdowns (service and connection forms: nodo, nodo A, nodo B). */
export async function seleccionarNodos(
  db: DbOrTx,
  opts: {
    estado?: EstadoRegistro | null | undefined;
    tipo?: TipoNodo | null | undefined;
    search?: string | null | undefined;
  } = {},
): Promise<NodoOpcion[]> {
  const rows = await db
    .select({
      nodo_id: nodos.nodo_id,
      nombre: nodos.nombre,
      tipo: nodos.tipo,
      estado: nodos.estado,
      ubigeo: nodos.ubigeo,
    })
    .from(nodos)
    .where(
      and(
        opts.estado ? eq(nodos.estado, opts.estado) : undefined,
        opts.tipo ? eq(nodos.tipo, opts.tipo) : undefined,
        coincideTexto(opts.search, [nodos.nombre]),
      ),
    )
    .orderBy(asc(nodos.nombre), asc(nodos.nodo_id));
  return rows.map((r) => ({
    ...r,
    tipo: r.tipo as TipoNodo,
    estado: r.estado as EstadoRegistro,
    ubigeo_nombre: r.ubigeo ? etiquetaUbigeo(r.ubigeo) : null,
  }));
}
