import { claveCompacta } from './texto.js';

/** Mantine palette names, so the SPA can pass these straight to `<Badge color>`. */
export type PillColor =
  | 'dark'
  | 'gray'
  | 'red'
  | 'pink'
  | 'grape'
  | 'violet'
  | 'indigo'
  | 'blue'
  | 'cyan'
  | 'teal'
  | 'green'
  | 'lime'
  | 'yellow'
  | 'orange';

/**
 * Builds a lenient parser: REST consumers and legacy spreadsheets send "Activo", "activo ",
 * "Telefonía IP" or the Spanish label, and all of them must map to the one stored value.
 */
export function crearParser<T extends string>(
  valores: readonly T[],
  etiquetas?: Readonly<Record<T, string>>,
): (input: unknown) => T | null {
  const indice = new Map<string, T>();
  for (const v of valores) {
    indice.set(claveCompacta(v), v);
  }
  if (etiquetas) {
    for (const v of valores) {
      const clave = claveCompacta(etiquetas[v]);
      // A label must never shadow another value's canonical spelling.
      if (!indice.has(clave)) indice.set(clave, v);
    }
  }
  return (input: unknown): T | null => {
    if (typeof input !== 'string') return null;
    return indice.get(claveCompacta(input)) ?? null;
  };
}
