/**
 * CSV/formula injection: Excel and LibreOffice evaluate a cell that starts with one of these as a
 * formula (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`, `@SUM(...)`), and a tab or CR at the start lets
 * an attacker hide the trigger. OWASP's advice is a leading apostrophe, which the spreadsheet shows
 * as text and does not evaluate.
 */
const DISPARADORES = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Only text is neutralised: numbers are written as numbers, so -5 stays a number. */
export function neutralizarTexto(s: string): string {
  return s.length > 0 && DISPARADORES.has(s[0] as string) ? `'${s}` : s;
}

/**
 * The inverse, applied when a file is read back: an apostrophe followed by a trigger is ours (or
 * Excel's), so `'=SUMA(A1)` imports as `=SUMA(A1)` and export → import → export gives the same file.
 */
export function desneutralizarTexto(s: string): string {
  return s.length > 1 && s[0] === "'" && DISPARADORES.has(s[1] as string) ? s.slice(1) : s;
}

export const esTextoPeligroso = (s: string): boolean => s.length > 0 && DISPARADORES.has(s[0] as string);
