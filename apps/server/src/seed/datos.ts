import type { TipoEquipo, TipoNodo } from '@troncal/domain/enums';
import { buscarPorCodigo } from '@troncal/domain/ubigeo';
import { digitoVerificadorRuc } from '@troncal/domain/validators';

/** Catalogues the seeders draw from: believable Peruvian carriers, companies, places and hardware. */

/** A RUC with a valid SUNAT check digit: prefix ('20' companies, '10' people) + 8 digits + check digit. */
export function rucDe(prefijo: '10' | '20', ocho: number): string {
  const primeros10 = `${prefijo}${String(ocho % 100_000_000).padStart(8, '0')}`;
  return `${primeros10}${digitoVerificadorRuc(primeros10)}`;
}

export interface Carrier {
  nombre: string;
  /** The carrier's circuit-id prefix, for `cid_proveedor`. */
  prefijoCid: string;
  contacto: string;
  dominio: string;
}

export const CARRIERS: readonly Carrier[] = [
  { nombre: 'TELEFÓNICA', prefijoCid: 'TDP', contacto: 'Mesa de ayuda corporativa', dominio: 'telefonica.com.pe' },
  { nombre: 'CLARO', prefijoCid: 'CLR', contacto: 'NOC Empresas', dominio: 'claro.com.pe' },
  { nombre: 'ENTEL', prefijoCid: 'ENT', contacto: 'Soporte mayorista', dominio: 'entel.pe' },
  { nombre: 'LUMEN', prefijoCid: 'LMN', contacto: 'Wholesale LATAM', dominio: 'lumen.com' },
  { nombre: 'INTERNEXA', prefijoCid: 'IXA', contacto: 'Centro de gestión', dominio: 'internexa.com' },
  { nombre: 'BITEL', prefijoCid: 'BTL', contacto: 'Ventas corporativas', dominio: 'bitel.com.pe' },
  { nombre: 'AMERICATEL', prefijoCid: 'AMT', contacto: 'NOC', dominio: 'americatel.com.pe' },
  { nombre: 'GTD PERÚ', prefijoCid: 'GTD', contacto: 'Operaciones de red', dominio: 'gtdperu.com.pe' },
];

/** Names for extra regional carriers when `--scale` is large. */
export const CARRIERS_REGIONALES = [
  'FIBERLUX',
  'WIN EMPRESAS',
  'OPTICAL NETWORKS',
  'RED CIENTÍFICA PERUANA',
  'INTERCONEXIÓN ANDINA',
  'FIBRA DEL SUR',
  'NORTEL FIBRA',
  'AMAZONÍA DIGITAL',
] as const;

export interface Sitio {
  ubigeo: string;
  departamento: string;
  provincia: string;
  distrito: string;
  /** Short code for node names (LIM, AQP, TRU…). */
  codigo: string;
  /** Relative weight: Lima holds most of the corporate links. */
  peso: number;
}

const SITIOS_BASE: readonly [string, string, number][] = [
  ['150131', 'LIM', 10],
  ['150122', 'LIM', 8],
  ['150140', 'LIM', 7],
  ['150101', 'LIM', 6],
  ['150130', 'LIM', 5],
  ['150113', 'LIM', 4],
  ['150116', 'LIM', 4],
  ['150115', 'LIM', 4],
  ['150103', 'LIM', 4],
  ['150135', 'LIM', 3],
  ['150132', 'LIM', 3],
  ['150108', 'LIM', 2],
  ['070101', 'CAL', 4],
  ['070106', 'CAL', 2],
  ['040101', 'AQP', 5],
  ['040129', 'AQP', 2],
  ['130101', 'TRU', 4],
  ['130111', 'TRU', 2],
  ['140101', 'CIX', 3],
  ['200101', 'PIU', 3],
  ['200601', 'PIU', 1],
  ['080101', 'CUZ', 3],
  ['120101', 'HYO', 2],
  ['160101', 'IQT', 1],
  ['230101', 'TCQ', 1],
  ['211101', 'JUL', 1],
  ['060101', 'CJA', 1],
  ['110101', 'ICA', 2],
  ['021801', 'CHM', 1],
  ['050101', 'AYP', 1],
  ['250101', 'PCL', 1],
  ['180301', 'ILO', 1],
];

