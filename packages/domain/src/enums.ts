import { crearParser, type PillColor } from './vocabulario.js';

export { crearParser, type PillColor } from './vocabulario.js';

// --- Estado del enlace (conexiones.enlace_estado) ---------------------------------------------

export const ENLACE_ESTADOS = ['PENDIENTE', 'ACTIVO', 'SUSPENDIDO', 'BAJA', 'INACTIVO', 'DOWN'] as const;
export type EnlaceEstado = (typeof ENLACE_ESTADOS)[number];
export const ENLACE_ESTADO_LABELS: Readonly<Record<EnlaceEstado, string>> = {
  PENDIENTE: 'Pendiente',
  ACTIVO: 'Activo',
  SUSPENDIDO: 'Suspendido',
  BAJA: 'Baja',
  INACTIVO: 'Inactivo',
  DOWN: 'Down',
};
export const ENLACE_ESTADO_COLORS: Readonly<Record<EnlaceEstado, PillColor>> = {
  PENDIENTE: 'yellow',
  ACTIVO: 'green',
  SUSPENDIDO: 'orange',
  BAJA: 'red',
  INACTIVO: 'red',
  DOWN: 'red',
};
export const parseEnlaceEstado = crearParser(ENLACE_ESTADOS, ENLACE_ESTADO_LABELS);

// --- Condición del servicio de proveedor ------------------------------------------------------

export const CONDICIONES_SERVICIO = ['ACTIVO', 'STANDBY', 'RESERVA', 'INACTIVO', 'BAJA'] as const;
export type CondicionServicio = (typeof CONDICIONES_SERVICIO)[number];
export const CONDICION_SERVICIO_LABELS: Readonly<Record<CondicionServicio, string>> = {
  ACTIVO: 'Activo',
  STANDBY: 'Standby',
  RESERVA: 'Reserva',
  INACTIVO: 'Inactivo',
  BAJA: 'Baja',
};
export const CONDICION_SERVICIO_COLORS: Readonly<Record<CondicionServicio, PillColor>> = {
  ACTIVO: 'green',
  STANDBY: 'blue',
  RESERVA: 'blue',
  INACTIVO: 'red',
  BAJA: 'red',
};
export const parseCondicionServicio = crearParser(CONDICIONES_SERVICIO, CONDICION_SERVICIO_LABELS);

/**
 * Why new connections cannot be sold on a service, or null when they can: a service that is
 * INACTIVO or BAJA, or whose provider is INACTIVO, takes no new sales (existing ones stay).
 */
export function motivoNoVendible(condicion: CondicionServicio, estadoProveedor: EstadoRegistro): string | null {
  if (condicion === 'BAJA') return 'está dado de baja';
  if (condicion === 'INACTIVO') return 'está inactivo';
  if (estadoProveedor === 'INACTIVO') return 'es de un proveedor inactivo';
  return null;
}

// --- Modalidad del servicio de proveedor ------------------------------------------------------

export const MODALIDADES_SERVICIO = ['DEDICADO', 'COMPARTIDO'] as const;
export type ModalidadServicio = (typeof MODALIDADES_SERVICIO)[number];
export const MODALIDAD_SERVICIO_LABELS: Readonly<Record<ModalidadServicio, string>> = {
  DEDICADO: 'Dedicado',
  COMPARTIDO: 'Compartido',
};
export const MODALIDAD_SERVICIO_COLORS: Readonly<Record<ModalidadServicio, PillColor>> = {
  DEDICADO: 'indigo',
  COMPARTIDO: 'cyan',
};
export const parseModalidadServicio = crearParser(MODALIDADES_SERVICIO, MODALIDAD_SERVICIO_LABELS);

// --- Tipo de servicio al cliente (stored in conexiones.tipo_enlace) ---------------------------

