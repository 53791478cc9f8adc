// The no-op twin of apps/server/src/services/cambios/registrar.ts for the benchmark's "without
// history" figure: same exports, nothing written. actorDe answers undefined, so the capacity
// movement's statement (capacidad/libro.ts) leaves out its history CTE too.
export const actorDe = (): undefined => undefined;
export async function registrarCambio(): Promise<[]> {
  return [];
}
export async function registrarCreaciones(): Promise<void> {}
