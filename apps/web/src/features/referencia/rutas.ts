/** The `:id` of a detail or edit route as a positive integer, or null when it is not one. */
export function idDeRuta(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const n = Number(raw);
  return n > 0 && n <= 2_147_483_647 ? n : null;
}
