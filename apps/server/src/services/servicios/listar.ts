import type { ServicioProveedor } from '@troncal/domain/schemas';
import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { preparada } from '../../db/preparadas';
import { proveedores, serviciosProveedor } from '../../db/schema';
import { type Pagina, patronBusqueda, plegadoSql, plegar } from '../referencia.comun';
import { aServicio, consultaServicios } from './consulta';

const s = serviciosProveedor;

export interface FiltrosServicio {
  /** Free text over provider name, cid_interno, cid_proveedor, modalidad and ubicacion_servicio. */
  search?: string | null | undefined;
  proveedor_id?: number | null | undefined;
  /** Exact (case-insensitive) cid_proveedor or cid_interno. */
  cid?: string | null | undefined;
}

export interface ListadoServicios extends FiltrosServicio {
  limit: number;
  offset: number;
}

/** A free-text search made ready for SQL: the pattern over `busqueda`, and the providers it names. */
interface Busqueda {
  patron: string;
  proveedores: number[];
}

/**
 * The providers whose name matches are looked up first (a few dozen rows at most), so the services
 * query gets their ids as values: `busqueda like … or proveedor_id in (3)` lets PostgreSQL
 * BitmapOr the trigram index with servicios_proveedor_idx, and a search that names no provider is
 * the trigram condition alone. With the sub-select inside the statement (`in (select …)`, or
 * `= any(array(select …))`) the planner cannot know how many services the providers hold and
 * filtered every row with a sequential scan: on 10,000 services, count for "claro" 4.3 → 1.1 ms,
 * for a CID ~4 → 0.3 ms.
 */
const proveedoresNombrados = preparada('proveedores_nombrados', (db, nombre) =>
  db
    .select({ id: proveedores.proveedor_id })
    .from(proveedores)
    .where(sql`${plegadoSql(proveedores.nombre)} like ${sql.placeholder('patron')}`)
    .orderBy(proveedores.proveedor_id)
    .prepare(nombre),
);

async function resolverBusqueda(db: DbOrTx, search: string | null | undefined): Promise<Busqueda | undefined> {
  const texto = search?.trim();
  if (!texto) return undefined;
  const provs = await proveedoresNombrados(db, { patron: patronBusqueda(plegar(texto)) });
  return { patron: patronBusqueda(texto.toLowerCase()), proveedores: provs.map((r) => r.id) };
}

/** The cid filter as the query compares it: trimmed, lower case; blank is no filter. */
const cidNormalizado = (cid: string | null | undefined) => cid?.trim().toLowerCase() || undefined;

/** The filters, except `excepto` (a dropdown's options ignore its own filter). */
function filtrar(f: FiltrosServicio, b: Busqueda | undefined, excepto?: 'proveedor' | 'cid'): SQL | undefined {
  const cid = excepto === 'cid' ? undefined : cidNormalizado(f.cid);
  // `busqueda` is lower()ed and trigram-indexed; the provider's name is matched accent-insensitively.
  const texto = b && sql`${s.busqueda} like ${b.patron}`;
  return and(
    b && (b.proveedores.length === 0 ? texto : sql`(${texto} or ${inArray(s.proveedor_id, b.proveedores)})`),
    excepto !== 'proveedor' && f.proveedor_id ? eq(s.proveedor_id, f.proveedor_id) : undefined,
    cid ? sql`(lower(${s.cid_proveedor}) = ${cid} or lower(${s.cid_interno}) = ${cid})` : undefined,
  );
}

