import { z } from 'zod';
import { idSchema, listQuerySchema, mensajeTipo, OBLIGATORIO, SIN_NULO, sinNulo } from './common.js';

/**
 * The `monitoreo` binding of a connection or a provider service: where its traffic is measured.
 * Zabbix: the technical host name and the interface name as it appears in the item names
 * ("Interface Gi0/0/1(…): Bits received"). Prometheus: two PromQL expressions in bits per second.
 */
export const FUENTES_MONITOREO = ['zabbix', 'prometheus'] as const;
export type FuenteMonitoreo = (typeof FUENTES_MONITOREO)[number];

/** A binding's last reading: OK, SIN_DATOS (the source answered, nothing measured), ERROR. */
export const ESTADOS_MONITOREO = ['OK', 'SIN_DATOS', 'ERROR'] as const;
export type EstadoMonitoreo = (typeof ESTADOS_MONITOREO)[number];
export const estadoMonitoreoSchema = z.enum(ESTADOS_MONITOREO, {
  error: 'El estado de monitoreo debe ser OK, SIN_DATOS o ERROR.',
});

// Zabbix's host.host column is varchar(128) and admits only these characters.
export const ZABBIX_HOST_MAX = 128;
const ZABBIX_HOST = /^[0-9A-Za-z _.-]+$/;
export const INTERFAZ_MAX = 255;
export const PROMQL_MAX = 4000;
/**
 * Control characters would hide in logs and in the UI. PromQL may span lines, so \t, \n and \r pass
 * where `conSaltos`; NUL has its own message (SIN_NULO).
 */
const tieneControl = (s: string, conSaltos: boolean): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) continue;
    if (conSaltos && (c === 9 || c === 10 || c === 13)) continue;
    if (c < 32 || c === 127) return true;
  }
  return false;
};

const texto = (campo: string, max: number) =>
  z
    .string({ error: mensajeTipo(`${campo} debe ser un texto.`) })
    .trim()
    .min(1, OBLIGATORIO)
    .max(max, `${campo} admite como máximo ${max} caracteres.`)
    .refine(sinNulo, SIN_NULO);

export const monitoreoZabbixSchema = z.strictObject(
  {
    fuente: z.literal('zabbix'),
    host: texto('El host', ZABBIX_HOST_MAX).refine(
      (s) => ZABBIX_HOST.test(s),
      'El host de Zabbix admite solo letras, números, espacios, puntos, guiones y guiones bajos (el "Host name" técnico, no el visible).',
    ),
    interfaz: texto('La interfaz', INTERFAZ_MAX).refine(
      (s) => !tieneControl(s, false),
      'La interfaz no admite caracteres de control.',
    ),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `Campo no admitido: ${iss.keys.join(', ')}.` : undefined) },
);

const promql = (campo: string) =>
  texto(campo, PROMQL_MAX).refine((s) => !tieneControl(s, true), `${campo} no admite caracteres de control.`);

export const monitoreoPrometheusSchema = z.strictObject(
  {
    fuente: z.literal('prometheus'),
    entrada: promql('La expresión de entrada'),
    salida: promql('La expresión de salida'),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `Campo no admitido: ${iss.keys.join(', ')}.` : undefined) },
);

export const monitoreoSchema = z.discriminatedUnion('fuente', [monitoreoZabbixSchema, monitoreoPrometheusSchema], {
  error: (iss) => {
    if (iss.code === 'invalid_union') return 'La fuente debe ser "zabbix" o "prometheus".';
    if (iss.code === 'invalid_type') return 'El monitoreo debe ser un objeto { fuente, … }.';
    return undefined;
  },
});
export type Monitoreo = z.infer<typeof monitoreoSchema>;
export type MonitoreoZabbix = z.infer<typeof monitoreoZabbixSchema>;
export type MonitoreoPrometheus = z.infer<typeof monitoreoPrometheusSchema>;

/** For create/edit bodies: absent = no change, null = unbind (the connection goes back to typed bw). */
export const monitoreoInput = monitoreoSchema.nullish();

/**
 * What a read of a connection or a service says about its measure beside `monitoreo` (the binding
 * as a body sends it, so a read can be sent back): the last reading's state and figures. null when
 * unbound. `p95_mbps` is what `bw_utilizado` / `capacidad_utilizada` holds once measured.
 */
export const medicionMonitoreoSchema = z.object({
  /** null: bound, no cycle has read it yet. */
  estado: estadoMonitoreoSchema.nullable(),
  mensaje: z.string().nullable(),
  p95_mbps: z.number().nullable(),
  max_mbps: z.number().nullable(),
  promedio_mbps: z.number().nullable(),
  /** The last OK reading (ISO 8601, UTC). */
  medido_en: z.string().nullable(),
});
export type MedicionMonitoreo = z.infer<typeof medicionMonitoreoSchema>;

