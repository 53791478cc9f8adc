/**
 * The Zabbix source against a real Zabbix 6.0 API (Debian's frontend, api_jsonrpc.php, on its
 * PostgreSQL schema; see test/zabbix/levantar.sh). Hosts, items, users and tokens are made through
 * the API as Admin; history and trends rows are written in SQL, as zabbix_server would write them.
 * Zabbix 7.x's Bearer header goes through a proxy speaking 7.x's auth transport to the same API.
 */
import { randomBytes } from 'node:crypto';
import { resumenEnMbps, resumirPuntos } from '@troncal/domain/capacity';
import type { MonitoreoZabbix } from '@troncal/domain/schemas';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorFuente } from '../src/services/monitoreo/fuentes/tipos';
import { crearFuenteZabbix } from '../src/services/monitoreo/fuentes/zabbix';
import { DIA_CONOCIDO, diaConocido, inicioHace, type ServidorPrueba, servidorPrueba } from './helpers/monitoreo';
import {
  detenerZabbix,
  hayPg,
  hayZabbix,
  itemSnmp,
  levantarZabbix,
  razonSinZabbix,
  type ZabbixPrueba,
} from './helpers/zabbix';

const razon = razonSinZabbix('no hay PostgreSQL en 127.0.0.1:5432');

const T0 = inicioHace(2);
const FIN = T0 + 86_400 - 1;
const AHORA = Math.floor(Date.now() / 1000);
const HACE_30D = inicioHace(30);

