import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  digitoVerificadorRuc,
  esRucValido,
  formatearMbps,
  MBPS_MAX,
  redondearMbps,
  tieneMax3Decimales,
  validarCidrIPv4,
  validarMbps,
  validarRuc,
} from '../src/validators.js';

describe('validarRuc', () => {
  it('accepts real RUCs', () => {
    // SUNAT itself, and a persona natural built with the same algorithm.
    expect(validarRuc('20131312955')).toEqual({ ok: true });
    const base = '1045678901';
    expect(esRucValido(`${base}${digitoVerificadorRuc(base)}`)).toBe(true);
  });

  it('explains what is wrong, in Spanish', () => {
    expect(validarRuc('2013131295')).toEqual({ ok: false, message: 'El RUC debe tener 11 dígitos.' });
    expect(validarRuc('2013131295a')).toEqual({ ok: false, message: 'El RUC debe tener 11 dígitos.' });
    expect(validarRuc('201313129555')).toEqual({ ok: false, message: 'El RUC debe tener 11 dígitos.' });
    expect(validarRuc('30131312955')).toEqual({ ok: false, message: 'El RUC debe empezar con 10, 15, 16, 17 o 20.' });
    expect(validarRuc('20131312954')).toEqual({ ok: false, message: 'El dígito verificador del RUC no es válido.' });
  });

  it('folds remainders 10 and 11 into 0 and 1', () => {
    const conResto = (r: number) =>
      fc.sample(fc.stringMatching(/^20\d{8}$/), 5000).find((s) => {
        let suma = 0;
        [5, 4, 3, 2, 7, 6, 5, 4, 3, 2].forEach((w, i) => {
          suma += Number(s[i]) * w;
        });
        return 11 - (suma % 11) === r;
      });
    const diez = conResto(10);
    const once = conResto(11);
    expect(diez && digitoVerificadorRuc(diez)).toBe(0);
    expect(once && digitoVerificadorRuc(once)).toBe(1);
  });

  it('exactly one check digit is valid for any prefix', () => {
    fc.assert(
      fc.property(fc.constantFrom('10', '15', '16', '17', '20'), fc.stringMatching(/^\d{8}$/), (p, resto) => {
        const validos = [...'0123456789'].filter((d) => esRucValido(`${p}${resto}${d}`));
        expect(validos).toHaveLength(1);
      }),
    );
  });
});

describe('validarCidrIPv4', () => {
  it.each(['192.168.1.1/24', '10.0.0.0/8', '0.0.0.0/0', '255.255.255.255/32', '100.64.0.1/10'])('accepts %s', (s) => {
    expect(validarCidrIPv4(s)).toEqual({ ok: true });
  });

  it.each([
    '192.168.1.1',
    '192.168.1/24',
    '192.168.1.1/33',
    '256.1.1.1/24',
    '192.168.01.1/24',
    '192.168.1.1/024',
    '192.168.1.1/',
    '/24',
    'a.b.c.d/8',
    '1.2.3.4/8/8',
    '',
  ])('rejects %s', (s) => {
    const r = validarCidrIPv4(s);
    expect(r.ok).toBe(false);
  });

  it('says which part is wrong', () => {
    expect(validarCidrIPv4('300.1.1.1/24')).toEqual({
      ok: false,
      message: 'Cada octeto de la dirección IP debe estar entre 0 y 255.',
    });
    expect(validarCidrIPv4('10.0.0.1/40')).toEqual({
      ok: false,
      message: 'El prefijo de la red debe estar entre 0 y 32.',
    });
  });
});

describe('validarMbps', () => {
  it('accepts finite values with up to 3 decimals in range', () => {
    for (const n of [0, 1, 500, 0.5, 100.125, 0.1 + 0.2, 1.005, MBPS_MAX, 9_999_999.999]) {
      expect(validarMbps(n), String(n)).toEqual({ ok: true });
    }
  });

  it('rejects the rest with Spanish messages', () => {
    expect(validarMbps('500')).toEqual({ ok: false, message: 'Debe ser un número.' });
    expect(validarMbps(Number.NaN)).toEqual({ ok: false, message: 'Debe ser un número.' });
    expect(validarMbps(Number.POSITIVE_INFINITY)).toEqual({ ok: false, message: 'Debe ser un número finito.' });
    expect(validarMbps(-1)).toEqual({ ok: false, message: 'No puede ser negativo.' });
    expect(validarMbps(0.0001)).toEqual({ ok: false, message: 'Admite como máximo 3 decimales.' });
    expect(validarMbps(1.2345)).toEqual({ ok: false, message: 'Admite como máximo 3 decimales.' });
    expect(validarMbps(MBPS_MAX + 0.001)).toEqual({ ok: false, message: 'No puede superar 10,000,000 Mbps.' });
  });

  it('accepts every k/1000 in range (no float false negatives)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MBPS_MAX * 1000 }), (k) => {
        expect(validarMbps(k / 1000).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a 4th decimal anywhere in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MBPS_MAX * 1000 - 1 }), fc.integer({ min: 1, max: 9 }), (k, d) => {
        expect(tieneMax3Decimales((k * 10 + d) / 10_000)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('redondearMbps', () => {
  it('rounds half away from zero as written, never -0', () => {
    expect(redondearMbps(1.0005)).toBe(1.001);
    expect(redondearMbps(0.1 + 0.2)).toBe(0.3);
    expect(redondearMbps(-1.0005)).toBe(-1.001);
    expect(redondearMbps(2.0004)).toBe(2);
    expect(Object.is(redondearMbps(-0.0001), 0)).toBe(true);
  });

  it('is stable and yields valid Mbps', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: MBPS_MAX, noNaN: true }), (x) => {
        const r = redondearMbps(x);
        expect(redondearMbps(r)).toBe(r);
        expect(validarMbps(r).ok).toBe(true);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.0005 + 1e-9);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves 3-decimal values untouched', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MBPS_MAX * 1000, max: MBPS_MAX * 1000 }), (k) => {
        expect(redondearMbps(k / 1000)).toBe(k / 1000 || 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatearMbps', () => {
  it('formats for es-PE', () => {
    expect(formatearMbps(1500.25)).toBe('1,500.25 Mbps');
  });
});
