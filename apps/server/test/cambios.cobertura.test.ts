import type { AccionCambio, CanalCambio, EntidadCambio } from '@troncal/domain/enums';
import { gt } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApiToken, createSession, SESSION_COOKIE } from '../src/auth/tokens';
import { cambios } from '../src/db/schema';
import { OCULTO } from '../src/services/cambios';
import { appRouter } from '../src/trpc/root';
import { anotarRutas, createTestUser, type Ruta, usarApp } from './helpers/app';
import { insertCliente, insertEquipo, insertNodo, rucValido } from './helpers/conexiones';
import { insertProveedor, insertServicio } from './helpers/fixtures';

/**
 * No mutation without history: every tRPC mutation and every /v1 write route that exists when this
 * runs — enumerated from the same sources as access.test.ts, so a new one fails here until it has a
 * scenario — is called for real over HTTP and must leave its change record (entity, id, action,
 * who, via, request id) in the database. Only the writes below that change no record are exempt.
 */
const SIN_HISTORIAL: Record<string, string> = {
  'trpc auth.login': 'opens a session; changes no record',
  'trpc auth.logout': 'closes a session; changes no record',
  'trpc monitoreo.probar': 'reads a monitoring source; writes nothing',
  'POST /v1/monitoreo/probar': 'reads a monitoring source; writes nothing',
  'trpc monitoreo.sincronizar': 'the measurement cycle: stores measurements, not a person’s edit',
  'POST /v1/monitoreo/sincronizar': 'the measurement cycle: stores measurements, not a person’s edit',
  'trpc webhooks.probar': 'queues a test delivery; its log is the delivery log',
  'POST /v1/webhooks/:id/prueba': 'queues a test delivery; its log is the delivery log',
  'trpc webhooks.reintentar': 'retries a delivery; its log is the delivery log',
  'POST /v1/webhooks/:id/entregas/:entrega_id/reintentar': 'retries a delivery; its log is the delivery log',
};

interface Esperado {
  entidad: EntidadCambio;
  id: number;
  accion: AccionCambio;
}

const registradas: Ruta[] = [];
const { database, app } = await usarApp({
  // Webhook endpoints on this machine are allowed here (the scenarios register 127.0.0.1).
  env: { TRONCAL_WEBHOOKS_DESTINOS_PRIVADOS: 'permitir' },
  onRoute: anotarRutas(registradas),
});
/** The /v1 write routes. */
const rutas = registradas
  .filter((r) => r.url.startsWith('/v1') && !['GET', 'HEAD', 'OPTIONS'].includes(r.method))
  .map((r) => `${r.method} ${r.url}`);

type Proc = { _def: { type: string } };
const mutaciones = () =>
  Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>)
    .filter(([, p]) => p._def.type === 'mutation')
    .map(([path]) => `trpc ${path}`);

let cookie = '';
let bearer = '';

async function trpc<T = Record<string, unknown>>(path: string, input: unknown, headers = { cookie }): Promise<T> {
  const res = await app.inject({ method: 'POST', url: `/trpc/${path}`, payload: input as object, headers });
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  return res.json().result.data as T;
}

