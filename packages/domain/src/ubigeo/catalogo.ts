import { DomainError } from '../errors.js';
import { normalizar } from '../texto.js';

/** An INEI ubigeo entry: 2-digit departamento, 4-digit provincia or 6-digit distrito code. */
export interface UbigeoItem {
  codigo: string;
  nombre: string;
}

/** What a code resolves to, with official names (e.g. "150122" → Lima / Lima / Miraflores). */
export interface UbigeoUbicacion {
  codigo: string;
  departamento: string;
  provincia?: string;
  distrito?: string;
}

/**
 * Lookup key: besides accents and case, the data spells some names with "_" or "-"
 * ("Anco_Huallo", "Huac-Huas") where people type spaces.
 */
const clave = (s: string): string => normalizar(s).replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();

const colador = new Intl.Collator('es', { sensitivity: 'base' });
const porNombre = (a: UbigeoItem, b: UbigeoItem): number => colador.compare(a.nombre, b.nombre);

function indexar(mapa: ReadonlyMap<string, string>): Map<string, string[]> {
  const indice = new Map<string, string[]>();
  const agregar = (k: string, codigo: string) => {
    const lista = indice.get(k);
    if (!lista) indice.set(k, [codigo]);
    else if (!lista.includes(codigo)) lista.push(codigo);
  };
  for (const [codigo, nombre] of mapa) {
    agregar(clave(nombre), codigo);
    // INEI names the Callao province "Prov. Const. del Callao"; everybody writes "Callao".
    const sinPrefijo = clave(nombre).replace(/^prov\. const\. del /, '');
    if (sinPrefijo !== clave(nombre)) agregar(sinPrefijo, codigo);
  }
  return indice;
}

function agrupar(mapa: ReadonlyMap<string, string>, largoPadre: number): Map<string, UbigeoItem[]> {
  const grupos = new Map<string, UbigeoItem[]>();
  for (const [codigo, nombre] of mapa) {
    const padre = codigo.slice(0, largoPadre);
    const lista = grupos.get(padre) ?? [];
    lista.push({ codigo, nombre });
    grupos.set(padre, lista);
  }
  for (const lista of grupos.values()) lista.sort(porNombre);
  return grupos;
}

export interface DatosUbigeo {
  departamentos: ReadonlyMap<string, string>;
  provincias: ReadonlyMap<string, string>;
  distritos: ReadonlyMap<string, string>;
}

/**
 * Builds the lookup API over a set of INEI maps (code → name). The package's own data is wired in
 * `index.ts`; tools with a newer INEI list can build their own catalogue.
 */
