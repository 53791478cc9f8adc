import {
  type CondicionServicio,
  ENLACE_ESTADOS,
  type EnlaceEstado,
  TIPOS_NODO,
  type TipoEnlace,
  type TipoNodo,
  type TipoServicioCliente,
} from '@troncal/domain/enums';
import { redondearMbps } from '@troncal/domain/validators';
import {
  BW_COMERCIALES,
  CARRIERS,
  CARRIERS_REGIONALES,
  capacidadComercial,
  MOTIVOS_AJUSTE_MANUAL,
  SITIOS,
} from './datos';
import { crearAzar, crearSelectorPonderado } from './prng';

export const DIA = 86_400_000;

const ESTADOS_PONDERADOS: readonly (readonly [EnlaceEstado, number])[] = [
  ['ACTIVO', 70],
  ['PENDIENTE', 7],
  ['SUSPENDIDO', 5],
  ['DOWN', 2],
  ['INACTIVO', 4],
  ['BAJA', 12],
];
const CONDICIONES_PONDERADAS: readonly (readonly [CondicionServicio, number])[] = [
  ['ACTIVO', 82],
  ['STANDBY', 5],
  ['RESERVA', 5],
  ['INACTIVO', 4],
  ['BAJA', 4],
];
export const TIPOS_SERVICIO_PONDERADOS: readonly (readonly [TipoServicioCliente, number])[] = [
  ['Internet', 40],
  ['IPVPN', 14],
  ['Internet P2P', 10],
  ['Transporte', 8],
  ['VPN', 7],
  ['Telefonia IP', 6],
  ['Transito IP', 5],
  ['Fibra Oscura', 4],
  ['Seguridad Perimetral', 4],
  ['Cableado estructurado', 2],
];
export const TIPOS_ENLACE_PONDERADOS: readonly (readonly [TipoEnlace, number])[] = [
  ['P2P', 45],
  ['GPON', 35],
  ['Fibra Oscura', 15],
  ['Satelital', 5],
];
export const LOCACIONES = [
  'Sede principal',
  'Oficina central',
  'Planta',
  'Almacén',
  'Agencia',
  'Data center',
  'Sucursal',
];

export const estadoIdx = (e: EnlaceEstado) => ENLACE_ESTADOS.indexOf(e);
export const IDX_BAJA = estadoIdx('BAJA');

/** Sizes derived from N. */
export function tamanosEscala(n: number) {
  return {
    proveedores: CARRIERS.length + Math.min(CARRIERS_REGIONALES.length, Math.floor(n / 10_000)),
    servicios: Math.max(1, Math.round(n / 10)),
    clientes: Math.max(1, Math.round(n / 50)),
    nodos: Math.max(12, Math.round(n / 100)),
    equipos: Math.max(1, Math.round(n * 0.6)),
  };
}

/**
 * Who gets what, before anything is written: nodes and their sites, each service's provider and
 * condition, each connection's service, state, bandwidth, use, client, date and equipo, the manual
 * adjustments, what each service bought, and how many rows each table will get. The same `semilla`
 * gives the same plan.
 */
