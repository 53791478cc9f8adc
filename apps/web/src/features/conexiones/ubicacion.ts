interface UbicacionEnlace {
  locacion: string | null;
  distrito_enlace: string | null;
  provincia_enlace: string | null;
}

/**
 * Where a link is, for the list: the district and province from the ubigeo fields (what an operator
 * filters by) and then the free-text locación, which may say anything or nothing.
 */
export function ubicacionEnlace(c: UbicacionEnlace): string | null {
  const lugar = [c.distrito_enlace, c.provincia_enlace]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(', ');
  const locacion = c.locacion?.trim();
  return [lugar, locacion].filter(Boolean).join(' · ') || null;
}
