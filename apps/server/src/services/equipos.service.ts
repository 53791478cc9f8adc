import type { EstadoEquipo, TipoEquipo } from '@troncal/domain/enums';
import { type Equipo, type EquipoCreateInput, type EquipoUpdateInput, etiquetaEquipo } from '@troncal/domain/schemas';
import { and, asc, getTableColumns, inArray, or, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { equipos } from '../db/schema';
import { conflicto, regla } from './errores';
import { coincideTexto, conFechasIso, igualSi, type ListadoInput, listarPagina, type Pagina } from './referencia.comun';
import { actualizarRegistro, type Catalogo, exigirLibre, insertarRegistro, leerPorId } from './referencia.escritura';

export const EQUIPO_ORDEN = ['equipo_id', 'tipo', 'marca', 'modelo', 'serial', 'estado', 'created_at'] as const;
export type EquipoOrden = (typeof EQUIPO_ORDEN)[number];

export interface EquipoListado extends ListadoInput<EquipoOrden> {
  estado?: EstadoEquipo | null | undefined;
  tipo?: TipoEquipo | null | undefined;
}

/** An equipo with the live (non-BAJA) connection that holds it, if any. */
export type EquipoDetalle = Equipo & { enlace_id: number | null; cid_enlace: string | null };

/** A dropdown row: `label` is the spec's "tipo | marca | modelo | SN: serial". */
export interface EquipoOpcion {
  equipo_id: number;
  label: string;
  estado: EstadoEquipo;
  tipo: TipoEquipo;
  marca: string;
  modelo: string;
  serial: string;
}

// Written out with aliases: drizzle drops table qualifiers in single-table selects, and
// "enlace_id" / "equipo_id" would be ambiguous inside the subquery.
const vivo = (columna: 'enlace_id' | 'cid_enlace') =>
  sql.raw(`(
  select ${columna === 'enlace_id' ? 'ce.enlace_id' : 'c.cid_enlace'} from conexion_equipos ce
  join conexiones c on c.enlace_id = ce.enlace_id
  where ce.equipo_id = "equipos"."equipo_id" and c.enlace_estado <> 'BAJA'
  order by ce.enlace_id desc limit 1
)`);
const enlaceVivo = sql<number | null>`${vivo('enlace_id')}`;
const cidEnlaceVivo = sql<string | null>`${vivo('cid_enlace')}`;

const columnas = getTableColumns(equipos);
const columnasDetalle = { ...columnas, enlace_id: enlaceVivo, cid_enlace: cidEnlaceVivo };

const aEquipo = (row: EquipoDetalle): EquipoDetalle => ({
  ...conFechasIso(row),
  enlace_id: row.enlace_id == null ? null : Number(row.enlace_id),
  cid_enlace: row.cid_enlace ?? null,
});

const duplicado = (serial: string) => conflicto(`Ya existe un equipo con la serie "${serial}".`, 'serial');

/** A new equipo is in no connection yet. */
const catalogo: Catalogo<typeof equipos, 'equipo_id', EquipoDetalle> = {
  entidad: 'equipo',
  tabla: equipos,
  id: 'equipo_id',
  unico: 'equipos_serial_uq',
  duplicado: (v) => duplicado(v.serial ?? ''),
  aRegistro: (row) => aEquipo({ ...row, enlace_id: null, cid_enlace: null }),
  obtener: obtenerEquipo,
};

/** Same comparison as the unique index `lower(serial)`. */
const exigirSerieLibre = (db: DbOrTx, serial: string, excepto?: number) =>
  exigirLibre(
    db,
    catalogo,
    { igual: sql`lower(${equipos.serial}) = lower(${serial})`, excepto, mostrar: equipos.serial },
    duplicado,
  );

export const listarEquipos = (db: DbOrTx, q: EquipoListado): Promise<Pagina<EquipoDetalle>> =>
  listarPagina(db, q, {
    tabla: equipos,
    columnas: columnasDetalle,
    aFila: aEquipo,
    buscarEn: [equipos.serial, equipos.marca, equipos.modelo, equipos.tipo, equipos.observacion],
    filtros: [igualSi(equipos.estado, q.estado), igualSi(equipos.tipo, q.tipo)],
    porDefecto: { sort: 'equipo_id', dir: 'desc' },
    id: equipos.equipo_id,
  });

export async function obtenerEquipo(db: DbOrTx, id: number): Promise<EquipoDetalle> {
  return aEquipo(await leerPorId(db, catalogo, columnasDetalle, id));
}

export const crearEquipo = (db: DbOrTx, input: EquipoCreateInput, user: AuthUser | null): Promise<EquipoDetalle> =>
  insertarRegistro(db, catalogo, input, user, (tx) => exigirSerieLibre(tx, input.serial));

export const actualizarEquipo = (
  db: DbOrTx,
  id: number,
  input: EquipoUpdateInput,
  user: AuthUser | null,
): Promise<EquipoDetalle> =>
  actualizarRegistro(
    db,
    catalogo,
    {
      id,
      cambios: input,
      usuario: user,
      // An update does not move the equipo: the connection that holds it is the one it had.
      aRegistro: (row, antes) => aEquipo({ ...row, enlace_id: antes.enlace_id, cid_enlace: antes.cid_enlace }),
    },
    async (tx, antes) => {
      if (input.serial !== undefined) await exigirSerieLibre(tx, input.serial, id);
      // While a live connection holds the equipo its estado belongs to the connections module.
      if (input.estado !== undefined && input.estado !== antes.estado && antes.enlace_id !== null) {
        throw regla(
          `El equipo está en la conexión ${antes.cid_enlace ?? antes.enlace_id}: retírelo de esa conexión antes de cambiarlo a ${input.estado}.`,
          'estado',
        );
      }
    },
  );

/** An equipo as dropdowns and a connection's detail list it: `columnasOpcion` read, `aOpcionEquipo` labels. */
export const columnasOpcion = {
  equipo_id: equipos.equipo_id,
  tipo: equipos.tipo,
  marca: equipos.marca,
  modelo: equipos.modelo,
  serial: equipos.serial,
  estado: equipos.estado,
};
export const aOpcionEquipo = <E extends Omit<EquipoOpcion, 'label'>>(e: E): E & { label: string } => ({
  ...e,
  label: etiquetaEquipo(e),
});

/**
 * Equipos for dropdowns. `disponibles` keeps only DISPONIBLE ones; `incluir` adds back the ones a
 * connection being edited already holds, so its form can show them selected.
 */
export async function seleccionarEquipos(
  db: DbOrTx,
  opts: {
    disponibles?: boolean | null | undefined;
    estado?: EstadoEquipo | null | undefined;
    tipo?: TipoEquipo | null | undefined;
    search?: string | null | undefined;
    incluir?: number[] | null | undefined;
  } = {},
): Promise<EquipoOpcion[]> {
  const estado = opts.disponibles ? 'DISPONIBLE' : opts.estado;
  const filtro = and(
    igualSi(equipos.estado, estado),
    igualSi(equipos.tipo, opts.tipo),
    coincideTexto(opts.search, [equipos.serial, equipos.marca, equipos.modelo]),
  );
  const where = filtro && opts.incluir?.length ? or(filtro, inArray(equipos.equipo_id, opts.incluir)) : filtro;
  const rows = await db
    .select(columnasOpcion)
    .from(equipos)
    .where(where)
    .orderBy(asc(equipos.tipo), asc(equipos.marca), asc(equipos.modelo), asc(equipos.serial), asc(equipos.equipo_id));
  return rows.map(aOpcionEquipo);
}

/** The catalogue's use cases, as its tRPC router and its /v1 routes call them. */
export const casosEquipos = {
  listar: listarEquipos,
  obtener: obtenerEquipo,
  seleccionar: seleccionarEquipos,
  crear: crearEquipo,
  actualizar: actualizarEquipo,
};
