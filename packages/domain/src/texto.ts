/**
 * Text comparison shared by the vocabulary parsers and the ubigeo lookups: operators type "Límá",
 * "lima " or "LIMA" and all of them must land on the same record.
 */
export function normalizar(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, ' ');
}

/** Looser key for vocabularies: "Fibra_Oscura", "fibra-oscura" and "IP VPN" must still match. */
export function claveCompacta(s: string): string {
  return normalizar(s).replace(/[\s_\-.]+/g, '');
}
