import { redondearMbps } from '@troncal/domain/validators';
import { aNumero, type ValorNumero } from '../../lib/numeros';

export interface SobreventaComprada {
  vendida: number;
  disponibleActual: number;
  disponibleResultante: number;
  /** True when the edit changes comprada or the oversale limit (what the server re-checks). */
  cambia: boolean;
  /** Mbps sold beyond the new comprada when the edit leaves the service oversold; 0 otherwise. */
  exceso: number;
}

/**
 * The preview of a service edit: what lowering "Capacidad comprada" (or changing the oversale
 * limit) does to disponible. Mirrors the server's rule: an edit that leaves vendida above comprada
 * and touches either figure is an oversale to confirm; an untouched, already oversold service is not.
 */
export function sobreventaPorComprada(
  actual: { capacidad_comprada: number; capacidad_vendida: number; limite_sobreventa_pct: number | null },
  valores: { capacidad_comprada: ValorNumero; limite_sobreventa_pct: ValorNumero },
): SobreventaComprada {
  const vendida = actual.capacidad_vendida;
  const disponibleActual = redondearMbps(actual.capacidad_comprada - vendida);
  const tecleada = aNumero(valores.capacidad_comprada);
  // An invalid or blank comprada is the field's error to show, not an oversale.
  const comprada =
    tecleada === null || !Number.isFinite(tecleada) || tecleada < 0 ? actual.capacidad_comprada : tecleada;
  const limite = aNumero(valores.limite_sobreventa_pct);
  const cambia =
    comprada !== actual.capacidad_comprada ||
    (limite === null ? null : Number.isFinite(limite) ? limite : actual.limite_sobreventa_pct) !==
      actual.limite_sobreventa_pct;
  const disponibleResultante = redondearMbps(comprada - vendida);
  return {
    vendida,
    disponibleActual,
    disponibleResultante,
    cambia,
    exceso: cambia && disponibleResultante < 0 ? -disponibleResultante : 0,
  };
}
