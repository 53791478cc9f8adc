import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { enTransaccion } from '../src/db/transaccion';
import { crearConexion } from '../src/services/conexiones';
import { recalcularUtilizadaServicios } from '../src/services/monitoreo/utilizada';
import {
  type ConfigRepartidor,
  configRepartidor,
  configWebhooks,
  crearWebhook,
  iniciarRepartidor,
  type Repartidor,
} from '../src/services/webhooks';
import { espera } from '../src/services/webhooks/repartidor';
import { bearerAs, bearerPorTest, callerAs, clienteDe, testApp, testEnv, usarApp } from './helpers/app';
import { escenario } from './helpers/conexiones';
import { crearReceptor, esperar, type Receptor, verificarDelReadme } from './helpers/receptor';

/**
 * Webhooks end to end on the embedded database (and PostgreSQL with TEST_DATABASE_URL): /v1 writes
 * emit through the outbox, the in-process worker delivers to real HTTP receivers on 127.0.0.1, and
 * every signature is checked with the README's own verification code.
 */

const ENV = {
  TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'permitir',
  TRONCAL_WEBHOOKS_CLAVE: 'a'.repeat(64),
  TRONCAL_WEBHOOKS_TIMEOUT_S: '1',
  TRONCAL_WEBHOOKS_REINTENTO_BASE_MS: '200',
  TRONCAL_WEBHOOKS_REINTENTO_MAX_S: '1',
  TRONCAL_WEBHOOKS_INTERVALO_MS: '50',
};

const { database, app } = await usarApp({ limpiar: true, env: ENV });
const admin = bearerPorTest(database, 'admin');
const call = clienteDe(app, admin);
const verificar = await verificarDelReadme();
const receptores: Receptor[] = [];
let repartidor: Repartidor | null = null;

function arrancar(over: Partial<ConfigRepartidor> = {}) {
  const env = testEnv(ENV);
  const { clave, politica } = configWebhooks(env);
  repartidor = iniciarRepartidor({ db: database.db, config: { ...configRepartidor(env), ...over }, politica, clave });
  return repartidor;
}

async function receptor(...a: Parameters<typeof crearReceptor>) {
  const r = await crearReceptor(...a);
  receptores.push(r);
  return r;
}

afterEach(async () => {
  await repartidor?.detener();
  repartidor = null;
  for (const r of receptores.splice(0)) await r.cerrar();
});

async function registrar(url: string, eventos: string[]) {
  const r = await call('POST', '/v1/webhooks', { url, descripcion: 'prueba', eventos });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { ok: true; webhook_id: number; secreto: string };
}

