/** The service form's values as its inputs hold them (strings for selects, text while typing numbers). */
export interface Valores {
  proveedor_id: string | null;
  nodo_id: string | null;
  modalidad: string | null;
  capacidad_comprada: number | string;
  ubicacion_servicio: string;
  condicion: string | null;
  observacion: string;
  cid_proveedor: string;
  cid_interno: string;
  limite_sobreventa_pct: number | string;
}

export const VACIO: Valores = {
  proveedor_id: null,
  nodo_id: null,
  modalidad: null,
  capacidad_comprada: '',
  ubicacion_servicio: '',
  condicion: 'ACTIVO',
  observacion: '',
  cid_proveedor: '',
  cid_interno: '',
  limite_sobreventa_pct: '',
};

export type Errores = Partial<Record<keyof Valores, string>>;

const numeroONull = (v: number | string) => (v === '' || v === null ? null : Number(v));

export function aPayload(v: Valores) {
  return {
    proveedor_id: v.proveedor_id ? Number(v.proveedor_id) : undefined,
    nodo_id: v.nodo_id ? Number(v.nodo_id) : null,
    modalidad: v.modalidad ?? undefined,
    capacidad_comprada: numeroONull(v.capacidad_comprada) ?? 0,
    ubicacion_servicio: v.ubicacion_servicio,
    condicion: v.condicion ?? 'ACTIVO',
    observacion: v.observacion,
    cid_proveedor: v.cid_proveedor,
    cid_interno: v.cid_interno,
    limite_sobreventa_pct: numeroONull(v.limite_sobreventa_pct),
  };
}

export function erroresDe(issues: { path: string; message: string }[]): Errores {
  const out: Errores = {};
  for (const i of issues) {
    const campo = i.path.replace(/^datos\./, '').split('.')[0] as keyof Valores;
    if (campo && !out[campo]) out[campo] = i.message;
  }
  return out;
}

/** A stored service as the edit form starts. */
export function valoresDe(s: {
  proveedor_id: number;
  nodo_id: number | null;
  modalidad: string;
  capacidad_comprada: number;
  ubicacion_servicio: string | null;
  condicion: string | null;
  observacion: string | null;
  cid_proveedor: string | null;
  cid_interno: string | null;
  limite_sobreventa_pct: number | null;
}): Valores {
  return {
    proveedor_id: String(s.proveedor_id),
    nodo_id: s.nodo_id ? String(s.nodo_id) : null,
    modalidad: s.modalidad,
    capacidad_comprada: s.capacidad_comprada,
    ubicacion_servicio: s.ubicacion_servicio ?? '',
    condicion: s.condicion ?? 'ACTIVO',
    observacion: s.observacion ?? '',
    cid_proveedor: s.cid_proveedor ?? '',
    cid_interno: s.cid_interno ?? '',
    limite_sobreventa_pct: s.limite_sobreventa_pct ?? '',
  };
}