// The search alone (the list's search box, `?search=`): its page and total as named statements
// (db/preparadas.ts). The providers it names go in as one array, so one statement serves any number
// of them (none: the trigram condition decides alone), and the page's ids as `= any(array(…))`, as
// for connections, so the generic plan joins them by index.
const condicionBusqueda = sql`(${s.busqueda} like ${sql.placeholder('patron')} or ${s.proveedor_id} = any(${sql.placeholder('proveedores')}::int[]))`;
const paginaBusqueda = preparada('servicios_busqueda', (db, nombre) => {
  const ids = db
    .select({ id: s.servicio_id })
    .from(s)
    .where(condicionBusqueda)
    .orderBy(desc(s.servicio_id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'));
  return consultaServicios(db)
    .where(sql`${s.servicio_id} = any(array(${ids}))`)
    .orderBy(desc(s.servicio_id))
    .prepare(nombre);
});
const totalBusqueda = preparada('servicios_busqueda_total', (db, nombre) =>
  db.select({ total: count() }).from(s).where(condicionBusqueda).prepare(nombre),
);

/**
 * `GET /v1/servicios-proveedor/listar` and the SPA's list: newest first. The page's ids are chosen
 * on servicios_proveedor alone (the filters only read its columns), then only those rows are joined
 * to proveedores and nodos (deferred join): a deep offset no longer joins every skipped row.
 */
export async function listarServicios(db: DbOrTx, q: ListadoServicios): Promise<Pagina<ServicioProveedor>> {
  const busqueda = await resolverBusqueda(db, q.search);
  let rows: Awaited<ReturnType<typeof consultaServicios>>;
  let tot: { total: number } | undefined;
  if (busqueda && !q.proveedor_id && !cidNormalizado(q.cid)) {
    const valores = { ...busqueda, limit: q.limit, offset: q.offset };
    rows = await paginaBusqueda(db, valores);
    [tot] = await totalBusqueda(db, valores);
  } else {
    const where = filtrar(q, busqueda);
    const ids = db
      .select({ id: s.servicio_id })
      .from(s)
      .where(where)
      .orderBy(desc(s.servicio_id))
      .limit(q.limit)
      .offset(q.offset);
    rows = await consultaServicios(db).where(inArray(s.servicio_id, ids)).orderBy(desc(s.servicio_id));
    [tot] = await db.select({ total: count() }).from(s).where(where);
  }
  return { data: rows.map(aServicio), total: Number(tot?.total ?? 0), limit: q.limit, offset: q.offset };
}

export interface KpiServicios {
  servicios: number;
  capacidad_comprada: number;
  capacidad_vendida: number;
  capacidad_utilizada: number;
  capacidad_disponible: number;
}

/** The KPI strip: totals over the WHOLE filtered set, not only the visible page. */
export async function kpiServicios(db: DbOrTx, f: FiltrosServicio): Promise<KpiServicios> {
  const [r] = await db
    .select({
      servicios: count(),
      comprada: sql<string | null>`sum(${s.capacidad_comprada})`,
      vendida: sql<string | null>`sum(${s.capacidad_vendida})`,
      utilizada: sql<string | null>`sum(${s.capacidad_utilizada})`,
      disponible: sql<string | null>`sum(${s.capacidad_disponible})`,
    })
    .from(s)
    .where(filtrar(f, await resolverBusqueda(db, f.search)));
  return {
    servicios: Number(r?.servicios ?? 0),
    capacidad_comprada: Number(r?.comprada ?? 0),
    capacidad_vendida: Number(r?.vendida ?? 0),
    capacidad_utilizada: Number(r?.utilizada ?? 0),
    capacidad_disponible: Number(r?.disponible ?? 0),
  };
}

export interface OpcionesFiltroServicios {
  proveedores: { proveedor_id: number; nombre: string }[];
  cids: string[];
}

const MAX_OPCIONES = 500;

/**
 * The list's dropdowns show what the current result set holds. Each facet ignores its own filter
 * (otherwise picking a provider would leave a one-item provider dropdown), but honours the others.
 */
export async function opcionesFiltroServicios(db: DbOrTx, f: FiltrosServicio): Promise<OpcionesFiltroServicios> {
  const busqueda = await resolverBusqueda(db, f.search);
  const provs = await db
    .selectDistinct({ proveedor_id: proveedores.proveedor_id, nombre: proveedores.nombre })
    .from(s)
    .innerJoin(proveedores, eq(proveedores.proveedor_id, s.proveedor_id))
    .where(filtrar(f, busqueda, 'proveedor'))
    .orderBy(proveedores.nombre, proveedores.proveedor_id)
    .limit(MAX_OPCIONES);
  const cids = await db
    .selectDistinct({ cid: s.cid_proveedor })
    .from(s)
    .where(and(filtrar(f, busqueda, 'cid'), sql`${s.cid_proveedor} is not null`))
    .orderBy(s.cid_proveedor)
    .limit(MAX_OPCIONES);
  return { proveedores: provs, cids: cids.map((c) => c.cid).filter((c): c is string => Boolean(c)) };
}