/** Spelled exactly as the spec's form lists them, because existing `/v1` consumers send these strings. */
export const TIPOS_SERVICIO_CLIENTE = [
  'Internet',
  'IPVPN',
  'Fibra Oscura',
  'Seguridad Perimetral',
  'Telefonia IP',
  'Internet P2P',
  'VPN',
  'Transporte',
  'Transito IP',
  'Cableado estructurado',
] as const;
export type TipoServicioCliente = (typeof TIPOS_SERVICIO_CLIENTE)[number];
export const TIPO_SERVICIO_CLIENTE_LABELS: Readonly<Record<TipoServicioCliente, string>> = {
  Internet: 'Internet',
  IPVPN: 'IPVPN',
  'Fibra Oscura': 'Fibra Oscura',
  'Seguridad Perimetral': 'Seguridad Perimetral',
  'Telefonia IP': 'Telefonía IP',
  'Internet P2P': 'Internet P2P',
  VPN: 'VPN',
  Transporte: 'Transporte',
  'Transito IP': 'Tránsito IP',
  'Cableado estructurado': 'Cableado estructurado',
};
export const TIPO_SERVICIO_CLIENTE_COLORS: Readonly<Record<TipoServicioCliente, PillColor>> = {
  Internet: 'blue',
  IPVPN: 'violet',
  'Fibra Oscura': 'dark',
  'Seguridad Perimetral': 'red',
  'Telefonia IP': 'teal',
  'Internet P2P': 'cyan',
  VPN: 'grape',
  Transporte: 'indigo',
  'Transito IP': 'lime',
  'Cableado estructurado': 'gray',
};
export const parseTipoServicioCliente = crearParser(TIPOS_SERVICIO_CLIENTE, TIPO_SERVICIO_CLIENTE_LABELS);

// --- Tipo de enlace (stored in conexiones.modalidad_enlace) -----------------------------------

export const TIPOS_ENLACE = ['P2P', 'Fibra Oscura', 'GPON', 'Satelital'] as const;
export type TipoEnlace = (typeof TIPOS_ENLACE)[number];
export const TIPO_ENLACE_LABELS: Readonly<Record<TipoEnlace, string>> = {
  P2P: 'P2P',
  'Fibra Oscura': 'Fibra Oscura',
  GPON: 'GPON',
  Satelital: 'Satelital',
};
export const TIPO_ENLACE_COLORS: Readonly<Record<TipoEnlace, PillColor>> = {
  P2P: 'blue',
  'Fibra Oscura': 'dark',
  GPON: 'teal',
  Satelital: 'grape',
};
export const parseTipoEnlace = crearParser(TIPOS_ENLACE, TIPO_ENLACE_LABELS);

// --- Nodos y equipos ---------------------------------------------------------------------------

export const TIPOS_NODO = ['CORE', 'AGREGACION', 'ACCESO', 'EDGE', 'POP', 'CLIENTE'] as const;
export type TipoNodo = (typeof TIPOS_NODO)[number];
export const TIPO_NODO_LABELS: Readonly<Record<TipoNodo, string>> = {
  CORE: 'Core',
  AGREGACION: 'Agregación',
  ACCESO: 'Acceso',
  EDGE: 'Edge',
  POP: 'POP',
  CLIENTE: 'Cliente',
};
export const TIPO_NODO_COLORS: Readonly<Record<TipoNodo, PillColor>> = {
  CORE: 'red',
  AGREGACION: 'orange',
  ACCESO: 'blue',
  EDGE: 'violet',
  POP: 'teal',
  CLIENTE: 'gray',
};
export const parseTipoNodo = crearParser(TIPOS_NODO, TIPO_NODO_LABELS);

export const TIPOS_EQUIPO = ['ROUTER', 'SWITCH', 'ONT', 'RADIO', 'FIREWALL', 'OTRO'] as const;
export type TipoEquipo = (typeof TIPOS_EQUIPO)[number];
export const TIPO_EQUIPO_LABELS: Readonly<Record<TipoEquipo, string>> = {
  ROUTER: 'Router',
  SWITCH: 'Switch',
  ONT: 'ONT',
  RADIO: 'Radio',
  FIREWALL: 'Firewall',
  OTRO: 'Otro',
};
export const TIPO_EQUIPO_COLORS: Readonly<Record<TipoEquipo, PillColor>> = {
  ROUTER: 'blue',
  SWITCH: 'cyan',
  ONT: 'teal',
  RADIO: 'grape',
  FIREWALL: 'red',
  OTRO: 'gray',
};
export const parseTipoEquipo = crearParser(TIPOS_EQUIPO, TIPO_EQUIPO_LABELS);

export const ESTADOS_EQUIPO = ['DISPONIBLE', 'ASIGNADO', 'BAJA'] as const;
export type EstadoEquipo = (typeof ESTADOS_EQUIPO)[number];
export const ESTADO_EQUIPO_LABELS: Readonly<Record<EstadoEquipo, string>> = {
  DISPONIBLE: 'Disponible',
  ASIGNADO: 'Asignado',
  BAJA: 'Baja',
};
export const ESTADO_EQUIPO_COLORS: Readonly<Record<EstadoEquipo, PillColor>> = {
  DISPONIBLE: 'green',
  ASIGNADO: 'blue',
  BAJA: 'red',
};
export const parseEstadoEquipo = crearParser(ESTADOS_EQUIPO, ESTADO_EQUIPO_LABELS);

