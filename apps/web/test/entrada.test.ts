import { describe, expect, it } from 'vitest';
import { opcionesProveedorVenta, opcionesServicioVenta } from '../src/features/conexiones/opciones';
import { ubicacionEnlace } from '../src/features/conexiones/ubicacion';
import { sobreventaPorComprada } from '../src/features/servicios/sobreventa';
import { formatCantidad, formatMbps } from '../src/lib/format';
import { aNumero, errorMbps, errorTope, PROPS_NUMERO_HONESTO } from '../src/lib/numeros';

describe('errorMbps: the SPA refuses what it used to rewrite', () => {
  it('refuses a negative instead of dropping the minus', () => {
    expect(errorMbps(-100)).toBe('No puede ser negativo.');
    expect(errorMbps('-100')).toBe('No puede ser negativo.');
  });

  it('refuses a fourth decimal instead of cutting 0.0005 to 0', () => {
    expect(errorMbps(0.0005)).toBe('Admite como máximo 3 decimales.');
    expect(errorMbps(1.2345)).toBe('Admite como máximo 3 decimales.');
    expect(errorMbps(0.001)).toBeNull();
    expect(errorMbps(1.005)).toBeNull();
  });

  it('refuses 0 where an amount must be positive, and past 10,000,000 Mbps', () => {
    expect(errorMbps(0, { positivo: true })).toBe('Debe ser mayor que 0.');
    expect(errorMbps(0)).toBeNull();
    expect(errorMbps(10_000_000)).toBeNull();
    expect(errorMbps(10_000_000.001)).toBe('No puede superar 10,000,000 Mbps.');
    expect(errorMbps('99999999999999999999')).toBe('No puede superar 10,000,000 Mbps.');
  });

  it('says empty and half-typed values plainly', () => {
    expect(errorMbps('')).toBeNull();
    expect(errorMbps('', { requerido: true })).toBe('Este campo es obligatorio.');
    expect(errorMbps('-')).toBe('Debe ser un número.');
    expect(errorMbps('1e5')).toBe('Debe ser un número.');
    expect(aNumero('1,500.25')).toBe(1500.25);
    expect(aNumero('  ')).toBeNull();
  });

  it('keeps Mantine from rewriting: negatives allowed in the box, no decimal cut, no clamping', () => {
    expect(PROPS_NUMERO_HONESTO).toMatchObject({ allowNegative: true, clampBehavior: 'none' });
    expect(PROPS_NUMERO_HONESTO).not.toHaveProperty('decimalScale');
    expect(PROPS_NUMERO_HONESTO).not.toHaveProperty('min');
    expect(PROPS_NUMERO_HONESTO).not.toHaveProperty('max');
  });

  it('names a result past the ceiling before any oversale question', () => {
    expect(errorTope(10_000_000, 'El BW del enlace')).toBeNull();
    expect(errorTope(10_000_500, 'El BW del enlace')).toBe(
      'El BW del enlace quedaría en 10,000,500 Mbps: el máximo es 10,000,000 Mbps.',
    );
  });
});

describe('Servicio del proveedor: state shown, unsellable services marked', () => {
  const base = { modalidad: 'DEDICADO', ubicacion_servicio: 'Lima', capacidad_disponible: 1000 };
  const servicios = [
    { ...base, servicio_id: 1, cid_interno: 'ICP-1', condicion: 'BAJA', no_vendible: 'está dado de baja' },
    { ...base, servicio_id: 2, cid_interno: 'ICP-2', condicion: 'ACTIVO', no_vendible: null },
    { ...base, servicio_id: 3, cid_interno: 'ICP-3', condicion: 'INACTIVO', no_vendible: 'está inactivo' },
    { ...base, servicio_id: 4, cid_interno: 'ICP-4', condicion: 'STANDBY', no_vendible: null },
  ];

  it('shows each condición and disables, with the reason, what takes no new sales (sellable first)', () => {
    const disp = formatMbps(1000);
    expect(opcionesServicioVenta(servicios)).toEqual([
      { value: '2', label: `ICP-2 · DEDICADO · Lima · ${disp} disponibles · ACTIVO`, disabled: false },
      { value: '4', label: `ICP-4 · DEDICADO · Lima · ${disp} disponibles · STANDBY`, disabled: false },
      {
        value: '1',
        label: `ICP-1 · DEDICADO · Lima · ${disp} disponibles · BAJA (no admite ventas: está dado de baja)`,
        disabled: true,
      },
      {
        value: '3',
        label: `ICP-3 · DEDICADO · Lima · ${disp} disponibles · INACTIVO (no admite ventas: está inactivo)`,
        disabled: true,
      },
    ]);
  });

  it('keeps the service an edited connection already has selectable', () => {
    const [primera] = opcionesServicioVenta(servicios, 1).filter((o) => o.value === '1');
    expect(primera).toMatchObject({
      disabled: false,
      label: `ICP-1 · DEDICADO · Lima · ${formatMbps(1000)} disponibles · BAJA`,
    });
  });

  it('marks inactive providers, except the one being kept', () => {
    const proveedores = [
      { proveedor_id: 1, nombre: 'LUMEN', estado: 'ACTIVO' },
      { proveedor_id: 2, nombre: 'AMÉRICA MÓVIL', estado: 'INACTIVO' },
    ];
    expect(opcionesProveedorVenta(proveedores)).toEqual([
      { value: '1', label: 'LUMEN', disabled: false },
      { value: '2', label: 'AMÉRICA MÓVIL (inactivo)', disabled: true },
    ]);
    expect(opcionesProveedorVenta(proveedores, 2)[1]?.disabled).toBe(false);
  });
});

