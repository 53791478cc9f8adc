import type { CondicionServicio, EstadoEquipo, EstadoRegistro } from '@troncal/domain/enums';

export interface ReferenciaProveedor {
  id: number;
  estado: EstadoRegistro;
}
export interface ReferenciaServicio {
  id: number;
  condicion: CondicionServicio | null;
}
export interface ReferenciaEquipo {
  id: number;
  estado: EstadoEquipo;
  /** cid_enlace of the non-BAJA connection holding it, if any. */
  cid_enlace: string | null;
}
export interface ReferenciaSimple {
  id: number;
}

/**
 * Natural-key lookups, injected so this layer needs no database: the apply step supplies one
 * backed by SQL (one `= any($1)` query per method), tests one in memory. Each method gets the
 * distinct keys as written in the file and returns a map keyed by those same strings, holding only
 * the ones that exist. Matching follows the unique indexes: nombre and serial case-insensitive
 * (`lower()`), ruc and the CIDs exact.
 */
export interface ResolverImportacion {
  proveedoresPorNombre(nombres: readonly string[]): Promise<Map<string, ReferenciaProveedor>>;
  clientesPorRuc(rucs: readonly string[]): Promise<Map<string, ReferenciaSimple>>;
  nodosPorNombre(nombres: readonly string[]): Promise<Map<string, ReferenciaSimple>>;
  serviciosPorCidInterno(cids: readonly string[]): Promise<Map<string, ReferenciaServicio>>;
  equiposPorSerial(seriales: readonly string[]): Promise<Map<string, ReferenciaEquipo>>;
  conexionesPorCid(cids: readonly string[]): Promise<Map<string, ReferenciaSimple>>;
}

export type TipoReferencia = 'proveedor' | 'cliente' | 'nodo' | 'servicio' | 'equipo' | 'conexion';

/** Which batch lookup of the resolver answers each reference type. */
const BUSQUEDA = {
  proveedor: 'proveedoresPorNombre',
  cliente: 'clientesPorRuc',
  nodo: 'nodosPorNombre',
  servicio: 'serviciosPorCidInterno',
  equipo: 'equiposPorSerial',
  conexion: 'conexionesPorCid',
} as const satisfies Record<TipoReferencia, keyof ResolverImportacion>;

export function buscarReferencias(
  resolver: ResolverImportacion,
  tipo: TipoReferencia,
  claves: readonly string[],
): Promise<Map<string, ReferenciaProveedor | ReferenciaServicio | ReferenciaEquipo | ReferenciaSimple>> {
  if (claves.length === 0) return Promise.resolve(new Map());
  return resolver[BUSQUEDA[tipo]](claves);
}

/** Case-insensitive types, as their unique indexes are on lower(). */
export const SIN_MAYUSCULAS: ReadonlySet<TipoReferencia> = new Set(['proveedor', 'nodo', 'equipo']);

export interface DatosEnMemoria {
  proveedores?: (ReferenciaProveedor & { nombre: string })[];
  clientes?: (ReferenciaSimple & { ruc: string })[];
  nodos?: (ReferenciaSimple & { nombre: string })[];
  servicios?: (ReferenciaServicio & { cid_interno: string })[];
  equipos?: (ReferenciaEquipo & { serial: string })[];
  conexiones?: (ReferenciaSimple & { cid_enlace: string })[];
}

/** A resolver over arrays, with the database's matching rules; for tests and tools without a database. */
export function resolverEnMemoria(datos: DatosEnMemoria): ResolverImportacion {
  function buscar<R>(lista: R[] | undefined, clave: (r: R) => string, sinMayusculas: boolean) {
    const norm = (s: string) => (sinMayusculas ? s.toLowerCase() : s);
    const indice = new Map((lista ?? []).map((r) => [norm(clave(r)), r]));
    return async (claves: readonly string[]) => {
      const out = new Map<string, R>();
      for (const k of claves) {
        const r = indice.get(norm(k));
        if (r) out.set(k, r);
      }
      return out;
    };
  }
  return {
    proveedoresPorNombre: buscar(datos.proveedores, (r) => r.nombre, true),
    clientesPorRuc: buscar(datos.clientes, (r) => r.ruc, false),
    nodosPorNombre: buscar(datos.nodos, (r) => r.nombre, true),
    serviciosPorCidInterno: buscar(datos.servicios, (r) => r.cid_interno, false),
    equiposPorSerial: buscar(datos.equipos, (r) => r.serial, true),
    conexionesPorCid: buscar(datos.conexiones, (r) => r.cid_enlace, false),
  };
}
