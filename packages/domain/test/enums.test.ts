import { describe, expect, it } from 'vitest';
import * as enums from '../src/enums.js';

describe('vocabularies', () => {
  it('have the spec values, in order', () => {
    expect(enums.ENLACE_ESTADOS).toEqual(['PENDIENTE', 'ACTIVO', 'SUSPENDIDO', 'BAJA', 'INACTIVO', 'DOWN']);
    expect(enums.CONDICIONES_SERVICIO).toEqual(['ACTIVO', 'STANDBY', 'RESERVA', 'INACTIVO', 'BAJA']);
    expect(enums.MODALIDADES_SERVICIO).toEqual(['DEDICADO', 'COMPARTIDO']);
    expect(enums.TIPOS_SERVICIO_CLIENTE).toEqual([
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
    expect(enums.TIPOS_ENLACE).toEqual(['P2P', 'Fibra Oscura', 'GPON', 'Satelital']);
    expect(enums.TIPOS_NODO).toEqual(['CORE', 'AGREGACION', 'ACCESO', 'EDGE', 'POP', 'CLIENTE']);
    expect(enums.TIPOS_EQUIPO).toEqual(['ROUTER', 'SWITCH', 'ONT', 'RADIO', 'FIREWALL', 'OTRO']);
    expect(enums.ESTADOS_EQUIPO).toEqual(['DISPONIBLE', 'ASIGNADO', 'BAJA']);
    expect(enums.ESTADOS_REGISTRO).toEqual(['ACTIVO', 'INACTIVO']);
    expect(enums.ROLES).toEqual(['lector', 'operador', 'admin']);
    expect(enums.ORIGENES_MOVIMIENTO).toEqual([
      'VENTA_CONEXION',
      'AJUSTE_BW',
      'BAJA_CONEXION',
      'CAMBIO_SERVICIO',
      'AJUSTE_MANUAL',
      'IMPORTACION',
    ]);
    expect(enums.MODOS_AJUSTE_BW).toEqual(['AUMENTAR', 'DISMINUIR']);
    expect(enums.NIVELES_ALERTA).toEqual(['NORMAL', 'ALTO', 'CRITICO']);
  });

  it('colour pills as the spec says', () => {
    expect(enums.ENLACE_ESTADO_COLORS).toEqual({
      PENDIENTE: 'yellow',
      ACTIVO: 'green',
      SUSPENDIDO: 'orange',
      BAJA: 'red',
      INACTIVO: 'red',
      DOWN: 'red',
    });
    expect(enums.CONDICION_SERVICIO_COLORS).toEqual({
      ACTIVO: 'green',
      STANDBY: 'blue',
      RESERVA: 'blue',
      INACTIVO: 'red',
      BAJA: 'red',
    });
  });

  it('label every value', () => {
    expect(Object.keys(enums.ENLACE_ESTADO_LABELS)).toEqual([...enums.ENLACE_ESTADOS]);
    expect(Object.keys(enums.TIPO_SERVICIO_CLIENTE_LABELS)).toEqual([...enums.TIPOS_SERVICIO_CLIENTE]);
    expect(enums.NIVEL_ALERTA_LABELS).toEqual({ NORMAL: 'Normal', ALTO: 'ALTO', CRITICO: 'CRÍTICO' });
  });
});

describe('parsers', () => {
  it('ignore case, accents and surrounding spaces', () => {
    expect(enums.parseEnlaceEstado('Activo')).toBe('ACTIVO');
    expect(enums.parseEnlaceEstado(' activo ')).toBe('ACTIVO');
    expect(enums.parseEnlaceEstado('down')).toBe('DOWN');
    expect(enums.parseCondicionServicio('StandBy')).toBe('STANDBY');
    expect(enums.parseTipoServicioCliente('Telefonía IP')).toBe('Telefonia IP');
    expect(enums.parseTipoServicioCliente('TRÁNSITO IP')).toBe('Transito IP');
    expect(enums.parseTipoServicioCliente('cableado ESTRUCTURADO')).toBe('Cableado estructurado');
    expect(enums.parseTipoServicioCliente('ip vpn')).toBe('IPVPN');
    expect(enums.parseTipoEnlace('fibra_oscura')).toBe('Fibra Oscura');
    expect(enums.parseTipoNodo('Agregación')).toBe('AGREGACION');
    expect(enums.parseRol('ADMIN')).toBe('admin');
    expect(enums.parseRol('Administrador')).toBe('admin');
    expect(enums.parseModoAjusteBw('aumentar')).toBe('AUMENTAR');
    expect(enums.parseNivelAlerta('Crítico')).toBe('CRITICO');
  });

  it('return null for anything else', () => {
    expect(enums.parseEnlaceEstado('ACTIVA')).toBeNull();
    expect(enums.parseEnlaceEstado('')).toBeNull();
    expect(enums.parseEnlaceEstado(null)).toBeNull();
    expect(enums.parseEnlaceEstado(1)).toBeNull();
    expect(enums.parseTipoEnlace('Fibra Óptica')).toBeNull();
  });
});

describe('rolPermite', () => {
  it('orders lector < operador < admin', () => {
    expect(enums.rolPermite('admin', 'operador')).toBe(true);
    expect(enums.rolPermite('operador', 'operador')).toBe(true);
    expect(enums.rolPermite('operador', 'admin')).toBe(false);
    expect(enums.rolPermite('lector', 'operador')).toBe(false);
    expect(enums.rolPermite('lector', 'lector')).toBe(true);
  });
});
