import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuentesDe } from '../src/services/monitoreo/entorno';
import { sincronizar } from '../src/services/monitoreo/sincronizar';
import { configRepartidor, configWebhooks, iniciarRepartidor, type Repartidor } from '../src/services/webhooks';
import { bearerAs, testEnv, usarAppEn } from './helpers/app';
import { createTestDb } from './helpers/db';
import { inicioHace } from './helpers/monitoreo';
import { insertarServicio, utilizada } from './helpers/monitoreo-datos';
import * as prometheus from './helpers/prometheus';
import { crearReceptor, esperar, type Receptor } from './helpers/receptor';

const B = inicioHace(2);
const CICLO = B + 86_400 - 1;
const constante = (entrada_mbps: number, salida_mbps: number) =>
  Array.from({ length: 288 }, (_, b) => ({ t: B + b * 300, entrada_mbps, salida_mbps }));

describe.skipIf(prometheus.sinPrometheus())('uso.alto / uso.critico from the monitoring cycle', () => {
  let prom: prometheus.PrometheusPrueba;
  let rx: Receptor;
  let repartidor: Repartidor;
  const env = () =>
    testEnv({
      TRONCAL_PROMETHEUS_URL: prom.url,
      TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'permitir',
      TRONCAL_WEBHOOKS_INTERVALO_MS: '50',
    });

  beforeAll(async () => {
    prom = await prometheus.levantarPrometheus(
      `${['# TYPE troncal_if_bps gauge', ...prometheus.lineasGauge('alto', constante(800, 700)), ...prometheus.lineasGauge('critico', constante(300, 950)), ...prometheus.lineasGauge('normal', constante(500, 400)), '# EOF'].join('\n')}\n`,
    );
  }, 90_000);
  afterAll(() => prom?.cerrar());
  // Closed before Prometheus, after the receiver and the delivery worker (after hooks run in reverse).
  const t = usarAppEn(createTestDb, {
    env: () => ({ TRONCAL_PROMETHEUS_URL: prom.url, TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'permitir' }),
  });
  beforeAll(async () => {
    rx = await crearReceptor();
  });
  afterAll(async () => {
    await repartidor?.detener();
    await rx?.cerrar();
  });

  it('a cycle that takes a service above 75 % or 90 % emits once; the next cycle with the same figures emits nothing', async () => {
    const admin = await bearerAs(t.database, 'admin');
    const alta = await t.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: JSON.stringify({ url: rx.url, eventos: ['uso.alto', 'uso.critico'] }),
    });
    expect(alta.statusCode, alta.body).toBe(201);
    const ids: Record<string, number> = {};
    for (const g of ['alto', 'critico', 'normal']) {
      ids[g] = await insertarServicio(t.database.db, 1000);
      const r = await t.app.inject({
        method: 'PUT',
        url: `/v1/servicios-proveedor/${ids[g]}/monitoreo`,
        headers: admin,
        payload: prometheus.bindingGauge(g),
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const e = env();
    const ciclo = () =>
      sincronizar(
        { db: t.database.db, kind: t.database.kind, config: e, fuentes: fuentesDe(e) },
        { origen: 'manual', ahora: new Date(CICLO * 1000) },
      );
    expect(await ciclo()).toMatchObject({ ok: true, errores_total: 0 });
    expect(await utilizada(t.database.db, ids.alto!)).toBe(800);
    expect(await utilizada(t.database.db, ids.critico!)).toBe(950);
    expect(await utilizada(t.database.db, ids.normal!)).toBe(500);
    await ciclo();

    const cfg = configWebhooks(e);
    repartidor = iniciarRepartidor({
      db: t.database.db,
      config: configRepartidor(e),
      politica: cfg.politica,
      clave: cfg.clave,
    });
    await esperar(() => rx.recibidas.length >= 2, 'las dos alertas');
    await new Promise((r) => setTimeout(r, 500));
    const eventos = rx.recibidas.map((r) => [
      r.json.evento,
      r.json.datos.servicio_id,
      r.json.datos.capacidad_utilizada,
    ]);
    expect(eventos.sort()).toEqual(
      [
        ['uso.alto', ids.alto, 800],
        ['uso.critico', ids.critico, 950],
      ].sort(),
    );
  }, 90_000);
});