describe('ubicacionEnlace: the list shows the district, not only the free text', () => {
  it('puts distrito and provincia first, then the locación', () => {
    const c = { distrito_enlace: 'Miraflores', provincia_enlace: 'Lima', locacion: 'Oficina central' };
    expect(ubicacionEnlace(c)).toBe('Miraflores, Lima · Oficina central');
    expect(ubicacionEnlace({ ...c, locacion: null })).toBe('Miraflores, Lima');
    expect(ubicacionEnlace({ ...c, distrito_enlace: null })).toBe('Lima · Oficina central');
    expect(ubicacionEnlace({ distrito_enlace: ' ', provincia_enlace: null, locacion: null })).toBeNull();
  });
});

describe('sobreventaPorComprada: the service edit form asks before lowering comprada below vendida', () => {
  const actual = { capacidad_comprada: 1000, capacidad_vendida: 800, limite_sobreventa_pct: null };

  it('computes the oversale when comprada drops below vendida', () => {
    expect(sobreventaPorComprada(actual, { capacidad_comprada: 500, limite_sobreventa_pct: '' })).toEqual({
      vendida: 800,
      disponibleActual: 200,
      disponibleResultante: -300,
      cambia: true,
      exceso: 300,
    });
  });

  it('asks nothing when comprada stays at or above vendida, or for an untouched oversold service', () => {
    expect(sobreventaPorComprada(actual, { capacidad_comprada: 800, limite_sobreventa_pct: '' }).exceso).toBe(0);
    const sobrevendido = { ...actual, capacidad_comprada: 700 };
    expect(sobreventaPorComprada(sobrevendido, { capacidad_comprada: 700, limite_sobreventa_pct: '' })).toMatchObject({
      cambia: false,
      exceso: 0,
    });
    // Changing the limit of an oversold service is re-checked by the server, so it is confirmed too.
    expect(sobreventaPorComprada(sobrevendido, { capacidad_comprada: 700, limite_sobreventa_pct: 50 }).exceso).toBe(
      100,
    );
  });

  it('leaves an invalid comprada to its field error', () => {
    for (const v of ['-5', '-', '']) {
      expect(sobreventaPorComprada(actual, { capacidad_comprada: v, limite_sobreventa_pct: '' }).exceso).toBe(0);
    }
  });
});

describe('formatCantidad', () => {
  it('agrees in number: 1 muestra, 2 muestras', () => {
    expect(formatCantidad(1, 'muestra registrada', 'muestras registradas')).toBe('1 muestra registrada');
    expect(formatCantidad(2, 'muestra registrada', 'muestras registradas')).toBe('2 muestras registradas');
    expect(formatCantidad(0, 'muestra', 'muestras')).toBe('0 muestras');
    expect(formatCantidad(1250, 'muestra', 'muestras')).toBe(`${new Intl.NumberFormat('es-PE').format(1250)} muestras`);
  });
});

describe('incrementoEnServicio: what a save adds to the chosen service (the oversale preview)', () => {
  it('is the whole BW for a new sale, the difference for an edit, and nothing for a BAJA', async () => {
    const { incrementoEnServicio } = await import('../src/features/conexiones/valores');
    expect(incrementoEnServicio(undefined, 7, 300, 'ACTIVO')).toBe(300);
    const antes = { servicio_id: 7, bw_contratado: 300, enlace_estado: 'ACTIVO' };
    expect(incrementoEnServicio(antes, 7, 400, 'ACTIVO')).toBe(100);
    expect(incrementoEnServicio(antes, 7, 300, 'BAJA')).toBe(-300);
    // Moving to another service reserves the whole BW there.
    expect(incrementoEnServicio(antes, 9, 300, 'ACTIVO')).toBe(300);
  });
});
