export type Validacion = { ok: true } | { ok: false; message: string };

const OK: Validacion = { ok: true };
const falla = (message: string): Validacion => ({ ok: false, message });

// --- RUC (SUNAT) -------------------------------------------------------------------------------

/** Persona natural (10), no domiciliados / otros (15, 16, 17) and personas jurídicas (20). */
export const RUC_PREFIJOS = ['10', '15', '16', '17', '20'] as const;
const RUC_PESOS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** SUNAT's modulo-11 check digit for the first ten digits of a RUC. */
export function digitoVerificadorRuc(primeros10: string): number {
  let suma = 0;
  for (let i = 0; i < 10; i++) {
    suma += Number(primeros10[i]) * (RUC_PESOS[i] ?? 0);
  }
  const resto = 11 - (suma % 11);
  // 10 and 11 cannot be a single digit; SUNAT folds them to 0 and 1.
  return resto === 10 ? 0 : resto === 11 ? 1 : resto;
}

export function validarRuc(s: string): Validacion {
  if (typeof s !== 'string' || !/^\d{11}$/.test(s)) return falla('El RUC debe tener 11 dígitos.');
  if (!(RUC_PREFIJOS as readonly string[]).includes(s.slice(0, 2))) {
    return falla('El RUC debe empezar con 10, 15, 16, 17 o 20.');
  }
  if (digitoVerificadorRuc(s) !== Number(s[10])) return falla('El dígito verificador del RUC no es válido.');
  return OK;
}

export const esRucValido = (s: string): boolean => validarRuc(s).ok;

// --- IPv4 CIDR ---------------------------------------------------------------------------------

const OCTETO = /^(?:0|[1-9]\d{0,2})$/;
const PREFIJO = /^(?:0|[1-9]\d?)$/;

/**
 * Host bits are allowed ("192.168.1.1/24" is the spec's own example): the field records the
 * address handed to the client together with its mask, not only the network.
 */
export function validarCidrIPv4(s: string): Validacion {
  const formato = 'La asignación IP debe tener el formato a.b.c.d/n (por ejemplo 192.168.1.1/24).';
  if (typeof s !== 'string') return falla(formato);
  const partes = s.trim().split('/');
  if (partes.length !== 2) return falla(formato);
  const [ip = '', prefijo = ''] = partes;
  const octetos = ip.split('.');
  if (octetos.length !== 4 || !octetos.every((o) => OCTETO.test(o))) return falla(formato);
  if (!octetos.every((o) => Number(o) <= 255)) return falla('Cada octeto de la dirección IP debe estar entre 0 y 255.');
  if (!PREFIJO.test(prefijo) || Number(prefijo) > 32) return falla('El prefijo de la red debe estar entre 0 y 32.');
  return OK;
}

export const esCidrIPv4Valido = (s: string): boolean => validarCidrIPv4(s).ok;

// --- Mbps --------------------------------------------------------------------------------------

export const MBPS_MAX = 10_000_000;
export const MBPS_DECIMALES = 3;

/**
 * True when `n` has at most 3 decimals. Compares n×1000 with its nearest integer using a tolerance
 * of a few ulps, because 0.1 + 0.2 or 1.005 are not exact in binary yet are what the user typed.
 */
export function tieneMax3Decimales(n: number): boolean {
  if (!Number.isFinite(n)) return false;
  const escalado = Math.abs(n) * 1000;
  const tolerancia = Math.max(1e-9, escalado * 8 * Number.EPSILON);
  return Math.abs(escalado - Math.round(escalado)) <= tolerancia;
}

export function validarMbps(n: unknown): Validacion {
  if (typeof n !== 'number' || Number.isNaN(n)) return falla('Debe ser un número.');
  if (!Number.isFinite(n)) return falla('Debe ser un número finito.');
  if (n < 0) return falla('No puede ser negativo.');
  if (!tieneMax3Decimales(n)) return falla('Admite como máximo 3 decimales.');
  if (n > MBPS_MAX) return falla(`No puede superar ${formatearNumero(MBPS_MAX)} Mbps.`);
  return OK;
}

export const esMbpsValido = (n: unknown): boolean => validarMbps(n).ok;

/**
 * Rounds to 3 decimals, half away from zero, as the decimal was written: 1.0005 becomes 1.001 even
 * though 1.0005 × 1000 is 1000.4999… in binary. Never returns -0, so results compare equal to 0.
 */
export function redondearMbps(n: number): number {
  if (!Number.isFinite(n)) return n;
  const escalado = Math.abs(n) * 1000;
  const r = Math.round(escalado * (1 + 4 * Number.EPSILON)) / 1000;
  const out = n < 0 ? -r : r;
  return out === 0 ? 0 : out;
}

const FORMATO_NUMERO = new Intl.NumberFormat('es-PE', { maximumFractionDigits: MBPS_DECIMALES });

/** es-PE formatting (1,500.25) used in every user-facing message, so server and SPA say the same. */
export function formatearNumero(n: number): string {
  return FORMATO_NUMERO.format(n);
}

export function formatearMbps(n: number): string {
  return `${formatearNumero(redondearMbps(n))} Mbps`;
}
