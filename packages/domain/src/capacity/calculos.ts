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

/** `actual + delta`, rounded; below zero throws `rechazo(amount taken, amount there)`, both formatted. */
function sumaNoNegativa(actual: number, delta: number, rechazo: (quitar: string, hay: string) => DomainError): number {
  const resultante = r(actual + delta);
  if (resultante < 0) throw rechazo(formatearNumero(r(-delta)), formatearNumero(r(actual)));
  return resultante;
}

/**
 * Refuses any change that would leave `capacidad_vendida` below zero (PRODUCT: 422, nothing
 * changes). Returns the resulting vendida so callers write exactly what was checked.
 */
export function validarVendidaNoNegativa(vendidaActual: number, delta: number): number {
  return sumaNoNegativa(vendidaActual, delta, (quitar, hay) => {
    const message = `No se puede devolver ${quitar} Mbps: el servicio solo tiene ${hay} Mbps vendidos.`;
    return new DomainError('REGLA_NEGOCIO', message);
  });
}

/**
 * DISMINUIR below 0 Mbps is always refused (422), whatever the oversubscription policy; so is
 * AUMENTAR past the largest bandwidth a connection may have (the same maximum the forms enforce).
 */
export function validarBwNoNegativo(bwActual: number, delta: number): number {
  const resultante = sumaNoNegativa(bwActual, delta, (quitar, hay) => {
    const message = `No se puede disminuir ${quitar} Mbps: el enlace solo tiene ${hay} Mbps contratados.`;
    return new DomainError('REGLA_NEGOCIO', message, [
      { path: 'mbps', message: `El enlace solo tiene ${hay} Mbps contratados.` },
    ]);
  });
  if (resultante > MBPS_MAX) {
    const message = `El BW resultante (${formatearNumero(resultante)} Mbps) supera el máximo de ${formatearNumero(MBPS_MAX)} Mbps.`;
    throw new DomainError('REGLA_NEGOCIO', message, [{ path: 'mbps', message }]);
  }
  return resultante;
}
