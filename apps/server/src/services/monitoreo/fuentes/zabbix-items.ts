/**
 * Finding a binding's two traffic items on a Zabbix host. The standard SNMP interface templates
 * (6.0: "Interfaces SNMP", "Network Generic Device by SNMP", vendor ones) create, per discovered
 * interface, items like
 *   name "Interface Gi0/0/1(UPLINK): Bits received"  key net.if.in[ifHCInOctets.3]     bps
 *   name "Interface Gi0/0/1(UPLINK): Bits sent"      key net.if.out[ifHCOutOctets.3]   bps
 * and others put the interface in the key (net.if.in["eth0"], net.if.in[node_exporter,"eth0"]),
 * so an item is the binding's when its key starts with net.if.in[ / net.if.out[ and the interface
 * name appears, as a whole word, in its name or its key.
 */
import type { MonitoreoZabbix } from '@troncal/domain/schemas';
import { ErrorFuente } from './tipos.js';

export interface ItemZabbix {
  itemid: string;
  name: string;
  key_: string;
  /** 0 float, 1 character, 2 log, 3 unsigned, 4 text. history.get needs it. */
  value_type: string;
  units: string;
  /** Retention as configured: "7d", "90d", "{$MACRO}", "0". */
  history: string;
  trends: string;
  delay: string;
  /** 0 enabled, 1 disabled. */
  status: string;
  lastclock: string;
  lastvalue: string;
}

type Llamar = <T>(metodo: string, params: unknown) => Promise<T>;

const CAMPOS_ITEM = [
  'itemid',
  'name',
  'key_',
  'value_type',
  'units',
  'history',
  'trends',
  'delay',
  'status',
  'lastclock',
  'lastvalue',
];
const NOMBRE_DIR = { entrada: 'entrada', salida: 'salida' } as const;
const PREFIJO = { entrada: 'net.if.in[', salida: 'net.if.out[' } as const;
type Dir = keyof typeof PREFIJO;

/** Characters that cannot be part of an interface name, so they delimit one in names and keys. */
const LIMITES = new Set([' ', '\t', '(', ')', '[', ']', '"', "'", ':', ',']);

/** 2 = same case, 1 = case differs, 0 = not there as a whole word. */
export function coincidencia(texto: string, interfaz: string): 0 | 1 | 2 {
  let mejor: 0 | 1 | 2 = 0;
  const bajo = texto.toLowerCase();
  const buscado = interfaz.toLowerCase();
  for (let i = bajo.indexOf(buscado); i !== -1; i = bajo.indexOf(buscado, i + 1)) {
    const antes = i === 0 || LIMITES.has(texto[i - 1] as string);
    const fin = i + buscado.length;
    const despues = fin === texto.length || LIMITES.has(texto[fin] as string);
    if (!antes || !despues) continue;
    if (texto.slice(i, fin) === interfaz) return 2;
    mejor = 1;
  }
  return mejor;
}

