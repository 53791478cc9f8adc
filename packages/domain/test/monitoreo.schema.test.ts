import { describe, expect, it } from 'vitest';
import { estadoMonitoreoSchema, monitoreoInput, monitoreoSchema } from '../src/schemas/index.js';

const errores = (v: unknown) => {
  const r = monitoreoSchema.safeParse(v);
  return r.success ? null : r.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('monitoreo binding', () => {
  it('accepts both sources and trims', () => {
    expect(monitoreoSchema.parse({ fuente: 'zabbix', host: ' core-lim-01 ', interfaz: ' Gi0/0/1 ' })).toEqual({
      fuente: 'zabbix',
      host: 'core-lim-01',
      interfaz: 'Gi0/0/1',
    });
    const promql = 'sum(rate(ifHCInOctets{instance="r1",ifName="Gi0/0/1"}[5m])) * 8';
    expect(monitoreoSchema.parse({ fuente: 'prometheus', entrada: promql, salida: `${promql}\n` })).toEqual({
      fuente: 'prometheus',
      entrada: promql,
      salida: promql,
    });
  });

  it('says in Spanish what is wrong, on the field', () => {
    expect(errores({ fuente: 'zabbix' })).toEqual([
      ['host', 'Este campo es obligatorio.'],
      ['interfaz', 'Este campo es obligatorio.'],
    ]);
    expect(errores({ fuente: 'zabbix', host: 'core/lim', interfaz: '   ' })).toEqual([
      [
        'host',
        'El host de Zabbix admite solo letras, números, espacios, puntos, guiones y guiones bajos (el "Host name" técnico, no el visible).',
      ],
      ['interfaz', 'Este campo es obligatorio.'],
    ]);
    expect(errores({ fuente: 'snmp', host: 'a' })).toEqual([['fuente', 'La fuente debe ser "zabbix" o "prometheus".']]);
    expect(errores('zabbix')).toEqual([['', 'El monitoreo debe ser un objeto { fuente, … }.']]);
    expect(errores({ fuente: 'zabbix', host: 'a', interfaz: 'b', entrada: 'x' })).toEqual([
      ['', 'Campo no admitido: entrada.'],
    ]);
    expect(errores({ fuente: 'prometheus', entrada: 'x'.repeat(4001), salida: 7 })).toEqual([
      ['entrada', 'La expresión de entrada admite como máximo 4000 caracteres.'],
      ['salida', 'La expresión de salida debe ser un texto.'],
    ]);
    expect(errores({ fuente: 'prometheus', entrada: 'up\u0000', salida: 'up\u0007' })).toEqual([
      ['entrada', 'No admite el carácter nulo (U+0000).'],
      ['salida', 'La expresión de salida no admite caracteres de control.'],
    ]);
    expect(errores({ fuente: 'zabbix', host: 'h'.repeat(129), interfaz: 'Gi0/0/1' })?.[0]?.[1]).toBe(
      'El host admite como máximo 128 caracteres.',
    );
  });

  it('null unbinds, absent leaves as is; the state enum', () => {
    expect(monitoreoInput.parse(null)).toBeNull();
    expect(monitoreoInput.parse(undefined)).toBeUndefined();
    expect(estadoMonitoreoSchema.options).toEqual(['OK', 'SIN_DATOS', 'ERROR']);
    expect(estadoMonitoreoSchema.safeParse('CAIDO').error?.issues[0]?.message).toBe(
      'El estado de monitoreo debe ser OK, SIN_DATOS o ERROR.',
    );
  });
});
