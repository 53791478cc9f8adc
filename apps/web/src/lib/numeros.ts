import { MBPS_MAX, validarMbps } from '@troncal/domain/validators';

/** What a Mantine NumberInput holds: a number, '' when empty, or the text when it is not one yet ("-", "1e"). */
export type ValorNumero = number | string;

export const OBLIGATORIO = 'Este campo es obligatorio.';
export const MAYOR_QUE_CERO = 'Debe ser mayor que 0.';

/**
 * Mbps inputs show exactly what was typed (no silent "-100" → 100 or "0.0005" → 0): these props
 * turn off Mantine's rewriting (dropping the minus, cutting decimals, clamping on blur), and
 * `errorMbps` refuses what the server would refuse, with the domain's own Spanish messages.
 */
export const PROPS_NUMERO_HONESTO = {
  allowNegative: true,
  clampBehavior: 'none',
  thousandSeparator: ',',
  decimalSeparator: '.',
} as const;

/** The typed value as a number: NaN for anything that is not one, null when empty. */
export function aNumero(valor: ValorNumero): number | null {
  if (typeof valor === 'number') return valor;
  const limpio = valor.trim().replace(/,/g, '');
  if (limpio === '') return null;
  return /^-?(\d+\.?\d*|\.\d+)$/.test(limpio) ? Number(limpio) : Number.NaN;
}

/**
 * The field error for a Mbps value, or null when it is acceptable: ≥ 0 (> 0 with `positivo`), at
 * most 3 decimals, at most 10,000,000. Empty is an error only when `requerido`.
 */
export function errorMbps(
  valor: ValorNumero,
  { positivo = false, requerido = false }: { positivo?: boolean; requerido?: boolean } = {},
): string | null {
  const n = aNumero(valor);
  if (n === null) return requerido ? OBLIGATORIO : null;
  const v = validarMbps(n);
  if (!v.ok) return v.message;
  if (positivo && n === 0) return MAYOR_QUE_CERO;
  return null;
}

/** The error when `resultante` (e.g. BW after an increase) would pass the 10,000,000 Mbps ceiling. */
export function errorTope(resultante: number, que: string): string | null {
  return resultante > MBPS_MAX
    ? `${que} quedaría en ${new Intl.NumberFormat('es-PE', { maximumFractionDigits: 3 }).format(resultante)} Mbps: el máximo es ${new Intl.NumberFormat('es-PE').format(MBPS_MAX)} Mbps.`
    : null;
}
