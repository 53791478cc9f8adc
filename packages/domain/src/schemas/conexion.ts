import { z } from 'zod';
import { ENLACE_ESTADOS, TIPOS_ENLACE, TIPOS_NODO, TIPOS_SERVICIO_CLIENTE } from '../enums.js';
import { buscarDepartamento, buscarDistrito, buscarProvincia, buscarProvincias } from '../ubigeo/index.js';
import {
  auditoriaSchema,
  cidrIPv4Schema,
  fechaOpcional,
  idOpcional,
  idSchema,
  isoDate,
  listQuerySchema,
  mbpsInput,
  mbpsPositivoInput,
  opcional,
  SIN_NULO,
  sinNulo,
  textoOpcional,
} from './common.js';
import { medicionMonitoreoSchema, monitoreoInput, monitoreoSchema } from './monitoreo.js';
import { enlaceEstadoInput, modoAjusteBwInput, tipoEnlaceInput, tipoServicioClienteInput } from './vocabularios.js';

export const conexionSchema = z
  .object({
    enlace_id: z.number().int(),
    servicio_id: z.number().int().nullable(),
    cid_enlace: z.string().nullable(),
    /** The form's "Tipo de enlace" (P2P, Fibra Oscura, GPON, Satelital). */
    modalidad_enlace: z.enum(TIPOS_ENLACE).nullable(),
    /** The form's "Tipo de Servicio al Cliente" (Internet, IPVPN, …). */
    tipo_enlace: z.enum(TIPOS_SERVICIO_CLIENTE).nullable(),
    enlace_estado: z.enum(ENLACE_ESTADOS).nullable(),
    enlace_fecha_activacion: isoDate.nullable(),
    bw_contratado: z.number(),
    bw_disponible: z.number(),
    bw_utilizado: z.number(),
    departamento_enlace: z.string().nullable(),
    provincia_enlace: z.string().nullable(),
    distrito_enlace: z.string().nullable(),
    direccion_enlace: z.string().nullable(),
    locacion: z.string().nullable(),
    cliente_id: z.number().int().nullable(),
    cliente_razon_social: z.string().nullable(),
    cliente_ruc: z.string().nullable(),
    nodo_a: z.number().int().nullable(),
    nodo_a_nombre: z.string().nullable(),
    nodo_a_tipo: z.enum(TIPOS_NODO).nullable(),
    configuracion_nodo_a: z.string().nullable(),
    nodo_b: z.number().int().nullable(),
    nodo_b_nombre: z.string().nullable(),
    nodo_b_tipo: z.enum(TIPOS_NODO).nullable(),
    configuracion_nodo_b: z.string().nullable(),
    asignacion_ip: z.string().nullable(),
    equipos_ids: z.array(z.number().int()),
    /** Joined in for the list and the "Ajustar BW" header; optional so plain rows validate too. */
    proveedor_id: z.number().int().nullable().optional(),
    proveedor_nombre: z.string().nullable().optional(),
    servicio_cid_interno: z.string().nullable().optional(),
    /** The binding to Zabbix/Prometheus as a body sends it; null when unbound (reads always answer it). */
    monitoreo: monitoreoSchema.nullable().optional(),
    /** The binding's last reading; null when unbound. A bound connection's bw_utilizado is its p95. */
    medicion: medicionMonitoreoSchema.nullable().optional(),
  })
  .extend(auditoriaSchema.shape);
export type Conexion = z.infer<typeof conexionSchema>;

/** Router/switch configuration is pasted verbatim: keep its indentation, only blank means none. */
const configuracionInput = z
  .string({ error: 'Debe ser un texto.' })
  .max(20_000, 'Admite como máximo 20000 caracteres.')
  .refine(sinNulo, SIN_NULO)
  .nullish()
  .transform((v) => (v != null && v.trim() === '' ? null : v));

/** Blank or null `cid_enlace` means "assign the next number". */
const cidEnlaceInput = z
  .string({ error: 'Debe ser un texto.' })
  .trim()
  .max(50, 'Admite como máximo 50 caracteres.')
  .nullish()
  .transform((v) => (v ? v : undefined));

export const equiposIdsInput = z
  .array(idSchema, { error: 'Debe ser una lista de identificadores de equipo.' })
  .max(50, 'Admite como máximo 50 equipos.')
  .refine((ids) => new Set(ids).size === ids.length, 'Los equipos no pueden repetirse.');

const conexionCampos = {
  servicio_id: idSchema,
  cliente_id: idSchema,
  tipo_enlace: tipoServicioClienteInput,
  modalidad_enlace: opcional(tipoEnlaceInput),
  bw_contratado: mbpsInput,
  bw_utilizado: mbpsInput.optional(),
  nodo_a: idSchema,
  configuracion_nodo_a: configuracionInput,
  nodo_b: idOpcional,
  configuracion_nodo_b: configuracionInput,
  departamento_enlace: textoOpcional(100),
  provincia_enlace: textoOpcional(100),
  /** Free text in the spec's form; canonicalised only when it matches a distrito of the provincia. */
  distrito_enlace: textoOpcional(100),
  direccion_enlace: textoOpcional(300),
  locacion: textoOpcional(200),
  enlace_estado: opcional(enlaceEstadoInput),
  enlace_fecha_activacion: fechaOpcional,
  cid_enlace: cidEnlaceInput,
  /** Spec aliases: the documented create payload uses these names. */
  estado: opcional(enlaceEstadoInput),
  fecha_activacion: fechaOpcional,
  cid: cidEnlaceInput,
  asignacion_ip: opcional(cidrIPv4Schema),
  equipos_ids: equiposIdsInput.optional(),
  /** Absent: unchanged; null: unbind; an object: bind (docs/monitoreo.md). */
  monitoreo: monitoreoInput,
};