/** Resolved through the domain's ubigeo catalogue, so every name is the official spelling. */
export const SITIOS: readonly Sitio[] = SITIOS_BASE.flatMap(([ubigeo, codigo, peso]) => {
  const u = buscarPorCodigo(ubigeo);
  if (!u?.provincia || !u.distrito) return [];
  return [{ ubigeo, departamento: u.departamento, provincia: u.provincia, distrito: u.distrito, codigo, peso }];
});

export const CALLES = [
  'Av. Javier Prado Este',
  'Av. República de Panamá',
  'Av. Canaval y Moreyra',
  'Av. José Larco',
  'Av. Primavera',
  'Av. Arequipa',
  'Av. Petit Thouars',
  'Av. Nicolás de Piérola',
  'Av. La Marina',
  'Av. Benavides',
  'Jr. de la Unión',
  'Av. Ejército',
  'Av. España',
  'Av. Larco',
  'Calle Los Laureles',
  'Av. El Sol',
  'Av. Túpac Amaru',
  'Av. Industrial',
  'Calle Las Begonias',
  'Av. Salaverry',
] as const;

export const direccionDe = (calle: string, numero: number) => `${calle} ${numero}`;

// --- Clients -------------------------------------------------------------------------------------

/** Invented but believable corporate clients (the demo). */
export const CLIENTES_DEMO: readonly string[] = [
  'Minera Cordillera Blanca S.A.A.',
  'Banco Interandino del Perú S.A.',
  'Clínica San Gabriel S.A.C.',
  'Corporación Pesquera del Pacífico S.A.',
  'Agroexportadora Valle Sur S.A.C.',
  'Transportes Cruz del Norte S.A.C.',
  'Inmobiliaria Miraflores Costa Verde S.A.',
  'Universidad Privada del Altiplano',
  'Caja Municipal de Ahorro y Crédito Huancayo S.A.',
  'Distribuidora Farmacéutica Andina S.A.C.',
  'Cementos del Norte Peruano S.A.A.',
  'Grupo Hotelero Inca Real S.A.C.',
  'Supermercados Unidos del Perú S.A.',
  'Textil Pima Algodonera S.A.C.',
  'Constructora Los Portales del Sur S.A.',
  'Aseguradora Rímac Andina S.A.',
  'Colegio Internacional Santa Úrsula S.A.C.',
  'Logística Portuaria del Callao S.A.C.',
  'Corporación Agroindustrial Chavimochic S.A.',
  'Laboratorios Clínicos Medlab S.A.C.',
  'Petróleos de la Selva S.A.',
  'Municipalidad Provincial de Arequipa',
  'Gobierno Regional de La Libertad',
  'Cooperativa Agraria Cafetalera Valle Alto Ltda.',
  'Financiera Confianza Empresarial S.A.',
  'Centro Comercial Plaza Norte Lima S.A.C.',
  'Call Center Contacto Perú S.A.C.',
  'Empresa Eléctrica del Sur S.A.A.',
  'Agua Potable y Alcantarillado de Piura S.A.',
  'Estudio Jurídico Benavides & Asociados S.Civil',
  'Radio y Televisión Panamericana Sur S.A.',
  'Cadena de Boticas Salud Total S.A.C.',
  'Instituto Tecnológico del Pacífico S.A.C.',
  'Minera Aurífera Santa Rosa S.A.',
  'Industria Cervecera Andina S.A.A.',
  'Hospital Privado Virgen de la Puerta S.A.C.',
  'Operador Logístico Ransa Norte S.A.C.',
  'Consorcio Vial Interoceánico Sur S.A.',
  'Compañía de Seguros La Positiva Andina S.A.',
  'Telecentros Rurales del Perú S.A.C.',
];

