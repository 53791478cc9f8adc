import { describe, expect, it } from 'vitest';
import * as capacidad from '../src/capacity/index.js';
import { DomainError } from '../src/errors.js';

describe('basic figures', () => {
  it('disponible and bwDisponible subtract without float drift', () => {
    expect(capacidad.disponible(500, 300)).toBe(200);
    expect(capacidad.disponible(500, 550)).toBe(-50);
    expect(capacidad.disponible(0.3, 0.1)).toBe(0.2);
    expect(capacidad.bwDisponible(100, 33.333)).toBe(66.667);
  });

  it('porcentajeUso is 0 when nothing was bought', () => {
    expect(capacidad.porcentajeUso(280, 500)).toBe(56);
    expect(capacidad.porcentajeUso(1, 3)).toBe(33.333);
    expect(capacidad.porcentajeUso(10, 0)).toBe(0);
  });

  it('nivelAlerta: strictly above 75 is ALTO, above 90 CRITICO', () => {
    expect(capacidad.nivelAlerta(0)).toBe('NORMAL');
    expect(capacidad.nivelAlerta(75)).toBe('NORMAL');
    expect(capacidad.nivelAlerta(75.001)).toBe('ALTO');
    expect(capacidad.nivelAlerta(90)).toBe('ALTO');
    expect(capacidad.nivelAlerta(90.5)).toBe('CRITICO');
    expect(capacidad.nivelAlerta(150)).toBe('CRITICO');
  });
});

describe('ledger deltas', () => {
  it('creating reserves bw_contratado unless born BAJA', () => {
    expect(capacidad.deltaCrearConexion({ servicio_id: 3, bw_contratado: 500, enlace_estado: 'ACTIVO' })).toEqual([
      { servicio_id: 3, delta_vendida: 500, origen: 'VENTA_CONEXION' },
    ]);
    expect(
      capacidad.deltaCrearConexion({ servicio_id: 3, bw_contratado: 500, enlace_estado: 'PENDIENTE' }),
    ).toHaveLength(1);
    expect(capacidad.deltaCrearConexion({ servicio_id: 3, bw_contratado: 500, enlace_estado: 'BAJA' })).toEqual([]);
    expect(capacidad.deltaCrearConexion({ servicio_id: 3, bw_contratado: 0, enlace_estado: 'ACTIVO' })).toEqual([]);
    expect(capacidad.deltaCrearConexion({ servicio_id: null, bw_contratado: 500, enlace_estado: 'ACTIVO' })).toEqual(
      [],
    );
  });

  it('AUMENTAR/DISMINUIR move vendida; a BAJA link moves nothing', () => {
    expect(capacidad.deltaAjusteBw({ servicio_id: 3, modo: 'AUMENTAR', mbps: 100 })).toEqual([
      { servicio_id: 3, delta_vendida: 100, origen: 'AJUSTE_BW' },
    ]);
    expect(capacidad.deltaAjusteBw({ servicio_id: 3, modo: 'DISMINUIR', mbps: 100, enlace_estado: 'ACTIVO' })).toEqual([
      { servicio_id: 3, delta_vendida: -100, origen: 'AJUSTE_BW' },
    ]);
    expect(capacidad.deltaAjusteBw({ servicio_id: 3, modo: 'AUMENTAR', mbps: 100, enlace_estado: 'BAJA' })).toEqual([]);
  });

  it('BAJA releases, leaving BAJA re-reserves, other moves do nothing', () => {
    const base = { servicio_id: 3, bw_contratado: 200 };
    expect(capacidad.deltaCambioEstado({ ...base, estado_anterior: 'ACTIVO', estado_nuevo: 'BAJA' })).toEqual([
      { servicio_id: 3, delta_vendida: -200, origen: 'BAJA_CONEXION' },
    ]);
    expect(capacidad.deltaCambioEstado({ ...base, estado_anterior: 'BAJA', estado_nuevo: 'ACTIVO' })).toEqual([
      { servicio_id: 3, delta_vendida: 200, origen: 'VENTA_CONEXION' },
    ]);
    expect(capacidad.deltaCambioEstado({ ...base, estado_anterior: 'ACTIVO', estado_nuevo: 'DOWN' })).toEqual([]);
    expect(capacidad.deltaCambioEstado({ ...base, estado_anterior: 'BAJA', estado_nuevo: 'BAJA' })).toEqual([]);
  });

  it('changing service writes two rows', () => {
    expect(
      capacidad.deltaCambioServicio({
        servicio_anterior: 3,
        servicio_nuevo: 4,
        bw_contratado: 150,
        enlace_estado: 'ACTIVO',
      }),
    ).toEqual([
      { servicio_id: 3, delta_vendida: -150, origen: 'CAMBIO_SERVICIO' },
      { servicio_id: 4, delta_vendida: 150, origen: 'CAMBIO_SERVICIO' },
    ]);
    expect(
      capacidad.deltaCambioServicio({
        servicio_anterior: 3,
        servicio_nuevo: 4,
        bw_contratado: 150,
        enlace_estado: 'BAJA',
      }),
    ).toEqual([]);
    expect(
      capacidad.deltaCambioServicio({
        servicio_anterior: 3,
        servicio_nuevo: 3,
        bw_contratado: 150,
        enlace_estado: 'ACTIVO',
      }),
    ).toEqual([]);
  });

  it('editing bw_contratado writes +new−old', () => {
    expect(
      capacidad.deltaEditarBw({ servicio_id: 3, bw_anterior: 100, bw_nuevo: 250.5, enlace_estado: 'ACTIVO' }),
    ).toEqual([{ servicio_id: 3, delta_vendida: 150.5, origen: 'AJUSTE_BW' }]);
    expect(
      capacidad.deltaEditarBw({ servicio_id: 3, bw_anterior: 100, bw_nuevo: 100, enlace_estado: 'ACTIVO' }),
    ).toEqual([]);
  });

  it('a full edit to BAJA on another service only releases the old reservation', () => {
    expect(
      capacidad.deltaEdicionConexion(
        { servicio_id: 3, bw_contratado: 100, enlace_estado: 'ACTIVO' },
        { servicio_id: 4, bw_contratado: 300, enlace_estado: 'BAJA' },
      ),
    ).toEqual([{ servicio_id: 3, delta_vendida: -100, origen: 'BAJA_CONEXION' }]);
  });

  it('ajustar-capacidad: +d disponible is −d vendida', () => {
    expect(capacidad.ajusteCapacidadADeltaVendida(100)).toBe(-100);
    expect(capacidad.ajusteCapacidadADeltaVendida(-50)).toBe(50);
    expect(capacidad.deltaAjusteCapacidad(88, 100)).toEqual([
      { servicio_id: 88, delta_vendida: -100, origen: 'AJUSTE_MANUAL' },
    ]);
  });
});

