import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { casosClientes } from '../../services/clientes.service';
import { casosEquipos } from '../../services/equipos.service';
import { casosNodos } from '../../services/nodos.service';
import { casosProveedores } from '../../services/proveedores.service';
import type { CasosReferencia } from '../../services/referencia.comun';
import {
  clienteEsquemas,
  cuerpo,
  type EsquemasReferencia,
  equipoEsquemas,
  nodoEsquemas,
  proveedorEsquemas,
} from '../../services/referencia.schemas';
import { dataEnvelope, errorEnvelope, listEnvelope, selectEnvelope, updateEnvelope } from './envelopes';
import { idParamsSchema } from './params';
import type { V1Deps } from './plugin';

/** The reference catalogues' /v1 routes: one way to register them, then the four catalogues. */

const errores = { 400: errorEnvelope, 404: errorEnvelope, 409: errorEnvelope };

/** A catalogue's /v1 definition: its path, its schemas and use cases, and what its routes say. */
interface RutasDe<E extends EsquemasReferencia, K extends string> {
  /** `/v1/<ruta>/…`; the OpenAPI tag is the same word, capitalised. */
  ruta: string;
  /** The id field `crear` answers beside `data`. */
  campoId: K;
  esquemas: E;
  casos: CasosReferencia<
    z.output<E['lista']>,
    z.output<E['seleccion']>,
    z.output<E['alta']>,
    z.output<E['cambio']>,
    z.output<E['fila']>,
    z.output<E['opcion']>
  >;
  /** OpenAPI summaries. */
  resumen: { listar: string; seleccionar: string; crear: string; obtener: string; actualizar: string };
  creado: (registro: z.output<E['fila']>) => string;
  actualizado: (registro: z.output<E['fila']>) => string;
}

/**
 * `GET listar` (a page), `GET listar/select` (dropdowns), `POST crear` (201), `GET :id` and `PUT :id`
 * (only the fields sent). Roles come from the plugin's hook (GET lector, writes operador).
 */
