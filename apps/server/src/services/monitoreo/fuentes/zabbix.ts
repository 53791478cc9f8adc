import type { MonitoreoZabbix } from '@troncal/domain/schemas';
import { crearCliente, type Fetch, fecha, numeroBps, pedirJson, respuestaInvalida } from './http.js';
import {
  conLectura,
  ErrorFuente,
  type FuenteTrafico,
  type OpcionesConsulta,
  type PuntoTrafico,
  type SerieTrafico,
} from './tipos.js';
import { type ItemZabbix, resolverItems, segundosZabbix } from './zabbix-items.js';

export interface OpcionesZabbix {
  /** TRONCAL_ZABBIX_URL: the frontend's api_jsonrpc.php. */
  url: string;
  /** TRONCAL_ZABBIX_TOKEN: an API token (Users → API tokens). */
  token: string;
  timeoutMs: number;
  fetch?: Fetch;
  /** Tests pin the clock; the history/trends choice depends on "now". */
  ahora?: () => Date;
}

/** Version answers are kept this long: an upgrade (6.0 → 7.0) changes how the token is sent. */
const VERSION_TTL_MS = 10 * 60_000;

interface ErrorRpc {
  code?: number;
  message?: string;
  data?: string;
}

/** Zabbix ≥ 6.4 takes `Authorization: Bearer`; 7.2 and later refuse the in-body `auth` outright. */
export function usaBearer(version: string): boolean {
  const [mayor = 0, menor = 0] = version.split('.').map((n) => Number.parseInt(n, 10));
  return mayor > 6 || (mayor === 6 && menor >= 4);
}

