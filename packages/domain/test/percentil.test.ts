import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agregadosHorarios,
  agruparMuestras5Min,
  bpsAMbps,
  type Muestra5Min,
  maxDirecciones,
  type PuntoTrafico,
  p95DesdeAgregados,
  percentil,
  percentil95,
  rangoPercentil,
  resumenEnMbps,
  resumirPuntos,
  resumirUso,
} from '../src/capacity/index.js';

const T0 = 1_700_000_000 - (1_700_000_000 % 3600); // an hour boundary

/** Carriers' wording of the same rule: drop the top 5 % (rounded down), keep the highest left. */
function p95Facturacion(valores: number[]): number | null {
  if (valores.length === 0) return null;
  const orden = [...valores].sort((a, b) => a - b);
  const descartadas = Math.floor(valores.length * 0.05 + 1e-9);
  return orden[orden.length - descartadas - 1] as number;
}

const bps = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000_000 }),
  fc.double({ min: 0, max: 1e11, noNaN: true, noDefaultInfinity: true }),
);

describe('percentil (nearest-rank)', () => {
  it('24 h of samples 1..288: drops the 14 highest, answers the 274th', () => {
    const valores = Array.from({ length: 288 }, (_, i) => 288 - i); // descending on purpose
    expect(rangoPercentil(288)).toBe(274);
    expect(percentil95(valores)).toBe(274);
    expect(valores[0]).toBe(288); // input not mutated
  });

  it('a 30-day month (8,640 samples) drops 432', () => {
    expect(rangoPercentil(8640)).toBe(8208);
  });

  it('small windows: 20 samples drop 1, 19 samples or fewer drop none (p95 = max)', () => {
    const veinte = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentil95(veinte)).toBe(19);
    expect(percentil95(veinte.slice(0, 19))).toBe(19);
    expect(percentil95([7])).toBe(7);
    expect(percentil95([])).toBeNull();
  });

  it('other percentiles and bad arguments', () => {
    expect(percentil([1, 2, 3, 4], 50)).toBe(2);
    expect(percentil([1, 2, 3, 4], 100)).toBe(4);
    expect(() => percentil([1], 95.5)).toThrow(RangeError);
    expect(() => percentil([1], 0)).toThrow(RangeError);
  });

  it('property: equals the billing wording and is a measured value', () => {
    fc.assert(
      fc.property(fc.array(bps, { minLength: 0, maxLength: 700 }), (valores) => {
        const p = percentil95(valores);
        expect(p).toBe(p95Facturacion(valores));
        if (p === null) return;
        expect(valores).toContain(p);
        const r = rangoPercentil(valores.length);
        expect(valores.filter((v) => v <= p).length).toBeGreaterThanOrEqual(r);
        expect(valores.filter((v) => v < p).length).toBeLessThan(r);
      }),
    );
  });
});

describe('5-minute samples', () => {
  it('buckets by [k·300, k·300+300), averages each direction, keeps the busier one', () => {
    const puntos: PuntoTrafico[] = [
      { t: T0 + 10, entrada_bps: 100, salida_bps: 50 },
      { t: T0 + 299, entrada_bps: 300, salida_bps: 450 },
      { t: T0 + 300, entrada_bps: 10, salida_bps: null },
      { t: T0 + 400, entrada_bps: null, salida_bps: Number.NaN },
      { t: T0 + 900, entrada_bps: -5, salida_bps: 8 }, // a negative rate is a counter wrap, not traffic
    ];
    expect(agruparMuestras5Min(puntos)).toEqual([
      { t: T0, entrada_bps: 200, salida_bps: 250, bps: 250 },
      { t: T0 + 300, entrada_bps: 10, salida_bps: null, bps: 10 },
      { t: T0 + 900, entrada_bps: null, salida_bps: 8, bps: 8 },
    ]);
  });

  it('maxDirecciones ignores missing sides', () => {
    expect(maxDirecciones(3, 9)).toBe(9);
    expect(maxDirecciones(null, 9)).toBe(9);
    expect(maxDirecciones(3, null)).toBe(3);
    expect(maxDirecciones(null, null)).toBeNull();
  });

  const punto = fc.record({
    t: fc.integer({ min: T0, max: T0 + 86_400 * 2 }),
    entrada_bps: fc.option(fc.integer({ min: 0, max: 1e10 }), { nil: null }),
    salida_bps: fc.option(fc.integer({ min: 0, max: 1e10 }), { nil: null }),
  });

  it('property: aligned, sorted, order-independent, bps = max of the averages', () => {
    fc.assert(
      fc.property(fc.array(punto, { maxLength: 300 }), (puntos) => {
        const muestras = agruparMuestras5Min(puntos);
        const inverso = agruparMuestras5Min([...puntos].reverse());
        expect(inverso.map((m) => [m.t, m.bps])).toEqual(muestras.map((m) => [m.t, m.bps]));
        for (let i = 0; i < muestras.length; i++) {
          const m = muestras[i] as Muestra5Min;
          expect(m.t % 300).toBe(0);
          if (i > 0) expect(m.t).toBeGreaterThan((muestras[i - 1] as Muestra5Min).t);
          expect(m.bps).toBe(maxDirecciones(m.entrada_bps, m.salida_bps));
          const dentro = puntos.filter((p) => p.t >= m.t && p.t < m.t + 300);
          const e = dentro.flatMap((p) => (p.entrada_bps === null ? [] : [p.entrada_bps]));
          if (e.length) expect(m.entrada_bps).toBeCloseTo(e.reduce((a, b) => a + b, 0) / e.length, 3);
          else expect(m.entrada_bps).toBeNull();
        }
        const conLectura = new Set(
          puntos.filter((p) => p.entrada_bps !== null || p.salida_bps !== null).map((p) => Math.floor(p.t / 300)),
        );
        expect(muestras.length).toBe(conLectura.size);
      }),
    );
  });
});

