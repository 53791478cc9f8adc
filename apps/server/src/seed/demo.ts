import type { PoliticaSobreventa } from '@troncal/domain/capacity';
import type {
  CondicionServicio,
  EnlaceEstado,
  ModalidadServicio,
  TipoEnlace,
  TipoEquipo,
  TipoNodo,
  TipoServicioCliente,
} from '@troncal/domain/enums';
import {
  ajustarBwInput,
  ajustarCapacidadInput,
  clienteCreateInput,
  conexionCreateInput,
  equipoCreateInput,
  nodoCreateInput,
  proveedorCreateInput,
  servicioProveedorCreateInput,
  servicioProveedorUpdateInput,
} from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { and, count, eq, sql } from 'drizzle-orm';
import type { AuthUser } from '../auth/types';
import { type Db, execRows } from '../db/client';
import { clientes, proveedores, serviciosProveedor } from '../db/schema';
import { crearCliente } from '../services/clientes.service';
import { ajustarBwConexion, cambiarEstadoConexion, crearConexion, type OpcionesConexion } from '../services/conexiones';
import { crearEquipo } from '../services/equipos.service';
import { crearNodo } from '../services/nodos.service';
import { actualizarProveedor, crearProveedor } from '../services/proveedores.service';
import { actualizarServicio, ajustarCapacidad, crearServicio } from '../services/servicios';
import { BaseNoVaciaError, type ConteoSiembra, tablasConDatos } from './comun';
import {
  CALLES,
  CARRIERS,
  CLIENTES_DEMO,
  direccionDe,
  dominioDe,
  MODELOS_EQUIPO,
  MOTIVOS_AJUSTE_MANUAL,
  NOMBRES_CONTACTO,
  rucDe,
  SEDE_CLIENTE_DEMO,
  SITIOS,
  type Sitio,
  SUFIJO_NODO,
  serialDe,
  telefonoDe,
  usuarioCorreo,
} from './datos';
import { type Azar, crearAzar } from './prng';
import { sembrarUsoDemo } from './uso-demo';

/**
 * `db:seed --demo`: a believable ISP inventory created through the same service functions the SPA
 * and `/v1` call (with the same zod input schemas), so every Mbps sold is explained by the ledger:
 * carriers, provider services in several departamentos, clients with valid RUCs, nodes, equipos,
 * connections across states and service types, bandwidth changes, releases (BAJA) and manual
 * adjustments with their reasons, and a few services running hot so the 75 % / 90 % alerts show.
 */

export interface OpcionesDemo {
  actor: AuthUser;
  politica: PoliticaSobreventa;
  semilla?: number | undefined;
  info?: (msg: string) => void;
}

export interface ResumenDemo extends ConteoSiembra {
  yaCargado: boolean;
}

const NODOS_POR_TIPO = 20;
const EQUIPOS = 60;
const CONEXIONES = 120;

/** Lima first: most of the corporate demand is there. */
const CODIGOS_DEMO = ['LIM', 'LIM', 'LIM', 'CAL', 'AQP', 'TRU', 'CIX', 'PIU', 'CUZ', 'HYO', 'ICA', 'TCQ', 'JUL', 'IQT'];

const BW_DEMO = [10, 20, 30, 50, 60, 80, 100, 150, 200, 250, 300, 400, 500, 600, 800, 1000, 1500, 2000, 2500, 3000];
/** The largest commercial value not above `mbps` (at least 10 Mbps). */
const bwComercial = (mbps: number) => BW_DEMO.reduce((best, b) => (b <= mbps ? b : best), BW_DEMO[0]!);

