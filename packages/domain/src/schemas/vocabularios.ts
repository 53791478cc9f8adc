import {
  CONDICIONES_SERVICIO,
  ENLACE_ESTADOS,
  ESTADOS_EQUIPO,
  ESTADOS_REGISTRO,
  MODALIDADES_SERVICIO,
  MODOS_AJUSTE_BW,
  ORIGENES_MOVIMIENTO,
  parseCondicionServicio,
  parseEnlaceEstado,
  parseEstadoEquipo,
  parseEstadoRegistro,
  parseModalidadServicio,
  parseModoAjusteBw,
  parseOrigenMovimiento,
  parseRol,
  parseTipoEnlace,
  parseTipoEquipo,
  parseTipoNodo,
  parseTipoServicioCliente,
  ROLES,
  TIPOS_ENLACE,
  TIPOS_EQUIPO,
  TIPOS_NODO,
  TIPOS_SERVICIO_CLIENTE,
} from '../enums.js';
import { enumFlexible } from './common.js';

// Input-side enums: lenient about case and accents, always yielding the canonical value.
export const enlaceEstadoInput = enumFlexible(ENLACE_ESTADOS, parseEnlaceEstado);
export const condicionServicioInput = enumFlexible(CONDICIONES_SERVICIO, parseCondicionServicio);
export const modalidadServicioInput = enumFlexible(MODALIDADES_SERVICIO, parseModalidadServicio);
export const tipoServicioClienteInput = enumFlexible(TIPOS_SERVICIO_CLIENTE, parseTipoServicioCliente);
export const tipoEnlaceInput = enumFlexible(TIPOS_ENLACE, parseTipoEnlace);
export const tipoNodoInput = enumFlexible(TIPOS_NODO, parseTipoNodo);
export const tipoEquipoInput = enumFlexible(TIPOS_EQUIPO, parseTipoEquipo);
export const estadoEquipoInput = enumFlexible(ESTADOS_EQUIPO, parseEstadoEquipo);
export const estadoRegistroInput = enumFlexible(ESTADOS_REGISTRO, parseEstadoRegistro);
export const rolInput = enumFlexible(ROLES, parseRol);
export const origenMovimientoInput = enumFlexible(ORIGENES_MOVIMIENTO, parseOrigenMovimiento);
export const modoAjusteBwInput = enumFlexible(MODOS_AJUSTE_BW, parseModoAjusteBw);
