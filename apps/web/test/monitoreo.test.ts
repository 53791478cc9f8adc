import { describe, expect, it } from 'vitest';
import {
  monitoreoDe,
  monitoreoParaEnviar,
  SIN_MONITOREO,
  valorMonitoreoDe,
} from '../src/features/monitoreo/SeccionMonitoreo';
import { excedeContratado } from '../src/features/monitoreo/UsoConexion';

const ZBX = { fuente: 'zabbix', host: 'pe-lim-core-01', interfaz: 'Gi0/0/1' } as const;

describe('the forms’ Monitoreo section', () => {
  it('starts from the stored binding and gives it back unchanged', () => {
    expect(valorMonitoreoDe(null)).toEqual(SIN_MONITOREO);
    expect(monitoreoDe(valorMonitoreoDe(ZBX))).toEqual(ZBX);
  });

  it('sends nothing when unchanged (an edit leaves the binding), null to unbind, the object to bind', () => {
    expect(monitoreoParaEnviar(valorMonitoreoDe(ZBX), ZBX)).toBeUndefined();
    expect(monitoreoParaEnviar(SIN_MONITOREO, null)).toBeUndefined();
    expect(monitoreoParaEnviar(SIN_MONITOREO, ZBX)).toBeNull();
    expect(monitoreoParaEnviar({ ...valorMonitoreoDe(ZBX), interfaz: ' Gi0/0/2 ' }, ZBX)).toEqual({
      ...ZBX,
      interfaz: 'Gi0/0/2',
    });
    expect(
      monitoreoParaEnviar({ ...SIN_MONITOREO, fuente: 'prometheus', entrada: 'a', salida: 'b', host: 'x' }, undefined),
    ).toEqual({ fuente: 'prometheus', entrada: 'a', salida: 'b' });
  });

  it('flags a connection whose measured p95 is above what it was sold', () => {
    const medicion = {
      estado: 'OK' as const,
      mensaje: null,
      p95_mbps: 120,
      max_mbps: 150,
      promedio_mbps: 80,
      medido_en: null,
    };
    expect(excedeContratado({ bw_contratado: 100, medicion })).toBe(true);
    expect(excedeContratado({ bw_contratado: 200, medicion })).toBe(false);
    expect(excedeContratado({ bw_contratado: 100, medicion: null })).toBe(false);
  });
});