/** Regional clients and their city (sitio code); the others are national and buy links anywhere. */
export const SEDE_CLIENTE_DEMO: Readonly<Record<string, string>> = {
  'Caja Municipal de Ahorro y Crédito Huancayo S.A.': 'HYO',
  'Universidad Privada del Altiplano': 'JUL',
  'Corporación Agroindustrial Chavimochic S.A.': 'TRU',
  'Municipalidad Provincial de Arequipa': 'AQP',
  'Gobierno Regional de La Libertad': 'TRU',
  'Cooperativa Agraria Cafetalera Valle Alto Ltda.': 'CUZ',
  'Agua Potable y Alcantarillado de Piura S.A.': 'PIU',
  'Empresa Eléctrica del Sur S.A.A.': 'TCQ',
  'Petróleos de la Selva S.A.': 'IQT',
  'Logística Portuaria del Callao S.A.C.': 'CAL',
  'Agroexportadora Valle Sur S.A.C.': 'ICA',
  'Cementos del Norte Peruano S.A.A.': 'CIX',
};

const PREFIJOS_EMPRESA = [
  'Corporación',
  'Inversiones',
  'Comercializadora',
  'Distribuidora',
  'Industrias',
  'Servicios',
  'Transportes',
  'Constructora',
  'Agroindustrial',
  'Minera',
  'Consultora',
  'Importadora',
  'Grupo',
  'Clínica',
  'Inmobiliaria',
] as const;
const NUCLEOS_EMPRESA = [
  'Andina',
  'del Pacífico',
  'Los Andes',
  'Sol del Sur',
  'Norte Grande',
  'Amazónica',
  'Santa Rosa',
  'San Martín',
  'Valle Verde',
  'Costa Azul',
  'Inca',
  'Chavín',
  'Machu Picchu',
  'Titicaca',
  'Pachacútec',
  'Huascarán',
  'Misti',
  'Paracas',
  'Mochica',
  'Nazca',
] as const;
const SOCIEDADES = ['S.A.C.', 'S.A.', 'S.A.A.', 'E.I.R.L.', 'S.R.L.'] as const;

/** Deterministic generated name for client number i (unique through the trailing number when needed). */
export function razonSocialGenerada(i: number): string {
  const p = PREFIJOS_EMPRESA[i % PREFIJOS_EMPRESA.length]!;
  const n = NUCLEOS_EMPRESA[Math.floor(i / PREFIJOS_EMPRESA.length) % NUCLEOS_EMPRESA.length]!;
  const s = SOCIEDADES[i % SOCIEDADES.length]!;
  const vuelta = Math.floor(i / (PREFIJOS_EMPRESA.length * NUCLEOS_EMPRESA.length));
  return vuelta === 0 ? `${p} ${n} ${s}` : `${p} ${n} ${vuelta + 1} ${s}`;
}

export const NOMBRES_CONTACTO = [
  'Rosa Quispe',
  'Jorge Mamani',
  'Lucía Flores',
  'Carlos Huamán',
  'María Torres',
  'Luis Chávez',
  'Ana Ramírez',
  'José Vargas',
  'Carmen Rojas',
  'Miguel Castillo',
  'Patricia Mendoza',
  'Ricardo Salazar',
  'Milagros Gutiérrez',
  'Fernando Paredes',
  'Giovanna Espinoza',
  'Víctor Ccori',
] as const;

export const telefonoDe = (n: number) => `+51 9${String(10_000_000 + (n % 89_999_999)).slice(0, 8)}`;

/** ascii local part for e-mails ("Rosa Quispe" → "rquispe"). */
export function usuarioCorreo(nombre: string): string {
  const partes = nombre
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/\s+/);
  return `${partes[0]?.[0] ?? 'x'}${partes[1] ?? partes[0] ?? 'contacto'}`;
}

export function dominioDe(razonSocial: string): string {
  const base = razonSocial
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(s\.?a\.?c?\.?a?\.?|e\.i\.r\.l\.|s\.r\.l\.|s\.civil|ltda\.)/g, '')
    .replace(/[^a-z0-9 ]/g, '')
    .trim()
    .split(/\s+/)
    .filter((w) => !['del', 'de', 'la', 'los', 'las', 'y', 'el'].includes(w))
    .slice(0, 2)
    .join('');
  return `${base || 'empresa'}.com.pe`;
}

// --- Nodes ---------------------------------------------------------------------------------------

export const SUFIJO_NODO: Readonly<Record<TipoNodo, string>> = {
  CORE: 'CORE',
  AGREGACION: 'AGG',
  ACCESO: 'ACC',
  EDGE: 'EDGE',
  POP: 'POP',
  CLIENTE: 'CPE',
};