export function crearCatalogoUbigeo(datos: DatosUbigeo) {
  const { departamentos: mapaDep, provincias: mapaProv, distritos: mapaDist } = datos;
  const depPorNombre = indexar(mapaDep);
  const provPorNombre = indexar(mapaProv);
  const distPorNombre = indexar(mapaDist);
  const listaDepartamentos = [...mapaDep].map(([codigo, nombre]) => ({ codigo, nombre })).sort(porNombre);
  const provinciasDe = agrupar(mapaProv, 2);
  const distritosDe = agrupar(mapaDist, 4);

  const copiar = (items: readonly UbigeoItem[] | undefined): UbigeoItem[] => (items ?? []).map((i) => ({ ...i }));
  const item = (mapa: ReadonlyMap<string, string>, codigo: string): UbigeoItem => ({
    codigo,
    nombre: mapa.get(codigo) ?? '',
  });

  /** Codes matching a departamento given by code ("15") or name ("lima", "Límá"). */
  function codigosDepartamento(ref: string): string[] {
    const s = ref.trim();
    if (/^\d{2}$/.test(s)) return mapaDep.has(s) ? [s] : [];
    return depPorNombre.get(clave(s)) ?? [];
  }

  /** Codes matching a provincia by code or name, narrowed to a departamento when one is given. */
  function codigosProvincia(ref: string, departamento?: string | null): string[] {
    const s = ref.trim();
    let codigos = /^\d{4}$/.test(s) ? (mapaProv.has(s) ? [s] : []) : (provPorNombre.get(clave(s)) ?? []);
    if (departamento != null && departamento.trim() !== '') {
      const deps = codigosDepartamento(departamento);
      codigos = codigos.filter((c) => deps.includes(c.slice(0, 2)));
    }
    return codigos;
  }

  function codigosDistrito(ref: string, provincia?: string | null, departamento?: string | null): string[] {
    const s = ref.trim();
    let codigos = /^\d{6}$/.test(s) ? (mapaDist.has(s) ? [s] : []) : (distPorNombre.get(clave(s)) ?? []);
    if (provincia != null && provincia.trim() !== '') {
      const provs = codigosProvincia(provincia, departamento);
      codigos = codigos.filter((c) => provs.includes(c.slice(0, 4)));
    } else if (departamento != null && departamento.trim() !== '') {
      const deps = codigosDepartamento(departamento);
      codigos = codigos.filter((c) => deps.includes(c.slice(0, 2)));
    }
    return codigos;
  }

  /** The 25 departamentos (Callao included), sorted by name in Spanish order. */
  function departamentos(): UbigeoItem[] {
    return copiar(listaDepartamentos);
  }

  /** Provincias of a departamento given by code or name; [] when it does not exist. */
  function provincias(departamento: string): UbigeoItem[] {
    const [codigo, ...otros] = codigosDepartamento(departamento);
    return codigo && otros.length === 0 ? copiar(provinciasDe.get(codigo)) : [];
  }

  /**
   * Distritos of a provincia given by code or name; [] when it does not exist. A provincia name shared
   * by several departamentos needs the departamento, and asking without it is a validation error
   * rather than a silent guess.
   */
  function distritos(provincia: string, departamento?: string | null): UbigeoItem[] {
    const codigos = codigosProvincia(provincia, departamento);
    if (codigos.length > 1) {
      throw new DomainError(
        'VALIDACION',
        `La provincia "${provincia.trim()}" existe en más de un departamento; indique el departamento.`,
        [{ path: 'departamento', message: 'Indique el departamento.' }],
      );
    }
    const [codigo] = codigos;
    return codigo ? copiar(distritosDe.get(codigo)) : [];
  }

  /** Resolves a 2-, 4- or 6-digit INEI code to names; null when the code does not exist. */
  function buscarPorCodigo(codigo: string): UbigeoUbicacion | null {
    const c = codigo.trim();
    if (!/^(\d{2}|\d{4}|\d{6})$/.test(c)) return null;
    const departamento = mapaDep.get(c.slice(0, 2));
    if (departamento === undefined) return null;
    if (c.length === 2) return { codigo: c, departamento };
    const provincia = mapaProv.get(c.slice(0, 4));
    if (provincia === undefined) return null;
    if (c.length === 4) return { codigo: c, departamento, provincia };
    const distrito = mapaDist.get(c);
    if (distrito === undefined) return null;
    return { codigo: c, departamento, provincia, distrito };
  }

  const existeUbigeo = (codigo: string): boolean => buscarPorCodigo(codigo) !== null;

  /** "Lima / Lima / Miraflores" for a code, or null; what lists show for a node's ubigeo. */
  function etiquetaUbigeo(codigo: string, separador = ' / '): string | null {
    const u = buscarPorCodigo(codigo);
    if (!u) return null;
    return [u.departamento, u.provincia, u.distrito].filter((x): x is string => x !== undefined).join(separador);
  }

  const unico = (mapa: ReadonlyMap<string, string>, codigos: string[]): UbigeoItem | null => {
    const [codigo, ...otros] = codigos;
    return codigo && otros.length === 0 ? item(mapa, codigo) : null;
  };

  /** A departamento by name or code, with its official spelling; null when unknown. */
  function buscarDepartamento(nombre: string): UbigeoItem | null {
    return unico(mapaDep, codigosDepartamento(nombre));
  }

  /** A provincia by name or code; null when unknown or when the name is ambiguous without `departamento`. */
  function buscarProvincia(nombre: string, departamento?: string | null): UbigeoItem | null {
    return unico(mapaProv, codigosProvincia(nombre, departamento));
  }

  /**
   * A distrito by name or code; null when unknown or ambiguous ("Miraflores" exists in four
   * provincias, so pass the provincia, and the departamento if the provincia name is ambiguous).
   */
  function buscarDistrito(nombre: string, provincia?: string | null, departamento?: string | null): UbigeoItem | null {
    return unico(mapaDist, codigosDistrito(nombre, provincia, departamento));
  }

  /** Every provincia with that name (optionally within a departamento), sorted by code. */
  function buscarProvincias(nombre: string, departamento?: string | null): UbigeoItem[] {
    return [...codigosProvincia(nombre, departamento)].sort().map((c) => item(mapaProv, c));
  }

  /** Every distrito with that name (optionally within a provincia), sorted by code. */
  function buscarDistritos(nombre: string, provincia?: string | null, departamento?: string | null): UbigeoItem[] {
    return [...codigosDistrito(nombre, provincia, departamento)].sort().map((c) => item(mapaDist, c));
  }

  return {
    departamentos,
    provincias,
    distritos,
    buscarPorCodigo,
    existeUbigeo,
    etiquetaUbigeo,
    buscarDepartamento,
    buscarProvincia,
    buscarProvincias,
    buscarDistrito,
    buscarDistritos,
  };
}

export type CatalogoUbigeo = ReturnType<typeof crearCatalogoUbigeo>;