// --- Estado de registros maestros (proveedores, clientes, nodos) -----------------------------

export const ESTADOS_REGISTRO = ['ACTIVO', 'INACTIVO'] as const;
export type EstadoRegistro = (typeof ESTADOS_REGISTRO)[number];
export const ESTADO_REGISTRO_LABELS: Readonly<Record<EstadoRegistro, string>> = {
  ACTIVO: 'Activo',
  INACTIVO: 'Inactivo',
};
export const ESTADO_REGISTRO_COLORS: Readonly<Record<EstadoRegistro, PillColor>> = {
  ACTIVO: 'green',
  INACTIVO: 'red',
};
export const parseEstadoRegistro = crearParser(ESTADOS_REGISTRO, ESTADO_REGISTRO_LABELS);

// --- Roles -------------------------------------------------------------------------------------

/** Ordered from least to most privileged: `rolPermite` relies on this order. */
export const ROLES = ['lector', 'operador', 'admin'] as const;
export type Rol = (typeof ROLES)[number];
export const ROL_LABELS: Readonly<Record<Rol, string>> = {
  lector: 'Lector',
  operador: 'Operador',
  admin: 'Administrador',
};
export const ROL_COLORS: Readonly<Record<Rol, PillColor>> = {
  lector: 'gray',
  operador: 'blue',
  admin: 'grape',
};
export const parseRol = crearParser(ROLES, ROL_LABELS);

/** True when `rol` is at least as privileged as `requerido` (admin can do what operador can). */
export function rolPermite(rol: Rol, requerido: Rol): boolean {
  return ROLES.indexOf(rol) >= ROLES.indexOf(requerido);
}

// --- Libro de capacidad ------------------------------------------------------------------------

export const ORIGENES_MOVIMIENTO = [
  'VENTA_CONEXION',
  'AJUSTE_BW',
  'BAJA_CONEXION',
  'CAMBIO_SERVICIO',
  'AJUSTE_MANUAL',
  'IMPORTACION',
] as const;
export type OrigenMovimiento = (typeof ORIGENES_MOVIMIENTO)[number];
export const ORIGEN_MOVIMIENTO_LABELS: Readonly<Record<OrigenMovimiento, string>> = {
  VENTA_CONEXION: 'Venta de conexión',
  AJUSTE_BW: 'Ajuste de BW',
  BAJA_CONEXION: 'Baja de conexión',
  CAMBIO_SERVICIO: 'Cambio de servicio',
  AJUSTE_MANUAL: 'Ajuste manual',
  IMPORTACION: 'Importación',
};
export const ORIGEN_MOVIMIENTO_COLORS: Readonly<Record<OrigenMovimiento, PillColor>> = {
  VENTA_CONEXION: 'blue',
  AJUSTE_BW: 'cyan',
  BAJA_CONEXION: 'orange',
  CAMBIO_SERVICIO: 'grape',
  AJUSTE_MANUAL: 'gray',
  IMPORTACION: 'teal',
};
export const parseOrigenMovimiento = crearParser(ORIGENES_MOVIMIENTO, ORIGEN_MOVIMIENTO_LABELS);

export const MODOS_AJUSTE_BW = ['AUMENTAR', 'DISMINUIR'] as const;
export type ModoAjusteBw = (typeof MODOS_AJUSTE_BW)[number];
export const MODO_AJUSTE_BW_LABELS: Readonly<Record<ModoAjusteBw, string>> = {
  AUMENTAR: 'Aumentar',
  DISMINUIR: 'Disminuir',
};
export const MODO_AJUSTE_BW_COLORS: Readonly<Record<ModoAjusteBw, PillColor>> = {
  AUMENTAR: 'green',
  DISMINUIR: 'orange',
};
export const parseModoAjusteBw = crearParser(MODOS_AJUSTE_BW, MODO_AJUSTE_BW_LABELS);

export const NIVELES_ALERTA = ['NORMAL', 'ALTO', 'CRITICO'] as const;
export type NivelAlerta = (typeof NIVELES_ALERTA)[number];
/** "ALTO" and "CRÍTICO" are upper-case on purpose: the spec shows them as alert pills. */
export const NIVEL_ALERTA_LABELS: Readonly<Record<NivelAlerta, string>> = {
  NORMAL: 'Normal',
  ALTO: 'ALTO',
  CRITICO: 'CRÍTICO',
};
export const NIVEL_ALERTA_COLORS: Readonly<Record<NivelAlerta, PillColor>> = {
  NORMAL: 'green',
  ALTO: 'orange',
  CRITICO: 'red',
};
export const parseNivelAlerta = crearParser(NIVELES_ALERTA, NIVEL_ALERTA_LABELS);

