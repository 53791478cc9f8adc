import { conexionListQuery, listQuerySchema, servicioListQuery } from '@troncal/domain/schemas';
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import { conexionEquipos, conexiones, equipos } from '../../db/schema';
import { cambioExportQuery, listarCambios } from '../cambios';
import { listarClientes } from '../clientes.service';
import { aConexion, conexionesFiltrables, consultaConexiones, filtroConexiones } from '../conexiones/consulta';
import { listarEquipos } from '../equipos.service';
import { listarNodos } from '../nodos.service';
import { listarProveedores } from '../proveedores.service';
import { clienteListQuery, equipoListQuery, nodoListQuery, proveedorListQuery } from '../referencia.schemas';
import { listarServicios, movimientosServicio } from '../servicios';
import { listarUsuarios } from '../usuarios.service';
import type { ListaExportacion } from './listas';

/**
 * Where each exportable list reads its rows: the list's own query schema (without the page) and
 * its own SQL, read in batches so memory stays flat. Adding a list is one entry here plus its
 * columns in `listas.ts`; the routes (`rest/v1/exportacion.routes.ts`) are generated from this.
 */

export const FORMATOS_EXPORTACION = ['csv', 'xlsx'] as const;
export type FormatoExportacion = (typeof FORMATOS_EXPORTACION)[number];

const formato = z
  .enum(FORMATOS_EXPORTACION, { error: 'El formato debe ser csv o xlsx.' })
  .default('csv')
  .describe('csv (UTF-8 con BOM, RFC 4180) o xlsx');

/** Rows per query: big enough that round trips are few, small enough that a batch is ~1 MB. */
export const LOTE_EXPORTACION = 1000;

type Fila = Record<string, unknown>;

/** The parsed filters (the list's own query schema made them) plus a page. */
const conPagina = <T>(q: unknown, limit: number, offset: number): T => ({ ...(q as object), limit, offset }) as T;

export interface FuenteExportacion<Q extends z.ZodType = z.ZodType> {
  lista: ListaExportacion;
  /** The `/v1` path, without `/exportar`; `:id` for a list under one record. */
  ruta: string;
  /** The list's filters (its list query without limit/offset) plus `formato`. */
  query: Q;
  /** Default lector. */
  rol?: 'lector' | 'operador' | 'admin';
  resumen: string;
  /** The batches, in the list's order. The first is read before any byte is sent (404, bad filter). */
  lotes(db: DbOrTx, q: z.output<Q>, id: number | undefined): AsyncGenerator<Fila[]>;
}

const sinPagina = <T extends z.ZodObject>(s: T) =>
  s.omit({ limit: true, offset: true } as never).extend({ formato }) as unknown as z.ZodObject;

/** Offset pages through the list's own function (same search, filters and order as the screen). */
async function* porPaginas(leer: (limit: number, offset: number) => Promise<{ data: unknown[] }>) {
  for (let offset = 0; ; offset += LOTE_EXPORTACION) {
    const { data } = await leer(LOTE_EXPORTACION, offset);
    if (data.length > 0) yield data as Fila[];
    if (data.length < LOTE_EXPORTACION) return;
  }
}

/** A list read through its own list function, page by page, under `/v1/<lista>`. */
const porLista = <Q>(
  lista: ListaExportacion,
  resumen: string,
  query: z.ZodObject,
  listar: (db: DbOrTx, q: Q) => Promise<{ data: unknown[] }>,
): FuenteExportacion => ({
  lista,
  ruta: `/${lista}`,
  query: sinPagina(query),
  resumen,
  lotes: (db, q) => porPaginas((limit, offset) => listar(db, conPagina(q, limit, offset))),
});

/**
 * The serials of a batch's equipos (the import reads equipos by serial), ordered by serial so the
 * cell is the same in any database the inventory is moved to (ids are numbered anew there).
 */
async function serialesDe(db: DbOrTx, ids: number[]): Promise<Map<number, string[]>> {
  const filas = await db
    .select({ enlace_id: conexionEquipos.enlace_id, serial: equipos.serial })
    .from(conexionEquipos)
    .innerJoin(equipos, eq(equipos.equipo_id, conexionEquipos.equipo_id))
    .where(inArray(conexionEquipos.enlace_id, ids))
    .orderBy(asc(equipos.serial));
  const out = new Map<number, string[]>();
  for (const f of filas) out.set(f.enlace_id, [...(out.get(f.enlace_id) ?? []), f.serial]);
  return out;
}

const conexionesExportQuery = conexionListQuery.omit({ limit: true, offset: true, antes_de: true }).extend({ formato });

