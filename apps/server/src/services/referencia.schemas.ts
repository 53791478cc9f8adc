import { ESTADOS_EQUIPO, ESTADOS_REGISTRO, MODALIDADES_SERVICIO, TIPOS_EQUIPO } from '@troncal/domain/enums';
import {
  clienteCreateInput,
  clienteSchema,
  clienteSelectSchema,
  clienteUpdateInput,
  equipoCreateInput,
  equipoSchema,
  equipoSelectSchema,
  equipoUpdateInput,
  estadoEquipoInput,
  estadoRegistroInput,
  idSchema,
  listQuerySchema,
  mensajeTipo,
  nodoCreateInput,
  nodoSchema,
  nodoSelectSchema,
  nodoUpdateInput,
  opcional,
  proveedorCreateInput,
  proveedorSchema,
  proveedorSelectSchema,
  proveedorUpdateInput,
  tipoEquipoInput,
  tipoNodoInput,
} from '@troncal/domain/schemas';
import { z } from 'zod';
import { CLIENTE_ORDEN } from './clientes.service';
import { EQUIPO_ORDEN } from './equipos.service';
import { NODO_ORDEN } from './nodos.service';
import { PROVEEDOR_ORDEN } from './proveedores.service';

/**
 * What the reference-data transports (tRPC and /v1) validate beyond the shared domain schemas:
 * list filters and sorting, dropdown options and the richer outputs (ubigeo names, select rows).
 * Kept in the server because they describe these endpoints, not the domain.
 */

const orden = <T extends readonly [string, ...string[]]>(columnas: T) =>
  opcional(z.enum(columnas, { error: `Orden no válido. Valores: ${columnas.join(', ')}.` }));
const direccion = opcional(z.enum(['asc', 'desc'], { error: 'La dirección del orden debe ser asc o desc.' }));

/** Query strings carry "true"/"false"/"1"/"0"; tRPC carries booleans. */
const booleanoQuery = z
  .preprocess(
    (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v === '' ? undefined : v),
    z.boolean({ error: 'Debe ser verdadero o falso (true/false).' }).optional(),
  )
  .optional();

/** `incluir=3,7` on /v1, `[3, 7]` on tRPC. */
const idsQuery = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.split(',').filter((s) => s.trim() !== '') : v),
    z
      .array(idSchema, { error: 'Debe ser una lista de identificadores.' })
      .max(200, 'Admite como máximo 200 identificadores.'),
  )
  .optional();

const buscar = listQuerySchema.shape.search;
const estadoRegistroFiltro = opcional(estadoRegistroInput);

/**
 * One catalogue's contract, which its tRPC router and its /v1 routes share: the list and dropdown
 * queries, the create and update inputs (domain), the record (`fila`) and the dropdown option.
 */
export interface EsquemasReferencia {
  lista: z.ZodType;
  seleccion: z.ZodType;
  alta: z.ZodObject;
  cambio: z.ZodObject;
  fila: z.ZodType;
  opcion: z.ZodType;
}

/** A JSON body that is not an object (null, an array, nothing) gets a Spanish message too. */
export const cuerpo = <T extends z.ZodRawShape>(schema: z.ZodObject<T>) =>
  z.object(schema.shape, { error: 'El cuerpo debe ser un objeto JSON.' });

// --- Proveedores ---------------------------------------------------------------------------------

export const proveedorListQuery = listQuerySchema.extend({
  estado: estadoRegistroFiltro,
  sort: orden(PROVEEDOR_ORDEN),
  dir: direccion,
});
export const proveedorSelectQuery = z.object({ estado: estadoRegistroFiltro, search: buscar });

export const proveedorServicioResumenSchema = z.object({
  servicio_id: z.number().int(),
  cid_interno: z.string(),
  modalidad: z.enum(MODALIDADES_SERVICIO),
  ubicacion_servicio: z.string().nullable(),
  capacidad_disponible: z.number(),
});
export const proveedorOpcionSchema = proveedorSelectSchema.extend({
  servicios: z.array(proveedorServicioResumenSchema),
});
export const proveedorEsquemas = {
  lista: proveedorListQuery,
  seleccion: proveedorSelectQuery,
  alta: proveedorCreateInput,
  cambio: proveedorUpdateInput,
  fila: proveedorSchema,
  opcion: proveedorOpcionSchema,
};

