import { z } from 'zod';
import { CONDICIONES_SERVICIO, ENLACE_ESTADOS, MODALIDADES_SERVICIO, TIPOS_NODO } from '../enums.js';
import {
  auditoriaSchema,
  deltaMbpsInput,
  idOpcional,
  idSchema,
  isoDateTime,
  listQuerySchema,
  mbpsInput,
  numeroInput,
  opcional,
  textoOpcional,
} from './common.js';
import { entradasEscritura } from './escritura.js';
import { medicionMonitoreoSchema, monitoreoInput, monitoreoSchema } from './monitoreo.js';
import { condicionServicioInput, modalidadServicioInput } from './vocabularios.js';

export const servicioProveedorSchema = z
  .object({
    servicio_id: z.number().int(),
    proveedor_id: z.number().int(),
    proveedor_nombre: z.string(),
    nodo_id: z.number().int().nullable(),
    nodo_nombre: z.string().nullable().optional(),
    tipo_nodo: z.enum(TIPOS_NODO).nullable(),
    direccion: z.string().nullable(),
    modalidad: z.enum(MODALIDADES_SERVICIO),
    capacidad_comprada: z.number(),
    capacidad_vendida: z.number(),
    capacidad_utilizada: z.number(),
    /** Negative when oversold. */
    capacidad_disponible: z.number(),
    ubicacion_servicio: z.string().nullable(),
    condicion: z.enum(CONDICIONES_SERVICIO).nullable(),
    observacion: z.string().nullable(),
    cid_proveedor: z.string().nullable(),
    cid_interno: z.string().nullable(),
    limite_sobreventa_pct: z.number().nullable(),
    /** The uplink's binding to Zabbix/Prometheus as a body sends it; null when unbound. */
    monitoreo: monitoreoSchema.nullable().optional(),
    /** The binding's last reading; null when unbound. A bound service's capacidad_utilizada is its p95. */
    medicion: medicionMonitoreoSchema.nullable().optional(),
  })
  .extend(auditoriaSchema.shape);
export type ServicioProveedor = z.infer<typeof servicioProveedorSchema>;

/** Blank or null `cid_interno` means "assign the next ICP-<n>", so it becomes undefined, not null. */
export const cidInternoInput = z
  .string({ error: 'Debe ser un texto.' })
  .trim()
  .max(50, 'Admite como máximo 50 caracteres.')
  .nullish()
  .transform((v) => (v ? v : undefined));

export const limiteSobreventaPctInput = opcional(
  numeroInput.pipe(
    z
      .number()
      .min(0, 'El límite de sobreventa no puede ser negativo.')
      .max(1000, 'El límite de sobreventa no puede superar 1000 %.'),
  ),
);

/**
 * `capacidad_vendida`, `capacidad_utilizada` and `capacidad_disponible` are deliberately not
 * declared: clients may send them (old forms do) but they are derived, and zod's default strip
 * drops them. `PUT /v1/servicios-proveedor/servicios-proveedor/{id}`: the spec calls it a full edit;
 * absent fields stay.
 */
export const { crear: servicioProveedorCreateInput, actualizar: servicioProveedorUpdateInput } = entradasEscritura({
  proveedor_id: idSchema,
  nodo_id: idOpcional,
  modalidad: modalidadServicioInput,
  capacidad_comprada: mbpsInput.optional(),
  ubicacion_servicio: textoOpcional(200),
  condicion: opcional(condicionServicioInput),
  observacion: textoOpcional(2000),
  cid_proveedor: textoOpcional(100),
  cid_interno: cidInternoInput,
  limite_sobreventa_pct: limiteSobreventaPctInput,
  /** Absent: unchanged; null: unbind; an object: bind the uplink (docs/monitoreo.md). */
  monitoreo: monitoreoInput,
});
export type ServicioProveedorCreateInput = z.output<typeof servicioProveedorCreateInput>;
export type ServicioProveedorUpdateInput = z.output<typeof servicioProveedorUpdateInput>;

/** `POST /v1/servicios-proveedor/{id}/ajustar-capacidad`: `delta_disponible = +d` returns d Mbps. */
export const ajustarCapacidadInput = z.object({
  delta_disponible: deltaMbpsInput,
  // Optional as in the spec's Ajustar BW flow, which calls this after ajustar-bw; the ledger says none was given.
  motivo: textoOpcional(500),
});
export type AjustarCapacidadInput = z.output<typeof ajustarCapacidadInput>;

/** The four capacity figures of a service, as `ajustar-capacidad` and `ajustar-bw` return them. */
export const capacidadesServicioSchema = z.object({
  servicio_id: z.number().int(),
  capacidad_comprada: z.number(),
  capacidad_vendida: z.number(),
  capacidad_utilizada: z.number(),
  capacidad_disponible: z.number(),
});
export type CapacidadesServicio = z.infer<typeof capacidadesServicioSchema>;

/** A connection as the service's detail page lists it (the spec's `EnlaceRed`). */
export const enlaceRedSchema = z.object({
  enlace_id: z.number().int(),
  modalidad_enlace: z.string().nullable(),
  enlace_estado: z.enum(ENLACE_ESTADOS).nullable(),
  enlace_created_at: isoDateTime.nullable(),
  enlace_fecha_activacion: z.string().nullable(),
  bw_contratado: z.number().nullable(),
  bw_disponible: z.number().nullable(),
  bw_utilizado: z.number().nullable().optional(),
  cliente_id: z.number().int().nullable(),
  cid: z.string().nullable(),
  razon_social: z.string().nullable(),
  cliente_fecha_activacion: z.string().nullable(),
});
export type EnlaceRed = z.infer<typeof enlaceRedSchema>;

/** A row of `listar/select` for services: what the connection form's service picker shows. */
export const servicioProveedorSelectSchema = z.object({
  servicio_id: z.number().int(),
  proveedor_id: z.number().int(),
  proveedor_nombre: z.string(),
  cid_interno: z.string().nullable(),
  modalidad: z.enum(MODALIDADES_SERVICIO),
  ubicacion_servicio: z.string().nullable(),
  capacidad_disponible: z.number(),
});
export type ServicioProveedorSelect = z.infer<typeof servicioProveedorSelectSchema>;

/**
 * The services list, in both transports: `search` over provider, CIDs, modalidad and ubicación
 * (from 2 characters: a single one would match nearly everything), `proveedor_id`, and `cid`
 * (exact, case-insensitive, cid_interno or cid_proveedor).
 */
export const servicioListQuery = listQuerySchema.extend({
  search: z
    .string({ error: 'Debe ser un texto.' })
    .trim()
    .max(200, 'Admite como máximo 200 caracteres.')
    .optional()
    .transform((v) => (v && v.length >= 2 ? v : undefined)),
  proveedor_id: idOpcional,
  cid: z.string({ error: 'Debe ser un texto.' }).trim().max(100, 'Admite como máximo 100 caracteres.').nullish(),
});
export type ServicioListQuery = z.output<typeof servicioListQuery>;
