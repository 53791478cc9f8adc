import type { NivelAlerta } from '../enums.js';
import { DomainError } from '../errors.js';
import { formatearNumero, MBPS_MAX, redondearMbps } from '../validators.js';

const r = redondearMbps;

/** `capacidad_disponible = capacidad_comprada − capacidad_vendida`; negative means oversold. */
export function disponible(comprada: number, vendida: number): number {
  return r(comprada - vendida);
}

/** `bw_disponible = bw_contratado − bw_utilizado`. */
export function bwDisponible(contratado: number, utilizado: number): number {
  return r(contratado - utilizado);
}

/** Usage as a percentage of what was bought; a service with nothing bought reports 0, not NaN. */
export function porcentajeUso(utilizada: number, comprada: number): number {
  if (!(comprada > 0)) return 0;
  return r((utilizada / comprada) * 100);
}

export const UMBRAL_ALERTA_ALTO = 75;
export const UMBRAL_ALERTA_CRITICO = 90;

/** Strictly above the thresholds, as the spec words it ("exceeds 75 %"). */
export function nivelAlerta(pct: number): NivelAlerta {
  if (pct > UMBRAL_ALERTA_CRITICO) return 'CRITICO';
  if (pct > UMBRAL_ALERTA_ALTO) return 'ALTO';
  return 'NORMAL';
}

/**
 * Refuses any change that would leave `capacidad_vendida` below zero (PRODUCT: 422, nothing
 * changes). Returns the resulting vendida so callers write exactly what was checked.
 */
export function validarVendidaNoNegativa(vendidaActual: number, delta: number): number {
  const resultante = r(vendidaActual + delta);
  if (resultante < 0) {
    throw new DomainError(
      'REGLA_NEGOCIO',
      `No se puede devolver ${formatearNumero(r(-delta))} Mbps: el servicio solo tiene ${formatearNumero(r(vendidaActual))} Mbps vendidos.`,
    );
  }
  return resultante;
}

/**
 * DISMINUIR below 0 Mbps is always refused (422), whatever the oversubscription policy; so is
 * AUMENTAR past the largest bandwidth a connection may have (the same maximum the forms enforce).
 */
export function validarBwNoNegativo(bwActual: number, delta: number): number {
  const resultante = r(bwActual + delta);
  if (resultante < 0) {
    throw new DomainError(
      'REGLA_NEGOCIO',
      `No se puede disminuir ${formatearNumero(r(-delta))} Mbps: el enlace solo tiene ${formatearNumero(r(bwActual))} Mbps contratados.`,
      [{ path: 'mbps', message: `El enlace solo tiene ${formatearNumero(r(bwActual))} Mbps contratados.` }],
    );
  }
  if (resultante > MBPS_MAX) {
    const message = `El BW resultante (${formatearNumero(resultante)} Mbps) supera el máximo de ${formatearNumero(MBPS_MAX)} Mbps.`;
    throw new DomainError('REGLA_NEGOCIO', message, [{ path: 'mbps', message }]);
  }
  return resultante;
}