// --- Transport shapes (tRPC and /v1) -------------------------------------------------------------

/** What a binding belongs to. */
export const OBJETOS_MONITOREO = ['conexion', 'servicio'] as const;
export type ObjetoMonitoreo = (typeof OBJETOS_MONITOREO)[number];
export const objetoMonitoreoSchema = z.enum(OBJETOS_MONITOREO, {
  error: 'El objeto debe ser "conexion" o "servicio".',
});

/** The list filter: the three states plus PENDIENTE, a binding no cycle has read yet. */
export const FILTROS_ESTADO_MONITOREO = [...ESTADOS_MONITOREO, 'PENDIENTE'] as const;

const mbpsMedido = z.number().nullable();
const instante = z.string().nullable().meta({ description: 'ISO 8601, UTC' });

/** A binding with its last reading, as every read answers it. */
export const vinculoMonitoreoSchema = z.object({
  objeto: objetoMonitoreoSchema,
  id: z.number().int(),
  /** cid_enlace of the connection or cid_interno of the service. */
  etiqueta: z.string().nullable(),
  monitoreo: monitoreoSchema,
  /** null: bound, not read by any cycle yet. */
  estado: estadoMonitoreoSchema.nullable(),
  mensaje: z.string().nullable(),
  p95_mbps: mbpsMedido,
  max_mbps: mbpsMedido,
  promedio_mbps: mbpsMedido,
  /** 5-minute samples behind the figures (the trailing window). */
  muestras: z.number().int().nullable(),
  /** When the figures were computed: the last OK reading. */
  medido_en: instante,
  ultima_muestra_en: instante,
  /**
   * The source has been read from this time on. While it is after the window's start the figures
   * cover only from here: a new binding is read for its last hour or two first, and the rest of its
   * window a few hours further back each cycle (docs/monitoreo.md, "Filling the window").
   */
  leido_desde: instante,
  intentado_en: instante,
  actualizado_en: z.string(),
});
export type VinculoMonitoreo = z.infer<typeof vinculoMonitoreoSchema>;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?))?$/i;

/** "2025-06-01" (UTC midnight) or a date-time with its zone ("…T10:00:00-05:00", "…Z"). */
export const instanteInput = (campo: string) =>
  z
    .string({ error: mensajeTipo(`${campo} debe ser una fecha ISO 8601.`) })
    .trim()
    .superRefine((s, ctx) => {
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/.test(s)) {
        ctx.addIssue({
          code: 'custom',
          message: `${campo} debe indicar su zona horaria (por ejemplo 2025-06-01T08:00:00-05:00 o …Z).`,
        });
      } else if (!ISO_8601.test(s) || Number.isNaN(Date.parse(s))) {
        ctx.addIssue({
          code: 'custom',
          message: `${campo} debe ser una fecha ISO 8601 (2025-06-01 o 2025-06-01T08:00:00-05:00).`,
        });
      }
    })
    .transform((s) => new Date(Date.parse(s)));

/** `?desde=&hasta=` of the usage series: default the 24 hours up to now. */
export const usoQuerySchema = z.object({
  desde: instanteInput('desde').optional(),
  hasta: instanteInput('hasta').optional(),
});

export const puntoUsoSchema = z.object({
  t: z.string().meta({ description: 'Inicio del intervalo, ISO 8601 UTC' }),
  entrada_mbps: z.number().nullable(),
  salida_mbps: z.number().nullable(),
});

export const usoResponse = z.object({
  ok: z.literal(true),
  objeto: objetoMonitoreoSchema,
  id: z.number().int(),
  desde: z.string(),
  hasta: z.string(),
  /** Seconds each point stands for: 300, 3600 or 86400 depending on the range. */
  resolucion_s: z.number().int(),
  serie: z.array(puntoUsoSchema),
  /** Over the range's 5-minute samples of max(entrada, salida). */
  p95_mbps: z.number().nullable(),
  max_mbps: z.number().nullable(),
  promedio_mbps: z.number().nullable(),
  muestras: z.number().int(),
  /** false when part of the range only has daily summaries: p95_mbps is then an upper bound. */
  p95_exacto: z.boolean(),
  fuente: z.enum(FUENTES_MONITOREO).nullable(),
  estado: estadoMonitoreoSchema.nullable(),
  mensaje: z.string().nullable(),
  /** The binding's last OK reading. */
  actualizado_en: z.string().nullable(),
});
export type UsoRespuesta = z.infer<typeof usoResponse>;

export const errorCicloSchema = z.object({
  objeto: objetoMonitoreoSchema,
  id: z.number().int(),
  estado: z.enum(['SIN_DATOS', 'ERROR']),
  message: z.string(),
});

