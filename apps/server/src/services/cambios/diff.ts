import type { CampoCambiado } from '../../db/schema';

/** What a change record shows in place of a secret's value: that it changed, never what it was or became. */
export const OCULTO = '[oculto]';

/**
 * Fields whose values never reach the history, whatever the entity: passwords and their hashes, API
 * token hashes and webhook secrets. Checked by name, so a secret added later under one of these
 * words is hidden too even before anyone lists it.
 */
const SECRETO = /(password|contrasena|contraseña|hash|secret|secreto|clave_privada)/i;

export const esSecreto = (campo: string): boolean => SECRETO.test(campo);

/** JSON-comparable form: undefined is null, dates are ISO, object keys sorted, numbers as numbers. */
function normalizar(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(normalizar);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined)
        .map((k) => [k, normalizar(o[k])]),
    );
  }
  if (typeof v === 'bigint') return Number(v);
  return v;
}

const vacio = (v: unknown) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The fields that differ between two states of a record, in `campos` order. `antes` null: a
 * creation (every field with a value); `despues` null: a deletion. A secret field that changed
 * appears with both values replaced by OCULTO (or null where there was none).
 */
export function diferencias(
  antes: Record<string, unknown> | null | undefined,
  despues: Record<string, unknown> | null | undefined,
  campos: readonly string[],
): CampoCambiado[] {
  const salida: CampoCambiado[] = [];
  for (const campo of campos) {
    const a = antes ? normalizar(antes[campo]) : null;
    const d = despues ? normalizar(despues[campo]) : null;
    if (!antes && vacio(d)) continue;
    if (!despues && vacio(a)) continue;
    if (antes && despues && !(campo in despues)) continue;
    if (JSON.stringify(a) === JSON.stringify(d)) continue;
    if (esSecreto(campo)) {
      salida.push({ campo, antes: a === null ? null : OCULTO, despues: d === null ? null : OCULTO });
    } else {
      salida.push({ campo, antes: a, despues: d });
    }
  }
  return salida;
}

/** Every value of a list of changes with secrets hidden: for changes built by hand, a last guard. */
export function ocultarSecretos(cambios: readonly CampoCambiado[]): CampoCambiado[] {
  return cambios.map((c) =>
    esSecreto(c.campo)
      ? { campo: c.campo, antes: c.antes == null ? null : OCULTO, despues: c.despues == null ? null : OCULTO }
      : c,
  );
}
