import type { EnlaceEstado, ModoAjusteBw } from '../enums.js';
import { formatearNumero, redondearMbps } from '../validators.js';
import { disponible } from './calculos.js';
import { ajusteCapacidadADeltaVendida, deltaBwDeModo, reservaCapacidad } from './ledger.js';

const r = redondearMbps;
// The SPA calls previews on every keystroke; an empty field must preview as 0, not NaN.
const finito = (n: number): number => (Number.isFinite(n) ? n : 0);

export interface CapacidadServicio {
  comprada: number;
  vendida: number;
}

export interface PreviewAjusteBw {
  bwResultante: number;
  servicioDisponibleActual: number;
  servicioDisponibleResultante: number;
  servicioVendidaActual: number;
  servicioVendidaResultante: number;
  /** DISMINUIR below 0 Mbps: always refused (422). */
  bwNegativo: boolean;
  /** The service would be oversold: the spec's "preview in red". */
  sobreventa: boolean;
  /** More returned than the service has sold (only possible after manual drift): refused (422). */
  vendidaNegativa: boolean;
}

/** The spec's "Ajustar BW" modal preview: the link and its backing service after the change. */
export function previewAjusteBw(input: {
  bwActual: number;
  modo: ModoAjusteBw;
  mbps: number;
  servicio: CapacidadServicio;
  /** A BAJA link reserves nothing, so adjusting it leaves the service unchanged. */
  enlace_estado?: EnlaceEstado | null;
}): PreviewAjusteBw {
  const delta = deltaBwDeModo(input.modo, finito(input.mbps));
  const deltaServicio = reservaCapacidad(input.enlace_estado) ? delta : 0;
  const { comprada, vendida } = input.servicio;
  const bwResultante = r(finito(input.bwActual) + delta);
  const servicioVendidaResultante = r(vendida + deltaServicio);
  const servicioDisponibleResultante = disponible(comprada, servicioVendidaResultante);
  return {
    bwResultante,
    servicioDisponibleActual: disponible(comprada, vendida),
    servicioDisponibleResultante,
    servicioVendidaActual: r(vendida),
    servicioVendidaResultante,
    bwNegativo: bwResultante < 0,
    sobreventa: servicioDisponibleResultante < 0,
    vendidaNegativa: servicioVendidaResultante < 0,
  };
}

export interface PreviewAjusteCapacidad {
  comprada: number;
  utilizada: number;
  deltaVendida: number;
  vendidaActual: number;
  vendidaResultante: number;
  disponibleActual: number;
  disponibleResultante: number;
  /** Returning more than was sold: refused with 422. */
  vendidaNegativa: boolean;
  sobreventa: boolean;
}

/** Preview for `ajustar-capacidad`: `delta_disponible = +d` returns d Mbps to the pool. */
export function previewAjusteCapacidad(
  servicio: { comprada: number; vendida: number; utilizada: number },
  delta_disponible: number,
): PreviewAjusteCapacidad {
  const deltaVendida = ajusteCapacidadADeltaVendida(finito(delta_disponible));
  const vendidaResultante = r(servicio.vendida + deltaVendida);
  const disponibleResultante = disponible(servicio.comprada, vendidaResultante);
  return {
    comprada: r(servicio.comprada),
    utilizada: r(servicio.utilizada),
    deltaVendida,
    vendidaActual: r(servicio.vendida),
    vendidaResultante,
    disponibleActual: disponible(servicio.comprada, servicio.vendida),
    disponibleResultante,
    vendidaNegativa: vendidaResultante < 0,
    sobreventa: disponibleResultante < 0,
  };
}

export type PoliticaSobreventa = 'warn' | 'block';

export interface EvaluacionSobreventa {
  sobreventa: boolean;
  bloquear: boolean;
  /** Spanish, ready for the response's `advertencias` or, when `bloquear`, the 409 message. */
  advertencias: string[];
}

/**
 * The most vendida a service tolerates before an increase is blocked: comprada plus its
 * `limite_sobreventa_pct` % when it has a limit (whatever the policy); without one, comprada under
 * `politica: 'block'` and no maximum (Infinity) under 'warn'. The one place this limit is computed:
 * `evaluarSobreventa` and the server's comprada check call it, and the ledger's SQL guard
 * (`sobreventaPermitidaSql`) mirrors it, kept equal by a property test on both databases.
 */
export function maximoVendida(
  comprada: number,
  limiteSobreventaPct: number | null | undefined,
  politica: PoliticaSobreventa,
): number {
  if (limiteSobreventaPct != null && Number.isFinite(limiteSobreventaPct)) {
    return r(comprada * (1 + limiteSobreventaPct / 100));
  }
  return politica === 'block' ? r(comprada) : Number.POSITIVE_INFINITY;
}

/**
 * Oversubscription policy. By default it only warns (the spec does not block). A per-service
 * `limite_sobreventa_pct` L tolerates up to L % over `comprada` and blocks beyond it, whatever the
 * global policy; without a limit, `politica: 'block'` blocks any oversale. An operation that does
 * not increase vendida (e.g. DISMINUIR on an already oversold service) is never blocked, so ops can
 * always work their way back under the limit.
 */
export function evaluarSobreventa(input: {
  comprada: number;
  vendidaResultante: number;
  vendidaActual?: number;
  limiteSobreventaPct?: number | null;
  politica: PoliticaSobreventa;
  /** Shown in messages, e.g. the service's cid_interno "ICP-1045". */
  etiqueta?: string | null;
}): EvaluacionSobreventa {
  const comprada = r(input.comprada);
  const vendida = r(input.vendidaResultante);
  const exceso = r(vendida - comprada);
  const sobreventa = exceso > 0;
  const servicio = input.etiqueta ? `servicio ${input.etiqueta}` : 'servicio';
  const advertencias: string[] = [];
  if (!sobreventa) return { sobreventa, bloquear: false, advertencias };

  advertencias.push(`La venta supera la capacidad comprada del ${servicio} en ${formatearNumero(exceso)} Mbps.`);
  const aumenta = input.vendidaActual === undefined || vendida > r(input.vendidaActual);
  const limite = input.limiteSobreventaPct;
  const maximo = maximoVendida(comprada, limite, input.politica);
  const bloquear = aumenta && vendida > maximo;
  if (bloquear) {
    advertencias.push(
      limite != null && Number.isFinite(limite)
        ? `El límite de sobreventa del ${servicio} es ${formatearNumero(limite)} % (máximo ${formatearNumero(maximo)} Mbps vendidos).`
        : 'La sobreventa no está permitida.',
    );
  }
  return { sobreventa, bloquear, advertencias };
}
