// Module resolution hook (see sin-historial.mjs): services/cambios/registrar.ts → the no-op twin.
const gemelo = new URL('./sin-historial-registrar.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.endsWith('/services/cambios/registrar.ts')) return { ...r, url: gemelo };
  return r;
}
