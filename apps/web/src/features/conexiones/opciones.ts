import { formatMbps } from '../../lib/format';

export interface ProveedorVenta {
  proveedor_id: number;
  nombre: string;
  estado: string;
}

export interface ServicioVenta {
  servicio_id: number;
  cid_interno: string;
  modalidad: string;
  ubicacion_servicio: string | null;
  condicion: string;
  capacidad_disponible: number;
  /** Why no new connection can be sold on it (from the server); null when it can. */
  no_vendible: string | null;
}

export interface OpcionVenta {
  value: string;
  label: string;
  disabled: boolean;
}

/**
 * "Proveedor principal": an INACTIVO provider sells nothing new, so it is shown disabled and says
 * why; the provider a connection already has stays selectable when it is edited.
 */
export function opcionesProveedorVenta(proveedores: readonly ProveedorVenta[], actual?: number | null): OpcionVenta[] {
  return proveedores.map((p) => {
    const inactivo = p.estado !== 'ACTIVO';
    return {
      value: String(p.proveedor_id),
      label: inactivo ? `${p.nombre} (inactivo)` : p.nombre,
      disabled: inactivo && p.proveedor_id !== actual,
    };
  });
}

/**
 * "Servicio del proveedor": each option says its condición; a service that takes no new sales
 * (BAJA, INACTIVO, or its provider INACTIVO) is disabled with the reason, except the one an
 * edited connection already uses. Sellable services come first.
 */
export function opcionesServicioVenta(servicios: readonly ServicioVenta[], actual?: number | null): OpcionVenta[] {
  const opciones = servicios.map((s) => {
    const bloqueado = s.no_vendible !== null && s.servicio_id !== actual;
    const base = `${s.cid_interno} · ${s.modalidad} · ${s.ubicacion_servicio ?? 'sin ubicación'} · ${formatMbps(s.capacidad_disponible)} disponibles · ${s.condicion}`;
    return {
      value: String(s.servicio_id),
      label: bloqueado ? `${base} (no admite ventas: ${s.no_vendible})` : base,
      disabled: bloqueado,
    };
  });
  return [...opciones.filter((o) => !o.disabled), ...opciones.filter((o) => o.disabled)];
}

type Opcion = { value: string; label: string };

export const opcionesDeClientes = (
  clientes: readonly { cliente_id: number; razon_social: string; ruc: string }[],
): Opcion[] => clientes.map((c) => ({ value: String(c.cliente_id), label: `${c.razon_social} (RUC ${c.ruc})` }));

export const opcionesDeNodos = (nodos: readonly { nodo_id: number; nombre: string; tipo: string }[]): Opcion[] =>
  nodos.map((n) => ({ value: String(n.nodo_id), label: `${n.nombre} (${n.tipo})` }));

/** Each equipment row offers the free equipment minus what other rows took, plus its own. */
export function opcionesDeEquipos(
  equipos: readonly { equipo_id: number; label: string }[],
  filas: readonly { equipo_id: string | null }[],
): (propio: string | null) => Opcion[] {
  const elegidos = new Set(filas.map((f) => f.equipo_id).filter(Boolean));
  return (propio) =>
    equipos
      .filter((e) => String(e.equipo_id) === propio || !elegidos.has(String(e.equipo_id)))
      .map((e) => ({ value: String(e.equipo_id), label: e.label }));
}