async function nuevaConexion(e: Awaited<ReturnType<typeof escenario>>, bw = 100, extra: object = {}) {
  const r = await call('POST', '/v1/conexiones', {
    servicio_id: e.servicio.servicio_id,
    cliente_id: e.cliente.cliente_id,
    nodo_a: e.nodoA.nodo_id,
    tipo_enlace: 'Internet',
    bw_contratado: bw,
    ajustar_servicio: true,
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.enlace_id as number;
}

const contar = async (tabla: 'eventos_webhook' | 'entregas_webhook') =>
  Number((await execRows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${tabla}`)))[0]?.n);

describe('/v1/webhooks', () => {
  it('registers an endpoint, answers the secret once, lists without it, edits and deletes', async () => {
    const { webhook_id, secreto } = await registrar('https://facturacion.isp.pe/troncal', ['conexion.creada']);
    expect(secreto).toMatch(/^whsec_[\w-]{43}$/);
    const lista = await call('GET', '/v1/webhooks');
    expect(lista.status).toBe(200);
    expect(lista.body.data).toEqual([
      expect.objectContaining({
        webhook_id,
        url: 'https://facturacion.isp.pe/troncal',
        descripcion: 'prueba',
        eventos: ['conexion.creada'],
        activo: true,
        pendientes: 0,
        fallidas: 0,
      }),
    ]);
    expect(JSON.stringify(lista.body)).not.toContain(secreto);
    // Stored encrypted under TRONCAL_WEBHOOKS_CLAVE, not as given.
    const [fila] = await execRows<{ secreto: string }>(database.db, sql`select secreto from webhooks`);
    expect(fila!.secreto).toMatch(/^v1:/);
    expect(fila!.secreto).not.toContain(secreto.slice(6));

    const put = await call('PUT', `/v1/webhooks/${webhook_id}`, { eventos: ['conexion.estado'], activo: false });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ eventos: ['conexion.estado'], activo: false });
    expect(JSON.stringify(put.body)).not.toContain(secreto);

    expect((await call('DELETE', `/v1/webhooks/${webhook_id}`)).status).toBe(200);
    expect((await call('GET', '/v1/webhooks')).body.data).toEqual([]);
    expect((await call('DELETE', `/v1/webhooks/${webhook_id}`)).status).toBe(404);
  });

  it('refuses bad input with Spanish messages and the right status, and changes nothing', async () => {
    const casos: [unknown, number, RegExp][] = [
      [{ url: 'https://a.isp.pe/x' }, 400, /obligatorio/],
      [{ url: 'https://a.isp.pe/x', eventos: [] }, 400, /al menos un evento/],
      [{ url: 'https://a.isp.pe/x', eventos: ['conexion.borrada'] }, 400, /Evento no válido/],
      [{ url: 'https://a.isp.pe/x', eventos: ['uso.alto', 'uso.alto'] }, 400, /repetidos/],
      [{ url: 'ftp://a.isp.pe/x', eventos: ['uso.alto'] }, 400, /http:\/\/ o https:\/\//],
      [{ url: 'no es una url', eventos: ['uso.alto'] }, 400, /URL completa/],
      [{ url: 'https://u:p@a.isp.pe/x', eventos: ['uso.alto'] }, 400, /usuario ni contraseña/],
      [[1, 2], 400, /objeto JSON/],
    ];
    for (const [cuerpo, status, mensaje] of casos) {
      const r = await call('POST', '/v1/webhooks', cuerpo);
      expect(r.status, JSON.stringify(cuerpo)).toBe(status);
      expect(r.body.ok).toBe(false);
      expect(JSON.stringify(r.body), JSON.stringify(cuerpo)).toMatch(mensaje);
    }
    // Private targets under the production default: 422, with the variable named.
    const prod = await testApp(database, { ...ENV, TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'denegar' });
    try {
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://localhost/x',
        'http://10.1.2.3/x',
        'http://[::1]/x',
        'http://169.254.169.254/latest',
      ]) {
        const r = await prod.inject({
          method: 'POST',
          url: '/v1/webhooks',
          headers: { ...admin, 'content-type': 'application/json' },
          payload: JSON.stringify({ url, eventos: ['uso.alto'] }),
        });
        expect(r.statusCode, url).toBe(422);
        expect(r.json().message).toMatch(/TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS/);
      }
    } finally {
      await prod.close();
    }
    const soloHosts = await testApp(database, { ...ENV, TRONCAL_WEBHOOKS_HOSTS: '*.isp.pe' });
    try {
      const r = await soloHosts.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: { ...admin, 'content-type': 'application/json' },
        payload: JSON.stringify({ url: 'https://otro.example.com/x', eventos: ['uso.alto'] }),
      });
      expect(r.statusCode).toBe(422);
      expect(r.json().message).toMatch(/TRONCAL_WEBHOOKS_HOSTS/);
    } finally {
      await soloHosts.close();
    }
    expect((await call('GET', '/v1/webhooks')).body.data).toEqual([]);
    const mayus = await registrar('HTTPS://Facturacion.isp.pe/Hook', ['uso.alto']);
    expect((await call('GET', '/v1/webhooks')).body.data[0]).toMatchObject({
      webhook_id: mayus.webhook_id,
      url: 'https://Facturacion.isp.pe/Hook',
    });
    await call('DELETE', `/v1/webhooks/${mayus.webhook_id}`);
    expect((await call('PUT', '/v1/webhooks/999', { activo: true })).status).toBe(404);
    expect((await call('GET', '/v1/webhooks/999/entregas')).status).toBe(404);
    expect((await call('POST', '/v1/webhooks/999/prueba')).status).toBe(404);
    expect((await call('GET', '/v1/webhooks/abc/entregas')).status).toBe(400);
    const { webhook_id } = await registrar('https://a.isp.pe/x', ['uso.alto']);
    const mala = await call('PUT', `/v1/webhooks/${webhook_id}`, { activo: 'sí' });
    expect(mala.status).toBe(400);
    expect(mala.body.errors[0].message).toBe('Debe ser verdadero o falso.');
  });

  it('a replay under the same Idempotency-Key answers the same webhook without its secret, which is not kept', async () => {
    const enviar = () =>
      app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: { ...admin, 'content-type': 'application/json', 'idempotency-key': 'alta-webhook-1' },
        payload: JSON.stringify({ url: 'https://a.isp.pe/x', eventos: ['uso.alto'] }),
      });
    const primera = await enviar();
    const segunda = await enviar();
    expect(primera.statusCode).toBe(201);
    expect(segunda.statusCode).toBe(201);
    expect(segunda.headers['idempotent-replayed']).toBe('true');
    const { secreto, webhook_id } = primera.json();
    expect(secreto).toMatch(/^whsec_/);
    expect(segunda.json()).toMatchObject({ ok: true, webhook_id, secreto: null });
    expect((await call('GET', '/v1/webhooks')).body.data).toHaveLength(1);
    const guardadas = await execRows<{ r: string }>(
      database.db,
      sql`select respuesta::text as r from solicitudes_idempotentes`,
    );
    expect(guardadas).toHaveLength(1);
    expect(guardadas[0]!.r).not.toContain(secreto);
  });

  it('is for admins only: operador and lector tokens get 403', async () => {
    for (const rol of ['operador', 'lector'] as const) {
      const h = await bearerAs(database, rol);
      expect((await call('GET', '/v1/webhooks', undefined, h)).status).toBe(403);
      const r = await call('POST', '/v1/webhooks', { url: 'https://a.isp.pe/x', eventos: ['uso.alto'] }, h);
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/se requiere admin/);
    }
    expect(await contar('eventos_webhook')).toBe(0);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    for (const p of [
      '/v1/webhooks',
      '/v1/webhooks/{id}',
      '/v1/webhooks/{id}/entregas',
      '/v1/webhooks/{id}/prueba',
      '/v1/webhooks/{id}/entregas/{entrega_id}/reintentar',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(doc.paths['/v1/webhooks'].post.responses['201']).toBeDefined();
  });
});

describe('delivery', () => {
  it('signs every delivery as the README verifies it, with the /v1 record as datos', async () => {
    const rx = await receptor();
    const { secreto } = await registrar(rx.url, [
      'conexion.creada',
      'conexion.bw_ajustado',
      'servicio.capacidad_ajustada',
    ]);
    const e = await escenario(database.db);
    const enlace_id = await nuevaConexion(e, 100);
    expect((await call('POST', `/v1/conexiones/${enlace_id}/ajustar-bw`, { modo: 'AUMENTAR', mbps: 50 })).status).toBe(
      200,
    );
    const aj = await call('POST', `/v1/servicios-proveedor/${e.servicio.servicio_id}/ajustar-capacidad`, {
      delta_disponible: -10,
      motivo: 'reserva',
    });
    expect(aj.status).toBe(200);
    arrancar();
    await esperar(() => rx.recibidas.length >= 3, 'tres entregas');

    // Different records are delivered concurrently: find each by its event.
    const de = (evento: string) => rx.recibidas.find((r) => r.json.evento === evento);
    const [creada, ajustada, servicio] = ['conexion.creada', 'conexion.bw_ajustado', 'servicio.capacidad_ajustada'].map(
      de,
    );
    for (const r of rx.recibidas) {
      expect(verificar(secreto, r.cabeceras['troncal-signature'], r.cuerpo)).toBe(true);
      expect(verificar('whsec_otro', r.cabeceras['troncal-signature'], r.cuerpo)).toBe(false);
      expect(verificar(secreto, r.cabeceras['troncal-signature'], `${r.cuerpo} `)).toBe(false);
      expect(r.cabeceras['troncal-delivery']).toBe(r.json.id);
      expect(r.cabeceras['troncal-event']).toBe(r.json.evento);
      expect(r.cabeceras['content-type']).toBe('application/json');
      expect(Object.keys(r.json).sort()).toEqual(['datos', 'evento', 'id', 'ocurrido_en']);
    }
    // An old timestamp is refused by the README's code, a fresh one accepted.
    const { firmar } = await import('../src/services/webhooks');
    expect(verificar(secreto, firmar(secreto, 'x', Math.floor(Date.now() / 1000) - 3600), 'x')).toBe(false);
    expect(verificar(secreto, firmar(secreto, 'x'), 'x')).toBe(true);

    expect(creada!.json.evento).toBe('conexion.creada');
    const v1 = await call('GET', `/v1/conexiones/${enlace_id}`);
    expect(ajustada!.json.evento).toBe('conexion.bw_ajustado');
    expect(ajustada!.json.datos).toEqual(v1.body.data);
    expect(creada!.json.datos).toMatchObject({ enlace_id, bw_contratado: 100 });
    expect(servicio!.json.evento).toBe('servicio.capacidad_ajustada');
    expect(servicio!.json.datos).toEqual(
      (await call('GET', `/v1/servicios-proveedor/${e.servicio.servicio_id}`)).body.data,
    );

    const entregas = await call(
      'GET',
      `/v1/webhooks/${(await call('GET', '/v1/webhooks')).body.data[0].webhook_id}/entregas?limit=2`,
    );
    expect(entregas.status).toBe(200);
    expect(entregas.body.total).toBe(3);
    expect(entregas.body.data).toHaveLength(2);
    expect(entregas.body.data[0]).toMatchObject({
      evento: 'servicio.capacidad_ajustada',
      estado: 'ENTREGADA',
      intentos: 1,
      ultimo_codigo: 200,
    });
    expect(entregas.body.data[0].entrega_id).toBeGreaterThan(entregas.body.data[1].entrega_id);
  });

  it('only subscribed, active endpoints get an event; servicio.sobrevendido when a sale oversells', async () => {
    const todos = await receptor();
    const solo = await receptor();
    const inactivo = await receptor();
    await registrar(todos.url, ['conexion.creada', 'servicio.sobrevendido', 'servicio.creado']);
    await registrar(solo.url, ['conexion.estado']);
    const w = await registrar(inactivo.url, ['conexion.creada']);
    await call('PUT', `/v1/webhooks/${w.webhook_id}`, { activo: false });
    const e = await escenario(database.db, { comprada: 100 });
    await nuevaConexion(e, 80);
    await nuevaConexion(e, 50); // 130 of 100: oversold
    arrancar();
    await esperar(() => todos.recibidas.length >= 3, 'creadas y sobreventa');
    await new Promise((r) => setTimeout(r, 300));
    expect(todos.recibidas.map((r) => r.json.evento).sort()).toEqual([
      'conexion.creada',
      'conexion.creada',
      'servicio.sobrevendido',
    ]);
    const sobre = todos.recibidas.find((r) => r.json.evento === 'servicio.sobrevendido')!;
    expect(sobre.json.datos).toMatchObject({
      servicio_id: e.servicio.servicio_id,
      capacidad_vendida: 130,
      capacidad_comprada: 100,
    });
    expect(solo.recibidas).toHaveLength(0);
    expect(inactivo.recibidas).toHaveLength(0);
  });

  it('a change that rolls back, or is refused, emits nothing', async () => {
    await registrar('http://127.0.0.1:9/nadie', ['conexion.creada', 'conexion.bw_ajustado']);
    const e = await escenario(database.db);
    await expect(
      enTransaccion(database.db, async (tx) => {
        await crearConexion(tx, {
          datos: {
            servicio_id: e.servicio.servicio_id,
            cliente_id: e.cliente.cliente_id,
            nodo_a: e.nodoA.nodo_id,
            tipo_enlace: 'Internet',
            bw_contratado: 10,
          },
          usuario: null,
          politica: 'warn',
          ajustarServicio: true,
        });
        expect(await execRows(tx, sql`select 1 from eventos_webhook`)).toHaveLength(1); // written, inside
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await contar('eventos_webhook')).toBe(0);
    expect(await contar('entregas_webhook')).toBe(0);
    const enlace_id = await nuevaConexion(e, 10);
    const antes = await contar('entregas_webhook');
    const mal = await call('POST', `/v1/conexiones/${enlace_id}/ajustar-bw`, { modo: 'DISMINUIR', mbps: 50 });
    expect(mal.status).toBe(422);
    expect(await contar('entregas_webhook')).toBe(antes);
  });

  it('keeps per-record order through 500s, retries until the receiver answers, and after it comes back', async () => {
    let fallar = true;
    const rx = await receptor(() => (fallar ? { status: 500 } : { status: 204 }));
    const { webhook_id } = await registrar(rx.url, ['conexion.creada', 'conexion.bw_ajustado']);
    const e = await escenario(database.db);
    const a = await nuevaConexion(e, 100);
    const b = await nuevaConexion(e, 100);
    for (let i = 1; i <= 3; i++) {
      await call('POST', `/v1/conexiones/${a}/ajustar-bw`, { modo: 'AUMENTAR', mbps: i });
      await call('POST', `/v1/conexiones/${b}/ajustar-bw`, { modo: 'AUMENTAR', mbps: i });
    }
    arrancar();
    // Only the first event of each record is tried while it fails; the later ones wait.
    await esperar(() => rx.recibidas.length >= 6, 'reintentos tras 500');
    const intentados = new Set(rx.recibidas.map((r) => r.json.id));
    expect(intentados.size).toBe(2);
    expect(rx.recibidas.every((r) => r.json.evento === 'conexion.creada')).toBe(true);
    // The log shows a failed attempt (the receiver counts a request before the worker records its
    // answer, so wait for the record). Still to be delivered: PENDIENTE between attempts, ENVIANDO
    // when the read meets the next retry in flight.
    let primera: { estado: string; intentos: number; ultimo_codigo: number | null; ultimo_error: string } | undefined;
    await esperar(async () => {
      const log = await call('GET', `/v1/webhooks/${webhook_id}/entregas?limit=100`);
      primera = log.body.data.find((d: { ultimo_codigo: number | null }) => d.ultimo_codigo === 500);
      return primera !== undefined;
    }, 'un intento fallido en el registro');
    expect(['PENDIENTE', 'ENVIANDO']).toContain(primera!.estado);
    expect(primera!.intentos).toBeGreaterThan(0);
    expect(primera!.ultimo_error).toMatch(/500/);

    // The receiver goes away (connection refused), then comes back on the same port.
    await rx.cerrar();
    const n = rx.recibidas.length;
    await new Promise((r) => setTimeout(r, 800));
    fallar = false;
    await rx.abrir();
    await esperar(() => new Set(rx.recibidas.slice(n).map((r) => r.json.id)).size >= 8, 'las 8 entregas', 20_000);
    const entregadas = rx.recibidas.slice(n);
    for (const enlace of [a, b]) {
      const propios = entregadas.filter((r) => r.json.datos.enlace_id === enlace).map((r) => r.json);
      // Deduped by event id, in order of arrival: creada, then 101, 103, 106 Mbps.
      const unicos = propios.filter((x, i) => propios.findIndex((y) => y.id === x.id) === i);
      expect(unicos.map((x) => [x.evento, x.datos.bw_contratado])).toEqual([
        ['conexion.creada', 100],
        ['conexion.bw_ajustado', 101],
        ['conexion.bw_ajustado', 103],
        ['conexion.bw_ajustado', 106],
      ]);
    }
    const [r] = await execRows<{ fallos: number; max: number }>(
      database.db,
      sql`select count(*) filter (where i.codigo = 500)::int as fallos, max(d.intentos)::int as max
            from intentos_entrega i join entregas_webhook d using (entrega_id)`,
    );
    expect(r!.fallos).toBeGreaterThanOrEqual(4);
    await esperar(
      async () =>
        (await call('GET', `/v1/webhooks/${webhook_id}/entregas?limit=100`)).body.data.every(
          (d: { estado: string }) => d.estado === 'ENTREGADA',
        ),
      'todas ENTREGADA',
    );
  });

  it('a receiver that hangs or redirects never holds up the other endpoints', async () => {
    const colgado = await receptor(() => null);
    const redirige = await receptor(() => ({ status: 302, headers: { location: 'http://127.0.0.1:9/otro' } }));
    const bueno = await receptor();
    const wc = await registrar(colgado.url, ['conexion.creada']);
    const wr = await registrar(redirige.url, ['conexion.creada']);
    await registrar(bueno.url, ['conexion.creada']);
    const e = await escenario(database.db);
    for (let i = 0; i < 6; i++) await nuevaConexion(e, 10);
    const inicio = Date.now();
    arrancar({ concurrencia: 4, concurrenciaDestino: 2, timeoutMs: 1000 });
    await esperar(() => bueno.recibidas.length >= 6, 'el receptor bueno recibe todo');
    // Well before the hung receiver's attempts time out in series (6 × 1 s).
    expect(Date.now() - inicio).toBeLessThan(2500);
    // The server keeps answering meanwhile.
    expect((await call('GET', '/v1/webhooks')).status).toBe(200);
    await esperar(async () => {
      const d = (await call('GET', `/v1/webhooks/${wc.webhook_id}/entregas`)).body.data;
      return d.some((x: { ultimo_error: string | null }) => /timeout/.test(x.ultimo_error ?? ''));
    }, 'timeout registrado');
    // The hung endpoint never had more than 2 attempts under way.
    expect(colgado.recibidas.length).toBeLessThanOrEqual(2 + 2);
    // A delivery whose attempt at the redirecting endpoint has finished. Claiming an attempt sets
    // ENVIANDO and counts it at once, so a retry under way shows the previous attempt's 302 while it
    // is still ENVIANDO: only a finished attempt says what a redirect leaves behind.
    type Entrega = { intentos: number; estado: string; ultimo_codigo: number | null; ultimo_error: string | null };
    let probada: Entrega | undefined;
    await esperar(async () => {
      const rd: Entrega[] = (await call('GET', `/v1/webhooks/${wr.webhook_id}/entregas?limit=100`)).body.data;
      probada = rd.find((x) => x.intentos > 0 && x.estado !== 'ENVIANDO');
      return probada !== undefined;
    }, 'un intento terminado contra el que redirige');
    expect(probada).toMatchObject({ estado: 'PENDIENTE', ultimo_codigo: 302 });
    expect(probada!.ultimo_error).toMatch(/no se siguen redirecciones/);
  });

  it('gives up after the retry window (FALLIDA); Reintentar and Enviar prueba deliver again', async () => {
    let ok = false;
    const rx = await receptor(() => ({ status: ok ? 200 : 503 }));
    const { webhook_id, secreto } = await registrar(rx.url, ['servicio.creado']);
    const r = await call('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: (await escenario(database.db)).servicio.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 100,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    arrancar({ ventanaMs: 600 });
    let entrega: { entrega_id: number; estado: string; intentos: number } | undefined;
    await esperar(async () => {
      entrega = (await call('GET', `/v1/webhooks/${webhook_id}/entregas`)).body.data[0];
      return entrega?.estado === 'FALLIDA';
    }, 'FALLIDA');
    expect(entrega!.intentos).toBeGreaterThanOrEqual(2);
    expect((await call('GET', '/v1/webhooks')).body.data[0].fallidas).toBe(1);

    ok = true;
    const re = await call('POST', `/v1/webhooks/${webhook_id}/entregas/${entrega!.entrega_id}/reintentar`);
    expect(re.status).toBe(200);
    expect(re.body.data.estado).toBe('PENDIENTE');
    await esperar(
      async () => (await call('GET', `/v1/webhooks/${webhook_id}/entregas`)).body.data[0].estado === 'ENTREGADA',
      'reintento entregado',
    );
    expect((await call('POST', `/v1/webhooks/${webhook_id}/entregas/99999/reintentar`)).status).toBe(404);

    const p = await call('POST', `/v1/webhooks/${webhook_id}/prueba`);
    expect(p.status).toBe(202);
    await esperar(() => rx.recibidas.some((x) => x.json.evento === 'webhook.prueba'), 'la prueba');
    const prueba = rx.recibidas.find((x) => x.json.evento === 'webhook.prueba')!;
    expect(prueba.cabeceras['troncal-delivery']).toBe(p.body.evento_id);
    expect(verificar(secreto, prueba.cabeceras['troncal-signature'], prueba.cuerpo)).toBe(true);
  });

  it('uso.alto and uso.critico when a service crosses 75 % and 90 % upwards, once per crossing', async () => {
    const rx = await receptor();
    await registrar(rx.url, ['uso.alto', 'uso.critico']);
    const e = await escenario(database.db, { comprada: 1000 });
    const enlace_id = await nuevaConexion(e, 1000);
    const medir = async (mbps: number) => {
      await database.db.execute(sql`update conexiones set bw_utilizado = ${mbps} where enlace_id = ${enlace_id}`);
      await recalcularUtilizadaServicios(database.db, [e.servicio.servicio_id]);
    };
    await medir(700); // NORMAL
    await medir(800); // ALTO
    await medir(850); // still ALTO
    await medir(950); // CRÍTICO
    await medir(500); // down: nothing
    await medir(990); // straight to CRÍTICO
    arrancar();
    await esperar(() => rx.recibidas.length >= 3, 'tres alertas');
    await new Promise((r) => setTimeout(r, 300));
    expect(
      rx.recibidas.map((r) => [r.json.evento, r.json.datos.capacidad_utilizada, r.json.datos.nivel_alerta]),
    ).toEqual([
      ['uso.alto', 800, 'ALTO'],
      ['uso.critico', 950, 'CRITICO'],
      ['uso.critico', 990, 'CRITICO'],
    ]);
  });
});

describe('targets, states and the tRPC procedures', () => {
  it('a host name that resolves to a private address is refused at delivery when private targets are denied', async () => {
    const nombre = hostname();
    const direcciones = await lookup(nombre, { all: true }).catch(() => []);
    if (!direcciones.some((d) => d.address.startsWith('127.'))) return; // this machine's name is public: nothing to show
    const rx = await receptor();
    const env = testEnv({ ...ENV, TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'denegar' });
    const cfg = configWebhooks(env);
    const url = `http://${nombre}:${rx.port}/hook`;
    // The name is not an address literal, so saving it passes; the address is checked when resolved.
    const { webhook_id } = await crearWebhook(database.db, {
      datos: { url, descripcion: null, eventos: ['conexion.creada'] },
      usuario: null,
      config: cfg,
    });
    await nuevaConexion(await escenario(database.db), 5);
    repartidor = iniciarRepartidor({
      db: database.db,
      config: configRepartidor(env),
      politica: cfg.politica,
      clave: cfg.clave,
    });
    let d: { ultimo_error: string | null; intentos: number } | undefined;
    await esperar(async () => {
      d = (await call('GET', `/v1/webhooks/${webhook_id}/entregas`)).body.data[0];
      return (d?.intentos ?? 0) >= 1 && d?.ultimo_error !== null;
    }, 'el intento rechazado');
    expect(d!.ultimo_error).toMatch(/resuelve a una dirección local o privada/);
    expect(rx.recibidas).toHaveLength(0);
  });

  it('conexion.estado only when the estado changes; conexion.actualizada on every edit', async () => {
    const rx = await receptor();
    await registrar(rx.url, ['conexion.actualizada', 'conexion.estado']);
    const e = await escenario(database.db);
    const id = await nuevaConexion(e, 20);
    expect((await call('PUT', `/v1/conexiones/${id}`, { direccion_enlace: 'Av. Arequipa 100' })).status).toBe(200);
    expect((await call('PUT', `/v1/conexiones/${id}`, { enlace_estado: 'BAJA', ajustar_servicio: true })).status).toBe(
      200,
    );
    arrancar();
    await esperar(() => rx.recibidas.length >= 3, 'tres eventos');
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.recibidas.map((r) => [r.json.evento, r.json.datos.enlace_estado])).toEqual([
      ['conexion.actualizada', 'PENDIENTE'],
      ['conexion.actualizada', 'BAJA'],
      ['conexion.estado', 'BAJA'],
    ]);
  });

  it('tRPC: admins manage webhooks with Spanish field errors; operador is FORBIDDEN', async () => {
    const caller = await callerAs(database, 'admin', ENV);
    const { webhook_id, secreto } = await caller.webhooks.create({
      url: 'https://noc.isp.pe/hook',
      descripcion: 'NOC',
      eventos: ['uso.critico'],
    });
    expect(secreto).toMatch(/^whsec_/);
    expect((await caller.webhooks.list()).map((w) => w.webhook_id)).toEqual([webhook_id]);
    const editado = await caller.webhooks.update({ id: webhook_id, datos: { activo: false } });
    expect(editado.activo).toBe(false);
    await expect(caller.webhooks.probar({ id: webhook_id })).rejects.toThrow(/inactivo/);
    await expect(caller.webhooks.create({ url: 'gopher://x', eventos: ['uso.alto'] } as never)).rejects.toThrow(
      /http:\/\/ o https:\/\//,
    );
    expect(await caller.webhooks.entregas({ id: webhook_id, limit: 10, offset: 0 })).toMatchObject({
      total: 0,
      data: [],
    });
    await caller.webhooks.eliminar({ id: webhook_id });
    await expect(caller.webhooks.byId({ id: webhook_id })).rejects.toThrow(`No existe el webhook ${webhook_id}.`);
    const op = await callerAs(database, 'operador', ENV);
    await expect(op.webhooks.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the default backoff retries for at least 24 hours, with jitter between half and all of each step', () => {
    const cfg = configRepartidor(testEnv({}));
    expect(cfg.ventanaMs).toBe(24 * 3_600_000);
    for (let n = 1; n <= 40; n++) {
      const tope = Math.min(cfg.reintentoMaxMs, cfg.reintentoBaseMs * 2 ** (n - 1));
      for (let i = 0; i < 20; i++) {
        const ms = espera(cfg, n);
        expect(ms).toBeGreaterThanOrEqual(tope / 2);
        expect(ms).toBeLessThanOrEqual(tope);
      }
    }
    expect(cfg.reintentoBaseMs).toBe(10_000);
    expect(cfg.reintentoMaxMs).toBe(3_600_000);
  });
});