export const FUENTES_EXPORTACION: readonly FuenteExportacion[] = [
  porLista('proveedores', 'Proveedores', proveedorListQuery, listarProveedores),
  porLista('clientes', 'Clientes', clienteListQuery, listarClientes),
  porLista('nodos', 'Nodos', nodoListQuery, listarNodos),
  porLista('equipos', 'Equipos', equipoListQuery, listarEquipos),
  porLista('servicios-proveedor', 'Servicios de proveedor', servicioListQuery, listarServicios),
  {
    lista: 'conexiones',
    ruta: '/conexiones',
    query: conexionesExportQuery,
    resumen: 'Conexiones',
    // Keyset on the list's order (newest first), with the list's deferred join: a batch's ids are
    // chosen on conexiones alone (plus the joins a search needs), then only those rows are joined.
    // Joining first let the planner hash-join all 100,000 rows for every batch (75 s for the export).
    async *lotes(db, q) {
      const f = q as z.output<typeof conexionesExportQuery>;
      const filtro = filtroConexiones(f);
      let antes: number | null = null;
      for (;;) {
        const ids = db.select({ id: conexiones.enlace_id }).from(conexiones).$dynamic();
        const pagina = (f.search ? conexionesFiltrables(ids) : ids)
          .where(and(filtro, antes === null ? undefined : lt(conexiones.enlace_id, antes)))
          .orderBy(desc(conexiones.enlace_id))
          .limit(LOTE_EXPORTACION);
        const filas = await consultaConexiones(db)
          .where(inArray(conexiones.enlace_id, pagina))
          .orderBy(desc(conexiones.enlace_id));
        if (filas.length === 0) return;
        const seriales = await serialesDe(
          db,
          filas.filter((r) => r.equipos_ids).map((r) => r.enlace_id),
        );
        yield filas.map((r) => ({ ...aConexion(r), equipos_seriales: seriales.get(r.enlace_id) ?? [] }));
        if (filas.length < LOTE_EXPORTACION) return;
        antes = filas[filas.length - 1]!.enlace_id;
      }
    },
  },
  {
    lista: 'movimientos',
    ruta: '/servicios-proveedor/:id/movimientos',
    query: listQuerySchema.pick({}).extend({ formato }),
    resumen: 'Libro de capacidad del servicio',
    lotes: (db, _q, id) => porPaginas((limit, offset) => movimientosServicio(db, id ?? 0, { limit, offset })),
  },
  {
    lista: 'usuarios',
    ruta: '/usuarios',
    query: z.object({ formato }),
    rol: 'admin',
    resumen: 'Usuarios (solo administradores)',
    async *lotes(db) {
      yield (await listarUsuarios(db)) as unknown as Fila[];
    },
  },
  {
    lista: 'cambios',
    ruta: '/cambios',
    query: cambioExportQuery(formato),
    rol: 'admin',
    resumen: 'Historial de cambios (solo administradores), con los filtros de GET /v1/cambios',
    // Keyset on cambio_id, newest first, as the list pages it.
    async *lotes(db, q) {
      let antes_de: number | null = null;
      for (;;) {
        const r = await listarCambios(db, { ...(q as object), limit: LOTE_EXPORTACION, antes_de } as never);
        if (r.data.length > 0) yield r.data.map(filaCambio);
        if (r.siguiente === null) return;
        antes_de = r.siguiente;
      }
    },
  },
];

const valorCambio = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** A change as a spreadsheet row: who in columns, its fields as "campo: antes → después" separated by "; ". */
function filaCambio(c: Awaited<ReturnType<typeof listarCambios>>['data'][number]): Fila {
  return {
    cambio_id: c.cambio_id,
    ocurrido_en: c.ocurrido_en,
    entidad: c.entidad,
    id: c.id,
    accion: c.accion,
    usuario_id: c.usuario?.usuario_id ?? null,
    usuario_nombre: c.usuario?.nombre ?? null,
    token_id: c.usuario?.token_id ?? null,
    token_nombre: c.usuario?.token_nombre ?? null,
    via: c.via,
    solicitud_id: c.solicitud_id,
    cambios: c.cambios.map((f) => `${f.campo}: ${valorCambio(f.antes)} → ${valorCambio(f.despues)}`).join('; '),
  };
}

/**
 * The rows of a list as one stream, with the first batch already read: an error there (a service
 * that does not exist) is answered as an error before the file's first byte.
 */
export async function filasExportacion(
  fuente: FuenteExportacion,
  db: DbOrTx,
  q: unknown,
  id?: number,
): Promise<AsyncIterable<Fila>> {
  const lotes = fuente.lotes(db, q, id);
  const primero = await lotes.next();
  return (async function* () {
    if (primero.done) return;
    yield* primero.value;
    for await (const lote of lotes) yield* lote;
  })();
}

/** `conexiones-2026-12-03.csv`: the list and the day in Lima. */
export function nombreArchivoExportacion(lista: ListaExportacion, formato: FormatoExportacion, id?: number): string {
  const hoy = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);
  const base = lista === 'movimientos' ? `libro-capacidad-servicio-${id}` : lista;
  return `${base}-${hoy}.${formato}`;
}
