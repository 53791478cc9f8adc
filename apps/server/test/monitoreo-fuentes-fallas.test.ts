/**
 * Sources that fail: nothing listening, never answering, answering slowly, 5xx, garbage, the wrong
 * JSON. Each must end, quickly, in an ErrorFuente with a Spanish message, whatever the source.
 */
import type { Monitoreo, MonitoreoPrometheus, MonitoreoZabbix } from '@troncal/domain/schemas';
import { afterEach, describe, expect, it } from 'vitest';
import { crearFuentes, leerConfigMonitoreo } from '../src/services/monitoreo/config';
import { crearFuentePrometheus } from '../src/services/monitoreo/fuentes/prometheus';
import { ErrorFuente } from '../src/services/monitoreo/fuentes/tipos';
import { crearFuenteZabbix, usaBearer } from '../src/services/monitoreo/fuentes/zabbix';
import { coincidencia, segundosZabbix } from '../src/services/monitoreo/fuentes/zabbix-items';
import { puertoLibre, type ServidorPrueba, servidorPrueba } from './helpers/monitoreo';

const ZBX: MonitoreoZabbix = { fuente: 'zabbix', host: 'core-lim-01', interfaz: 'Gi0/0/1' };
const PROM: MonitoreoPrometheus = { fuente: 'prometheus', entrada: 'up', salida: 'up' };
const TOKEN = 'f00dcafe'.repeat(8);

const servidores: ServidorPrueba[] = [];
afterEach(async () => {
  await Promise.all(servidores.splice(0).map((s) => s.cerrar()));
});
async function servidor(manejar: Parameters<typeof servidorPrueba>[0]): Promise<string> {
  const s = await servidorPrueba(manejar);
  servidores.push(s);
  return s.url;
}

/** Both sources through the public entry point, pointed at the same misbehaving server. */
function ambas(base: string, timeoutS = 1) {
  const fuentes = crearFuentes(
    leerConfigMonitoreo({
      TRONCAL_ZABBIX_URL: `${base}/api_jsonrpc.php`,
      TRONCAL_ZABBIX_TOKEN: TOKEN,
      TRONCAL_PROMETHEUS_URL: base,
      TRONCAL_MONITOREO_TIMEOUT_S: String(timeoutS),
    }),
  );
  return [
    ['zabbix', (b: Monitoreo = ZBX) => fuentes.probar(b)],
    ['prometheus', (b: Monitoreo = PROM) => fuentes.serie(b, new Date(Date.now() - 3_600_000), new Date())],
  ] as const;
}

async function error(p: Promise<unknown>): Promise<ErrorFuente> {
  const e = await p.then(
    () => expect.unreachable('debía fallar'),
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ErrorFuente);
  expect((e as Error).message).not.toContain(TOKEN);
  return e as ErrorFuente;
}