/** The connection's input fields before the cross-field checks (a transport may extend them). */
export const conexionCamposInput = z.object(conexionCampos);
type CamposConexion = Partial<z.output<typeof conexionCamposInput>>;
const ALIAS = [
  ['estado', 'enlace_estado'],
  ['fecha_activacion', 'enlace_fecha_activacion'],
  ['cid', 'cid_enlace'],
] as const;
type Alias = (typeof ALIAS)[number][0];

function comprobarConexion(v: CamposConexion, ctx: z.RefinementCtx): void {
  for (const [alias, canonico] of ALIAS) {
    const a = v[alias];
    const c = v[canonico];
    if (a != null && c != null && a !== c) {
      ctx.addIssue({
        code: 'custom',
        path: [alias],
        message: `Se enviaron "${alias}" y "${canonico}" con valores distintos.`,
      });
    }
  }
  const dep = v.departamento_enlace;
  if (dep && !buscarDepartamento(dep)) {
    ctx.addIssue({ code: 'custom', path: ['departamento_enlace'], message: `El departamento "${dep}" no existe.` });
    return;
  }
  const prov = v.provincia_enlace;
  if (prov && buscarProvincias(prov, dep).length === 0) {
    const existe = buscarProvincias(prov).length > 0;
    ctx.addIssue({
      code: 'custom',
      path: ['provincia_enlace'],
      message: existe
        ? `La provincia "${prov}" no pertenece al departamento ${dep}.`
        : `La provincia "${prov}" no existe.`,
    });
  }
}

/** Folds the spec's aliases into the canonical column names and uses official ubigeo spellings. */
function canonizarConexion<T extends CamposConexion>(v: T): Omit<T, Alias> {
  const { estado, fecha_activacion, cid, ...resto } = v;
  const out = { ...resto } as Omit<T, Alias> & CamposConexion;
  if (out.enlace_estado === undefined && estado !== undefined) out.enlace_estado = estado;
  if (out.enlace_fecha_activacion === undefined && fecha_activacion !== undefined) {
    out.enlace_fecha_activacion = fecha_activacion;
  }
  if (out.cid_enlace === undefined && cid !== undefined) out.cid_enlace = cid;
  const dep = out.departamento_enlace ? buscarDepartamento(out.departamento_enlace) : null;
  if (dep) out.departamento_enlace = dep.nombre;
  const prov = out.provincia_enlace ? buscarProvincia(out.provincia_enlace, dep?.codigo) : null;
  if (prov) out.provincia_enlace = prov.nombre;
  const dist = prov && out.distrito_enlace ? buscarDistrito(out.distrito_enlace, prov.codigo) : null;
  if (dist) out.distrito_enlace = dist.nombre;
  return out;
}

/**
 * The cross-field checks and the alias folding over `conexionCamposInput` (or a transport's
 * extension of it, whose extra fields pass through).
 */
export const conexionInput = <T extends z.ZodType<CamposConexion>>(campos: T) =>
  campos.superRefine(comprobarConexion).transform((v) => canonizarConexion(v));

/**
 * The SPA's create form and `POST /v1/conexiones`. Accepts the spec's payload verbatim (`estado`,
 * `fecha_activacion`, `cid`) and yields canonical names (`enlace_estado`, …). `enlace_estado`
 * left out is for the server to default (PENDIENTE); `cid_enlace` left out means "assign the next".
 */
export const conexionCreateInput = conexionInput(conexionCamposInput);
export type ConexionCreateInput = z.output<typeof conexionCreateInput>;

/** An edit: absent fields stay; the server derives the ledger rows from the change. */
export const conexionUpdateInput = conexionInput(conexionCamposInput.partial());
export type ConexionUpdateInput = z.output<typeof conexionUpdateInput>;

/** AUMENTAR/DISMINUIR a connection's bandwidth, the spec's `{ modo, mbps }`. */
export const ajustarBwInput = z.object({
  modo: modoAjusteBwInput,
  mbps: mbpsPositivoInput,
  motivo: textoOpcional(500),
});
export type AjustarBwInput = z.output<typeof ajustarBwInput>;

/** A row of `GET /v1/conexiones/listar/select`. */
export const conexionSelectSchema = z.object({
  enlace_id: z.number().int(),
  cid_enlace: z.string().nullable(),
  cliente_razon_social: z.string().nullable(),
  tipo_enlace: z.enum(TIPOS_SERVICIO_CLIENTE).nullable(),
  enlace_estado: z.enum(ENLACE_ESTADOS).nullable(),
  bw_contratado: z.number(),
});
export type ConexionSelect = z.infer<typeof conexionSelectSchema>;

/**
 * The connections list: `limit`, `offset`, `search`, `estado` (case-insensitive: "activo" is
 * ACTIVO), `servicio_id`, `cliente_id`, and the keyset cursor `antes_de`: only connections with a
 * smaller enlace_id, so a deep page costs what the first does (pass the previous page's `siguiente`).
 */
export const conexionListQuery = listQuerySchema.extend({
  estado: opcional(enlaceEstadoInput),
  servicio_id: idOpcional,
  cliente_id: idOpcional,
  antes_de: idOpcional.describe(
    'Cursor: solo conexiones con enlace_id menor que este (el campo siguiente de la página anterior).',
  ),
});
export type ConexionListQuery = z.output<typeof conexionListQuery>;

/** The connections dropdown. */
export const conexionSelectQuery = z.object({
  search: listQuerySchema.shape.search,
  estado: opcional(enlaceEstadoInput),
});
