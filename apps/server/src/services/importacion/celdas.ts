import { buscarDepartamento, buscarDistritos, buscarProvincias, existeUbigeo } from '@troncal/domain/ubigeo';
import type { Celda } from './tabla';

/** A cell as trimmed text; blank is undefined. Numbers from XLSX keep all their digits (RUCs, CIDs). */
export function textoCelda(c: Celda | undefined): string | undefined {
  if (c == null) return undefined;
  const s = typeof c === 'number' ? (Number.isInteger(c) ? c.toFixed(0) : String(c)) : String(c);
  const t = s.trim();
  return t === '' ? undefined : t;
}

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * "500", "500.5", "500,5", "1.500,25", "1,500.25", "1 500" and "500 Mbps" are numbers. One comma
 * alone is a decimal comma (Excel in a Spanish locale writes 500,5); a comma is a thousands
 * separator only with a decimal point after it or in groups of three repeated ("1,000,000").
 * Anything else comes back as the text, so the domain schema says "Debe ser un número."
 */
export function numeroCelda(c: Celda | undefined): number | string | undefined {
  if (c == null) return undefined;
  if (typeof c === 'number') return c;
  const original = String(c).trim();
  if (original === '') return undefined;
  let s = original.replace(/\s*mbps$/i, '').replace(/[\s\u00a0]/g, '');
  const coma = s.lastIndexOf(',');
  const punto = s.lastIndexOf('.');
  if (coma >= 0 && punto >= 0) {
    s = coma > punto ? s.replaceAll('.', '').replace(',', '.') : s.replaceAll(',', '');
  } else if (coma >= 0) {
    s = /^-?\d{1,3}(?:,\d{3}){2,}$/.test(s) ? s.replaceAll(',', '') : s.replace(',', '.');
  } else if (/^-?\d{1,3}(?:\.\d{3}){2,}$/.test(s)) {
    s = s.replaceAll('.', '');
  }
  return DECIMAL.test(s) ? Number(s) : original;
}

/** "01/06/2025" (día primero, as in Peru) and "2025-06-01" → "2025-06-01"; other text passes through. */
export function fechaCelda(c: Celda | undefined): string | undefined {
  const s = textoCelda(c);
  if (s === undefined) return undefined;
  const dma = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (dma) return `${dma[3]}-${dma[2]!.padStart(2, '0')}-${dma[1]!.padStart(2, '0')}`;
  return s;
}

export type ResultadoUbigeo = { codigo: string } | { error: string };

const AYUDA_UBIGEO = 'Use el código INEI (por ejemplo 150122) o "Departamento / Provincia / Distrito".';

/**
 * A node's ubigeo by INEI code or by name. Codes lose their leading zero when a spreadsheet takes
 * them for numbers (010101 → 10101), so short codes are padded back to 2, 4 or 6 digits.
 */
export function resolverUbigeo(c: Celda | undefined): ResultadoUbigeo | undefined {
  const s = textoCelda(c);
  if (s === undefined) return undefined;
  if (/^\d{1,6}$/.test(s)) {
    const codigo = s.padStart(s.length <= 2 ? 2 : s.length <= 4 ? 4 : 6, '0');
    return existeUbigeo(codigo) ? { codigo } : { error: `El código de ubigeo ${codigo} no existe. ${AYUDA_UBIGEO}` };
  }
  const partes = s
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean);
  const [a = '', b, d] = partes;
  let candidatos: { codigo: string }[] = [];
  if (partes.length === 1) {
    const dep = buscarDepartamento(a);
    candidatos = dep ? [dep] : buscarProvincias(a);
    if (candidatos.length === 0) candidatos = buscarDistritos(a);
  } else if (partes.length === 2 && b) {
    candidatos = buscarProvincias(b, a);
    if (candidatos.length === 0) candidatos = buscarDistritos(b, null, a);
  } else if (partes.length === 3 && b && d) {
    candidatos = buscarDistritos(d, b, a);
  }
  const [unico, ...otros] = candidatos;
  if (unico && otros.length === 0) return { codigo: unico.codigo };
  if (unico) return { error: `"${s}" corresponde a más de un lugar del Perú. ${AYUDA_UBIGEO}` };
  return { error: `No se encontró el ubigeo "${s}". ${AYUDA_UBIGEO}` };
}

/** `equipos_seriales`: serials separated by | (or line breaks inside the cell). */
export function listaCelda(c: Celda | undefined): string[] {
  const s = textoCelda(c);
  if (s === undefined) return [];
  return s
    .split(/[|\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
}