describe('summaries and Mbps', () => {
  it('bps → Mbps with 3 decimals', () => {
    expect(bpsAMbps(1_234_567_891)).toBe(1234.568);
    expect(bpsAMbps(999)).toBe(0.001);
    expect(bpsAMbps(499)).toBe(0);
    expect(bpsAMbps(10_000_000_000_000)).toBe(10_000_000);
  });

  it('p95/max/average over max(entrada, salida); empty windows say null, not 0', () => {
    const puntos: PuntoTrafico[] = Array.from({ length: 40 }, (_, i) => ({
      t: T0 + i * 300,
      entrada_bps: (i + 1) * 1_000_000,
      salida_bps: i === 39 ? 500_000_000 : 1_000,
    }));
    const r = resumirPuntos(puntos);
    // 40 samples: drop the 2 highest (500 M and 39 M), keep 38 M.
    expect(r).toEqual({ n: 40, p95_bps: 38_000_000, max_bps: 500_000_000, promedio_bps: 32_000_000 });
    expect(resumenEnMbps(r)).toEqual({ n: 40, p95_mbps: 38, max_mbps: 500, promedio_mbps: 32 });
    expect(resumirUso([])).toEqual({ n: 0, p95_bps: null, max_bps: null, promedio_bps: null });
  });
});

/** Hours of 1..12 samples, values with ties and zeros (idle links) on purpose. */
const horas = fc.array(
  fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 1e10 })), {
    minLength: 1,
    maxLength: 12,
  }),
  { minLength: 1, maxLength: 60 },
);

function muestrasDeHoras(valoresPorHora: number[][]): Muestra5Min[] {
  return valoresPorHora.flatMap((valores, h) =>
    valores.map((v, i) => ({ t: T0 + h * 3600 + i * 300, entrada_bps: v, salida_bps: v / 2, bps: v })),
  );
}

describe('hourly aggregates', () => {
  it('one row per UTC hour with n, p95, max, avg and per-direction figures', () => {
    const muestras = muestrasDeHoras([[10, 20, 30], [5]]);
    expect(agregadosHorarios(muestras)).toEqual([
      {
        hora: T0,
        n: 3,
        p95_bps: 30,
        max_bps: 30,
        avg_bps: 20,
        entrada_avg_bps: 20,
        entrada_max_bps: 30,
        salida_avg_bps: 10,
        salida_max_bps: 15,
      },
      {
        hora: T0 + 3600,
        n: 1,
        p95_bps: 5,
        max_bps: 5,
        avg_bps: 5,
        entrada_avg_bps: 5,
        entrada_max_bps: 5,
        salida_avg_bps: 2.5,
        salida_max_bps: 2.5,
      },
    ]);
  });

  it('property: the window p95 from aggregates brackets the true p95; exact with the samples kept', () => {
    fc.assert(
      fc.property(horas, (valoresPorHora) => {
        const muestras = muestrasDeHoras(valoresPorHora);
        const verdadero = percentil95(muestras.map((m) => m.bps)) as number;
        const cotas = p95DesdeAgregados(agregadosHorarios(muestras));
        expect(cotas.n).toBe(muestras.length);
        expect(cotas.exacto).toBe(false);
        expect(cotas.p95_min_bps as number).toBeLessThanOrEqual(verdadero);
        expect(cotas.p95_max_bps as number).toBeGreaterThanOrEqual(verdadero);
        const exacto = p95DesdeAgregados(agregadosHorarios(muestras, { conMuestras: true }));
        expect(exacto).toEqual({ n: muestras.length, p95_min_bps: verdadero, p95_max_bps: verdadero, exacto: true });
      }),
      { numRuns: 300 },
    );
  });

  it('on a smooth daily curve the bounds are tight enough to alarm on', () => {
    // 24 h, 5-minute samples of a diurnal curve peaking at 900 Mbps around 20:00.
    const muestras: Muestra5Min[] = Array.from({ length: 288 }, (_, i) => {
      const horaDia = (i * 5) / 60;
      const v = 1e6 * (500 + 400 * Math.cos(((horaDia - 20) / 24) * 2 * Math.PI));
      return { t: T0 + i * 300, entrada_bps: v, salida_bps: v / 3, bps: v };
    });
    const verdadero = percentil95(muestras.map((m) => m.bps)) as number;
    const { p95_min_bps, p95_max_bps } = p95DesdeAgregados(agregadosHorarios(muestras));
    expect(p95_min_bps as number).toBeLessThanOrEqual(verdadero);
    expect(p95_max_bps as number).toBeGreaterThanOrEqual(verdadero);
    // Within 1 % of the true value on each side.
    expect((p95_max_bps as number) / verdadero).toBeLessThan(1.01);
    expect((p95_min_bps as number) / verdadero).toBeGreaterThan(0.99);
  });

  it('no samples → nulls', () => {
    expect(p95DesdeAgregados([])).toEqual({ n: 0, p95_min_bps: null, p95_max_bps: null, exacto: true });
  });
});
