import type { EstadoRegistro, TipoNodo } from '@troncal/domain/enums';
import type { Nodo, NodoCreateInput, NodoUpdateInput } from '@troncal/domain/schemas';
import { buscarPorCodigo, etiquetaUbigeo } from '@troncal/domain/ubigeo';
import { and, asc, getTableColumns, like } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { nodos } from '../db/schema';
import { conflicto, invalido } from './errores';
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

const columnas = getTableColumns(nodos);

export function nombresUbigeo(codigo: string | null): UbigeoNombres {
  const u = codigo ? buscarPorCodigo(codigo) : null;
  return {
    ubigeo_nombre: codigo ? etiquetaUbigeo(codigo) : null,
    departamento: u?.departamento ?? null,
    provincia: u?.provincia ?? null,
    distrito: u?.distrito ?? null,
  };
}

const aNodo = (row: Nodo): NodoDetalle => ({ ...conFechasIso(row), ...nombresUbigeo(row.ubigeo) });

const duplicado = (nombre: string) => conflicto(`Ya existe un nodo con el nombre "${nombre}".`, 'nombre');

const catalogo: Catalogo<typeof nodos, 'nodo_id', NodoDetalle> = {
  entidad: 'nodo',
  tabla: nodos,
  id: 'nodo_id',
  unico: 'nodos_nombre_uq',
  duplicado: (v) => duplicado(v.nombre ?? ''),
  aRegistro: aNodo,
  obtener: obtenerNodo,
};

const exigirNombreLibre = (db: DbOrTx, nombre: string, excepto?: number) =>
  exigirLibre(db, catalogo, { igual: igualPlegado(nodos.nombre, nombre), excepto, mostrar: nodos.nombre }, duplicado);

/** The schema checks the code too; the service does so again because scripts call it directly. */
function exigirUbigeo(codigo: string | null | undefined) {
  if (codigo == null) return;
  if (!buscarPorCodigo(codigo)) {
    throw invalido(`El código de ubigeo "${codigo}" no existe (se espera un código INEI de 2, 4 o 6 dígitos).`, [
      { path: 'ubigeo', message: 'El código de ubigeo no existe.' },
    ]);
  }
}

export const listarNodos = (db: DbOrTx, q: NodoListado): Promise<Pagina<NodoDetalle>> =>
  listarPagina(db, q, {
    tabla: nodos,
    columnas,
    aFila: aNodo,
    buscarEn: [nodos.nombre, nodos.direccion, nodos.ubigeo],
    filtros: [
      igualSi(nodos.estado, q.estado),
      igualSi(nodos.tipo, q.tipo),
      q.ubigeo ? like(nodos.ubigeo, `${q.ubigeo.replace(/\D/g, '')}%`) : undefined,
    ],
    porDefecto: { sort: 'nombre', dir: 'asc' },
    id: nodos.nodo_id,
  });

export async function obtenerNodo(db: DbOrTx, id: number): Promise<NodoDetalle> {
  return aNodo(await leerPorId(db, catalogo, columnas, id));
}

export const crearNodo = (db: DbOrTx, input: NodoCreateInput, user: AuthUser | null): Promise<NodoDetalle> =>
  insertarRegistro(db, catalogo, input, user, async (tx) => {
    exigirUbigeo(input.ubigeo);
    await exigirNombreLibre(tx, input.nombre);
  });

export const actualizarNodo = (
  db: DbOrTx,
  id: number,
  input: NodoUpdateInput,
  user: AuthUser | null,
): Promise<NodoDetalle> =>
  actualizarRegistro(db, catalogo, { id, cambios: input, usuario: user }, async (tx) => {
    exigirUbigeo(input.ubigeo);
    if (input.nombre !== undefined) await exigirNombreLibre(tx, input.nombre, id);
  });

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
        igualSi(nodos.estado, opts.estado),
        igualSi(nodos.tipo, opts.tipo),
        coincideTexto(opts.search, [nodos.nombre]),
      ),
    )
    .orderBy(asc(nodos.nombre), asc(nodos.nodo_id));
  return rows.map((r) => ({
    ...r,
    ubigeo_nombre: r.ubigeo ? etiquetaUbigeo(r.ubigeo) : null,
  }));
}

/** The catalogue's use cases, as its tRPC router and its /v1 routes call them. */
export const casosNodos = {
  listar: listarNodos,
  obtener: obtenerNodo,
  seleccionar: seleccionarNodos,
  crear: crearNodo,
  actualizar: actualizarNodo,
};