export const sincronizarResponse = z.object({
  ok: z.literal(true),
  consultados: z.number().int(),
  actualizados: z.number().int(),
  /** The first 1,000 bindings that did not read OK; `errores_total` counts them all. */
  errores: z.array(errorCicloSchema),
  errores_total: z.number().int(),
  duracion_ms: z.number().int(),
  /** Bindings read back in the cycle's backfill (docs/monitoreo.md, "Filling the window"). */
  rellenados: z.number().int(),
  /** Bindings whose window is still incomplete after the cycle; later cycles and backfill runs go on. */
  ventana_incompleta: z.number().int(),
  /**
   * Milliseconds the cycle spent in each step (docs/monitoreo.md, "The cycle"): the sources read while
   * the previous batch is written, so the steps add up to more than `duracion_ms`.
   */
  pasos_ms: z.object({
    lectura: z.number().int(),
    horas: z.number().int(),
    ventana: z.number().int(),
    estados: z.number().int(),
    utilizado: z.number().int(),
    servicios: z.number().int(),
    poda: z.number().int(),
    /** Rested between batches while the server's API was busy (docs/monitoreo.md, "Yielding to a busy API"). */
    cedido: z.number().int(),
  }),
});
export type SincronizarRespuesta = z.infer<typeof sincronizarResponse>;

/** "Probar": a stored binding by its owner, or a binding being typed in a form. */
export const probarInput = z.union(
  [
    z.strictObject({ objeto: objetoMonitoreoSchema, id: z.number().int().positive() }),
    z.strictObject({ monitoreo: monitoreoSchema }),
  ],
  { error: 'Envíe { objeto, id } de un vínculo guardado o { monitoreo } para probar uno nuevo.' },
);

/**
 * The answer of "Probar" is a reading, not a request outcome: a source that fails is `estado`
 * ERROR or SIN_DATOS with its Spanish `message`, still `ok: true` (the request itself worked).
 */
export const probarResponse = z.object({
  ok: z.literal(true),
  fuente: z.enum(FUENTES_MONITOREO),
  estado: estadoMonitoreoSchema,
  message: z.string().nullable(),
  /** The newest reading's time; null when the source failed. */
  t: z.string().nullable(),
  entrada_mbps: z.number().nullable(),
  salida_mbps: z.number().nullable(),
  detalle: z.string().nullable(),
});
export type ProbarRespuesta = z.infer<typeof probarResponse>;

/** A connection or a service by id (tRPC). */
export const objetoIdInput = z.object({ objeto: objetoMonitoreoSchema, id: idSchema });

/** tRPC monitoreo.vincular: `monitoreo: null` unbinds. */
export const vincularInput = objetoIdInput.extend({ monitoreo: monitoreoSchema.nullable() });

/** tRPC monitoreo.uso. */
export const usoInput = objetoIdInput.extend(usoQuerySchema.shape);

/** The Monitoreo admin page: every binding, filterable by state (PENDIENTE: never read), record and source. */
export const vinculosListQuery = listQuerySchema.pick({ limit: true, offset: true }).extend({
  estado: z
    .enum(FILTROS_ESTADO_MONITOREO, { error: 'El estado debe ser OK, SIN_DATOS, ERROR o PENDIENTE.' })
    .optional(),
  objeto: objetoMonitoreoSchema.optional(),
  fuente: z.enum(FUENTES_MONITOREO, { error: 'La fuente debe ser "zabbix" o "prometheus".' }).optional(),
});

export const vinculosListEnvelope = z.object({
  ok: z.literal(true),
  data: z.array(vinculoMonitoreoSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** Bindings per state under the same objeto/fuente filter. */
  resumen: z.object({ OK: z.number(), SIN_DATOS: z.number(), ERROR: z.number(), PENDIENTE: z.number() }),
});

/** What the UI says about monitoring: configured sources, the cycle's settings and its last run. */
export const estadoMonitoreoResponse = z.object({
  ok: z.literal(true),
  fuentes: z.array(z.enum(FUENTES_MONITOREO)),
  intervalo_s: z.number().int(),
  ventana_h: z.number().int(),
  timeout_s: z.number().int(),
  concurrencia: z.number().int(),
  /** Bindings whose reading does not yet reach back to the window's start (being filled). */
  ventana_incompleta: z.number().int(),
  ultimo_ciclo: z
    .object({
      iniciado_en: z.string(),
      terminado_en: z.string().nullable(),
      origen: z.string(),
      consultados: z.number().int(),
      actualizados: z.number().int(),
      errores: z.number().int(),
      duracion_ms: z.number().int().nullable(),
    })
    .nullable(),
  /** The last backfill run between cycles (docs/monitoreo.md, "Filling the window"). */
  ultimo_relleno: z
    .object({
      iniciado_en: z.string(),
      terminado_en: z.string().nullable(),
      rellenados: z.number().int(),
      duracion_ms: z.number().int().nullable(),
    })
    .nullable(),
});