// --- Clientes ------------------------------------------------------------------------------------

export const clienteListQuery = listQuerySchema.extend({
  estado: estadoRegistroFiltro,
  sort: orden(CLIENTE_ORDEN),
  dir: direccion,
});
export const clienteSelectQuery = z.object({ estado: estadoRegistroFiltro, search: buscar });
export const clienteOpcionSchema = clienteSelectSchema.extend({ estado: z.enum(ESTADOS_REGISTRO) });
export const clienteEsquemas = {
  lista: clienteListQuery,
  seleccion: clienteSelectQuery,
  alta: clienteCreateInput,
  cambio: clienteUpdateInput,
  fila: clienteSchema,
  opcion: clienteOpcionSchema,
};

// --- Nodos ---------------------------------------------------------------------------------------

export const nodoListQuery = listQuerySchema.extend({
  estado: estadoRegistroFiltro,
  tipo: opcional(tipoNodoInput),
  ubigeo: opcional(
    z
      .string({ error: 'Debe ser un texto.' })
      .trim()
      .regex(/^(\d{2}|\d{4}|\d{6})$/, 'El ubigeo debe ser un código INEI de 2, 4 o 6 dígitos.'),
  ),
  sort: orden(NODO_ORDEN),
  dir: direccion,
});
export const nodoSelectQuery = z.object({
  estado: estadoRegistroFiltro,
  tipo: opcional(tipoNodoInput),
  search: buscar,
});

const ubigeoNombres = {
  ubigeo_nombre: z.string().nullable(),
  departamento: z.string().nullable(),
  provincia: z.string().nullable(),
  distrito: z.string().nullable(),
};
export const nodoDetalleSchema = nodoSchema.extend(ubigeoNombres);
export const nodoOpcionSchema = nodoSelectSchema.extend({
  estado: z.enum(ESTADOS_REGISTRO),
  ubigeo: z.string().nullable(),
  ubigeo_nombre: z.string().nullable(),
});
export const nodoEsquemas = {
  lista: nodoListQuery,
  seleccion: nodoSelectQuery,
  alta: nodoCreateInput,
  cambio: nodoUpdateInput,
  fila: nodoDetalleSchema,
  opcion: nodoOpcionSchema,
};

// --- Equipos -------------------------------------------------------------------------------------

export const equipoListQuery = listQuerySchema.extend({
  estado: opcional(estadoEquipoInput),
  tipo: opcional(tipoEquipoInput),
  sort: orden(EQUIPO_ORDEN),
  dir: direccion,
});
export const equipoSelectQuery = z.object({
  /** Only DISPONIBLE ones (a connection form offering equipos to add). */
  disponibles: booleanoQuery,
  estado: opcional(estadoEquipoInput),
  tipo: opcional(tipoEquipoInput),
  search: buscar,
  /** Ids to list whatever their estado (the ones the connection being edited already holds). */
  incluir: idsQuery,
});
export const equipoDetalleSchema = equipoSchema.extend({
  enlace_id: z.number().int().nullable(),
  cid_enlace: z.string().nullable(),
});
export const equipoOpcionSchema = equipoSelectSchema.extend({
  label: z.string(),
  estado: z.enum(ESTADOS_EQUIPO),
  tipo: z.enum(TIPOS_EQUIPO),
});
export const equipoEsquemas = {
  lista: equipoListQuery,
  seleccion: equipoSelectQuery,
  alta: equipoCreateInput,
  cambio: equipoUpdateInput,
  fila: equipoDetalleSchema,
  opcion: equipoOpcionSchema,
};

// --- Shared --------------------------------------------------------------------------------------

export const idInput = z.object({ id: idSchema });

/** Every tRPC update takes `{ id, datos }`: which record, and only the fields that change. */
export const actualizacionInput = <T extends z.ZodRawShape>(datos: z.ZodObject<T>) =>
  z.object(
    {
      id: idSchema,
      datos: z.object(datos.shape, { error: mensajeTipo('Debe ser un objeto con los campos que cambian.') }),
    },
    { error: 'Debe ser un objeto con id y datos.' },
  );
