// Only the data maps: the package's main entry requires node's `crypto` and would break the SPA bundle.
import distritosMod from 'ubigeos/dist/data/district.data.js';
import provinciasMod from 'ubigeos/dist/data/province.data.js';
import departamentosMod from 'ubigeos/dist/data/region.data.js';

/**
 * These modules are CommonJS with `exports.default = new Map()`. Node's ESM loader hands us
 * `module.exports` (the Map is at `.default`), bundlers hand us the Map itself, and some interop
 * layers wrap it once more; accept all three.
 */
function comoMapa(mod: unknown, nombre: string): ReadonlyMap<string, string> {
  if (mod instanceof Map) return mod;
  const exterior = (mod as { default?: unknown } | null)?.default;
  if (exterior instanceof Map) return exterior;
  const interior = (exterior as { default?: unknown } | null | undefined)?.default;
  if (interior instanceof Map) return interior;
  throw new Error(`ubigeos: no se encontró el mapa de ${nombre}.`);
}

export const DEPARTAMENTOS = comoMapa(departamentosMod, 'departamentos');
export const PROVINCIAS = comoMapa(provinciasMod, 'provincias');
export const DISTRITOS = comoMapa(distritosMod, 'distritos');