describe('previews', () => {
  it('previewAjusteBw shows the link and the service after the change', () => {
    expect(
      capacidad.previewAjusteBw({
        bwActual: 500,
        modo: 'AUMENTAR',
        mbps: 100,
        servicio: { comprada: 1000, vendida: 950 },
      }),
    ).toEqual({
      bwResultante: 600,
      servicioDisponibleActual: 50,
      servicioDisponibleResultante: -50,
      servicioVendidaActual: 950,
      servicioVendidaResultante: 1050,
      bwNegativo: false,
      sobreventa: true,
      vendidaNegativa: false,
    });
    const p = capacidad.previewAjusteBw({
      bwActual: 50,
      modo: 'DISMINUIR',
      mbps: 80,
      servicio: { comprada: 1000, vendida: 500 },
    });
    expect(p.bwResultante).toBe(-30);
    expect(p.bwNegativo).toBe(true);
    expect(p.servicioVendidaResultante).toBe(420);
  });

  it('previewAjusteBw treats an empty amount as 0 and ignores the service for BAJA links', () => {
    const p = capacidad.previewAjusteBw({
      bwActual: 50,
      modo: 'AUMENTAR',
      mbps: Number.NaN,
      servicio: { comprada: 100, vendida: 50 },
    });
    expect(p.bwResultante).toBe(50);
    const b = capacidad.previewAjusteBw({
      bwActual: 50,
      modo: 'AUMENTAR',
      mbps: 10,
      servicio: { comprada: 100, vendida: 50 },
      enlace_estado: 'BAJA',
    });
    expect(b.bwResultante).toBe(60);
    expect(b.servicioVendidaResultante).toBe(50);
  });

  it('previewAjusteCapacidad matches the spec example (300 sold → +100 returned)', () => {
    expect(capacidad.previewAjusteCapacidad({ comprada: 500, vendida: 300, utilizada: 280 }, 100)).toEqual({
      comprada: 500,
      utilizada: 280,
      deltaVendida: -100,
      vendidaActual: 300,
      vendidaResultante: 200,
      disponibleActual: 200,
      disponibleResultante: 300,
      vendidaNegativa: false,
      sobreventa: false,
    });
    expect(capacidad.previewAjusteCapacidad({ comprada: 500, vendida: 30, utilizada: 0 }, 100).vendidaNegativa).toBe(
      true,
    );
    expect(capacidad.previewAjusteCapacidad({ comprada: 500, vendida: 480, utilizada: 0 }, -50).sobreventa).toBe(true);
  });
});