async function v1<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await app.inject({
    method: method as 'POST',
    url,
    headers: { authorization: bearer },
    ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return (res.body ? res.json() : {}) as T;
}

const conexionDatos = async () => {
  const cliente = await insertCliente(database.db);
  const nodo = await insertNodo(database.db, { tipo: 'CORE' });
  const servicio = await insertServicio(database.db, { capacidad_comprada: 10_000 });
  return {
    servicio_id: servicio.servicio_id,
    cliente_id: cliente.cliente_id,
    nodo_a: nodo.nodo_id,
    tipo_enlace: 'Internet',
    bw_contratado: 100,
    enlace_estado: 'ACTIVO',
  };
};
const nuevaConexion = async () =>
  (await trpc<{ enlace_id: number }>('conexiones.create', { datos: await conexionDatos() })).enlace_id;
const nuevoWebhook = async () =>
  (
    await trpc<{ webhook_id: number }>('webhooks.create', {
      url: 'http://127.0.0.1:9/hook',
      eventos: ['conexion.creada'],
    })
  ).webhook_id;
/** A lector created through tRPC, with the password the scenarios sign in with. */
const nuevoUsuario = async (email: string, nombre: string) =>
  (
    await trpc<{ usuario_id: number }>('usuarios.create', {
      email,
      nombre,
      rol: 'lector',
      password: 'clave-segura-123',
    })
  ).usuario_id;
const prometheus = { fuente: 'prometheus', entrada: 'rate(in[5m])*8', salida: 'rate(out[5m])*8' };
let k = 0;

/** A write on a record made first: `crear` gives its id, `escribir` writes on it; its history row names `accion`. */
const sobre =
  (
    entidad: EntidadCambio,
    accion: AccionCambio,
    crear: () => Promise<number>,
    escribir: (id: number) => Promise<unknown>,
  ) =>
  async (): Promise<Esperado> => {
    const id = await crear();
    await escribir(id);
    return { entidad, id, accion };
  };
const unProveedor = async () => (await insertProveedor(database.db)).proveedor_id;
const unCliente = async () => (await insertCliente(database.db)).cliente_id;
const unNodo = async () => (await insertNodo(database.db)).nodo_id;
const unEquipo = async () => (await insertEquipo(database.db)).equipo_id;
const unServicio = async () => (await insertServicio(database.db)).servicio_id;

/** Each write, done for real; returns the record and action its history row must name. */
const ESCENARIOS: Record<string, () => Promise<Esperado>> = {
  'trpc auth.cambiarPassword': async () => {
    const id = await nuevoUsuario(`pw${++k}@isp.pe`, 'Con clave');
    const s = await createSession(database.db, id, 1);
    await trpc(
      'auth.cambiarPassword',
      { actual: 'clave-segura-123', nueva: 'otra-clave-segura-456' },
      { cookie: `${SESSION_COOKIE}=${s.value}` },
    );
    return { entidad: 'usuario', id, accion: 'cambiar_password' };
  },
  'trpc usuarios.create': async () => ({
    entidad: 'usuario',
    id: await nuevoUsuario(`u${++k}@isp.pe`, 'Nuevo'),
    accion: 'crear',
  }),
  'trpc usuarios.update': async () => {
    const u = await createTestUser(database.db, 'lector');
    await trpc('usuarios.update', { id: u.usuario_id, datos: { rol: 'operador' } });
    return { entidad: 'usuario', id: u.usuario_id!, accion: 'actualizar' };
  },
  'trpc tokens.create': async () => {
    const t = await trpc<{ token_id: number }>('tokens.create', { nombre: `t${++k}`, rol: 'lector' });
    return { entidad: 'token', id: t.token_id, accion: 'crear' };
  },
  'trpc tokens.revocar': async () => {
    const t = await trpc<{ token_id: number }>('tokens.create', { nombre: `t${++k}`, rol: 'lector' });
    await trpc('tokens.revocar', { id: t.token_id });
    return { entidad: 'token', id: t.token_id, accion: 'revocar' };
  },
  'trpc proveedores.create': async () => {
    const p = await trpc<{ proveedor_id: number }>('proveedores.create', { nombre: `CARRIER ${++k}` });
    return { entidad: 'proveedor', id: p.proveedor_id, accion: 'crear' };
  },
  'trpc proveedores.update': sobre('proveedor', 'actualizar', unProveedor, (id) =>
    trpc('proveedores.update', { id, datos: { contacto: 'Ana' } }),
  ),
  'trpc clientes.create': async () => {
    const c = await trpc<{ cliente_id: number }>('clientes.create', {
      razon_social: `CLIENTE ${++k} SAC`,
      ruc: rucValido(900 + k),
    });
    return { entidad: 'cliente', id: c.cliente_id, accion: 'crear' };
  },
  'trpc clientes.update': sobre('cliente', 'actualizar', unCliente, (id) =>
    trpc('clientes.update', { id, datos: { telefono: '014567890' } }),
  ),
  'trpc nodos.create': async () => {
    const n = await trpc<{ nodo_id: number }>('nodos.create', { nombre: `NODO T${++k}`, tipo: 'POP' });
    return { entidad: 'nodo', id: n.nodo_id, accion: 'crear' };
  },
  'trpc nodos.update': sobre('nodo', 'actualizar', unNodo, (id) =>
    trpc('nodos.update', { id, datos: { direccion: 'Av. Arequipa 100' } }),
  ),
  'trpc equipos.create': async () => {
    const e = await trpc<{ equipo_id: number }>('equipos.create', {
      tipo: 'SWITCH',
      marca: 'Huawei',
      modelo: 'S5720',
      serial: `SN-T${++k}`,
    });
    return { entidad: 'equipo', id: e.equipo_id, accion: 'crear' };
  },
  'trpc equipos.update': sobre('equipo', 'actualizar', unEquipo, (id) =>
    trpc('equipos.update', { id, datos: { observacion: 'Rack 3' } }),
  ),
  'trpc servicios.create': async () => {
    const p = await insertProveedor(database.db);
    const s = await trpc<{ servicio_id: number }>('servicios.create', {
      proveedor_id: p.proveedor_id,
      modalidad: 'DEDICADO',
      capacidad_comprada: 1000,
    });
    return { entidad: 'servicio', id: s.servicio_id, accion: 'crear' };
  },
  'trpc servicios.update': sobre('servicio', 'actualizar', unServicio, (id) =>
    trpc('servicios.update', { id, datos: { capacidad_comprada: 2000 } }),
  ),
  'trpc servicios.ajustarCapacidad': sobre('servicio', 'mover_capacidad', unServicio, (id) =>
    trpc('servicios.ajustarCapacidad', { servicio_id: id, delta_disponible: -50 }),
  ),
  'trpc conexiones.create': async () => ({ entidad: 'conexion', id: await nuevaConexion(), accion: 'crear' }),
  'trpc conexiones.update': sobre('conexion', 'actualizar', nuevaConexion, (id) =>
    trpc('conexiones.update', { id, datos: { direccion_enlace: 'Jr. Cusco 200' } }),
  ),
  'trpc conexiones.ajustarBw': sobre('conexion', 'ajustar_bw', nuevaConexion, (id) =>
    trpc('conexiones.ajustarBw', { enlace_id: id, modo: 'AUMENTAR', mbps: 50 }),
  ),
  'trpc conexiones.cambiarEstado': sobre('conexion', 'cambiar_estado', nuevaConexion, (id) =>
    trpc('conexiones.cambiarEstado', { enlace_id: id, enlace_estado: 'SUSPENDIDO' }),
  ),
  'trpc monitoreo.vincular': sobre('conexion', 'monitoreo', nuevaConexion, (id) =>
    trpc('monitoreo.vincular', { objeto: 'conexion', id, monitoreo: prometheus }),
  ),
  'trpc webhooks.create': async () => ({ entidad: 'webhook', id: await nuevoWebhook(), accion: 'crear' }),
  'trpc webhooks.update': sobre('webhook', 'actualizar', nuevoWebhook, (id) =>
    trpc('webhooks.update', { id, datos: { descripcion: 'Facturación' } }),
  ),
  'trpc webhooks.eliminar': sobre('webhook', 'eliminar', nuevoWebhook, (id) => trpc('webhooks.eliminar', { id })),

  'POST /v1/proveedores/crear': async () => {
    const r = await v1<{ proveedor_id: number }>('POST', '/v1/proveedores/crear', { nombre: `V1 CARRIER ${++k}` });
    return { entidad: 'proveedor', id: r.proveedor_id, accion: 'crear' };
  },
  'PUT /v1/proveedores/:id': sobre('proveedor', 'cambiar_estado', unProveedor, (id) =>
    v1('PUT', `/v1/proveedores/${id}`, { estado: 'INACTIVO' }),
  ),
  'POST /v1/clientes/crear': async () => {
    const r = await v1<{ cliente_id: number }>('POST', '/v1/clientes/crear', {
      razon_social: `V1 CLIENTE ${++k}`,
      ruc: rucValido(5000 + k),
    });
    return { entidad: 'cliente', id: r.cliente_id, accion: 'crear' };
  },
  'PUT /v1/clientes/:id': sobre('cliente', 'actualizar', unCliente, (id) =>
    v1('PUT', `/v1/clientes/${id}`, { contacto: 'Luis' }),
  ),
  'POST /v1/nodos/crear': async () => {
    const r = await v1<{ nodo_id: number }>('POST', '/v1/nodos/crear', { nombre: `V1 NODO ${++k}`, tipo: 'EDGE' });
    return { entidad: 'nodo', id: r.nodo_id, accion: 'crear' };
  },
  'PUT /v1/nodos/:id': sobre('nodo', 'actualizar', unNodo, (id) => v1('PUT', `/v1/nodos/${id}`, { tipo: 'CORE' })),
  'POST /v1/equipos/crear': async () => {
    const r = await v1<{ equipo_id: number }>('POST', '/v1/equipos/crear', {
      tipo: 'ONT',
      marca: 'ZTE',
      modelo: 'F660',
      serial: `V1-SN-${++k}`,
    });
    return { entidad: 'equipo', id: r.equipo_id, accion: 'crear' };
  },
  'PUT /v1/equipos/:id': sobre('equipo', 'actualizar', unEquipo, (id) =>
    v1('PUT', `/v1/equipos/${id}`, { modelo: 'ISR4451' }),
  ),
  'POST /v1/servicios-proveedor/crear': async () => {
    const p = await insertProveedor(database.db);
    const r = await v1<{ servicio_id: number }>('POST', '/v1/servicios-proveedor/crear', {
      proveedor_id: p.proveedor_id,
      modalidad: 'COMPARTIDO',
      capacidad_comprada: 500,
    });
    return { entidad: 'servicio', id: r.servicio_id, accion: 'crear' };
  },
  'PUT /v1/servicios-proveedor/servicios-proveedor/:id': sobre('servicio', 'actualizar', unServicio, (id) =>
    v1('PUT', `/v1/servicios-proveedor/servicios-proveedor/${id}`, { observacion: 'Anillo sur' }),
  ),
  'POST /v1/servicios-proveedor/:id/ajustar-capacidad': sobre('servicio', 'mover_capacidad', unServicio, (id) =>
    v1('POST', `/v1/servicios-proveedor/${id}/ajustar-capacidad`, { delta_disponible: -25 }),
  ),
  'POST /v1/conexiones': async () => {
    const r = await v1<{ enlace_id: number }>('POST', '/v1/conexiones', await conexionDatos());
    return { entidad: 'conexion', id: r.enlace_id, accion: 'crear' };
  },
  'PUT /v1/conexiones/:id': sobre('conexion', 'actualizar', nuevaConexion, (id) =>
    v1('PUT', `/v1/conexiones/${id}`, { locacion: 'Sede central' }),
  ),
  'POST /v1/conexiones/:id/ajustar-bw': sobre('conexion', 'ajustar_bw', nuevaConexion, (id) =>
    v1('POST', `/v1/conexiones/${id}/ajustar-bw`, { modo: 'DISMINUIR', mbps: 10 }),
  ),
  'PUT /v1/conexiones/:id/monitoreo': sobre('conexion', 'monitoreo', nuevaConexion, (id) =>
    v1('PUT', `/v1/conexiones/${id}/monitoreo`, prometheus),
  ),
  'DELETE /v1/conexiones/:id/monitoreo': sobre('conexion', 'monitoreo', nuevaConexion, async (id) => {
    await v1('PUT', `/v1/conexiones/${id}/monitoreo`, prometheus);
    await v1('DELETE', `/v1/conexiones/${id}/monitoreo`);
  }),
  'PUT /v1/servicios-proveedor/:id/monitoreo': sobre('servicio', 'monitoreo', unServicio, (id) =>
    v1('PUT', `/v1/servicios-proveedor/${id}/monitoreo`, prometheus),
  ),
  'DELETE /v1/servicios-proveedor/:id/monitoreo': sobre('servicio', 'monitoreo', unServicio, async (id) => {
    await v1('PUT', `/v1/servicios-proveedor/${id}/monitoreo`, prometheus);
    await v1('DELETE', `/v1/servicios-proveedor/${id}/monitoreo`);
  }),
  'POST /v1/webhooks': async () => {
    const r = await v1<{ webhook_id: number }>('POST', '/v1/webhooks', {
      url: 'http://127.0.0.1:9/v1hook',
      eventos: ['servicio.creado'],
    });
    return { entidad: 'webhook', id: r.webhook_id, accion: 'crear' };
  },
  'PUT /v1/webhooks/:id': async () => {
    const r = await v1<{ webhook_id: number }>('POST', '/v1/webhooks', {
      url: 'http://127.0.0.1:9/v1hook',
      eventos: ['servicio.creado'],
    });
    await v1('PUT', `/v1/webhooks/${r.webhook_id}`, { activo: false });
    return { entidad: 'webhook', id: r.webhook_id, accion: 'cambiar_estado' };
  },
  'DELETE /v1/webhooks/:id': async () => {
    const r = await v1<{ webhook_id: number }>('POST', '/v1/webhooks', {
      url: 'http://127.0.0.1:9/v1hook',
      eventos: ['servicio.creado'],
    });
    await v1('DELETE', `/v1/webhooks/${r.webhook_id}`);
    return { entidad: 'webhook', id: r.webhook_id, accion: 'eliminar' };
  },
};

/** The import routes: a one-row CSV applied creates one record with its history. */
const IMPORTACIONES: Record<string, () => Promise<[EntidadCambio, string]>> = {
  'POST /v1/proveedores/importar': async () => ['proveedor', 'nombre\nIMPORTADO UNO SAC\n'],
  'POST /v1/clientes/importar': async () => ['cliente', `razon_social,ruc\nIMPORTADA SAC,${rucValido(7777)}\n`],
  'POST /v1/nodos/importar': async () => ['nodo', 'nombre,tipo\nNODO IMPORTADO,CORE\n'],
  'POST /v1/equipos/importar': async () => ['equipo', 'tipo,marca,modelo,serial\nROUTER,Cisco,ASR920,IMP-001\n'],
  'POST /v1/servicios-proveedor/importar': async () => {
    const p = await insertProveedor(database.db);
    return ['servicio', `proveedor_nombre,modalidad,capacidad_comprada\n${p.nombre},DEDICADO,300\n`];
  },
  'POST /v1/conexiones/importar': async () => {
    const c = await insertCliente(database.db);
    const n = await insertNodo(database.db);
    const s = await insertServicio(database.db);
    return [
      'conexion',
      `servicio_cid_interno,cliente_ruc,tipo_enlace,bw_contratado,nodo_a_nombre\n${s.cid_interno},${c.ruc},Internet,20,${n.nombre}\n`,
    ];
  },
};

async function ultimoCambio(): Promise<number> {
  const filas = await database.db.select({ id: cambios.cambio_id }).from(cambios);
  return filas.reduce((m, f) => Math.max(m, f.id), 0);
}

describe('every mutation writes its change record', () => {
  it('auth.setup records the first admin creating themself, through the SPA', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.setup',
      payload: { email: 'primera@isp.pe', nombre: 'Primera Admin', password: 'clave-segura-123' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const u = res.json().result.data as { usuario_id: number };
    const filas = await database.db.select().from(cambios);
    expect(filas).toHaveLength(1);
    expect(filas[0]).toMatchObject({
      entidad: 'usuario',
      entidad_id: u.usuario_id,
      accion: 'crear',
      usuario_id: u.usuario_id,
      via: 'spa',
    });
    expect(filas[0]!.cambios).toEqual([
      { campo: 'email', antes: null, despues: 'primera@isp.pe' },
      { campo: 'nombre', antes: null, despues: 'Primera Admin' },
      { campo: 'rol', antes: null, despues: 'admin' },
      { campo: 'activo', antes: null, despues: true },
      { campo: 'password_hash', antes: null, despues: OCULTO },
    ]);
  });

  it('each tRPC mutation and /v1 write has a scenario or a stated reason, and its scenario leaves the row', async () => {
    const admin = await createTestUser(database.db, 'admin');
    cookie = `${SESSION_COOKIE}=${(await createSession(database.db, admin.usuario_id!, 1)).value}`;
    const { token, token_id } = await createApiToken(database.db, {
      nombre: 'cobertura',
      rol: 'admin',
      createdBy: admin.usuario_id,
    });
    bearer = `Bearer ${token}`;

    const todas = [...mutaciones(), ...rutas];
    expect(todas.length).toBeGreaterThan(30);
    const sinEscenario = todas.filter(
      (m) => !(m in ESCENARIOS) && !(m in SIN_HISTORIAL) && !(m in IMPORTACIONES) && m !== 'trpc auth.setup',
    );
    expect(sinEscenario, 'writes with neither a history scenario nor a reason to have none').toEqual([]);

    const faltan: string[] = [];
    for (const m of todas) {
      const escenario = ESCENARIOS[m];
      if (!escenario) continue;
      const desde = await ultimoCambio();
      const e = await escenario();
      const nuevos = await database.db.select().from(cambios).where(gt(cambios.cambio_id, desde));
      const fila = nuevos.find((f) => f.entidad === e.entidad && f.entidad_id === e.id && f.accion === e.accion);
      if (!fila) {
        faltan.push(`${m} → ${e.entidad} ${e.id} ${e.accion}`);
        continue;
      }
      const esV1 = !m.startsWith('trpc ');
      const via: CanalCambio = esV1 ? 'v1' : 'spa';
      expect(fila.via, m).toBe(via);
      expect(fila.usuario_id, m).not.toBeNull();
      if (esV1) expect(fila.token_id, m).toBe(token_id);
      expect(fila.solicitud_id, m).toMatch(/\S/);
      expect(fila.cambios.length, m).toBeGreaterThan(0);
    }
    expect(faltan, 'writes that left no change record').toEqual([]);
  });

  it('an import that creates records writes one creation row per record', async () => {
    for (const [ruta, preparar] of Object.entries(IMPORTACIONES)) {
      if (!rutas.includes(ruta)) continue;
      const [entidad, csv] = await preparar();
      const url = ruta.replace(/^POST /, '');
      const desde = await ultimoCambio();
      const res = await app.inject({
        method: 'POST',
        url: `${url}?modo=aplicar`,
        headers: { authorization: bearer, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(res.statusCode, res.body).toBe(200);
      const nuevos = await database.db.select().from(cambios).where(gt(cambios.cambio_id, desde));
      expect(
        nuevos.filter((f) => f.entidad === entidad && f.accion === 'crear' && f.via === 'v1'),
        ruta,
      ).toHaveLength(1);
      if (entidad === 'conexion') {
        // The live connection's sale moved its service's vendida: that is in the service's history too.
        expect(
          nuevos.filter((f) => f.entidad === 'servicio' && f.accion === 'mover_capacidad'),
          ruta,
        ).toHaveLength(1);
      }
    }
  });
});