function rutasReferencia<E extends EsquemasReferencia, K extends string>(
  app: FastifyInstance,
  db: Db,
  d: RutasDe<E, K>,
) {
  const { esquemas: e, casos } = d;
  const tags = [d.ruta[0]?.toUpperCase() + d.ruta.slice(1)];
  const porId = (summary: string, body?: z.ZodType) => ({
    tags,
    summary,
    params: idParamsSchema,
    ...(body ? { body } : {}),
  });
  type PorId = { Params: z.output<typeof idParamsSchema> };
  // Not the zod type provider: it cannot resolve schemas that are still type parameters. The validator
  // compiler (app.ts) checks query, params and body against them all the same, so the casts hold.
  app.get(
    `/${d.ruta}/listar`,
    {
      schema: {
        tags,
        summary: d.resumen.listar,
        querystring: e.lista,
        response: { 200: listEnvelope(e.fila), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, ...(await casos.listar(db, req.query as z.output<E['lista']>)) }),
  );
  app.get(
    `/${d.ruta}/listar/select`,
    {
      schema: {
        tags,
        summary: d.resumen.seleccionar,
        querystring: e.seleccion,
        response: { 200: selectEnvelope(e.opcion), 400: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await casos.seleccionar(db, req.query as z.output<E['seleccion']>) }),
  );
  const creado = z.object({ ok: z.literal(true), message: z.string(), [d.campoId]: z.number().int(), data: e.fila });
  app.post(
    `/${d.ruta}/crear`,
    { schema: { tags, summary: d.resumen.crear, body: cuerpo(e.alta), response: { 201: creado, ...errores } } },
    async (req, reply) => {
      const data = await casos.crear(db, req.body as z.output<E['alta']>, req.user);
      const id = (data as Record<K, number>)[d.campoId];
      return reply.code(201).send({ ok: true, message: d.creado(data), [d.campoId]: id, data });
    },
  );
  app.get<PorId>(
    `/${d.ruta}/:id`,
    {
      schema: {
        ...porId(d.resumen.obtener),
        response: { 200: dataEnvelope(e.fila), 400: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => ({ ok: true as const, data: await casos.obtener(db, req.params.id) }),
  );
  app.put<PorId>(
    `/${d.ruta}/:id`,
    {
      schema: {
        ...porId(d.resumen.actualizar, cuerpo(e.cambio)),
        response: { 200: updateEnvelope(e.fila), ...errores },
      },
    },
    async (req) => {
      const data = await casos.actualizar(db, req.params.id, req.body as z.output<E['cambio']>, req.user);
      return { ok: true as const, message: d.actualizado(data), data };
    },
  );
}

export async function proveedoresRoutes(app: FastifyInstance, { db }: V1Deps) {
  rutasReferencia(app, db, {
    ruta: 'proveedores',
    campoId: 'proveedor_id',
    esquemas: proveedorEsquemas,
    casos: casosProveedores,
    resumen: {
      listar: 'Lista paginada de proveedores (búsqueda por nombre, RUC, contacto o correo)',
      seleccionar: 'Proveedores para listas desplegables, cada uno con sus servicios',
      crear: 'Registra un proveedor (nombre único, sin distinguir mayúsculas)',
      obtener: 'Un proveedor',
      actualizar: 'Actualiza un proveedor (solo los campos enviados); estado INACTIVO lo desactiva',
    },
    creado: (p) => `Proveedor "${p.nombre}" registrado.`,
    actualizado: (p) => `Proveedor "${p.nombre}" actualizado.`,
  });
}

export async function clientesRoutes(app: FastifyInstance, { db }: V1Deps) {
  rutasReferencia(app, db, {
    ruta: 'clientes',
    campoId: 'cliente_id',
    esquemas: clienteEsquemas,
    casos: casosClientes,
    resumen: {
      listar: 'Lista paginada de clientes corporativos (búsqueda por razón social, RUC, contacto o correo)',
      seleccionar: 'Clientes para listas desplegables',
      crear: 'Registra un cliente corporativo (RUC de 11 dígitos con dígito verificador SUNAT, único)',
      obtener: 'Un cliente',
      actualizar: 'Actualiza un cliente (solo los campos enviados); estado INACTIVO lo desactiva',
    },
    creado: (c) => `Cliente "${c.razon_social}" registrado.`,
    actualizado: (c) => `Cliente "${c.razon_social}" actualizado.`,
  });
}

export async function nodosRoutes(app: FastifyInstance, { db }: V1Deps) {
  rutasReferencia(app, db, {
    ruta: 'nodos',
    campoId: 'nodo_id',
    esquemas: nodoEsquemas,
    casos: casosNodos,
    resumen: {
      listar: 'Lista paginada de nodos (búsqueda por nombre, dirección o ubigeo; filtros tipo, estado, ubigeo)',
      seleccionar: 'Nodos para listas desplegables',
      crear: 'Registra un nodo (nombre único; ubigeo INEI de 2, 4 o 6 dígitos opcional)',
      obtener: 'Un nodo, con los nombres de su ubigeo',
      actualizar: 'Actualiza un nodo (solo los campos enviados); estado INACTIVO lo desactiva',
    },
    creado: (n) => `Nodo "${n.nombre}" registrado.`,
    actualizado: (n) => `Nodo "${n.nombre}" actualizado.`,
  });
}

export async function equiposRoutes(app: FastifyInstance, { db }: V1Deps) {
  rutasReferencia(app, db, {
    ruta: 'equipos',
    campoId: 'equipo_id',
    esquemas: equipoEsquemas,
    casos: casosEquipos,
    resumen: {
      listar: 'Lista paginada de equipos (búsqueda por serie, marca, modelo o tipo; filtros tipo, estado)',
      seleccionar:
        'Equipos para listas desplegables: label "tipo | marca | modelo | SN: serie"; disponibles=true deja solo los DISPONIBLE',
      crear: 'Registra un equipo (serie única, sin distinguir mayúsculas)',
      obtener: 'Un equipo, con la conexión viva que lo tiene (si hay una)',
      actualizar: 'Actualiza un equipo (solo los campos enviados); estado BAJA lo retira',
    },
    creado: (e) => `Equipo ${e.tipo} ${e.marca} ${e.modelo} (SN: ${e.serial}) registrado.`,
    actualizado: (e) => `Equipo SN: ${e.serial} actualizado.`,
  });
}