export function planEscala(n: number, semilla: number) {
  const az = crearAzar(semilla);
  const tam = tamanosEscala(n);
  // Dates end today (UTC midnight), so the same seed gives the same data all day.
  const hoy = Math.floor(Date.now() / DIA) * DIA;
  const origen = hoy - 4 * 365 * DIA;

  // --- Plan: who gets what, before anything is written ---------------------------------------

  const nodoTipo: TipoNodo[] = Array.from({ length: tam.nodos }, (_, i) => TIPOS_NODO[i % TIPOS_NODO.length]!);
  const nodosRed = nodoTipo.flatMap((t, i) => (t === 'CLIENTE' ? [] : [i]));
  const nodosCliente = nodoTipo.flatMap((t, i) => (t === 'CLIENTE' ? [i] : []));
  const nodosServicio = nodoTipo.flatMap((t, i) => (t === 'CORE' || t === 'POP' || t === 'EDGE' ? [i] : []));
  const nodoSitio = Array.from({ length: tam.nodos }, () => az.ponderado(SITIOS.map((s) => [s, s.peso] as const)));

  const pesosProveedor = Array.from({ length: tam.proveedores }, (_, i) => (i < CARRIERS.length ? 10 - i : 1));
  const elegirProveedor = crearSelectorPonderado(pesosProveedor);
  const servProveedor = new Int32Array(tam.servicios);
  const servCondicion: CondicionServicio[] = [];
  const servPeso = new Float64Array(tam.servicios);
  const servCaliente = new Uint8Array(tam.servicios);
  for (let s = 0; s < tam.servicios; s++) {
    servProveedor[s] = elegirProveedor(az.next());
    const c = s === 0 ? 'ACTIVO' : az.ponderado(CONDICIONES_PONDERADAS);
    servCondicion.push(c);
    servPeso[s] = c === 'ACTIVO' ? az.real(0.3, 2) : 0;
    // About 1 in 15 services runs hot, so the 75 % / 90 % alerts have something to show.
    servCaliente[s] = c === 'ACTIVO' && az.si(1 / 15) ? 1 : 0;
  }
  const elegirServicio = crearSelectorPonderado(servPeso);

  const conServicio = new Int32Array(n);
  const conEstado = new Uint8Array(n);
  const conBw = new Float64Array(n);
  const conUtil = new Float64Array(n);
  const conCliente = new Int32Array(n);
  const conCreado = new Float64Array(n);
  const conEquipo = new Int32Array(n).fill(-1);
  const vendida = new Float64Array(tam.servicios);
  const utilizada = new Float64Array(tam.servicios);
  const equiposAsignables = Math.floor(tam.equipos * 0.8);
  let asignados = 0;
  let bajas = 0;
  for (let i = 0; i < n; i++) {
    const s = elegirServicio(az.next());
    const estado = az.ponderado(ESTADOS_PONDERADOS);
    const bw = az.ponderado(BW_COMERCIALES);
    const enUso = estado === 'ACTIVO' || estado === 'SUSPENDIDO';
    const frac = !enUso ? 0 : servCaliente[s] ? az.real(0.9, 0.99) : az.real(0.1, 0.8);
    conServicio[i] = s;
    conEstado[i] = estadoIdx(estado);
    conBw[i] = bw;
    conUtil[i] = redondearMbps(bw * frac);
    // Skewed: a few clients hold many links, most hold one or two.
    conCliente[i] = Math.min(tam.clientes - 1, Math.floor(tam.clientes * az.next() ** 2));
    conCreado[i] = origen + ((hoy - 2 * DIA - origen) * i) / n + az.entero(0, 3_600_000);
    if (estado === 'BAJA') bajas++;
    else {
      vendida[s] = (vendida[s] ?? 0) + bw;
      utilizada[s] = (utilizada[s] ?? 0) + (conUtil[i] ?? 0);
      if (asignados < equiposAsignables) conEquipo[i] = asignados++;
    }
  }

  // Manual adjustments on a few services (reservations), with their reasons.
  const ajustes: { servicio: number; delta: number; motivo: string; creado: number }[] = [];
  for (let s = 0; s < tam.servicios; s++) {
    if (servCondicion[s] === 'ACTIVO' && az.si(0.03)) {
      const delta = az.entero(1, 10) * 50;
      ajustes.push({
        servicio: s,
        delta,
        motivo: az.elegir(MOTIVOS_AJUSTE_MANUAL.slice(0, 3)),
        creado: hoy - az.entero(1, 30) * DIA,
      });
      vendida[s] = (vendida[s] ?? 0) + delta;
    }
  }

  const comprada = new Float64Array(tam.servicios);
  for (let s = 0; s < tam.servicios; s++) {
    const v = vendida[s] ?? 0;
    if (v <= 0) comprada[s] = capacidadComercial(az.elegir([100, 200, 500, 1000, 2000, 5000]));
    else if (servCaliente[s]) comprada[s] = Math.ceil((v * az.real(1.0, 1.12)) / 10) * 10;
    else comprada[s] = capacidadComercial(v / az.real(0.35, 0.85));
  }

  const filas = {
    proveedores: tam.proveedores,
    nodos: tam.nodos,
    clientes: tam.clientes,
    equipos: tam.equipos,
    servicios: tam.servicios,
    conexiones: n,
    conexionEquipos: asignados,
    movimientos: n + bajas + ajustes.length,
    movimientosEnlace: n,
    muestras: tam.servicios,
  };
  const totalFilas = Object.values(filas).reduce((a, b) => a + b, 0);

  return {
    tam,
    hoy,
    origen,
    nodoTipo,
    nodosRed,
    nodosCliente,
    nodosServicio,
    nodoSitio,
    servProveedor,
    servCondicion,
    conServicio,
    conEstado,
    conBw,
    conUtil,
    conCliente,
    conCreado,
    conEquipo,
    comprada,
    ajustes,
    filas,
    totalFilas,
  };
}