describe.skipIf(!hayZabbix || !hayPg)('fuente Zabbix (API real de Zabbix 6.0)', () => {
  const bd = `troncal_zbx_${process.pid}_${randomBytes(3).toString('hex')}`;
  let zbx: ZabbixPrueba | undefined;
  let url = '';
  let sql: postgres.Sql | undefined;
  const tokens: Record<string, string> = {};
  let proxy: ServidorPrueba | undefined;
  const vistosPorProxy: { method: string; authorization?: string; auth?: unknown }[] = [];

  const admin = <T>(method: string, params: unknown) => (zbx as ZabbixPrueba).admin<T>(method, params);

  const token = (nombre: string, userid: string, extra?: Record<string, unknown>) =>
    (zbx as ZabbixPrueba).token(nombre, userid, extra);

  beforeAll(async () => {
    zbx = await levantarZabbix(bd);
    url = zbx.url;

    const en = await zbx.hostSnmp('Troncal pruebas', 'core-lim-01', { name: 'Core Lima 01' });
    const { hostid } = en;
    // As the SNMP template's discovery leaves them: names carry the interface, keys the ifIndex.
    const snmp = (nombre: string, key_: string, oid: string, extra?: Record<string, unknown>) =>
      itemSnmp(en, nombre, key_, oid, extra);
    const trapper = (nombre: string, key_: string) => ({
      hostid,
      type: 2,
      name: nombre,
      key_,
      value_type: 3,
      units: 'bps',
    });
    const { itemids } = await admin<{ itemids: string[] }>('item.create', [
      snmp('Interface Gi0/0/1(UPLINK CLARO): Bits received', 'net.if.in[ifHCInOctets.3]', '1.3.6.1.2.1.31.1.1.1.6.3'),
      snmp('Interface Gi0/0/1(UPLINK CLARO): Bits sent', 'net.if.out[ifHCOutOctets.3]', '1.3.6.1.2.1.31.1.1.1.10.3'),
      snmp(
        'Interface Gi0/0/1(UPLINK CLARO): Inbound packets discarded',
        'net.if.in.discards[ifInDiscards.3]',
        '1.3.6.1.2.1.2.2.1.13.3',
        { units: '' },
      ),
      snmp('Interface Gi0/0/10(): Bits received', 'net.if.in[ifHCInOctets.12]', '1.3.6.1.2.1.31.1.1.1.6.12'),
      snmp('Interface Gi0/0/10(): Bits sent', 'net.if.out[ifHCOutOctets.12]', '1.3.6.1.2.1.31.1.1.1.10.12'),
      snmp('Interface Gi0/0/2(): Bits received', 'net.if.in[ifHCInOctets.4]', '1.3.6.1.2.1.31.1.1.1.6.4'),
      snmp('Interface Gi0/0/2(): Bits sent', 'net.if.out[ifHCOutOctets.4]', '1.3.6.1.2.1.31.1.1.1.10.4'),
      snmp('Interface Te0/1/0(): Bits received', 'net.if.in[ifHCInOctets.9]', '1.3.6.1.2.1.31.1.1.1.6.9', {
        value_type: 0,
      }),
      snmp('Interface Te0/1/0(): Bits sent', 'net.if.out[ifHCOutOctets.9]', '1.3.6.1.2.1.31.1.1.1.10.9', {
        value_type: 0,
      }),
      snmp('Interface Gi0/0/4(): Bits received', 'net.if.in[ifInOctets.5]', '1.3.6.1.2.1.2.2.1.10.5'),
      snmp('Interface Gi0/0/4(): Bits received', 'net.if.in[ifHCInOctets.5]', '1.3.6.1.2.1.31.1.1.1.6.5'),
      snmp('Interface Gi0/0/4(): Bits sent', 'net.if.out[ifHCOutOctets.5]', '1.3.6.1.2.1.31.1.1.1.10.5'),
      trapper('Interface eth9: Bits received', 'net.if.in[eth9]'),
      trapper('Interface eth9: Bits received', 'net.if.in["eth9"]'),
      trapper('Interface eth9: Bits sent', 'net.if.out[eth9]'),
    ]);
    const [gi1In, gi1Out, , gi10In, gi10Out, , , te0In, te0Out, gi4In32, gi4InHC, gi4Out] = itemids.map(Number);

    sql = zbx.sql(2);
    const enteros: { itemid: number; clock: number; value: number; ns: number }[] = [];
    diaConocido().forEach((m, b) => {
      // Polled every minute, 7 s past, values around the 5-minute mean: the source must average.
      for (let j = 0; j < 5; j++) {
        const clock = T0 + b * 300 + 7 + 60 * j;
        const ruido = (j - 2) * 1000;
        enteros.push({ itemid: gi1In as number, clock, value: m.entrada_mbps * 1e6 + ruido, ns: 0 });
        enteros.push({ itemid: gi1Out as number, clock, value: m.salida_mbps * 1e6 - ruido, ns: 0 });
      }
      enteros.push({ itemid: gi10In as number, clock: T0 + b * 300 + 30, value: 5e6, ns: 0 });
      enteros.push({ itemid: gi10Out as number, clock: T0 + b * 300 + 30, value: 3e6, ns: 0 });
    });
    enteros.push({ itemid: gi1In as number, clock: AHORA - 60, value: 40e6, ns: 0 });
    enteros.push({ itemid: gi1Out as number, clock: AHORA - 60, value: 15e6, ns: 0 });
    for (const item of [gi4In32, gi4InHC, gi4Out])
      enteros.push({ itemid: item as number, clock: AHORA - 30, value: 7e6, ns: 0 });
    for (let i = 0; i < enteros.length; i += 2000)
      await sql`insert into history_uint ${sql(enteros.slice(i, i + 2000))}`;
    const flotantes = diaConocido().flatMap((m, b) => [
      { itemid: te0In as number, clock: T0 + b * 300 + 1, value: m.entrada_mbps * 1e6 + 0.25, ns: 0 },
      { itemid: te0Out as number, clock: T0 + b * 300 + 1, value: m.salida_mbps * 1e6, ns: 0 },
    ]);
    await sql`insert into history ${sql(flotantes)}`;
    const tendencias = Array.from({ length: 24 }, (_, h) => [
      {
        itemid: gi1In as number,
        clock: HACE_30D + h * 3600,
        num: 60,
        value_min: 0,
        value_avg: (100 + h) * 1e6,
        value_max: 900e6,
      },
      { itemid: gi1Out as number, clock: HACE_30D + h * 3600, num: 60, value_min: 0, value_avg: 50e6, value_max: 60e6 },
    ]).flat();
    await sql`insert into trends_uint ${sql(tendencias)}`;

    // Users: one with no host permissions, one whose role denies history.get and trend.get.
    const {
      usrgrpids: [sinHosts],
    } = await admin<{ usrgrpids: string[] }>('usergroup.create', { name: 'Sin hosts' });
    const {
      usrgrpids: [lectores],
    } = await admin<{ usrgrpids: string[] }>('usergroup.create', {
      name: 'Lectores Troncal',
      rights: [{ id: en.groupid, permission: 2 }],
    });
    const { roleids } = await admin<{ roleids: string[] }>('role.create', {
      name: 'Sin historial',
      type: 1,
      rules: { 'api.access': 1, 'api.mode': 0, api: ['history.get', 'trend.get'] },
    });
    const usuario = async (username: string, roleid: string, usrgrpid: string) =>
      (
        await admin<{ userids: string[] }>('user.create', {
          username,
          passwd: 'Troncal-2024!x',
          roleid,
          usrgrps: [{ usrgrpid }],
        })
      ).userids[0] as string;
    tokens.admin = await token('troncal', '1');
    tokens.sinHosts = await token('sin-hosts', await usuario('lector-sin-hosts', '1', sinHosts as string));
    tokens.sinHistorial = await token(
      'sin-historial',
      await usuario('lector-sin-historial', roleids[0] as string, lectores as string),
    );
    tokens.deshabilitado = await token('apagado', '1', { status: 1 });
    tokens.vencido = await token('vencido', '1', { expires_at: 1_000_000_000 });

    // Zabbix 7.x's transport: version 7.0, token only as a Bearer header, body `auth` refused as 7.2+ does.
    proxy = await servidorPrueba(async (req, res, cuerpo) => {
      const pedido = JSON.parse(cuerpo) as Record<string, unknown>;
      const responder = (j: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(j));
      vistosPorProxy.push({
        method: String(pedido.method),
        authorization: req.headers.authorization,
        auth: pedido.auth,
      });
      if (pedido.method === 'apiinfo.version') return responder({ jsonrpc: '2.0', result: '7.0.5', id: pedido.id });
      if ('auth' in pedido) {
        return responder({
          jsonrpc: '2.0',
          error: {
            code: -32600,
            message: 'Invalid request.',
            data: 'Invalid parameter "/": unexpected parameter "auth".',
          },
          id: pedido.id,
        });
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const real = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json-rpc' },
        body: JSON.stringify(bearer ? { ...pedido, auth: bearer } : pedido),
      });
      res.writeHead(real.status, { 'content-type': 'application/json' }).end(await real.text());
    });
  }, 240_000);

  afterAll(async () => {
    await proxy?.cerrar();
    await sql?.end();
    detenerZabbix(bd);
  });

  const gi = (interfaz: string, host = 'core-lim-01'): MonitoreoZabbix => ({ fuente: 'zabbix', host, interfaz });
  const fuente = (tok = tokens.admin as string, f: typeof fetch = fetch) =>
    crearFuenteZabbix({ url, token: tok, timeoutMs: 15_000, fetch: f });
  const dia = [new Date(T0 * 1000), new Date(FIN * 1000)] as const;
  const fallo = (p: Promise<unknown>) =>
    p.then(
      () => expect.unreachable('debía fallar'),
      (e: unknown) => e as ErrorFuente,
    );

  it('6.0: apiinfo.version without auth, then the token in the body; a known day gives exact p95/max/avg', async () => {
    const vistos: { authorization: string | null; cuerpo: Record<string, unknown> }[] = [];
    const espia: typeof fetch = async (entrada, init) => {
      vistos.push({
        authorization: new Headers(init?.headers).get('authorization'),
        cuerpo: JSON.parse(String(init?.body)),
      });
      return fetch(entrada, init);
    };
    const serie = await fuente(tokens.admin, espia).serie(gi('Gi0/0/1'), ...dia);
    expect(serie.origen).toBe('zabbix-history');
    expect(serie.resolucion_s).toBe(60);
    expect(resumenEnMbps(resumirPuntos(serie.puntos))).toEqual(DIA_CONOCIDO);
    expect(vistos.map((v) => v.cuerpo.method)).toEqual(['apiinfo.version', 'host.get', 'item.get', 'history.get']);
    expect(vistos[0]?.cuerpo).not.toHaveProperty('auth');
    for (const v of vistos.slice(1)) {
      expect(v.cuerpo.auth).toBe(tokens.admin);
      expect(v.authorization).toBeNull();
    }
    expect(vistos[3]?.cuerpo.params).toMatchObject({ history: 3, time_from: T0, time_till: FIN });
  });

  it('7.x: the token goes only in the Authorization: Bearer header', async () => {
    const serie = await crearFuenteZabbix({
      url: `${proxy?.url}/api_jsonrpc.php`,
      token: tokens.admin as string,
      timeoutMs: 15_000,
    }).serie(gi('Gi0/0/1'), ...dia);
    expect(resumenEnMbps(resumirPuntos(serie.puntos))).toEqual(DIA_CONOCIDO);
    expect(vistosPorProxy.map((v) => v.method)).toEqual(['apiinfo.version', 'host.get', 'item.get', 'history.get']);
    expect(vistosPorProxy[0]?.authorization).toBeUndefined();
    for (const v of vistosPorProxy.slice(1)) {
      expect(v.authorization).toBe(`Bearer ${tokens.admin}`);
      expect(v.auth).toBeUndefined();
    }
  });

  it('finds the host by its visible name too, and Gi0/0/1 never takes Gi0/0/10', async () => {
    const visible = await fuente().serie(gi('Gi0/0/1', 'Core Lima 01'), ...dia);
    expect(resumenEnMbps(resumirPuntos(visible.puntos)).p95_mbps).toBe(277);
    const diez = await fuente().serie(gi('gi0/0/10'), ...dia);
    expect(resumenEnMbps(resumirPuntos(diez.puntos))).toEqual({ n: 288, p95_mbps: 5, max_mbps: 5, promedio_mbps: 5 });
  });

  it('float items are read from the float history table (value_type 0)', async () => {
    const serie = await fuente().serie(gi('Te0/1/0'), ...dia);
    expect(serie.puntos[0]).toEqual({ t: T0 + 1, entrada_bps: 1e6 + 0.25, salida_bps: 250_000 });
    expect(resumenEnMbps(resumirPuntos(serie.puntos))).toEqual(DIA_CONOCIDO);
  });

  it('ranges older than the history retention come from trends, hourly', async () => {
    const serie = await fuente().serie(gi('Gi0/0/1'), new Date(HACE_30D * 1000), new Date((HACE_30D + 86_399) * 1000));
    expect(serie.origen).toBe('zabbix-trends');
    expect(serie.resolucion_s).toBe(3600);
    expect(serie.puntos).toHaveLength(24);
    expect(serie.puntos[5]).toEqual({ t: HACE_30D + 5 * 3600, entrada_bps: 105e6, salida_bps: 50e6 });
  });

  it('Probar shows the last values and which items they came from; 64-bit counters win', async () => {
    expect(await fuente().probar(gi('Gi0/0/1'))).toEqual({
      t: AHORA - 60,
      entrada_bps: 40e6,
      salida_bps: 15e6,
      detalle:
        'Entrada: «Interface Gi0/0/1(UPLINK CLARO): Bits received» (net.if.in[ifHCInOctets.3]); salida: «Interface Gi0/0/1(UPLINK CLARO): Bits sent» (net.if.out[ifHCOutOctets.3]).',
    });
    expect((await fuente().probar(gi('Gi0/0/4'))).detalle).toContain('(net.if.in[ifHCInOctets.5])');
  });

  it('unknown host, unknown interface, ambiguous interface: each says what to fix', async () => {
    const host = await fallo(fuente().probar(gi('Gi0/0/1', 'core-lim-99')));
    expect(host).toMatchObject({ codigo: 'NO_ENCONTRADO', estado: 'ERROR', fuente: 'zabbix' });
    expect(host.message).toBe(
      'No se encontró el host «core-lim-99» en Zabbix (se busca por su "Host name" técnico y por su nombre visible). Si existe, el usuario del token no tiene permiso de lectura sobre su grupo.',
    );
    const interfaz = await fallo(fuente().probar(gi('Gi0/0/7')));
    expect(interfaz).toMatchObject({ codigo: 'NO_ENCONTRADO' });
    expect(interfaz.message).toMatch(
      /^No se encontró la interfaz «Gi0\/0\/7» en los ítems de entrada \(net\.if\.in\[…\]\) de «core-lim-01»\. Ítems disponibles: «Interface Gi0\/0\/1\(UPLINK CLARO\): Bits received», /,
    );
    const ambigua = await fallo(fuente().probar(gi('eth9')));
    expect(ambigua).toMatchObject({ codigo: 'CONSULTA_INVALIDA' });
    expect(ambigua.message).toContain('Varios ítems de entrada de «core-lim-01» coinciden con «eth9»');
  });

  it('an item with no data: SIN_DATOS, not ERROR', async () => {
    const serie = await fallo(fuente().serie(gi('Gi0/0/2'), ...dia));
    expect(serie).toMatchObject({ codigo: 'SIN_DATOS', estado: 'SIN_DATOS' });
    expect(serie.message).toMatch(
      /^Zabbix no tiene datos de «Gi0\/0\/2» en «core-lim-01» entre .* \(ítems net\.if\.in\[ifHCInOctets\.4\] y net\.if\.out\[ifHCOutOctets\.4\]\)\.$/,
    );
    const prueba = await fallo(fuente().probar(gi('Gi0/0/2')));
    expect(prueba).toMatchObject({ codigo: 'SIN_DATOS', estado: 'SIN_DATOS' });
  });

  it('tokens: without host rights, with history.get denied, disabled, expired', async () => {
    const sinHosts = await fallo(fuente(tokens.sinHosts).serie(gi('Gi0/0/1'), ...dia));
    expect(sinHosts).toMatchObject({ codigo: 'NO_ENCONTRADO' });
    expect(sinHosts.message).toContain('el usuario del token no tiene permiso de lectura sobre su grupo');

    const sinHistorial = await fallo(fuente(tokens.sinHistorial).serie(gi('Gi0/0/1'), ...dia));
    expect(sinHistorial).toMatchObject({ codigo: 'SIN_PERMISO', estado: 'ERROR' });
    expect(sinHistorial.message).toBe(
      'El usuario del token de Zabbix no tiene permiso para history.get: No permissions to call "history.get". Dele acceso de lectura al grupo del host y a los métodos host.get, item.get, history.get y trend.get.',
    );

    for (const t of [tokens.deshabilitado, tokens.vencido]) {
      const e = await fallo(fuente(t).probar(gi('Gi0/0/1')));
      expect(e).toBeInstanceOf(ErrorFuente);
      expect(e).toMatchObject({ codigo: 'AUTENTICACION' });
      expect(e.message).toMatch(
        /^Zabbix rechazó el token \(TRONCAL_ZABBIX_TOKEN\): no existe, venció o está deshabilitado \((Not authorized\.|API token expired\.)\)\.$/,
      );
      expect(e.message).not.toContain(t as string);
    }
  });
});

if (!hayZabbix || !hayPg) it.skip(`fuente Zabbix omitida: ${razon}`);