interface PlanServicio {
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

/** 30 services: every condition and both modalities, four of them hot (two ALTO, two CRÍTICO). */
function planServicios(az: Azar): PlanServicio[] {
  const base: Omit<PlanServicio, 'venta' | 'uso'>[] = [
    { carrier: 0, codigo: 'LIM', modalidad: 'DEDICADO', comprada: 10_000, condicion: 'ACTIVO' },
    { carrier: 0, codigo: 'LIM', modalidad: 'COMPARTIDO', comprada: 2_000, condicion: 'ACTIVO' },
    { carrier: 0, codigo: 'AQP', modalidad: 'DEDICADO', comprada: 2_000, condicion: 'ACTIVO' },
    { carrier: 0, codigo: 'CUZ', modalidad: 'DEDICADO', comprada: 1_000, condicion: 'ACTIVO' },
    {
      carrier: 0,
      codigo: 'LIM',
      modalidad: 'DEDICADO',
      comprada: 5_000,
      condicion: 'STANDBY',
      observacion: 'Ruta de respaldo, se activa ante caída del enlace principal',
    },
    { carrier: 1, codigo: 'LIM', modalidad: 'DEDICADO', comprada: 5_000, condicion: 'ACTIVO' },
    { carrier: 1, codigo: 'CAL', modalidad: 'COMPARTIDO', comprada: 1_000, condicion: 'ACTIVO' },
    { carrier: 1, codigo: 'TRU', modalidad: 'DEDICADO', comprada: 2_000, condicion: 'ACTIVO' },
    { carrier: 1, codigo: 'PIU', modalidad: 'COMPARTIDO', comprada: 500, condicion: 'ACTIVO' },
    {
      carrier: 1,
      codigo: 'LIM',
      modalidad: 'COMPARTIDO',
      comprada: 1_000,
      condicion: 'RESERVA',
      observacion: 'Capacidad reservada para licitación del Gobierno Regional',
    },
    { carrier: 2, codigo: 'LIM', modalidad: 'DEDICADO', comprada: 3_000, condicion: 'ACTIVO', limite: 10 },
    { carrier: 2, codigo: 'AQP', modalidad: 'COMPARTIDO', comprada: 1_000, condicion: 'ACTIVO' },
    { carrier: 2, codigo: 'CIX', modalidad: 'DEDICADO', comprada: 1_000, condicion: 'ACTIVO' },
    { carrier: 2, codigo: 'HYO', modalidad: 'COMPARTIDO', comprada: 300, condicion: 'ACTIVO' },
    {
      carrier: 3,
      codigo: 'LIM',
      modalidad: 'DEDICADO',
      comprada: 20_000,
      condicion: 'ACTIVO',
      observacion: 'Tránsito IP internacional, NAP Lima',
    },
    {
      carrier: 3,
      codigo: 'LIM',
      modalidad: 'DEDICADO',
      comprada: 10_000,
      condicion: 'STANDBY',
      observacion: 'Tránsito IP de respaldo (Miami)',
    },
    { carrier: 3, codigo: 'CAL', modalidad: 'DEDICADO', comprada: 5_000, condicion: 'ACTIVO' },
    { carrier: 4, codigo: 'LIM', modalidad: 'DEDICADO', comprada: 10_000, condicion: 'ACTIVO' },
    { carrier: 4, codigo: 'TRU', modalidad: 'DEDICADO', comprada: 1_000, condicion: 'ACTIVO' },
    { carrier: 4, codigo: 'AQP', modalidad: 'DEDICADO', comprada: 2_000, condicion: 'RESERVA' },
    { carrier: 5, codigo: 'LIM', modalidad: 'COMPARTIDO', comprada: 1_000, condicion: 'ACTIVO' },
    { carrier: 5, codigo: 'JUL', modalidad: 'COMPARTIDO', comprada: 300, condicion: 'ACTIVO' },
    {
      carrier: 5,
      codigo: 'IQT',
      modalidad: 'DEDICADO',
      comprada: 200,
      condicion: 'ACTIVO',
      observacion: 'Enlace satelital, latencia alta',
    },
    { carrier: 5, codigo: 'TCQ', modalidad: 'COMPARTIDO', comprada: 500, condicion: 'ACTIVO', limite: 20 },
    { carrier: 6, codigo: 'LIM', modalidad: 'DEDICADO', comprada: 2_000, condicion: 'ACTIVO' },
    { carrier: 6, codigo: 'ICA', modalidad: 'DEDICADO', comprada: 500, condicion: 'ACTIVO' },
    {
      carrier: 6,
      codigo: 'PIU',
      modalidad: 'COMPARTIDO',
      comprada: 500,
      condicion: 'INACTIVO',
      observacion: 'Suspendido por deuda con el proveedor',
    },
    { carrier: 6, codigo: 'LIM', modalidad: 'DEDICADO', comprada: 1_000, condicion: 'ACTIVO' },
    // GTD PERÚ: the contract ended; its services are history and the provider becomes INACTIVO.
    {
      carrier: 7,
      codigo: 'LIM',
      modalidad: 'DEDICADO',
      comprada: 1_000,
      condicion: 'BAJA',
      observacion: 'Contrato terminado en diciembre',
    },
    {
      carrier: 7,
      codigo: 'AQP',
      modalidad: 'COMPARTIDO',
      comprada: 500,
      condicion: 'INACTIVO',
      observacion: 'Pendiente de desmontaje',
    },
  ];
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

const TIPOS_SERVICIO_DEMO: readonly (readonly [TipoServicioCliente, number])[] = [
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
const TIPOS_ENLACE_DEMO: readonly (readonly [TipoEnlace, number])[] = [
  ['P2P', 45],
  ['GPON', 30],
  ['Fibra Oscura', 18],
  ['Satelital', 7],
];
/** The equipo type that fits a link type. */
const EQUIPO_PARA: Readonly<Record<TipoEnlace, TipoEquipo[]>> = {
  P2P: ['ROUTER', 'RADIO', 'SWITCH'],
  GPON: ['ONT', 'ROUTER'],
  'Fibra Oscura': ['SWITCH', 'ROUTER'],
  Satelital: ['OTRO', 'ROUTER'],
};

const MOTIVOS_AUMENTO = [
  'Upgrade solicitado por el cliente (OT-2025-0142)',
  'Ampliación por temporada alta de ventas',
  'Aumento por migración de central telefónica a la nube',
];
const MOTIVOS_DISMINUCION = ['Downgrade por renegociación de contrato', 'Reducción por cierre de sede'];
const MOTIVOS_BAJA = [
  'Baja solicitada por el cliente: fin de contrato',
  'Baja por migración del cliente a otro proveedor',
  'Baja por cierre de la sede del cliente',
];

function configuracionCisco(vlan: number, ip: string): string {
  return [
    `interface GigabitEthernet0/0/1.${vlan}`,
    ` description ENLACE-CLIENTE-VLAN${vlan}`,
    ` encapsulation dot1Q ${vlan}`,
    ` ip address ${ip.replace(/\/\d+$/, '')} 255.255.255.252`,
    ' no shutdown',
  ].join('\n');
}

/** Whether this database already holds the demo (the same carriers and first client). */
async function demoYaCargada(db: Db): Promise<boolean> {
  const [p] = await db.select({ n: count() }).from(proveedores).where(eq(proveedores.nombre, CARRIERS[0]!.nombre));
  const [c] = await db.select({ n: count() }).from(clientes).where(eq(clientes.razon_social, CLIENTES_DEMO[0]!));
  return Number(p?.n ?? 0) > 0 && Number(c?.n ?? 0) > 0;
}

async function contar(db: Db) {
  const [r] = await execRows<Record<string, string | number>>(
    db,
    sql`select (select count(*) from proveedores) as proveedores,
               (select count(*) from servicios_proveedor) as servicios,
               (select count(*) from clientes) as clientes,
               (select count(*) from nodos) as nodos,
               (select count(*) from equipos) as equipos,
               (select count(*) from conexiones) as conexiones,
               (select count(*) from movimientos_capacidad) as movimientos`,
  );
  const n = (k: string) => Number(r?.[k] ?? 0);
  return {
    proveedores: n('proveedores'),
    servicios: n('servicios'),
    clientes: n('clientes'),
    nodos: n('nodos'),
    equipos: n('equipos'),
    conexiones: n('conexiones'),
    movimientos: n('movimientos'),
  };
}

export async function sembrarDemo(db: Db, opts: OpcionesDemo): Promise<ResumenDemo> {
  const inicio = performance.now();
  const conDatos = await tablasConDatos(db);
  if (conDatos.length > 0) {
    if (await demoYaCargada(db)) {
      return { yaCargado: true, ...(await contar(db)), segundos: (performance.now() - inicio) / 1000 };
    }
    throw new BaseNoVaciaError(conDatos);
  }
  const az = crearAzar(opts.semilla ?? 2025);
  const user = opts.actor;
  const info = opts.info ?? (() => {});
  const hoy = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const diasAtras = (d: number) => new Date(hoy - d * 86_400_000).toISOString().slice(0, 10);
  const sitiosDe = (codigo: string) => SITIOS.filter((s) => s.codigo === codigo);
  const sitioDe = (codigo: string): Sitio => az.elegir(sitiosDe(codigo).length > 0 ? sitiosDe(codigo) : SITIOS);

  // --- Providers ----------------------------------------------------------------------------------
  info('Proveedores…');
  const proveedorIds: number[] = [];
  for (const [i, c] of CARRIERS.entries()) {
    const p = await crearProveedor(
      db,
      proveedorCreateInput.parse({
        nombre: c.nombre,
        ruc: rucDe('20', 10_017_400 + i * 1_234_567),
        contacto: c.contacto,
        telefono: `+51 1 ${String(6_100_000 + i * 111_111).slice(0, 3)} ${String(1000 + i * 37).slice(0, 4)}`,
        email: `noc@${c.dominio}`,
      }),
      user,
    );
    proveedorIds.push(p.proveedor_id);
  }

  // --- Nodes: ~20 of each type ---------------------------------------------------------------------
  info('Nodos…');
  const nodosPorTipo = new Map<TipoNodo, { id: number; codigo: string }[]>();
  const tipos: TipoNodo[] = ['CORE', 'AGREGACION', 'ACCESO', 'EDGE', 'POP', 'CLIENTE'];
  for (const tipo of tipos) {
    const lista: { id: number; codigo: string }[] = [];
    for (let k = 0; k < NODOS_POR_TIPO; k++) {
      const codigo = CODIGOS_DEMO[k % CODIGOS_DEMO.length]!;
      const sitio = sitioDe(codigo);
      const nodo = await crearNodo(
        db,
        nodoCreateInput.parse({
          nombre: `${codigo}-${SUFIJO_NODO[tipo]}-${String(k + 1).padStart(2, '0')}`,
          tipo,
          ubigeo: sitio.ubigeo,
          direccion: direccionDe(az.elegir(CALLES), az.entero(100, 3999)),
          estado: tipo === 'ACCESO' && k === NODOS_POR_TIPO - 1 ? 'INACTIVO' : 'ACTIVO',
        }),
        user,
      );
      if (nodo.estado === 'ACTIVO') lista.push({ id: nodo.nodo_id, codigo });
    }
    nodosPorTipo.set(tipo, lista);
  }
  const nodoEn = (tiposNodo: TipoNodo[], codigo: string): number => {
    const candidatos = tiposNodo.flatMap((t) => nodosPorTipo.get(t) ?? []);
    const locales = candidatos.filter((n) => n.codigo === codigo);
    return az.elegir(locales.length > 0 ? locales : candidatos).id;
  };

  // --- Equipos -------------------------------------------------------------------------------------
  info('Equipos…');
  const libres = new Map<TipoEquipo, number[]>();
  for (let k = 0; k < EQUIPOS; k++) {
    const m = MODELOS_EQUIPO[k % MODELOS_EQUIPO.length]!;
    const baja = k % 20 === 19;
    const e = await crearEquipo(
      db,
      equipoCreateInput.parse({
        tipo: m.tipo,
        marca: m.marca,
        modelo: m.modelo,
        serial: serialDe(m, k),
        estado: baja ? 'BAJA' : 'DISPONIBLE',
        observacion: baja ? 'Dañado por descarga eléctrica; pendiente de RMA' : undefined,
      }),
      user,
    );
    if (!baja) libres.set(m.tipo, [...(libres.get(m.tipo) ?? []), e.equipo_id]);
  }
  const tomarEquipo = (modalidad: TipoEnlace): number | undefined => {
    for (const tipo of EQUIPO_PARA[modalidad]) {
      const lista = libres.get(tipo);
      if (lista && lista.length > 0) return lista.shift();
    }
    return undefined;
  };

  // --- Clients -------------------------------------------------------------------------------------
  info('Clientes…');
  const clienteIds: number[] = [];
  const rucs = new Set<string>();
  for (const [i, razon_social] of CLIENTES_DEMO.entries()) {
    let ruc = rucDe('20', az.entero(10_000_000, 99_999_999));
    while (rucs.has(ruc)) ruc = rucDe('20', az.entero(10_000_000, 99_999_999));
    rucs.add(ruc);
    const contacto = NOMBRES_CONTACTO[i % NOMBRES_CONTACTO.length]!;
    const c = await crearCliente(
      db,
      clienteCreateInput.parse({
        razon_social,
        ruc,
        contacto,
        telefono: telefonoDe(i * 7919 + 101),
        email: `${usuarioCorreo(contacto)}@${dominioDe(razon_social)}`,
        estado: i === CLIENTES_DEMO.length - 1 ? 'INACTIVO' : 'ACTIVO',
      }),
      user,
    );
    clienteIds.push(c.cliente_id);
  }
  // The last client is INACTIVO (no new links). National accounts buy links anywhere (the big ones
  // more often); regional ones only in their city, where they are favoured.
  const nacionales = clienteIds.filter((_, i) => i < CLIENTES_DEMO.length - 1 && !SEDE_CLIENTE_DEMO[CLIENTES_DEMO[i]!]);
  const locales = (codigo: string) => clienteIds.filter((_, i) => SEDE_CLIENTE_DEMO[CLIENTES_DEMO[i]!] === codigo);
  const elegirCliente = (codigo: string) => {
    const propios = locales(codigo);
    if (propios.length > 0 && az.si(0.6)) return az.elegir(propios);
    return nacionales[Math.floor(nacionales.length * az.next() ** 1.6)]!;
  };

  // --- Provider services ---------------------------------------------------------------------------
  info('Servicios de proveedor…');
  const plan = planServicios(az);
  const servicios: { id: number; plan: PlanServicio; sitio: Sitio }[] = [];
  for (const [i, s] of plan.entries()) {
    const carrier = CARRIERS[s.carrier]!;
    const sitio = sitioDe(s.codigo);
    // BAJA/INACTIVO services are created ACTIVO and retired after their history is written.
    const condicionInicial = s.condicion === 'BAJA' || s.condicion === 'INACTIVO' ? 'ACTIVO' : s.condicion;
    const r = await crearServicio(db, {
      datos: servicioProveedorCreateInput.parse({
        proveedor_id: proveedorIds[s.carrier],
        nodo_id: nodoEn(['CORE', 'POP'], s.codigo),
        modalidad: s.modalidad,
        capacidad_comprada: s.comprada,
        ubicacion_servicio: `${sitio.distrito}, ${sitio.provincia} (${sitio.departamento})`,
        condicion: condicionInicial,
        observacion: s.observacion,
        cid_proveedor: `${carrier.prefijoCid}-${s.modalidad === 'DEDICADO' ? 'IPT' : 'INT'}-${String(204_511 + i * 7_919).slice(0, 6)}`,
        limite_sobreventa_pct: s.limite,
      }),
      usuario: user,
    });
    servicios.push({ id: r.servicio_id, plan: s, sitio });
  }

  // --- Connections ---------------------------------------------------------------------------------
  info('Conexiones…');
  const opConexion: OpcionesConexion = { usuario: user, politica: opts.politica, ajustarServicio: true };
  // Connections go to ACTIVO services, plus two to the service that will be retired (its history).
  const conVentas = servicios.filter((s) => s.plan.condicion === 'ACTIVO');
  const retirado = servicios.find((s) => s.plan.condicion === 'BAJA');
  const reparto = new Map<number, number>();
  const pesos = conVentas.map((s) => Math.sqrt(s.plan.comprada) * (s.plan.uso ? 1.5 : 1));
  const sumaPesos = pesos.reduce((a, b) => a + b, 0);
  const restantes = CONEXIONES - (retirado ? 2 : 0);
  for (const [i, s] of conVentas.entries()) {
    reparto.set(s.id, Math.max(2, Math.round((restantes * (pesos[i] ?? 0)) / sumaPesos)));
  }
  // Make the total exactly CONEXIONES by trimming or padding the largest services.
  let total = [...reparto.values()].reduce((a, b) => a + b, 0);
  const porTamano = [...conVentas].sort((a, b) => b.plan.comprada - a.plan.comprada);
  for (let k = 0; total !== restantes; k = (k + 1) % porTamano.length) {
    const id = porTamano[k]!.id;
    const actual = reparto.get(id) ?? 0;
    if (total > restantes && actual > 2) {
      reparto.set(id, actual - 1);
      total--;
    } else if (total < restantes) {
      reparto.set(id, actual + 1);
      total++;
    }
  }
  if (retirado) reparto.set(retirado.id, 2);

  interface Creada {
    enlace_id: number;
    servicio: (typeof servicios)[number];
    bw: number;
    estado: EnlaceEstado;
  }
  const creadas: Creada[] = [];
  /** What each service has sold so far, so later upgrades and reservations never oversell. */
  const vendidaDe = new Map<number, number>();
  const disponibleDe = (s: (typeof servicios)[number]) => s.plan.comprada - (vendidaDe.get(s.id) ?? 0);
  let ipSeq = 0;
  for (const s of [...conVentas, ...(retirado ? [retirado] : [])]) {
    const k = reparto.get(s.id) ?? 0;
    // Bandwidths that add up to the planned share of what was bought, never more: no oversale.
    let porVender = s.plan.comprada * s.plan.venta;
    const bws: number[] = [];
    for (let j = 0; j < k; j++) {
      const objetivo = Math.min(porVender, (porVender / (k - j)) * az.real(0.6, 1.4));
      const ultimo = j === k - 1;
      // Hot services: the last link takes the exact remainder so the planned share is reached.
      const bw =
        ultimo && s.plan.uso !== null
          ? Math.max(10, Math.floor(porVender))
          : Math.min(bwComercial(objetivo), Math.max(10, Math.floor(porVender)));
      bws.push(bw);
      porVender -= bw;
    }
    const vendida = bws.reduce((a, b) => a + b, 0);
    for (const [j, bw] of bws.entries()) {
      const caliente = s.plan.uso !== null;
      const estado: EnlaceEstado =
        s === retirado || caliente
          ? 'ACTIVO'
          : az.ponderado<EnlaceEstado>([
              ['ACTIVO', 74],
              ['PENDIENTE', 8],
              ['SUSPENDIDO', 6],
              ['DOWN', 4],
              ['INACTIVO', 4],
            ]);
      const enUso = estado === 'ACTIVO' || estado === 'SUSPENDIDO';
      // Hot services: every link runs at the service's target share, so utilizada/comprada lands on it.
      const frac = caliente ? Math.min(1, ((s.plan.uso ?? 0) * s.plan.comprada) / vendida) : az.real(0.2, 0.75);
      const bw_utilizado = enUso ? redondearMbps(bw * frac) : 0;
      const modalidad_enlace = s.plan.codigo === 'IQT' ? 'Satelital' : az.ponderado(TIPOS_ENLACE_DEMO);
      const sitio = az.si(0.8) ? s.sitio : sitioDe(s.plan.codigo);
      ipSeq++;
      const ip = `190.${116 + (ipSeq >> 6)}.${(ipSeq * 37) % 250}.${((ipSeq & 63) * 4 + 1) % 253}/30`;
      const equipo = estado !== 'PENDIENTE' && az.si(0.6) ? tomarEquipo(modalidad_enlace) : undefined;
      const fechaAct = estado === 'PENDIENTE' ? undefined : diasAtras(az.entero(20, 1100));
      const datos = conexionCreateInput.parse({
        servicio_id: s.id,
        cliente_id: elegirCliente(s.plan.codigo),
        tipo_enlace: az.ponderado(TIPOS_SERVICIO_DEMO),
        modalidad_enlace,
        bw_contratado: bw,
        bw_utilizado,
        nodo_a: nodoEn(['ACCESO', 'AGREGACION', 'EDGE'], s.plan.codigo),
        nodo_b: az.si(0.75) ? nodoEn(['CLIENTE'], s.plan.codigo) : undefined,
        departamento_enlace: sitio.departamento,
        provincia_enlace: sitio.provincia,
        distrito_enlace: sitio.distrito,
        direccion_enlace: direccionDe(az.elegir(CALLES), az.entero(100, 3999)),
        locacion: az.elegir(['Sede principal', 'Oficina central', 'Planta', 'Almacén', 'Agencia', 'Data center']),
        enlace_estado: estado,
        enlace_fecha_activacion: fechaAct,
        asignacion_ip: estado === 'PENDIENTE' ? undefined : ip,
        equipos_ids: equipo ? [equipo] : undefined,
        configuracion_nodo_a:
          j % 3 === 0 && estado !== 'PENDIENTE' ? configuracionCisco(100 + creadas.length, ip) : undefined,
      });
      const r = await crearConexion(db, { datos, ...opConexion });
      vendidaDe.set(s.id, (vendidaDe.get(s.id) ?? 0) + bw);
      creadas.push({ enlace_id: r.conexion.enlace_id, servicio: s, bw, estado });
    }
  }

  // --- Operations: what a year of operations leaves in the ledger ------------------------------------
  info('Movimientos (ajustes de BW, bajas, ajustes manuales)…');
  const normales = creadas.filter((c) => c.servicio.plan.uso === null && c.servicio !== retirado);
  // Releases (BAJA): the retired service's links, and about one in twelve ordinary ones.
  const bajas = [
    ...creadas.filter((c) => c.servicio === retirado),
    ...normales.filter((c, i) => c.estado !== 'PENDIENTE' && i % 12 === 5),
  ];
  for (const c of bajas) {
    await cambiarEstadoConexion(db, {
      id: c.enlace_id,
      datos: { enlace_estado: 'BAJA', motivo: az.elegir(MOTIVOS_BAJA) },
      ...opConexion,
    });
    c.estado = 'BAJA';
    vendidaDe.set(c.servicio.id, (vendidaDe.get(c.servicio.id) ?? 0) - c.bw);
  }
  // Upgrades and downgrades on ordinary services (the upgrades fit in what remains available).
  const vivos = normales.filter((c) => c.estado === 'ACTIVO');
  for (const [i, c] of vivos.filter((_, i) => i % 9 === 2).entries()) {
    const aumentar = i % 3 !== 2;
    const mbps = aumentar ? Math.min(100, bwComercial(c.bw * 0.5)) : bwComercial(c.bw / 2);
    if (!aumentar && mbps >= c.bw) continue;
    if (aumentar && mbps > disponibleDe(c.servicio)) continue;
    const input = ajustarBwInput.parse({
      modo: aumentar ? 'AUMENTAR' : 'DISMINUIR',
      mbps,
      motivo: aumentar ? az.elegir(MOTIVOS_AUMENTO) : az.elegir(MOTIVOS_DISMINUCION),
    });
    await ajustarBwConexion(db, { id: c.enlace_id, datos: input, ...opConexion });
    const delta = aumentar ? mbps : -mbps;
    c.bw = redondearMbps(c.bw + delta);
    vendidaDe.set(c.servicio.id, (vendidaDe.get(c.servicio.id) ?? 0) + delta);
  }
  // Manual adjustments with their reasons: reservations, and one of them partly returned.
  const reservas = servicios.filter(
    (s) => s.plan.condicion === 'ACTIVO' && s.plan.uso === null && s.plan.comprada >= 1000,
  );
  for (const [i, s] of reservas.filter((_, i) => i % 3 === 0).entries()) {
    const reserva = bwComercial(s.plan.comprada * 0.1);
    if (reserva > disponibleDe(s)) continue;
    vendidaDe.set(s.id, (vendidaDe.get(s.id) ?? 0) + reserva);
    await ajustarCapacidad(db, {
      id: s.id,
      datos: ajustarCapacidadInput.parse({ delta_disponible: -reserva, motivo: MOTIVOS_AJUSTE_MANUAL[i % 3]! }),
      usuario: user,
      politica: opts.politica,
    });
    if (i === 0) {
      await ajustarCapacidad(db, {
        id: s.id,
        datos: ajustarCapacidadInput.parse({ delta_disponible: reserva / 2, motivo: MOTIVOS_AJUSTE_MANUAL[3]! }),
        usuario: user,
        politica: opts.politica,
      });
    }
  }

  // --- Retire what the plan retires ----------------------------------------------------------------
  for (const s of servicios) {
    if (s.plan.condicion === 'BAJA' || s.plan.condicion === 'INACTIVO') {
      await actualizarServicio(db, {
        id: s.id,
        datos: servicioProveedorUpdateInput.parse({ condicion: s.plan.condicion }),
        usuario: user,
        politica: opts.politica,
      });
    }
  }
  const ultimo = proveedorIds[CARRIERS.length - 1];
  if (ultimo !== undefined) {
    const [vivosUltimo] = await db
      .select({ n: count() })
      .from(serviciosProveedor)
      .where(
        and(
          eq(serviciosProveedor.proveedor_id, ultimo),
          sql`${serviciosProveedor.condicion} not in ('BAJA', 'INACTIVO')`,
        ),
      );
    if (Number(vivosUltimo?.n ?? 0) === 0) await actualizarProveedor(db, ultimo, { estado: 'INACTIVO' }, user);
  }

  // --- Measured-traffic history, so the usage charts mean something with no source (uso-demo.ts) ----
  const uso = await sembrarUsoDemo(db, { semilla: opts.semilla ?? 2025 });
  info(`Historial de uso: ${uso.conexiones} conexiones y ${uso.servicios} servicios, ${uso.horas} horas de muestras.`);

  return { yaCargado: false, ...(await contar(db)), segundos: (performance.now() - inicio) / 1000 };
}
