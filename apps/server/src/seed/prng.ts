/**
 * A small seeded PRNG (mulberry32), so `db:seed` produces the same data for the same seed on every
 * machine and every run. Not for anything secret.
 */
export interface Azar {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  entero(min: number, max: number): number;
  /** Uniform in [min, max). */
  real(min: number, max: number): number;
  /** True with probability p. */
  si(p: number): boolean;
  elegir<T>(lista: readonly T[]): T;
  /** Picks by weight: `[[valor, peso], …]`. */
  ponderado<T>(opciones: readonly (readonly [T, number])[]): T;
  barajar<T>(lista: T[]): T[];
}

export function crearAzar(semilla: number): Azar {
  let a = semilla >>> 0 || 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const entero = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    entero,
    real: (min, max) => min + next() * (max - min),
    si: (p) => next() < p,
    elegir: <T>(lista: readonly T[]) => {
      if (lista.length === 0) throw new Error('elegir: lista vacía');
      return lista[Math.floor(next() * lista.length)] as T;
    },
    ponderado: <T>(opciones: readonly (readonly [T, number])[]) => {
      const total = opciones.reduce((s, [, p]) => s + p, 0);
      let r = next() * total;
      for (const [v, p] of opciones) {
        r -= p;
        if (r < 0) return v;
      }
      return opciones[opciones.length - 1]![0];
    },
    barajar: <T>(lista: T[]) => {
      for (let i = lista.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [lista[i], lista[j]] = [lista[j]!, lista[i]!];
      }
      return lista;
    },
  };
}

/** A picker over cumulative weights (binary search): O(log n) per draw for large lists. */
export function crearSelectorPonderado(pesos: ArrayLike<number>): (u: number) => number {
  const acumulado = new Float64Array(pesos.length);
  let total = 0;
  for (let i = 0; i < pesos.length; i++) {
    total += pesos[i] ?? 0;
    acumulado[i] = total;
  }
  return (u: number) => {
    const objetivo = u * total;
    let lo = 0;
    let hi = acumulado.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((acumulado[mid] ?? 0) > objetivo) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
