/** SpreadsheetML text helpers shared by the XLSX writer and reader. */

const ESPECIALES = /[&<>"]/;
// Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/U+FFFF): Excel writes them as _xHHHH_.
const INVALIDOS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// A literal "_x0041_" in the data must survive the round trip, so its underscore is escaped too.
const ESCAPE_LITERAL = /_(x[0-9A-Fa-f]{4}_)/g;

const hex4 = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

export function escaparXml(s: string): string {
  let out = s;
  if (out.includes('_x')) out = out.replace(ESCAPE_LITERAL, '_x005F_$1');
  INVALIDOS.lastIndex = 0;
  if (INVALIDOS.test(out)) {
    INVALIDOS.lastIndex = 0;
    out = out.replace(INVALIDOS, (c) => `_x${hex4(c)}_`);
  }
  if (!ESPECIALES.test(out)) return out;
  return out.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** Inverse of the `_xHHHH_` escape (entities are decoded by the XML reader). */
export function desescaparOoxml(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

const ENTIDADES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodificarEntidades(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9A-Fa-f]+|#\d+|amp|lt|gt|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return ENTIDADES[e] ?? m;
    const cp = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function letraColumna(indice: number): string {
  let n = indice + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "AB12" → 27 (0-based column); -1 when the reference has no letters. */
export function indiceColumna(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    const mayus = c >= 65 && c <= 90 ? c : c >= 97 && c <= 122 ? c - 32 : 0;
    if (!mayus) break;
    n = n * 26 + (mayus - 64);
  }
  return i === 0 ? -1 : n - 1;
}
