import { deltaEdicionConexion } from '@troncal/domain/capacity';
import type { EnlaceEstado } from '@troncal/domain/enums';

/** The connection form's values as its inputs hold them, and their way to and from the API. */
export interface FilaEquipo {
  key: number;
  equipo_id: string | null;
}

export interface Valores {
  cliente_id: string | null;
  cid_enlace: string;
  tipo_enlace: string | null;
  bw_contratado: number | string;
  enlace_estado: string | null;
  enlace_fecha_activacion: string;
  departamento_enlace: string | null;
  provincia_enlace: string | null;
  distrito_enlace: string;
  locacion: string;
  direccion_enlace: string;
  modalidad_enlace: string | null;
  proveedor_id: string | null;
  servicio_id: string | null;
  asignacion_ip: string;
  nodo_a: string | null;
  nodo_b: string | null;
  configuracion_nodo_a: string;
  configuracion_nodo_b: string;
  equipos: FilaEquipo[];
}

export const VACIO: Valores = {
  cliente_id: null,
  cid_enlace: '',
  tipo_enlace: null,
  bw_contratado: '',
  enlace_estado: 'PENDIENTE',
  enlace_fecha_activacion: '',
  departamento_enlace: null,
  provincia_enlace: null,
  distrito_enlace: '',
  locacion: '',
  direccion_enlace: '',
  modalidad_enlace: null,
  proveedor_id: null,
  servicio_id: null,
  asignacion_ip: '',
  nodo_a: null,
  nodo_b: null,
  configuracion_nodo_a: '',
  configuracion_nodo_b: '',
  equipos: [],
};

export type Errores = Record<string, string>;

/** A select's value as an id: null when nothing is chosen. */
export const id = (v: string | null) => (v ? Number(v) : null);
const texto = (v: string) => (v.trim() === '' ? null : v);
const mbps = (v: number | string) => (v === '' ? undefined : Number(v));

export function aPayload(v: Valores) {
  return {
    cliente_id: id(v.cliente_id) ?? undefined,
    cid_enlace: v.cid_enlace.trim() || null,
    tipo_enlace: v.tipo_enlace ?? undefined,
    bw_contratado: mbps(v.bw_contratado),
    enlace_estado: v.enlace_estado ?? undefined,
    enlace_fecha_activacion: texto(v.enlace_fecha_activacion),
    departamento_enlace: v.departamento_enlace,
    provincia_enlace: v.provincia_enlace,
    distrito_enlace: texto(v.distrito_enlace),
    locacion: texto(v.locacion),
    direccion_enlace: texto(v.direccion_enlace),
    modalidad_enlace: v.modalidad_enlace,
    servicio_id: id(v.servicio_id) ?? undefined,
    asignacion_ip: texto(v.asignacion_ip),
    nodo_a: id(v.nodo_a) ?? undefined,
    nodo_b: id(v.nodo_b),
    // Router configuration is pasted verbatim: keep indentation, only blank means none.
    configuracion_nodo_a: v.configuracion_nodo_a.trim() === '' ? null : v.configuracion_nodo_a,
    configuracion_nodo_b: v.configuracion_nodo_b.trim() === '' ? null : v.configuracion_nodo_b,
    equipos_ids: v.equipos.map((e) => id(e.equipo_id)).filter((x): x is number => x !== null),
  };
}

/** Issues keyed by form field (`equipos_ids.1` stays as is, so the row can show it). */
export function erroresDe(issues: { path: string; message: string }[]): Errores {
  const out: Errores = {};
  for (const i of issues) {
    const campo = i.path.replace(/^datos\./, '').replace(/^(estado)$/, 'enlace_estado');
    if (campo && !out[campo]) out[campo] = i.message;
  }
  return out;
}

/** A stored connection as the edit form starts; `clave` numbers the equipment rows. */
export function valoresDe(
  c: {
    cliente_id: number | null;
    cid_enlace: string | null;
    tipo_enlace: string | null;
    bw_contratado: number;
    enlace_estado: string | null;
    enlace_fecha_activacion: string | null;
    departamento_enlace: string | null;
    provincia_enlace: string | null;
    distrito_enlace: string | null;
    locacion: string | null;
    direccion_enlace: string | null;
    modalidad_enlace: string | null;
    servicio: { proveedor_id: number } | null;
    servicio_id: number | null;
    asignacion_ip: string | null;
    nodo_a: number | null;
    nodo_b: number | null;
    configuracion_nodo_a: string | null;
    configuracion_nodo_b: string | null;
    equipos_ids: number[];
  },
  clave: () => number,
): Valores {
  return {
    cliente_id: c.cliente_id ? String(c.cliente_id) : null,
    cid_enlace: c.cid_enlace ?? '',
    tipo_enlace: c.tipo_enlace,
    bw_contratado: c.bw_contratado,
    enlace_estado: c.enlace_estado,
    enlace_fecha_activacion: c.enlace_fecha_activacion ?? '',
    departamento_enlace: c.departamento_enlace,
    provincia_enlace: c.provincia_enlace,
    distrito_enlace: c.distrito_enlace ?? '',
    locacion: c.locacion ?? '',
    direccion_enlace: c.direccion_enlace ?? '',
    modalidad_enlace: c.modalidad_enlace,
    proveedor_id: c.servicio ? String(c.servicio.proveedor_id) : null,
    servicio_id: c.servicio_id ? String(c.servicio_id) : null,
    asignacion_ip: c.asignacion_ip ?? '',
    nodo_a: c.nodo_a ? String(c.nodo_a) : null,
    nodo_b: c.nodo_b ? String(c.nodo_b) : null,
    configuracion_nodo_a: c.configuracion_nodo_a ?? '',
    configuracion_nodo_b: c.configuracion_nodo_b ?? '',
    equipos: c.equipos_ids.map((equipo_id) => ({ key: clave(), equipo_id: String(equipo_id) })),
  };
}

/**
 * What saving the form adds to the chosen service's vendida (the oversale preview): the domain's own
 * delta between the stored connection (none when creating) and the form's values.
 */
export function incrementoEnServicio(
  antes: { servicio_id: number | null; bw_contratado: number; enlace_estado: string | null } | undefined,
  servicio_id: number,
  bw_contratado: number,
  enlace_estado: EnlaceEstado,
): number {
  const previo = antes
    ? { ...antes, enlace_estado: antes.enlace_estado as EnlaceEstado }
    : { servicio_id: null, bw_contratado: 0, enlace_estado: 'BAJA' as EnlaceEstado };
  return deltaEdicionConexion(previo, { servicio_id, bw_contratado, enlace_estado })
    .filter((m) => m.servicio_id === servicio_id)
    .reduce((a, m) => a + m.delta_vendida, 0);
}