/** Zabbix time suffixes (s, m, h, d, w); macros and flexible intervals fall back to `porDefecto`. */
export function segundosZabbix(texto: string, porDefecto = Number.POSITIVE_INFINITY): number {
  const m = /^\s*(\d+)\s*([smhdw]?)\s*(?:;.*)?$/.exec(texto ?? '');
  if (!m) return porDefecto;
  const factor = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[m[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * factor;
}

const esTrafico = (i: ItemZabbix): boolean =>
  i.units === 'bps' || i.units === '' || /\bbits?\b|traffic|tr[aá]fico/i.test(i.name);

export async function resolverItems(
  binding: MonitoreoZabbix,
  llamar: Llamar,
): Promise<{ hostid: string; entrada: ItemZabbix; salida: ItemZabbix }> {
  const host = await buscarHost(binding.host, llamar);
  const items = await llamar<ItemZabbix[]>('item.get', {
    output: CAMPOS_ITEM,
    hostids: [host.hostid],
    search: { key_: 'net.if.' },
    startSearch: true,
    sortfield: 'name',
  });
  if (!Array.isArray(items)) {
    throw new ErrorFuente(
      'zabbix',
      'RESPUESTA_INVALIDA',
      'Zabbix respondió JSON inesperado: item.get no devolvió una lista.',
    );
  }
  const trafico = { entrada: [] as ItemZabbix[], salida: [] as ItemZabbix[] };
  for (const i of items) {
    if (typeof i?.key_ !== 'string' || typeof i.name !== 'string') continue;
    const dir: Dir | null = i.key_.startsWith(PREFIJO.entrada)
      ? 'entrada'
      : i.key_.startsWith(PREFIJO.salida)
        ? 'salida'
        : null;
    if (dir && esTrafico(i)) trafico[dir].push(i);
  }
  if (trafico.entrada.length === 0 && trafico.salida.length === 0) {
    throw new ErrorFuente(
      'zabbix',
      'NO_ENCONTRADO',
      `El host «${binding.host}» no tiene ítems de tráfico de interfaces (net.if.in[…] / net.if.out[…]) en Zabbix. ¿Tiene enlazada una plantilla de interfaces SNMP y ya corrió su descubrimiento?`,
    );
  }
  return {
    hostid: host.hostid,
    entrada: elegir(trafico.entrada, 'entrada', binding),
    salida: elegir(trafico.salida, 'salida', binding),
  };
}

async function buscarHost(nombre: string, llamar: Llamar): Promise<{ hostid: string }> {
  const salida = ['hostid', 'host', 'name'];
  let hosts = await llamar<{ hostid: string }[]>('host.get', { output: salida, filter: { host: [nombre] } });
  // Operators often copy the visible name from the UI instead of the technical one.
  if (Array.isArray(hosts) && hosts.length === 0) {
    hosts = await llamar<{ hostid: string }[]>('host.get', { output: salida, filter: { name: [nombre] } });
  }
  if (!Array.isArray(hosts)) {
    throw new ErrorFuente(
      'zabbix',
      'RESPUESTA_INVALIDA',
      'Zabbix respondió JSON inesperado: host.get no devolvió una lista.',
    );
  }
  const host = hosts[0];
  if (!host) {
    throw new ErrorFuente(
      'zabbix',
      'NO_ENCONTRADO',
      `No se encontró el host «${nombre}» en Zabbix (se busca por su "Host name" técnico y por su nombre visible). Si existe, el usuario del token no tiene permiso de lectura sobre su grupo.`,
    );
  }
  return host;
}

function elegir(candidatos: ItemZabbix[], dir: Dir, binding: MonitoreoZabbix): ItemZabbix {
  const puntuados = candidatos
    .map((item) => {
      const grado = Math.max(coincidencia(item.name, binding.interfaz), coincidencia(item.key_, binding.interfaz));
      // Enabled first, exact case, then 64-bit counters (ifHC…) over 32-bit ones that wrap at 4 Gbps.
      const puntaje = [
        grado,
        item.status === '0' ? 1 : 0,
        /ifHC/i.test(item.key_) ? 1 : 0,
        item.units === 'bps' ? 1 : 0,
      ];
      return { item, grado, puntaje };
    })
    .filter((c) => c.grado > 0)
    .sort((a, b) => comparar(b.puntaje, a.puntaje));
  const [primero, segundo] = puntuados;
  if (!primero) {
    const disponibles = candidatos
      .slice(0, 8)
      .map((i) => `«${i.name}»`)
      .join(', ');
    throw new ErrorFuente(
      'zabbix',
      'NO_ENCONTRADO',
      `No se encontró la interfaz «${binding.interfaz}» en los ítems de ${NOMBRE_DIR[dir]} (${PREFIJO[dir]}…]) de «${binding.host}».${disponibles ? ` Ítems disponibles: ${disponibles}${candidatos.length > 8 ? ', …' : ''}.` : ''}`,
    );
  }
  if (segundo && comparar(primero.puntaje, segundo.puntaje) === 0) {
    const nombres = puntuados
      .filter((c) => comparar(c.puntaje, primero.puntaje) === 0)
      .slice(0, 4)
      .map((c) => `«${c.item.name}» (${c.item.key_})`)
      .join(', ');
    throw new ErrorFuente(
      'zabbix',
      'CONSULTA_INVALIDA',
      `Varios ítems de ${NOMBRE_DIR[dir]} de «${binding.host}» coinciden con «${binding.interfaz}»: ${nombres}. Escriba el nombre de la interfaz tal como aparece en un solo ítem.`,
    );
  }
  const item = primero.item;
  if (item.value_type !== '0' && item.value_type !== '3') {
    throw new ErrorFuente(
      'zabbix',
      'CONSULTA_INVALIDA',
      `El ítem «${item.name}» (${item.key_}) no es numérico (tipo de información ${item.value_type}); Troncal necesita bits por segundo.`,
    );
  }
  return item;
}

function comparar(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}