describe('a source that is down, slow or answers garbage', () => {
  it('nothing listening: CAIDA, naming the URL', async () => {
    const base = `http://127.0.0.1:${await puertoLibre()}`;
    for (const [nombre, consultar] of ambas(base)) {
      const e = await error(consultar());
      expect(e).toMatchObject({ codigo: 'CAIDA', estado: 'ERROR', fuente: nombre });
      const donde = nombre === 'zabbix' ? `${base}/api_jsonrpc.php` : `${base}/api/v1/query_range`;
      expect(e.message).toBe(
        `No se pudo conectar con ${nombre === 'zabbix' ? 'Zabbix' : 'Prometheus'} en ${donde}: conexión rechazada (¿está en marcha y escucha en ese puerto?).`,
      );
    }
  });

  it('a server that never answers, or stops mid-body, is given up on at the timeout', async () => {
    const mudo = await servidor(() => {});
    const lento = await servidor((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"jsonrpc":"2.0","result":');
    });
    for (const base of [mudo, lento]) {
      for (const [nombre, consultar] of ambas(base, 1)) {
        const t0 = performance.now();
        const e = await error(consultar());
        const ms = performance.now() - t0;
        expect(e).toMatchObject({ codigo: 'TIEMPO_AGOTADO', fuente: nombre });
        expect(e.message).toMatch(/^(Zabbix|Prometheus) no respondió en 1 s \(http:\/\/127\.0\.0\.1:\d+\/.*\)\.$/);
        expect(ms).toBeGreaterThanOrEqual(900);
        expect(ms).toBeLessThan(3000);
      }
    }
  });

  it('a slow source does not hold up a healthy one', async () => {
    const mudo = await servidor(() => {});
    const sano = await servidor((_req, res, cuerpo) => {
      const { id } = JSON.parse(cuerpo) as { id: number };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', result: '6.0.14', id }));
    });
    const lenta = crearFuenteZabbix({ url: `${mudo}/api_jsonrpc.php`, token: TOKEN, timeoutMs: 2000 }).probar(ZBX);
    const t0 = performance.now();
    const r = await fetch(`${sano}/api_jsonrpc.php`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method: 'apiinfo.version', id: 1 }),
    });
    expect(((await r.json()) as { result: string }).result).toBe('6.0.14');
    expect(performance.now() - t0).toBeLessThan(1000);
    await error(lenta);
  });

  it("the caller's own signal cancels too", async () => {
    const mudo = await servidor(() => {});
    const corte = new AbortController();
    const p = crearFuenteZabbix({ url: `${mudo}/api_jsonrpc.php`, token: TOKEN, timeoutMs: 30_000 }).probar(ZBX, {
      signal: corte.signal,
    });
    setTimeout(() => corte.abort(), 100);
    expect(await error(p)).toMatchObject({ codigo: 'TIEMPO_AGOTADO', message: 'La consulta a Zabbix se canceló.' });
  });

  it('HTTP 500 / 502 with an HTML page: the status, not a parse error', async () => {
    for (const status of [500, 502]) {
      const base = await servidor((_req, res) =>
        res.writeHead(status, { 'content-type': 'text/html' }).end('<html><h1>Bad Gateway</h1></html>'),
      );
      for (const [nombre, consultar] of ambas(base)) {
        const e = await error(consultar());
        expect(e).toMatchObject({ codigo: 'HTTP', fuente: nombre });
        expect(e.message).toMatch(
          new RegExp(`^(Zabbix|Prometheus) respondió HTTP ${status} en http://127\\.0\\.0\\.1:\\d+/`),
        );
      }
    }
  });

  it('a wrong URL (404) hints at the URL', async () => {
    const base = await servidor((_req, res) => res.writeHead(404).end('Not Found'));
    for (const [, consultar] of ambas(base)) {
      expect((await error(consultar())).message).toMatch(/respondió HTTP 404 en .*\. ¿Es correcta la URL\?$/);
    }
  });

  it('malformed JSON: RESPUESTA_INVALIDA quoting the start of what came', async () => {
    const base = await servidor((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","result":[{"hostid":'),
    );
    for (const [, consultar] of ambas(base)) {
      const e = await error(consultar());
      expect(e).toMatchObject({ codigo: 'RESPUESTA_INVALIDA' });
      expect(e.message).toMatch(
        /respondió algo que no es JSON en http:\/\/127\.0\.0\.1:\d+\/.*: «\{"jsonrpc":"2\.0","result":\[\{"hostid":»\.$/,
      );
    }
  });

  it('valid JSON of the wrong shape is as useless as garbage', async () => {
    const base = await servidor((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"hola":1}'),
    );
    const [[, zabbix], [, prometheus]] = ambas(base);
    expect((await error(zabbix())).message).toMatch(
      /^Zabbix respondió JSON inesperado en .*: la respuesta a apiinfo\.version no trae "result"\.$/,
    );
    expect((await error(prometheus())).message).toMatch(
      /^Prometheus respondió JSON inesperado en .*: falta "status": "success" con "data"\.$/,
    );
  });

  it('an unknown JSON-RPC error is passed on with its code', async () => {
    const base = await servidor((_req, res, cuerpo) => {
      const { id, method } = JSON.parse(cuerpo) as { id: number; method: string };
      const r =
        method === 'apiinfo.version'
          ? { result: '6.0.14' }
          : { error: { code: -32500, message: 'Application error.', data: 'SQL statement execution has failed.' } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', ...r, id }));
    });
    const e = await error(
      crearFuenteZabbix({ url: `${base}/api_jsonrpc.php`, token: TOKEN, timeoutMs: 1000 }).probar(ZBX),
    );
    expect(e).toMatchObject({
      codigo: 'CONSULTA_INVALIDA',
      message:
        'Zabbix respondió con un error a host.get (código -32500): Application error. SQL statement execution has failed..',
    });
  });
});

describe('how the token and credentials travel', () => {
  /** A JSON-RPC endpoint of the given version that records what it received. */
  async function zabbixDeVersion(version: string) {
    const vistos: { method: string; authorization?: string; auth?: unknown }[] = [];
    const base = await servidor((req, res, cuerpo) => {
      const p = JSON.parse(cuerpo) as { id: number; method: string; auth?: unknown };
      vistos.push({ method: p.method, authorization: req.headers.authorization, auth: p.auth });
      const result = p.method === 'apiinfo.version' ? version : [];
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', result, id: p.id }));
    });
    return { url: `${base}/api_jsonrpc.php`, vistos };
  }

  it.each([
    ['6.0.14', 'cuerpo'],
    ['6.2.9', 'cuerpo'],
    ['6.4.0', 'header'],
    ['7.0.5', 'header'],
    ['7.4.1', 'header'],
  ])('Zabbix %s: token in the %s; the version is asked once', async (version, modo) => {
    const z = await zabbixDeVersion(version);
    const fuente = crearFuenteZabbix({ url: z.url, token: TOKEN, timeoutMs: 1000 });
    for (let i = 0; i < 2; i++) await error(fuente.probar(ZBX)); // host not found, twice
    expect(z.vistos.map((v) => v.method)).toEqual(['apiinfo.version', 'host.get', 'host.get', 'host.get', 'host.get']);
    expect(z.vistos[0]).toEqual({ method: 'apiinfo.version', authorization: undefined, auth: undefined });
    for (const v of z.vistos.slice(1)) {
      if (modo === 'header') expect(v).toMatchObject({ authorization: `Bearer ${TOKEN}`, auth: undefined });
      else expect(v).toMatchObject({ authorization: undefined, auth: TOKEN });
    }
    expect(usaBearer(version)).toBe(modo === 'header');
  });

  it('Prometheus behind basic auth: credentials from the URL become a header; 401 is AUTENTICACION', async () => {
    const esperado = `Basic ${Buffer.from('troncal:s3creto').toString('base64')}`;
    const base = await servidor((req, res) => {
      if (req.headers.authorization !== esperado) return res.writeHead(401).end('Unauthorized');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          '{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"1234"]}]}}',
        );
    });
    const con = base.replace('http://', 'http://troncal:s3creto@');
    expect(await crearFuentePrometheus({ url: con, timeoutMs: 1000 }).probar(PROM)).toMatchObject({
      t: 1700000000,
      entrada_bps: 1234,
      salida_bps: 1234,
    });
    const e = await error(crearFuentePrometheus({ url: base, timeoutMs: 1000 }).probar(PROM));
    expect(e).toMatchObject({
      codigo: 'AUTENTICACION',
      message: `Prometheus rechazó la autenticación (HTTP 401) en ${base}/api/v1/query.`,
    });
    expect(e.message).not.toContain('s3creto');
  });
});

describe('configuration', () => {
  it('defaults, and monitoring off when nothing is set', () => {
    const c = leerConfigMonitoreo({ TRONCAL_ZABBIX_URL: '', TRONCAL_PROMETHEUS_URL: ' ' });
    expect(c).toEqual({
      TRONCAL_ZABBIX_URL: undefined,
      TRONCAL_ZABBIX_TOKEN: undefined,
      TRONCAL_PROMETHEUS_URL: undefined,
      TRONCAL_MONITOREO_INTERVALO_S: 300,
      TRONCAL_UTILIZACION_VENTANA_H: 24,
      TRONCAL_MONITOREO_TIMEOUT_S: 10,
      TRONCAL_MONITOREO_CONCURRENCIA: 16,
      TRONCAL_MONITOREO_NICE: 15,
      TRONCAL_MONITOREO_SCHED_IDLE: 'true',
    });
    const fuentes = crearFuentes(c);
    expect(fuentes.configuradas).toEqual([]);
    expect(fuentes.zabbix).toBeNull();
    expect(fuentes.prometheus).toBeNull();
  });

  it('a frontend URL gets api_jsonrpc.php; both sources can be on', () => {
    const c = leerConfigMonitoreo({
      TRONCAL_ZABBIX_URL: 'https://zabbix.isp.pe/zabbix/',
      TRONCAL_ZABBIX_TOKEN: TOKEN,
      TRONCAL_PROMETHEUS_URL: 'http://prometheus:9090',
      TRONCAL_MONITOREO_INTERVALO_S: '60',
    });
    expect(c.TRONCAL_ZABBIX_URL).toBe('https://zabbix.isp.pe/zabbix/api_jsonrpc.php');
    expect(c.TRONCAL_MONITOREO_INTERVALO_S).toBe(60);
    expect(crearFuentes(c).configuradas).toEqual(['zabbix', 'prometheus']);
  });

  it('refuses, in Spanish, what would fail later', () => {
    expect(() =>
      leerConfigMonitoreo({
        TRONCAL_ZABBIX_URL: 'zabbix.isp.pe',
        TRONCAL_PROMETHEUS_URL: 'ftp://x',
        TRONCAL_MONITOREO_INTERVALO_S: '5',
        TRONCAL_UTILIZACION_VENTANA_H: 'un día',
        TRONCAL_MONITOREO_TIMEOUT_S: '2.5',
        TRONCAL_MONITOREO_NICE: '20',
      }),
    ).toThrow(
      [
        'Configuración de monitoreo inválida:',
        '  TRONCAL_ZABBIX_URL: debe ser una URL http:// o https:// (p. ej. https://zabbix.ejemplo.pe/api_jsonrpc.php)',
        '  TRONCAL_PROMETHEUS_URL: debe ser una URL http:// o https:// (p. ej. http://prometheus:9090)',
        '  TRONCAL_MONITOREO_INTERVALO_S: debe ser al menos 30 segundos',
        '  TRONCAL_UTILIZACION_VENTANA_H: debe ser un número de horas',
        '  TRONCAL_MONITOREO_TIMEOUT_S: debe ser un número entero de segundos',
        '  TRONCAL_MONITOREO_NICE: debe ser como máximo 19 niveles de nice',
      ].join('\n'),
    );
    expect(() => leerConfigMonitoreo({ TRONCAL_ZABBIX_URL: 'http://z/api_jsonrpc.php' })).toThrow(
      'TRONCAL_ZABBIX_TOKEN: es obligatorio cuando TRONCAL_ZABBIX_URL está definido',
    );
    expect(() => leerConfigMonitoreo({ TRONCAL_ZABBIX_TOKEN: TOKEN })).toThrow(
      'TRONCAL_ZABBIX_URL: es obligatorio cuando TRONCAL_ZABBIX_TOKEN está definido',
    );
  });
});

describe('matching items to an interface', () => {
  it.each([
    ['Interface Gi0/0/1(UPLINK): Bits received', 'Gi0/0/1', 2],
    ['Interface Gi0/0/1: Bits received', 'gi0/0/1', 1],
    ['Interface Gi0/0/10(): Bits received', 'Gi0/0/1', 0],
    ['Interface Gi0/0/1.100(): Bits received', 'Gi0/0/1', 0],
    ['Interface Gi0/0/1.100(): Bits received', 'Gi0/0/1.100', 2],
    ['net.if.in["eth0"]', 'eth0', 2],
    ['net.if.in[node_exporter,"eth0"]', 'eth0', 2],
    ['OPNsense: Interface [em0(LAN)]: Bits received', 'em0', 2],
    ['Interface xGi0/0/1: Bits received', 'Gi0/0/1', 0],
  ])('%s ~ %s → %i', (texto, interfaz, grado) => {
    expect(coincidencia(texto, interfaz)).toBe(grado);
  });

  it('Zabbix durations', () => {
    expect(segundosZabbix('7d')).toBe(604_800);
    expect(segundosZabbix('1w')).toBe(604_800);
    expect(segundosZabbix('3600')).toBe(3600);
    expect(segundosZabbix('1m;wd1-5h9-18')).toBe(60);
    expect(segundosZabbix('{$IF.HISTORY}')).toBe(Number.POSITIVE_INFINITY);
    expect(segundosZabbix('{$IF.DELAY}', 60)).toBe(60);
  });
});
