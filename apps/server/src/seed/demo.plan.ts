import type {
  CondicionServicio,
  ModalidadServicio,
  TipoEnlace,
  TipoEquipo,
  TipoServicioCliente,
} from '@troncal/domain/enums';
import { SITIOS, type Sitio } from './datos';
import type { Azar } from './prng';

/** What `db:seed --demo` creates, as data: sizes, the provider services, weights, reasons. */

export const NODOS_POR_TIPO = 20;
export const EQUIPOS = 60;
export const CONEXIONES = 120;

/** Lima first: most of the corporate demand is there. */
export const CODIGOS_DEMO = [
  'LIM',
  'LIM',
  'LIM',
  'CAL',
  'AQP',
  'TRU',
  'CIX',
  'PIU',
  'CUZ',
  'HYO',
  'ICA',
  'TCQ',
  'JUL',
  'IQT',
];

const BW_DEMO = [10, 20, 30, 50, 60, 80, 100, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1500, 2000, 2500, 3000];
/** The largest commercial value not above `mbps` (at least 10 Mbps). */
export const bwComercial = (mbps: number) => BW_DEMO.reduce((best, b) => (b <= mbps ? b : best), BW_DEMO[0]!);

export interface PlanServicio {
  carrier: number;
  codigo: string;
  modalidad: ModalidadServicio;
  comprada: number;
  condicion: CondicionServicio;
  /** Fraction of comprada to sell through connections. */
  venta: number;
  /** Target utilizada / comprada for the services that must raise alerts; null: ordinary usage. */
  uso: number | null;
  limite?: number;
  observacion?: string;
}

/** carrier (index in CARRIERS), departamento code, modalidad, comprada (Mbps), condición, observación, limit %. */
type FilaServicio = readonly [number, string, ModalidadServicio, number, CondicionServicio, (string | null)?, number?];

/** 30 services: every condition and both modalities; `calientes` below picks the four that run hot. */
const SERVICIOS_DEMO: readonly FilaServicio[] = [
  [0, 'LIM', 'DEDICADO', 10_000, 'ACTIVO'],
  [0, 'LIM', 'COMPARTIDO', 2_000, 'ACTIVO'],
  [0, 'AQP', 'DEDICADO', 2_000, 'ACTIVO'],
  [0, 'CUZ', 'DEDICADO', 1_000, 'ACTIVO'],
  [0, 'LIM', 'DEDICADO', 5_000, 'STANDBY', 'Ruta de respaldo, se activa ante caída del enlace principal'],
  [1, 'LIM', 'DEDICADO', 5_000, 'ACTIVO'],
  [1, 'CAL', 'COMPARTIDO', 1_000, 'ACTIVO'],
  [1, 'TRU', 'DEDICADO', 2_000, 'ACTIVO'],
  [1, 'PIU', 'COMPARTIDO', 500, 'ACTIVO'],
  [1, 'LIM', 'COMPARTIDO', 1_000, 'RESERVA', 'Capacidad reservada para licitación del Gobierno Regional'],
  [2, 'LIM', 'DEDICADO', 3_000, 'ACTIVO', null, 10],
  [2, 'AQP', 'COMPARTIDO', 1_000, 'ACTIVO'],
  [2, 'CIX', 'DEDICADO', 1_000, 'ACTIVO'],
  [2, 'HYO', 'COMPARTIDO', 300, 'ACTIVO'],
  [3, 'LIM', 'DEDICADO', 20_000, 'ACTIVO', 'Tránsito IP internacional, NAP Lima'],
  [3, 'LIM', 'DEDICADO', 10_000, 'STANDBY', 'Tránsito IP de respaldo (Miami)'],
  [3, 'CAL', 'DEDICADO', 5_000, 'ACTIVO'],
  [4, 'LIM', 'DEDICADO', 10_000, 'ACTIVO'],
  [4, 'TRU', 'DEDICADO', 1_000, 'ACTIVO'],
  [4, 'AQP', 'DEDICADO', 2_000, 'RESERVA'],
  [5, 'LIM', 'COMPARTIDO', 1_000, 'ACTIVO'],
  [5, 'JUL', 'COMPARTIDO', 300, 'ACTIVO'],
  [5, 'IQT', 'DEDICADO', 200, 'ACTIVO', 'Enlace satelital, latencia alta'],
  [5, 'TCQ', 'COMPARTIDO', 500, 'ACTIVO', null, 20],
  [6, 'LIM', 'DEDICADO', 2_000, 'ACTIVO'],
  [6, 'ICA', 'DEDICADO', 500, 'ACTIVO'],
  [6, 'PIU', 'COMPARTIDO', 500, 'INACTIVO', 'Suspendido por deuda con el proveedor'],
  [6, 'LIM', 'DEDICADO', 1_000, 'ACTIVO'],
  // GTD PERÚ: the contract ended; its services are history and the provider becomes INACTIVO.
  [7, 'LIM', 'DEDICADO', 1_000, 'BAJA', 'Contrato terminado en diciembre'],
  [7, 'AQP', 'COMPARTIDO', 500, 'INACTIVO', 'Pendiente de desmontaje'],
];