// --- Equipment -----------------------------------------------------------------------------------

export interface ModeloEquipo {
  tipo: TipoEquipo;
  marca: string;
  modelo: string;
  /** Serial prefix in the vendor's style. */
  prefijoSerie: string;
}

export const MODELOS_EQUIPO: readonly ModeloEquipo[] = [
  { tipo: 'ROUTER', marca: 'Cisco', modelo: 'ISR4331', prefijoSerie: 'FDO' },
  { tipo: 'ROUTER', marca: 'Cisco', modelo: 'ASR920-24SZ', prefijoSerie: 'CAT' },
  { tipo: 'ROUTER', marca: 'Juniper', modelo: 'MX204', prefijoSerie: 'JN1' },
  { tipo: 'ROUTER', marca: 'Huawei', modelo: 'NetEngine 8000 M1A', prefijoSerie: '2102' },
  { tipo: 'ROUTER', marca: 'MikroTik', modelo: 'CCR2004-16G-2S+', prefijoSerie: 'HE0' },
  { tipo: 'SWITCH', marca: 'Cisco', modelo: 'Catalyst 9300-24T', prefijoSerie: 'FCW' },
  { tipo: 'SWITCH', marca: 'Huawei', modelo: 'S5735-L24T4X', prefijoSerie: '4877' },
  { tipo: 'SWITCH', marca: 'Raisecom', modelo: 'ISCOM2924GF', prefijoSerie: 'RC0' },
  { tipo: 'ONT', marca: 'Huawei', modelo: 'EG8145V5', prefijoSerie: '4857' },
  { tipo: 'ONT', marca: 'ZTE', modelo: 'F670L', prefijoSerie: 'ZTEG' },
  { tipo: 'RADIO', marca: 'Ubiquiti', modelo: 'airFiber 5XHD', prefijoSerie: 'UB7' },
  { tipo: 'RADIO', marca: 'Cambium', modelo: 'PTP 670', prefijoSerie: 'CB1' },
  { tipo: 'RADIO', marca: 'Mimosa', modelo: 'B5c', prefijoSerie: 'MM5' },
  { tipo: 'FIREWALL', marca: 'Fortinet', modelo: 'FortiGate 100F', prefijoSerie: 'FG100F' },
  { tipo: 'FIREWALL', marca: 'Palo Alto', modelo: 'PA-440', prefijoSerie: 'PA0' },
  { tipo: 'OTRO', marca: 'Raisecom', modelo: 'RAX711 (NID)', prefijoSerie: 'RX7' },
];

/** Unique, vendor-looking serial for equipo number i. */
export const serialDe = (m: ModeloEquipo, i: number) =>
  `${m.prefijoSerie}${(0x2a3f1 + i * 7919).toString(36).toUpperCase().padStart(6, '0')}${String(i % 100).padStart(2, '0')}`;

// --- Bandwidth -----------------------------------------------------------------------------------

/** What corporate links are sold at, in Mbps, with how common each is. */
export const BW_COMERCIALES: readonly (readonly [number, number])[] = [
  [10, 6],
  [20, 8],
  [30, 6],
  [50, 10],
  [60, 3],
  [100, 14],
  [150, 4],
  [200, 8],
  [300, 5],
  [500, 4],
  [1000, 3],
  [2000, 1],
];

/** Rounds a purchase to what carriers actually sell (100 Mbps steps up to 1 G, then 500 M, then 1 G). */
export function capacidadComercial(mbps: number): number {
  if (mbps <= 100) return 100;
  if (mbps <= 1000) return Math.ceil(mbps / 100) * 100;
  if (mbps <= 10_000) return Math.ceil(mbps / 500) * 500;
  return Math.min(10_000_000, Math.ceil(mbps / 1000) * 1000);
}

export const MOTIVOS_AJUSTE_MANUAL = [
  'Reserva de capacidad para proyecto de migración a SD-WAN',
  'Capacidad comprometida en propuesta comercial aprobada',
  'Reserva para contingencia de ruta de respaldo',
  'Devolución de capacidad reservada por proyecto cancelado',
  'Corrección de capacidad tras auditoría de inventario',
] as const;
