import { normalizar } from '../texto.js';
import { crearCatalogoUbigeo } from './catalogo.js';
import { DEPARTAMENTOS, DISTRITOS, PROVINCIAS } from './datos.js';

export {
  type CatalogoUbigeo,
  crearCatalogoUbigeo,
  type DatosUbigeo,
  type UbigeoItem,
  type UbigeoUbicacion,
} from './catalogo.js';
export { normalizar };

const catalogo = crearCatalogoUbigeo({ departamentos: DEPARTAMENTOS, provincias: PROVINCIAS, distritos: DISTRITOS });

/** The 25 departamentos (Callao included), sorted by name in Spanish order. */
export const departamentos = catalogo.departamentos;
/** Provincias of a departamento given by code ("15") or name ("lima", "Límá"); [] when unknown. */
export const provincias = catalogo.provincias;
/**
 * Distritos of a provincia given by code or name, optionally narrowed by departamento; [] when
 * unknown. Throws DomainError('VALIDACION') when the name is shared by several departamentos.
 */
export const distritos = catalogo.distritos;
/** "150122" → { departamento: 'Lima', provincia: 'Lima', distrito: 'Miraflores' }; null when unknown. */
export const buscarPorCodigo = catalogo.buscarPorCodigo;
export const existeUbigeo = catalogo.existeUbigeo;
/** "Lima / Lima / Miraflores". */
export const etiquetaUbigeo = catalogo.etiquetaUbigeo;
export const buscarDepartamento = catalogo.buscarDepartamento;
/** Unique match or null (unknown, or ambiguous without `departamento`). */
export const buscarProvincia = catalogo.buscarProvincia;
export const buscarProvincias = catalogo.buscarProvincias;
/** Unique match or null ("Miraflores" alone is ambiguous: pass the provincia). */
export const buscarDistrito = catalogo.buscarDistrito;
export const buscarDistritos = catalogo.buscarDistritos;