/** The plan of each demo service; four of them hot (two ALTO, two CRÍTICO). */
export function planServicios(az: Azar): PlanServicio[] {
  const base = SERVICIOS_DEMO.map(([carrier, codigo, modalidad, comprada, condicion, observacion, limite]) => ({
    carrier,
    codigo,
    modalidad,
    comprada,
    condicion,
    ...(observacion ? { observacion } : {}),
    ...(limite ? { limite } : {}),
  }));
  // Indices that run hot: 78 %, 86 % (ALTO), 93 %, 97 % (CRÍTICO) of what was bought is in use.
  const calientes = new Map<number, number>([
    [1, 0.78],
    [8, 0.86],
    [13, 0.93],
    [21, 0.97],
  ]);
  return base.map((s, i) => ({
    ...s,
    venta: calientes.has(i) ? Math.min(0.99, (calientes.get(i) ?? 0) + 0.02) : az.real(0.3, 0.7),
    uso: calientes.get(i) ?? null,
  }));
}

export const TIPOS_SERVICIO_DEMO: readonly (readonly [TipoServicioCliente, number])[] = [
  ['Internet', 30],
  ['IPVPN', 12],
  ['Internet P2P', 8],
  ['Transporte', 8],
  ['VPN', 8],
  ['Telefonia IP', 6],
  ['Transito IP', 6],
  ['Fibra Oscura', 4],
  ['Seguridad Perimetral', 4],
  ['Cableado estructurado', 3],
];
export const TIPOS_ENLACE_DEMO: readonly (readonly [TipoEnlace, number])[] = [
  ['P2P', 45],
  ['GPON', 30],
  ['Fibra Oscura', 18],
  ['Satelital', 7],
];
/** The equipo type that fits a link type. */
export const EQUIPO_PARA: Readonly<Record<TipoEnlace, TipoEquipo[]>> = {
  P2P: ['ROUTER', 'RADIO', 'SWITCH'],
  GPON: ['ONT', 'ROUTER'],
  'Fibra Oscura': ['SWITCH', 'ROUTER'],
  Satelital: ['OTRO', 'ROUTER'],
};

export const MOTIVOS_AUMENTO = [
  'Upgrade solicitado por el cliente (OT-2025-0142)',
  'Ampliación por temporada alta de ventas',
  'Aumento por migración de central telefónica a la nube',
];
export const MOTIVOS_DISMINUCION = ['Downgrade por renegociación de contrato', 'Reducción por cierre de sede'];
export const MOTIVOS_BAJA = [
  'Baja solicitada por el cliente: fin de contrato',
  'Baja por migración del cliente a otro proveedor',
  'Baja por cierre de la sede del cliente',
];

export function configuracionCisco(vlan: number, ip: string): string {
  return [
    `interface GigabitEthernet0/0/1.${vlan}`,
    ` description ENLACE-CLIENTE-VLAN${vlan}`,
    ` encapsulation dot1Q ${vlan}`,
    ` ip address ${ip.replace(/\/\d+$/, '')} 255.255.255.252`,
    ' no shutdown',
  ].join('\n');
}

/** A site in the departamento of `codigo` (any site when the code has none). */
export function sitioDe(az: Azar, codigo: string): Sitio {
  const propios = SITIOS.filter((s) => s.codigo === codigo);
  return az.elegir(propios.length > 0 ? propios : SITIOS);
}
