import { departamentos, provincias } from '@troncal/domain/ubigeo';
import { describe, expect, it } from 'vitest';
import { formatFecha, formatFechaHora, formatMbps, formatNumber, SIN_DATO } from '../src/lib/format';
import { buscarUbigeo, normalizarTexto } from '../src/lib/ubigeo';

const esPE = (n: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat('es-PE', options).format(n);

describe('format', () => {
  it('formats numbers and bandwidth the es-PE way, up to 3 decimals', () => {
    expect(formatNumber(1234.5)).toBe(esPE(1234.5));
    expect(formatMbps(1234.5)).toBe(`${esPE(1234.5)} Mbps`);
    expect(formatMbps('10000000')).toBe(`${esPE(10_000_000)} Mbps`);
    expect(formatMbps(0.0015)).toBe(`${esPE(0.002)} Mbps`);
  });

  it('shows a dash for missing or non-numeric values', () => {
    for (const v of [null, undefined, '', 'abc', Number.NaN]) {
      expect(formatMbps(v as never)).toBe(SIN_DATO);
      expect(formatNumber(v as never)).toBe(SIN_DATO);
    }
  });

  it('shows instants in Lima time and bare dates as the same calendar day', () => {
    // 03:00 UTC on the 15th is 22:00 of the 14th in Lima (UTC-5).
    expect(formatFecha('2025-01-15T03:00:00Z')).toBe('14/01/2025');
    expect(formatFecha('2025-01-15')).toBe('15/01/2025');
    expect(formatFechaHora('2025-01-15')).toBe('15/01/2025');
    expect(formatFechaHora('2025-01-15T15:30:00Z')).toMatch(/^15\/01\/2025.*10:30/);
    expect(formatFecha('no es fecha')).toBe(SIN_DATO);
    expect(formatFecha(null)).toBe(SIN_DATO);
  });
});

describe('ubigeo helpers (domain resolved from source via the @troncal/source condition)', () => {
  it('finds items by code or by name without accents', () => {
    const deps = departamentos();
    expect(deps).toHaveLength(25);
    expect(buscarUbigeo(deps, '15')?.nombre).toBe('Lima');
    expect(buscarUbigeo(deps, 'LIMA')?.codigo).toBe('15');
    const lima = provincias('15');
    expect(lima).toHaveLength(10);
    expect(buscarUbigeo(lima, 'canete')?.codigo).toBe('1505');
    expect(normalizarTexto('  Áncash ')).toBe('ancash');
  });
});
