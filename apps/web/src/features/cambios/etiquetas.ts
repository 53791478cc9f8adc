import {
  CANAL_CAMBIO_LABELS,
  type CanalCambio,
  CONDICION_SERVICIO_LABELS,
  ENLACE_ESTADO_LABELS,
  ROL_LABELS,
} from '@troncal/domain/enums';
import { formatFecha, formatFechaHora, formatMbps, formatNumber, SIN_DATO } from '../../lib/format';

/** What the history shows in place of a secret (the server never stores one). */
export const OCULTO = '[oculto]';

/** The Spanish label of each field a change record may name, as the forms call them. */
export const CAMPO_LABELS: Readonly<Record<string, string>> = {
  cid_enlace: 'CID',
  servicio_id: 'Servicio de proveedor',
  cliente_id: 'Cliente',
  modalidad_enlace: 'Tipo de enlace',
  tipo_enlace: 'Tipo de servicio al cliente',
  enlace_estado: 'Estado',
  enlace_fecha_activacion: 'Fecha de activación',
  bw_contratado: 'BW contratado',
  bw_utilizado: 'BW utilizado',
  departamento_enlace: 'Departamento',
  provincia_enlace: 'Provincia',
  distrito_enlace: 'Distrito',
  direccion_enlace: 'Dirección',
  locacion: 'Locación',
  nodo_a: 'Nodo A',
  configuracion_nodo_a: 'Configuración del nodo A',
  nodo_b: 'Nodo B',
  configuracion_nodo_b: 'Configuración del nodo B',
  asignacion_ip: 'Asignación IP',
  equipos_ids: 'Equipos',
  monitoreo: 'Monitoreo',
  cid_interno: 'CID interno',
  proveedor_id: 'Proveedor',
  nodo_id: 'Nodo',
  modalidad: 'Modalidad',
  capacidad_comprada: 'Capacidad comprada',
  capacidad_vendida: 'Capacidad vendida',
  limite_sobreventa_pct: 'Límite de sobreventa',
  ubicacion_servicio: 'Ubicación del servicio',
  condicion: 'Condición',
  observacion: 'Observación',
  cid_proveedor: 'CID del proveedor',
  nombre: 'Nombre',
  ruc: 'RUC',
  estado: 'Estado',
  contacto: 'Contacto',
  telefono: 'Teléfono',
  email: 'Correo',
  razon_social: 'Razón social',
  tipo: 'Tipo',
  ubigeo: 'Ubigeo',
  direccion: 'Dirección',
  marca: 'Marca',
  modelo: 'Modelo',
  serial: 'Serie',
  rol: 'Rol',
  activo: 'Activo',
  password_hash: 'Contraseña',
  prefijo: 'Prefijo',
  created_by: 'Creado por (usuario)',
  revoked_at: 'Revocado el',
  token_hash: 'Secreto del token',
  url: 'URL',
  descripcion: 'Descripción',
  eventos: 'Eventos',
  secreto: 'Secreto',
};

export const etiquetaCampo = (campo: string): string => CAMPO_LABELS[campo] ?? campo.replaceAll('_', ' ');

const MBPS = new Set(['bw_contratado', 'bw_utilizado', 'capacidad_comprada', 'capacidad_vendida']);
const ETIQUETAS_VALOR: Record<string, Readonly<Record<string, string>>> = {
  enlace_estado: ENLACE_ESTADO_LABELS,
  condicion: CONDICION_SERVICIO_LABELS,
  rol: ROL_LABELS,
};

/** A recorded value as a person reads it: Mbps, dates, Sí/No, lists, "(oculto)" for secrets. */
export function formatearValor(campo: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return SIN_DATO;
  if (v === OCULTO) return '(oculto)';
  if (typeof v === 'boolean') return v ? 'Sí' : 'No';
  if (MBPS.has(campo) && typeof v === 'number') return formatMbps(v);
  if (campo === 'limite_sobreventa_pct' && typeof v === 'number') return `${formatNumber(v)} %`;
  if (typeof v === 'number') return formatNumber(v, { maximumFractionDigits: 3, useGrouping: false });
  if (campo === 'enlace_fecha_activacion' && typeof v === 'string') return formatFecha(v);
  if (campo === 'revoked_at' && typeof v === 'string') return formatFechaHora(v);
  if (typeof v === 'string') return ETIQUETAS_VALOR[campo]?.[v] ?? v;
  if (Array.isArray(v)) return v.length === 0 ? SIN_DATO : v.map((x) => formatearValor(campo, x)).join(', ');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${String(x)}`)
      .join(' · ');
  }
  return String(v);
}

export const etiquetaCanal = (via: CanalCambio): string => CANAL_CAMBIO_LABELS[via];
