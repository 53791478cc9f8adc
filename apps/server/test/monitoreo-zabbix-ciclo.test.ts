/**
 * A cycle against the real Zabbix 6.0 API (test/zabbix/levantar.sh): a connection bound to a
 * host's SNMP interface items gets the known day's exact p95 as bw_utilizado; an interface the
 * host does not have is an ERROR in Spanish that leaves the rest alone.
 */
import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuentesDe } from '../src/services/monitoreo/entorno';
import { sincronizar } from '../src/services/monitoreo/sincronizar';
import { guardarVinculo, obtenerVinculo } from '../src/services/monitoreo/vinculos';
import { testEnv } from './helpers/app';
import { createTestDb, type TestDatabase } from './helpers/db';
import { DIA_CONOCIDO, diaConocido } from './helpers/monitoreo';
import { bwUtilizado, insertarConexion, insertarServicio, utilizada } from './helpers/monitoreo-datos';
import * as zabbix from './helpers/zabbix';

const razon = zabbix.razonSinZabbix('no hay PostgreSQL en 127.0.0.1:5432 para la base de Zabbix');

const AHORA = Math.floor(Date.now() / 1000);
const B = AHORA - (AHORA % 3600) - 2 * 86_400;
const CICLO = B + 86_400 - 1;

describe.skipIf(!zabbix.hayZabbix || !zabbix.hayPg)('ciclo de monitoreo con la API real de Zabbix 6.0', () => {
  const bd = `troncal_zbxc_${process.pid}_${randomBytes(3).toString('hex')}`;
  let zbx: zabbix.ZabbixPrueba | undefined;
  let url = '';
  let token = '';
  let database: TestDatabase;
  let zsql: postgres.Sql | undefined;
  const admin = <T>(method: string, params: unknown) => (zbx as zabbix.ZabbixPrueba).admin<T>(method, params);

  beforeAll(async () => {
    zbx = await zabbix.levantarZabbix(bd);
    url = zbx.url;
    const en = await zbx.hostSnmp('Troncal ciclo', 'pe-lim-core-01');
    const { itemids } = await admin<{ itemids: string[] }>('item.create', [
      zabbix.itemSnmp(
        en,
        'Interface Gi0/0/1(CLIENTE): Bits received',
        'net.if.in[ifHCInOctets.3]',
        '1.3.6.1.2.1.31.1.1.1.6.3',
      ),
      zabbix.itemSnmp(
        en,
        'Interface Gi0/0/1(CLIENTE): Bits sent',
        'net.if.out[ifHCOutOctets.3]',
        '1.3.6.1.2.1.31.1.1.1.10.3',
      ),
    ]);
    token = await zbx.token('troncal-ciclo', '1');
    // As zabbix_server writes it: one value a minute per item.
    zsql = zbx.sql(1);
    const filas = diaConocido().flatMap((m, b) =>
      Array.from({ length: 5 }, (_, j) => [
        { itemid: Number(itemids[0]), clock: B + b * 300 + 60 * j, value: m.entrada_mbps * 1e6, ns: 0 },
        { itemid: Number(itemids[1]), clock: B + b * 300 + 60 * j, value: m.salida_mbps * 1e6, ns: 0 },
      ]).flat(),
    );
    for (let i = 0; i < filas.length; i += 2000) await zsql`insert into history_uint ${zsql(filas.slice(i, i + 2000))}`;
    database = await createTestDb();
  }, 240_000);

  afterAll(async () => {
    await zsql?.end();
    await database?.close();
    zabbix.detenerZabbix(bd);
  });

  it('a bound connection measures the known day; an unknown interface is a Spanish ERROR', async () => {
    const db = database.db;
    const servicio = await insertarServicio(db);
    const bien = await insertarConexion(db, { servicio_id: servicio, bw_contratado: 300 });
    const mal = await insertarConexion(db, { servicio_id: servicio, bw_utilizado: 8 });
    await db.transaction(async (tx) => {
      await guardarVinculo(tx, 'conexion', bien, { fuente: 'zabbix', host: 'pe-lim-core-01', interfaz: 'Gi0/0/1' });
      await guardarVinculo(tx, 'conexion', mal, { fuente: 'zabbix', host: 'pe-lim-core-01', interfaz: 'Gi9/9/9' });
    });
    const env = testEnv({ TRONCAL_ZABBIX_URL: url, TRONCAL_ZABBIX_TOKEN: token, TRONCAL_MONITOREO_TIMEOUT_S: '20' });
    const r = await sincronizar(
      { db, kind: database.kind, config: env, fuentes: fuentesDe(env) },
      { origen: 'manual', ahora: new Date(CICLO * 1000) },
    );
    expect(r).toMatchObject({ consultados: 2, actualizados: 1, errores_total: 1 });
    expect(r.errores[0]).toEqual({
      objeto: 'conexion',
      id: mal,
      estado: 'ERROR',
      message: expect.stringMatching(/^No se encontró la interfaz «Gi9\/9\/9» en los ítems de .*«pe-lim-core-01»/),
    });
    expect(await bwUtilizado(db, bien)).toBe(DIA_CONOCIDO.p95_mbps);
    expect(await bwUtilizado(db, mal)).toBe(8);
    expect(await utilizada(db, servicio)).toBe(285);
    expect(await obtenerVinculo(db, 'conexion', bien)).toMatchObject({
      estado: 'OK',
      p95_mbps: 277,
      max_mbps: 2000,
      promedio_mbps: 165.125,
      muestras: 288,
    });
  });
});

if (!zabbix.hayZabbix || !zabbix.hayPg) it.skip(`ciclo con Zabbix omitido: ${razon}`);
