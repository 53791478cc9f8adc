import { describe, expect, it } from 'vitest';
import {
  CONDICION_SERVICIO_COLORS,
  CONDICIONES_SERVICIO,
  ENLACE_ESTADO_COLORS,
  ENLACE_ESTADO_LABELS,
  ENLACE_ESTADOS,
  ESTADOS_EQUIPO,
  ESTADOS_REGISTRO,
  MODALIDADES_SERVICIO,
  MODOS_AJUSTE_BW,
  NIVEL_ALERTA_LABELS,
  NIVELES_ALERTA,
  ORIGENES_MOVIMIENTO,
  parseCondicionServicio,
  parseEnlaceEstado,
  parseModoAjusteBw,
  parseNivelAlerta,
  parseRol,
  parseTipoEnlace,
  parseTipoNodo,
  parseTipoServicioCliente,
  ROLES,
  rolPermite,
  TIPO_SERVICIO_CLIENTE_LABELS,
  TIPOS_ENLACE,
  TIPOS_EQUIPO,
  TIPOS_NODO,
  TIPOS_SERVICIO_CLIENTE,
} from '../src/enums.js';

describe('vocabularies', () => {
  it('have the spec values, in order', () => {
    expect(ENLACE_ESTADOS).toEqual(['PENDIENTE', 'ACTIVO', 'SUSPENDIDO', 'BAJA', 'INACTIVO', 'DOWN']);
    expect(CONDICIONES_SERVICIO).toEqual(['ACTIVO', 'STANDBY', 'RESERVA', 'INACTIVO', 'BAJA']);
    expect(MODALIDADES_SERVICIO).toEqual(['DEDICADO', 'COMPARTIDO']);
    expect(TIPOS_SERVICIO_CLIENTE).toEqual([
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
    ]);
    expect(TIPOS_ENLACE).toEqual(['P2P', 'Fibra Oscura', 'GPON', 'Satelital']);
    expect(TIPOS_NODO).toEqual(['CORE', 'AGREGACION', 'ACCESO', 'EDGE', 'POP', 'CLIENTE']);
    expect(TIPOS_EQUIPO).toEqual(['ROUTER', 'SWITCH', 'ONT', 'RADIO', 'FIREWALL', 'OTRO']);
    expect(ESTADOS_EQUIPO).toEqual(['DISPONIBLE', 'ASIGNADO', 'BAJA']);
    expect(ESTADOS_REGISTRO).toEqual(['ACTIVO', 'INACTIVO']);
    expect(ROLES).toEqual(['lector', 'operador', 'admin']);
    expect(ORIGENES_MOVIMIENTO).toEqual([
      'VENTA_CONEXION',
      'AJUSTE_BW',
      'BAJA_CONEXION',
      'CAMBIO_SERVICIO',
      'AJUSTE_MANUAL',
      'IMPORTACION',
    ]);
    expect(MODOS_AJUSTE_BW).toEqual(['AUMENTAR', 'DISMINUIR']);
    expect(NIVELES_ALERTA).toEqual(['NORMAL', 'ALTO', 'CRITICO']);
  });

  it('colour pills as the spec says', () => {
    expect(ENLACE_ESTADO_COLORS).toEqual({
      PENDIENTE: 'yellow',
      ACTIVO: 'green',
      SUSPENDIDO: 'orange',
      BAJA: 'red',
      INACTIVO: 'red',
      DOWN: 'red',
    });
    expect(CONDICION_SERVICIO_COLORS).toEqual({
      ACTIVO: 'green',
      STANDBY: 'blue',
      RESERVA: 'blue',
      INACTIVO: 'red',
      BAJA: 'red',
    });
  });

  it('label every value', () => {
    expect(Object.keys(ENLACE_ESTADO_LABELS)).toEqual([...ENLACE_ESTADOS]);
    expect(Object.keys(TIPO_SERVICIO_CLIENTE_LABELS)).toEqual([...TIPOS_SERVICIO_CLIENTE]);
    expect(NIVEL_ALERTA_LABELS).toEqual({ NORMAL: 'Normal', ALTO: 'ALTO', CRITICO: 'CRÍTICO' });
  });
});

describe('parsers', () => {
  it('ignore case, accents and surrounding spaces', () => {
    expect(parseEnlaceEstado('Activo')).toBe('ACTIVO');
    expect(parseEnlaceEstado(' activo ')).toBe('ACTIVO');
    expect(parseEnlaceEstado('down')).toBe('DOWN');
    expect(parseCondicionServicio('StandBy')).toBe('STANDBY');
    expect(parseTipoServicioCliente('Telefonía IP')).toBe('Telefonia IP');
    expect(parseTipoServicioCliente('TRÁNSITO IP')).toBe('Transito IP');
    expect(parseTipoServicioCliente('cableado ESTRUCTURADO')).toBe('Cableado estructurado');
    expect(parseTipoServicioCliente('ip vpn')).toBe('IPVPN');
    expect(parseTipoEnlace('fibra_oscura')).toBe('Fibra Oscura');
    expect(parseTipoNodo('Agregación')).toBe('AGREGACION');
    expect(parseRol('ADMIN')).toBe('admin');
    expect(parseRol('Administrador')).toBe('admin');
    expect(parseModoAjusteBw('aumentar')).toBe('AUMENTAR');
    expect(parseNivelAlerta('Crítico')).toBe('CRITICO');
  });

  it('return null for anything else', () => {
    expect(parseEnlaceEstado('ACTIVA')).toBeNull();
    expect(parseEnlaceEstado('')).toBeNull();
    expect(parseEnlaceEstado(null)).toBeNull();
    expect(parseEnlaceEstado(1)).toBeNull();
    expect(parseTipoEnlace('Fibra Óptica')).toBeNull();
  });
});

describe('rolPermite', () => {
  it('orders lector < operador < admin', () => {
    expect(rolPermite('admin', 'operador')).toBe(true);
    expect(rolPermite('operador', 'operador')).toBe(true);
    expect(rolPermite('operador', 'admin')).toBe(false);
    expect(rolPermite('lector', 'operador')).toBe(false);
    expect(rolPermite('lector', 'lector')).toBe(true);
  });
});