describe('maximoVendida', () => {
  it('is comprada plus the service limit, whatever the policy; without one, comprada (block) or none (warn)', () => {
    expect(capacidad.maximoVendida(500, 10, 'warn')).toBe(550);
    expect(capacidad.maximoVendida(500, 10, 'block')).toBe(550);
    expect(capacidad.maximoVendida(333.333, 33.3, 'warn')).toBe(444.333);
    expect(capacidad.maximoVendida(500, 0, 'warn')).toBe(500);
    expect(capacidad.maximoVendida(500, null, 'block')).toBe(500);
    expect(capacidad.maximoVendida(500, undefined, 'warn')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('evaluarSobreventa', () => {
  it('does nothing within capacity', () => {
    expect(capacidad.evaluarSobreventa({ comprada: 500, vendidaResultante: 500, politica: 'block' })).toEqual({
      sobreventa: false,
      bloquear: false,
      advertencias: [],
    });
  });

  it('warns by default, naming the service', () => {
    expect(
      capacidad.evaluarSobreventa({ comprada: 500, vendidaResultante: 550, politica: 'warn', etiqueta: 'ICP-1045' }),
    ).toEqual({
      sobreventa: true,
      bloquear: false,
      advertencias: ['La venta supera la capacidad comprada del servicio ICP-1045 en 50 Mbps.'],
    });
    expect(
      capacidad.evaluarSobreventa({ comprada: 500, vendidaResultante: 500.5, politica: 'warn' }).advertencias,
    ).toEqual(['La venta supera la capacidad comprada del servicio en 0.5 Mbps.']);
  });

  it("blocks any oversale with politica 'block' and no limit", () => {
    const r = capacidad.evaluarSobreventa({ comprada: 500, vendidaResultante: 500.001, politica: 'block' });
    expect(r.bloquear).toBe(true);
    expect(r.advertencias).toContain('La sobreventa no está permitida.');
  });

  it('with a per-service limit, blocks only beyond comprada × (1 + L/100), whatever the policy', () => {
    const base = { comprada: 500, limiteSobreventaPct: 10 } as const;
    expect(capacidad.evaluarSobreventa({ ...base, vendidaResultante: 550, politica: 'block' })).toMatchObject({
      sobreventa: true,
      bloquear: false,
    });
    const r = capacidad.evaluarSobreventa({ ...base, vendidaResultante: 550.001, politica: 'warn', etiqueta: 'ICP-1' });
    expect(r.bloquear).toBe(true);
    expect(r.advertencias[1]).toBe('El límite de sobreventa del servicio ICP-1 es 10 % (máximo 550 Mbps vendidos).');
    expect(
      capacidad.evaluarSobreventa({ ...base, limiteSobreventaPct: 0, vendidaResultante: 501, politica: 'warn' })
        .bloquear,
    ).toBe(true);
  });

  it('never blocks an operation that does not increase vendida', () => {
    expect(
      capacidad.evaluarSobreventa({ comprada: 500, vendidaActual: 700, vendidaResultante: 650, politica: 'block' }),
    ).toMatchObject({ sobreventa: true, bloquear: false });
  });
});

describe('refusals', () => {
  it('validarVendidaNoNegativa says how much was sold', () => {
    expect(capacidad.validarVendidaNoNegativa(300, -100)).toBe(200);
    expect(capacidad.validarVendidaNoNegativa(300, -300)).toBe(0);
    let error: unknown;
    try {
      capacidad.validarVendidaNoNegativa(300, -400);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('REGLA_NEGOCIO');
    expect((error as DomainError).status).toBe(422);
    expect((error as DomainError).message).toBe(
      'No se puede devolver 400 Mbps: el servicio solo tiene 300 Mbps vendidos.',
    );
  });

  it('validarBwNoNegativo refuses DISMINUIR below 0', () => {
    expect(capacidad.validarBwNoNegativo(100, -100)).toBe(0);
    expect(() => capacidad.validarBwNoNegativo(100, -150)).toThrow(
      'No se puede disminuir 150 Mbps: el enlace solo tiene 100 Mbps contratados.',
    );
  });
});