export function crearFuenteZabbix(opciones: OpcionesZabbix): FuenteTrafico<MonitoreoZabbix> {
  const cliente = crearCliente('zabbix', opciones.url, opciones);
  const ahora = opciones.ahora ?? (() => new Date());
  let siguienteId = 1;
  let version: { valor: string; hasta: number } | null = null;

  async function rpc(metodo: string, params: unknown, auth: 'ninguna' | 'header' | 'cuerpo', signal?: AbortSignal) {
    const cuerpo: Record<string, unknown> = { jsonrpc: '2.0', method: metodo, params, id: siguienteId++ };
    const headers: Record<string, string> = { 'content-type': 'application/json-rpc' };
    if (auth === 'header') headers.authorization = `Bearer ${opciones.token}`;
    if (auth === 'cuerpo') cuerpo.auth = opciones.token;
    const { status, cuerpo: r } = await pedirJson(
      cliente,
      cliente.url,
      { method: 'POST', headers, body: JSON.stringify(cuerpo) },
      signal,
    );
    const respuesta = r as { result?: unknown; error?: ErrorRpc } | null;
    if (respuesta && typeof respuesta === 'object' && respuesta.error) throw errorDeZabbix(metodo, respuesta.error);
    if (status >= 400) throw new ErrorFuente('zabbix', 'HTTP', `Zabbix respondió HTTP ${status} a ${metodo}.`);
    if (!respuesta || typeof respuesta !== 'object' || !('result' in respuesta)) {
      throw respuestaInvalida(cliente, cliente.url, `la respuesta a ${metodo} no trae "result"`);
    }
    return respuesta.result;
  }

  async function versionApi(signal?: AbortSignal): Promise<string> {
    if (version && version.hasta > Date.now()) return version.valor;
    const v = await rpc('apiinfo.version', {}, 'ninguna', signal);
    if (typeof v !== 'string' || !/^\d+\.\d+/.test(v)) {
      throw respuestaInvalida(cliente, cliente.url, 'apiinfo.version no devolvió una versión');
    }
    version = { valor: v, hasta: Date.now() + VERSION_TTL_MS };
    return v;
  }

  /** Authenticated call, the token sent the way this Zabbix version accepts. */
  async function llamar<T>(metodo: string, params: unknown, signal?: AbortSignal): Promise<T> {
    const v = await versionApi(signal);
    return (await rpc(metodo, params, usaBearer(v) ? 'header' : 'cuerpo', signal)) as T;
  }

  async function items(binding: MonitoreoZabbix, signal?: AbortSignal) {
    return resolverItems(binding, (metodo, params) => llamar(metodo, params, signal));
  }

  async function desdeHistory(par: ItemZabbix[], desde: number, hasta: number, signal?: AbortSignal) {
    const porTipo = new Map<string, ItemZabbix[]>();
    for (const item of par) porTipo.set(item.value_type, [...(porTipo.get(item.value_type) ?? []), item]);
    const filas: { itemid: string; clock: string; value: string }[] = [];
    // history.get reads one table per call, chosen by value_type (0 float, 3 unsigned).
    for (const [tipo, lista] of porTipo) {
      const r = await llamar<typeof filas>(
        'history.get',
        {
          output: ['itemid', 'clock', 'value'],
          history: Number(tipo),
          itemids: lista.map((i) => i.itemid),
          time_from: desde,
          time_till: hasta,
          sortfield: 'clock',
          sortorder: 'ASC',
        },
        signal,
      );
      if (!Array.isArray(r)) throw respuestaInvalida(cliente, cliente.url, 'history.get no devolvió una lista');
      filas.push(...r);
    }
    return filas.map((f) => ({ itemid: f.itemid, clock: Number(f.clock), valor: numeroBps(f.value) }));
  }

  async function desdeTrends(par: ItemZabbix[], desde: number, hasta: number, signal?: AbortSignal) {
    const r = await llamar<{ itemid: string; clock: string; value_avg: string }[]>(
      'trend.get',
      {
        output: ['itemid', 'clock', 'value_avg'],
        itemids: par.map((i) => i.itemid),
        time_from: desde,
        time_till: hasta,
      },
      signal,
    );
    if (!Array.isArray(r)) throw respuestaInvalida(cliente, cliente.url, 'trend.get no devolvió una lista');
    return r.map((f) => ({ itemid: f.itemid, clock: Number(f.clock), valor: numeroBps(f.value_avg) }));
  }

  return {
    fuente: 'zabbix',

    async serie(binding, desdeFecha, hastaFecha, opciones: OpcionesConsulta = {}): Promise<SerieTrafico> {
      const { entrada, salida } = await items(binding, opciones.signal);
      const desde = Math.floor(desdeFecha.getTime() / 1000);
      const hasta = Math.floor(hastaFecha.getTime() / 1000);
      const retencion = Math.min(segundosZabbix(entrada.history), segundosZabbix(salida.history));
      const enHistory = desde >= Math.floor(ahora().getTime() / 1000) - retencion;
      let filas = enHistory ? await desdeHistory([entrada, salida], desde, hasta, opciones.signal) : [];
      let origen: SerieTrafico['origen'] = 'zabbix-history';
      // Housekeeping keeps history for days and trends (hourly averages) for months.
      if (filas.length === 0 && entrada.trends !== '0' && salida.trends !== '0') {
        filas = await desdeTrends([entrada, salida], desde, hasta, opciones.signal);
        origen = 'zabbix-trends';
      }
      const porT = new Map<number, PuntoTrafico>();
      for (const f of filas) {
        if (!Number.isFinite(f.clock)) continue;
        let p = porT.get(f.clock);
        if (!p) {
          p = { t: f.clock, entrada_bps: null, salida_bps: null };
          porT.set(f.clock, p);
        }
        if (f.itemid === entrada.itemid) p.entrada_bps = f.valor;
        else if (f.itemid === salida.itemid) p.salida_bps = f.valor;
      }
      const puntos = conLectura(porT);
      if (puntos.length === 0) {
        throw new ErrorFuente(
          'zabbix',
          'SIN_DATOS',
          `Zabbix no tiene datos de «${binding.interfaz}» en «${binding.host}» entre ${fecha(desdeFecha)} y ${fecha(hastaFecha)} (ítems ${entrada.key_} y ${salida.key_}).`,
        );
      }
      return {
        puntos,
        resolucion_s: origen === 'zabbix-trends' ? 3600 : Math.max(1, segundosZabbix(entrada.delay, 60)),
        origen,
      };
    },

    async probar(binding, opciones: OpcionesConsulta = {}) {
      const { entrada, salida } = await items(binding, opciones.signal);
      const e = Number(entrada.lastclock) > 0 ? numeroBps(entrada.lastvalue) : null;
      const s = Number(salida.lastclock) > 0 ? numeroBps(salida.lastvalue) : null;
      if (e === null && s === null) {
        throw new ErrorFuente(
          'zabbix',
          'SIN_DATOS',
          `Los ítems «${entrada.name}» (${entrada.key_}) y «${salida.name}» (${salida.key_}) de «${binding.host}» no tienen valores recientes en Zabbix (por defecto, de las últimas 24 horas).`,
        );
      }
      return {
        t: Math.max(Number(entrada.lastclock) || 0, Number(salida.lastclock) || 0),
        entrada_bps: e,
        salida_bps: s,
        detalle: `Entrada: «${entrada.name}» (${entrada.key_}); salida: «${salida.name}» (${salida.key_}).`,
      };
    },
  };
}

function errorDeZabbix(metodo: string, e: ErrorRpc): ErrorFuente {
  const texto = `${e.message ?? ''} ${e.data ?? ''}`.trim();
  if (/not authori[sz]ed|session terminated|re-login|api token expired|token.*(expired|disabled)/i.test(texto)) {
    return new ErrorFuente(
      'zabbix',
      'AUTENTICACION',
      `Zabbix rechazó el token (TRONCAL_ZABBIX_TOKEN): no existe, venció o está deshabilitado (${e.data ?? e.message}).`,
    );
  }
  if (/no permissions|permission denied|not allowed|access denied/i.test(texto)) {
    return new ErrorFuente(
      'zabbix',
      'SIN_PERMISO',
      `El usuario del token de Zabbix no tiene permiso para ${metodo}: ${(e.data ?? e.message ?? '').replace(/\.$/, '')}. Dele acceso de lectura al grupo del host y a los métodos host.get, item.get, history.get y trend.get.`,
    );
  }
  return new ErrorFuente(
    'zabbix',
    'CONSULTA_INVALIDA',
    `Zabbix respondió con un error a ${metodo} (código ${e.code ?? '?'}): ${texto || 'sin detalle'}.`,
  );
}
