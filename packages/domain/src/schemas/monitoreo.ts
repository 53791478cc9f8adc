import { z } from 'zod';
import { mensajeTipo, OBLIGATORIO, SIN_NULO, sinNulo } from './common.js';

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
