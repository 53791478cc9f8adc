import type { EntidadCambio } from '@troncal/domain/enums';

/**
 * The fields whose before/after a change record keeps, per entity: the record's own columns as the
 * API shows them. Derived figures (bw_disponible, capacidad_disponible), joined names and audit
 * columns are left out; capacidad_vendida is recorded by its own movements (mover_capacidad).
 * Secret fields are listed so a change to them is recorded, but never their value (diff.ts).
 */
export const CAMPOS_CAMBIO: Readonly<Record<EntidadCambio, readonly string[]>> = {
  conexion: [
    'cid_enlace',
    'servicio_id',
    'cliente_id',
    'modalidad_enlace',
    'tipo_enlace',
    'enlace_estado',
    'enlace_fecha_activacion',
    'bw_contratado',
    'bw_utilizado',
    'departamento_enlace',
    'provincia_enlace',
    'distrito_enlace',
    'direccion_enlace',
    'locacion',
    'nodo_a',
    'configuracion_nodo_a',
    'nodo_b',
    'configuracion_nodo_b',
    'asignacion_ip',
    'equipos_ids',
    'monitoreo',
  ],
  servicio: [
    'cid_interno',
    'proveedor_id',
    'nodo_id',
    'modalidad',
    'capacidad_comprada',
    'limite_sobreventa_pct',
    'ubicacion_servicio',
    'condicion',
    'observacion',
    'cid_proveedor',
    'monitoreo',
  ],
  proveedor: ['nombre', 'ruc', 'estado', 'contacto', 'telefono', 'email'],
  cliente: ['razon_social', 'ruc', 'estado', 'contacto', 'telefono', 'email'],
  nodo: ['nombre', 'tipo', 'ubigeo', 'direccion', 'estado'],
  equipo: ['tipo', 'marca', 'modelo', 'serial', 'estado', 'observacion'],
  usuario: ['email', 'nombre', 'rol', 'activo', 'password_hash'],
  token: ['nombre', 'rol', 'prefijo', 'created_by', 'revoked_at', 'token_hash'],
  webhook: ['url', 'descripcion', 'eventos', 'activo', 'secreto'],
};

/** The field that holds each entity's state: an edit of that field alone is a `cambiar_estado`. */
export const CAMPO_ESTADO: Partial<Record<EntidadCambio, string>> = {
  conexion: 'enlace_estado',
  servicio: 'condicion',
  proveedor: 'estado',
  cliente: 'estado',
  nodo: 'estado',
  equipo: 'estado',
  usuario: 'activo',
  webhook: 'activo',
};
