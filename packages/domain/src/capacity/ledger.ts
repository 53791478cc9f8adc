import type { EnlaceEstado, ModoAjusteBw, OrigenMovimiento } from '../enums.js';
import { redondearMbps } from '../validators.js';

const r = redondearMbps;

/**
 * One row for `movimientos_capacidad`, minus what only the server knows (motivo, enlace_id,
 * usuario, vendida_resultante). Every change to `capacidad_vendida` is one of these.
 */
export interface MovimientoVendida {
  servicio_id: number;
  delta_vendida: number;
  origen: OrigenMovimiento;
}

/**
 * The bandwidth a connection holds on its service. Only BAJA releases it: PENDIENTE, SUSPENDIDO,
 * INACTIVO and DOWN links are still sold and may come back without a new sale.
 */
export function reservaCapacidad(estado: EnlaceEstado | null | undefined): boolean {
  return estado !== 'BAJA';
}

/** The fields of a connection that decide what it reserves, and where. */
export interface ReservaEnlace {
  servicio_id: number | null;
  bw_contratado: number;
  enlace_estado: EnlaceEstado | null;
}

const fila = (servicio_id: number, delta: number, origen: OrigenMovimiento): MovimientoVendida[] => {
  const delta_vendida = r(delta);
  // A zero row would only add noise to the ledger the reconciliation view shows.
  return delta_vendida === 0 ? [] : [{ servicio_id, delta_vendida, origen }];
};

const reserva = (e: ReservaEnlace): { servicio_id: number; bw: number } | null =>
  reservaCapacidad(e.enlace_estado) && e.servicio_id != null
    ? { servicio_id: e.servicio_id, bw: e.bw_contratado }
    : null;

/** Creating a connection reserves its `bw_contratado` unless it is born BAJA. */
export function deltaCrearConexion(enlace: ReservaEnlace): MovimientoVendida[] {
  const res = reserva(enlace);
  return res ? fila(res.servicio_id, res.bw, 'VENTA_CONEXION') : [];
}

/**
 * The general case, for a full edit (PUT) that may change service, bandwidth and state at once:
 * compares what the connection reserved before with what it reserves after.
 */
export function deltaEdicionConexion(antes: ReservaEnlace, despues: ReservaEnlace): MovimientoVendida[] {
  const a = reserva(antes);
  const d = reserva(despues);
  if (!a) {
    if (!d) return [];
    // A BAJA link coming back is a new sale; a live link getting its first service is a move.
    return fila(d.servicio_id, d.bw, reservaCapacidad(antes.enlace_estado) ? 'CAMBIO_SERVICIO' : 'VENTA_CONEXION');
  }
  if (!d) {
    return fila(a.servicio_id, -a.bw, reservaCapacidad(despues.enlace_estado) ? 'CAMBIO_SERVICIO' : 'BAJA_CONEXION');
  }
  if (a.servicio_id === d.servicio_id) return fila(a.servicio_id, d.bw - a.bw, 'AJUSTE_BW');
  return [...fila(a.servicio_id, -a.bw, 'CAMBIO_SERVICIO'), ...fila(d.servicio_id, d.bw, 'CAMBIO_SERVICIO')];
}

/** AUMENTAR reserves more, DISMINUIR returns; a BAJA link holds nothing, so nothing moves. */
export function deltaAjusteBw(input: {
  servicio_id: number | null;
  modo: ModoAjusteBw;
  mbps: number;
  enlace_estado?: EnlaceEstado | null;
}): MovimientoVendida[] {
  if (input.servicio_id == null || !reservaCapacidad(input.enlace_estado)) return [];
  return fila(input.servicio_id, deltaBwDeModo(input.modo, input.mbps), 'AJUSTE_BW');
}

/** Signed Mbps for an AUMENTAR/DISMINUIR request. */
export function deltaBwDeModo(modo: ModoAjusteBw, mbps: number): number {
  return r(modo === 'AUMENTAR' ? mbps : -mbps);
}

/** To BAJA releases the bandwidth; from BAJA back to any live state reserves it again. */
export function deltaCambioEstado(input: {
  servicio_id: number | null;
  bw_contratado: number;
  estado_anterior: EnlaceEstado | null;
  estado_nuevo: EnlaceEstado | null;
}): MovimientoVendida[] {
  const { servicio_id, bw_contratado } = input;
  return deltaEdicionConexion(
    { servicio_id, bw_contratado, enlace_estado: input.estado_anterior },
    { servicio_id, bw_contratado, enlace_estado: input.estado_nuevo },
  );
}

/** Moving a live connection to another service: −bw on the old one, +bw on the new one. */
export function deltaCambioServicio(input: {
  servicio_anterior: number | null;
  servicio_nuevo: number | null;
  bw_contratado: number;
  enlace_estado: EnlaceEstado | null;
}): MovimientoVendida[] {
  const { bw_contratado, enlace_estado } = input;
  return deltaEdicionConexion(
    { servicio_id: input.servicio_anterior, bw_contratado, enlace_estado },
    { servicio_id: input.servicio_nuevo, bw_contratado, enlace_estado },
  );
}

/** Editing `bw_contratado` directly writes the difference (+nuevo − anterior). */
export function deltaEditarBw(input: {
  servicio_id: number | null;
  bw_anterior: number;
  bw_nuevo: number;
  enlace_estado: EnlaceEstado | null;
}): MovimientoVendida[] {
  const { servicio_id, enlace_estado } = input;
  return deltaEdicionConexion(
    { servicio_id, bw_contratado: input.bw_anterior, enlace_estado },
    { servicio_id, bw_contratado: input.bw_nuevo, enlace_estado },
  );
}

/** PRODUCT: `delta_disponible = +d` returns capacity to the pool, so vendida moves by −d. */
export function ajusteCapacidadADeltaVendida(delta_disponible: number): number {
  return r(-delta_disponible);
}

/** The ledger row for `POST …/ajustar-capacidad`. */
export function deltaAjusteCapacidad(servicio_id: number, delta_disponible: number): MovimientoVendida[] {
  return fila(servicio_id, ajusteCapacidadADeltaVendida(delta_disponible), 'AJUSTE_MANUAL');
}

/** Σ delta_vendida per service; what `capacidad_vendida` must equal (the tested invariant). */
export function sumarMovimientos(movimientos: Iterable<MovimientoVendida>): Map<number, number> {
  const total = new Map<number, number>();
  for (const m of movimientos) {
    total.set(m.servicio_id, r((total.get(m.servicio_id) ?? 0) + m.delta_vendida));
  }
  return total;
}
