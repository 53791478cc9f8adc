import type { EstadoEquipo, TipoEquipo } from '@troncal/domain/enums';
import { type Equipo, type EquipoCreateInput, type EquipoUpdateInput, etiquetaEquipo } from '@troncal/domain/schemas';
import { and, asc, count, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import type { DbOrTx } from '../db/client';
import { equipos } from '../db/schema';
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

const columnas = {
  equipo_id: equipos.equipo_id,
  tipo: equipos.tipo,
  marca: equipos.marca,
  modelo: equipos.modelo,
  serial: equipos.serial,
  estado: equipos.estado,
  observacion: equipos.observacion,
  created_at: equipos.created_at,
  updated_at: equipos.updated_at,
  created_by: equipos.created_by,
  updated_by: equipos.updated_by,
};
const columnasDetalle = { ...columnas, enlace_id: enlaceVivo, cid_enlace: cidEnlaceVivo };

const ORDEN_COLUMNA = {
  equipo_id: equipos.equipo_id,
  tipo: equipos.tipo,
  marca: equipos.marca,
  modelo: equipos.modelo,
  serial: equipos.serial,
  estado: equipos.estado,
  created_at: equipos.created_at,
} as const;

type FilaDetalle = typeof equipos.$inferSelect & { enlace_id: number | null; cid_enlace: string | null };

const aEquipo = (row: FilaDetalle): EquipoDetalle => ({
  ...auditoria(row),
  tipo: row.tipo as TipoEquipo,
  estado: row.estado as EstadoEquipo,
  enlace_id: row.enlace_id == null ? null : Number(row.enlace_id),
  cid_enlace: row.cid_enlace ?? null,
});

const duplicado = (serial: string) => {
  const message = `Ya existe un equipo con la serie "${serial}".`;
  return new DomainError('CONFLICTO', message, [{ path: 'serial', message }]);
};

/** Same comparison as the unique index `lower(serial)`. */
const mismaSerie = (serial: string): SQL => sql`lower(${equipos.serial}) = lower(${serial})`;

async function asegurarSerieLibre(db: DbOrTx, serial: string, excepto?: number) {
  const [otro] = await db
    .select({ serial: equipos.serial })
    .from(equipos)
    .where(and(mismaSerie(serial), excepto ? ne(equipos.equipo_id, excepto) : undefined))
    .limit(1);
  if (otro) throw duplicado(otro.serial);
}

export async function listarEquipos(db: DbOrTx, q: EquipoListado): Promise<Pagina<EquipoDetalle>> {
  const where = and(
    coincideTexto(q.search, [equipos.serial, equipos.marca, equipos.modelo, equipos.tipo, equipos.observacion]),
    q.estado ? eq(equipos.estado, q.estado) : undefined,
    q.tipo ? eq(equipos.tipo, q.tipo) : undefined,
  );
  const orden = ordenar(ORDEN_COLUMNA[q.sort ?? 'equipo_id'], q.dir ?? (q.sort ? 'asc' : 'desc'), equipos.equipo_id);
  const rows = await db
    .select(columnasDetalle)
    .from(equipos)
    .where(where)
    .orderBy(...orden)
    .limit(q.limit)
    .offset(q.offset);
  const [tot] = await db.select({ total: count() }).from(equipos).where(where);
  const total = Number(tot?.total ?? 0);
  return { data: rows.map(aEquipo), total, limit: q.limit, offset: q.offset };
}

export async function obtenerEquipo(db: DbOrTx, id: number): Promise<EquipoDetalle> {
  const [row] = await db.select(columnasDetalle).from(equipos).where(eq(equipos.equipo_id, id)).limit(1);
  if (!row) throw noEncontrado('el equipo', id);
  return aEquipo(row);
}

export async function crearEquipo(db: DbOrTx, input: EquipoCreateInput, user: AuthUser | null): Promise<EquipoDetalle> {
  await asegurarSerieLibre(db, input.serial);
  const por = autor(user);
  const [row] = await conUnico(
    () =>
      db
        .insert(equipos)
        .values({
          tipo: input.tipo,
          marca: input.marca,
          modelo: input.modelo,
          serial: input.serial,
          estado: input.estado ?? 'DISPONIBLE',
          observacion: input.observacion ?? null,
          created_by: por,
          updated_by: por,
        })
        .returning(columnas),
    'equipos_serial_uq',
    () => duplicado(input.serial),
  );
  return aEquipo({ ...row!, enlace_id: null, cid_enlace: null });
}

export async function actualizarEquipo(
  db: DbOrTx,
  id: number,
  input: EquipoUpdateInput,
  user: AuthUser | null,
): Promise<EquipoDetalle> {
  const actual = await obtenerEquipo(db, id);
  if (input.serial !== undefined) await asegurarSerieLibre(db, input.serial, id);
  // While a live connection holds the equipo its estado belongs to the connections module.
  if (input.estado !== undefined && input.estado !== actual.estado && actual.enlace_id !== null) {
    const message = `El equipo está en la conexión ${actual.cid_enlace ?? actual.enlace_id}: retírelo de esa conexión antes de cambiarlo a ${input.estado}.`;
    throw new DomainError('REGLA_NEGOCIO', message, [{ path: 'estado', message }]);
  }
  const cambios = soloDefinidos({
    tipo: input.tipo,
    marca: input.marca,
    modelo: input.modelo,
    serial: input.serial,
    estado: input.estado,
    observacion: input.observacion,
  });
  const [row] = await conUnico(
    () =>
      db
        .update(equipos)
        .set({ ...cambios, updated_at: sql`now()`, updated_by: autor(user) })
        .where(eq(equipos.equipo_id, id))
        .returning(columnas),
    'equipos_serial_uq',
    () => duplicado(input.serial ?? ''),
  );
  if (!row) throw noEncontrado('el equipo', id);
  return aEquipo({ ...row, enlace_id: actual.enlace_id, cid_enlace: actual.cid_enlace });
}

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
    estado ? eq(equipos.estado, estado) : undefined,
    opts.tipo ? eq(equipos.tipo, opts.tipo) : undefined,
    coincideTexto(opts.search, [equipos.serial, equipos.marca, equipos.modelo]),
  );
  const where = filtro && opts.incluir?.length ? or(filtro, inArray(equipos.equipo_id, opts.incluir)) : filtro;
  const rows = await db
    .select({
      equipo_id: equipos.equipo_id,
      tipo: equipos.tipo,
      marca: equipos.marca,
      modelo: equipos.modelo,
      serial: equipos.serial,
      estado: equipos.estado,
    })
    .from(equipos)
    .where(where)
    .orderBy(asc(equipos.tipo), asc(equipos.marca), asc(equipos.modelo), asc(equipos.serial), asc(equipos.equipo_id));
  return rows.map((r) => {
    const tipo = r.tipo as TipoEquipo;
    return {
      equipo_id: r.equipo_id,
      label: etiquetaEquipo({ ...r, tipo }),
      estado: r.estado as EstadoEquipo,
      tipo,
      marca: r.marca,
      modelo: r.modelo,
      serial: r.serial,
    };
  });
}