/** What a webhook endpoint can subscribe to (README "Webhooks"). */
export const EVENTOS_WEBHOOK = [
  'conexion.creada',
  'conexion.actualizada',
  'conexion.bw_ajustado',
  'conexion.estado',
  'servicio.creado',
  'servicio.capacidad_ajustada',
  'servicio.sobrevendido',
  'uso.alto',
  'uso.critico',
] as const;
export type EventoWebhook = (typeof EVENTOS_WEBHOOK)[number];
export const EVENTO_WEBHOOK_LABELS: Readonly<Record<EventoWebhook, string>> = {
  'conexion.creada': 'Conexión creada',
  'conexion.actualizada': 'Conexión actualizada',
  'conexion.bw_ajustado': 'BW de conexión ajustado',
  'conexion.estado': 'Cambio de estado de conexión',
  'servicio.creado': 'Servicio creado',
  'servicio.capacidad_ajustada': 'Capacidad de servicio ajustada',
  'servicio.sobrevendido': 'Servicio sobrevendido',
  'uso.alto': 'Uso ALTO (> 75 %)',
  'uso.critico': 'Uso CRÍTICO (> 90 %)',
};

/** A delivery of one event to one endpoint: ENVIANDO while an attempt holds its lease. */
export const ESTADOS_ENTREGA = ['PENDIENTE', 'ENVIANDO', 'ENTREGADA', 'FALLIDA'] as const;
export type EstadoEntrega = (typeof ESTADOS_ENTREGA)[number];
export const ESTADO_ENTREGA_LABELS: Readonly<Record<EstadoEntrega, string>> = {
  PENDIENTE: 'Pendiente',
  ENVIANDO: 'Enviando',
  ENTREGADA: 'Entregada',
  FALLIDA: 'Fallida',
};
export const ESTADO_ENTREGA_COLORS: Readonly<Record<EstadoEntrega, PillColor>> = {
  PENDIENTE: 'yellow',
  ENVIANDO: 'blue',
  ENTREGADA: 'green',
  FALLIDA: 'red',
};

// --- Historial de cambios (cambios) ------------------------------------------------------------

/** What a change record is about: each is a record with its own detail page (or admin page). */
export const ENTIDADES_CAMBIO = [
  'conexion',
  'servicio',
  'proveedor',
  'cliente',
  'nodo',
  'equipo',
  'usuario',
  'token',
  'webhook',
] as const;
export type EntidadCambio = (typeof ENTIDADES_CAMBIO)[number];
export const ENTIDAD_CAMBIO_LABELS: Readonly<Record<EntidadCambio, string>> = {
  conexion: 'Conexión',
  servicio: 'Servicio de proveedor',
  proveedor: 'Proveedor',
  cliente: 'Cliente',
  nodo: 'Nodo',
  equipo: 'Equipo',
  usuario: 'Usuario',
  token: 'Token de API',
  webhook: 'Webhook',
};
export const parseEntidadCambio = crearParser(ENTIDADES_CAMBIO, ENTIDAD_CAMBIO_LABELS);

export const ACCIONES_CAMBIO = [
  'crear',
  'actualizar',
  'cambiar_estado',
  'ajustar_bw',
  'mover_capacidad',
  'cambiar_password',
  'revocar',
  'eliminar',
  'monitoreo',
] as const;
export type AccionCambio = (typeof ACCIONES_CAMBIO)[number];
export const ACCION_CAMBIO_LABELS: Readonly<Record<AccionCambio, string>> = {
  crear: 'Creación',
  actualizar: 'Edición',
  cambiar_estado: 'Cambio de estado',
  ajustar_bw: 'Ajuste de BW',
  mover_capacidad: 'Movimiento de capacidad',
  cambiar_password: 'Cambio de contraseña',
  revocar: 'Revocación',
  eliminar: 'Eliminación',
  monitoreo: 'Vínculo de monitoreo',
};
export const parseAccionCambio = crearParser(ACCIONES_CAMBIO, ACCION_CAMBIO_LABELS);

/** Through which door a change came: the SPA (session), tRPC with a token, /v1, the CLI, or the server itself. */
export const CANALES_CAMBIO = ['spa', 'trpc', 'v1', 'cli', 'sistema'] as const;
export type CanalCambio = (typeof CANALES_CAMBIO)[number];
export const CANAL_CAMBIO_LABELS: Readonly<Record<CanalCambio, string>> = {
  spa: 'Aplicación web',
  trpc: 'tRPC (token)',
  v1: 'API /v1',
  cli: 'Línea de comandos',
  sistema: 'Sistema',
};
