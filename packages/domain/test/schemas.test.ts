import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../src/errors.js';
import {
  ajustarBwInput,
  ajustarCapacidadInput,
  apiTokenCreateInput,
  clienteCreateInput,
  conexionCreateInput,
  conexionSchema,
  conexionUpdateInput,
  equipoCreateInput,
  idSchema,
  listQuerySchema,
  loginInput,
  mbpsInput,
  mbpsSchema,
  nodoCreateInput,
  parsear,
  proveedorCreateInput,
  proveedorSchema,
  proveedorUpdateInput,
  servicioProveedorCreateInput,
  servicioProveedorSchema,
  servicioProveedorUpdateInput,
  usuarioCreateInput,
  zodIssues,
} from '../src/schemas/index.js';

/** The messages of a failed parse, keyed by path, to assert on Spanish text. */
function errores(schema: z.ZodType, data: unknown): Record<string, string> {
  const r = schema.safeParse(data);
  if (r.success) throw new Error(`expected failure, got ${JSON.stringify(r.data)}`);
  return Object.fromEntries(zodIssues(r.error).map((i) => [i.path, i.message]));
}

/** An API row the output schema takes back unchanged. */
function itValidaFila(nombre: string, schema: z.ZodType, fila: Record<string, unknown>) {
  it(`output schema validates a ${nombre} row`, () => {
    expect(schema.parse(fila)).toEqual(fila);
  });
}

// --- The spec's payloads, verbatim -----------------------------------------------------------------

const specCrearConexion = JSON.parse(`{
  "nodo_a": 12,
  "configuracion_nodo_a": "interface Gi0/0\\n ip address 10.0.0.1 255.255.255.252",
  "nodo_b": 17,
  "configuracion_nodo_b": null,
  "tipo_enlace": "Internet",
  "modalidad_enlace": "P2P",
  "cliente_id": 5,
  "servicio_id": 3,
  "departamento_enlace": "Lima",
  "provincia_enlace": "Lima",
  "distrito_enlace": "Miraflores",
  "direccion_enlace": "Av. Larco 1150",
  "estado": "ACTIVO",
  "fecha_activacion": "2025-06-01",
  "bw_contratado": 500,
  "bw_utilizado": 0,
  "cid": "257001",
  "locacion": "Lima - Miraflores / Oficina"
}`);

const specAjusteBw = JSON.parse(`{
  "modo": "AUMENTAR",
  "mbps": 100
}`);

const specCrearServicio = JSON.parse(`{
  "proveedor_id": 3,
  "nodo_id": null,
  "modalidad": "DEDICADO",
  "capacidad_comprada": 500,
  "ubicacion_servicio": "Lima - Miraflores",
  "condicion": "ACTIVO",
  "observacion": "Enlace fibra oscura troncal",
  "cid_interno": "ICP-1045"
}`);

const specAjusteCapacidadMas = JSON.parse(`{
  "delta_disponible": 100,
  "motivo": "Cliente ENTEL rescindió 100 Mbps"
}`);

const specAjusteCapacidadMenos = JSON.parse(`{
  "delta_disponible": -50,
  "motivo": "Nueva venta: cliente RIPLEY 50 Mbps"
}`);

describe('spec payloads', () => {
  it('conexion create: accepts the documented payload and yields canonical names', () => {
    const c = conexionCreateInput.parse(specCrearConexion);
    expect(c).toEqual({
      nodo_a: 12,
      configuracion_nodo_a: 'interface Gi0/0\n ip address 10.0.0.1 255.255.255.252',
      nodo_b: 17,
      configuracion_nodo_b: null,
      tipo_enlace: 'Internet',
      modalidad_enlace: 'P2P',
      cliente_id: 5,
      servicio_id: 3,
      departamento_enlace: 'Lima',
      provincia_enlace: 'Lima',
      distrito_enlace: 'Miraflores',
      direccion_enlace: 'Av. Larco 1150',
      enlace_estado: 'ACTIVO',
      enlace_fecha_activacion: '2025-06-01',
      bw_contratado: 500,
      bw_utilizado: 0,
      cid_enlace: '257001',
      locacion: 'Lima - Miraflores / Oficina',
    });
    expect(c).not.toHaveProperty('estado');
    expect(c).not.toHaveProperty('cid');
    expect(c).not.toHaveProperty('fecha_activacion');
  });

  it('ajustar-bw: accepts { modo, mbps }', () => {
    expect(ajustarBwInput.parse(specAjusteBw)).toEqual({ modo: 'AUMENTAR', mbps: 100 });
  });

  it('servicio create: accepts the documented payload', () => {
    expect(servicioProveedorCreateInput.parse(specCrearServicio)).toEqual({
      proveedor_id: 3,
      nodo_id: null,
      modalidad: 'DEDICADO',
      capacidad_comprada: 500,
      ubicacion_servicio: 'Lima - Miraflores',
      condicion: 'ACTIVO',
      observacion: 'Enlace fibra oscura troncal',
      cid_interno: 'ICP-1045',
    });
    // The documented 201 response is a /v1 envelope: apps/server/test/v1-esquemas.test.ts.
  });

  it('ajustar-capacidad: accepts both documented payloads', () => {
    expect(ajustarCapacidadInput.parse(specAjusteCapacidadMas)).toEqual({
      delta_disponible: 100,
      motivo: 'Cliente ENTEL rescindió 100 Mbps',
    });
    expect(ajustarCapacidadInput.parse(specAjusteCapacidadMenos)).toEqual({
      delta_disponible: -50,
      motivo: 'Nueva venta: cliente RIPLEY 50 Mbps',
    });
  });
});

describe('building blocks', () => {
  it('mbps: numbers, and numeric strings for REST', () => {
    expect(mbpsSchema.parse(500)).toBe(500);
    expect(mbpsInput.parse('500')).toBe(500);
    expect(mbpsInput.parse(' 0.125 ')).toBe(0.125);
    expect(errores(z.object({ m: mbpsInput }), { m: 'abc' })).toEqual({ m: 'Debe ser un número.' });
    expect(errores(z.object({ m: mbpsInput }), {})).toEqual({ m: 'Este campo es obligatorio.' });
    expect(errores(z.object({ m: mbpsInput }), { m: -1 })).toEqual({ m: 'No puede ser negativo.' });
    expect(errores(z.object({ m: mbpsInput }), { m: 1.2345 })).toEqual({ m: 'Admite como máximo 3 decimales.' });
    expect(errores(z.object({ m: mbpsInput }), { m: 10_000_001 })).toEqual({
      m: 'No puede superar 10,000,000 Mbps.',
    });
    expect(mbpsSchema.safeParse('500').success).toBe(false);
    expect(mbpsSchema.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
  });

  it('idSchema: coerces path params, refuses the rest', () => {
    expect(idSchema.parse('12')).toBe(12);
    expect(idSchema.parse(12)).toBe(12);
    for (const bad of ['0', '-1', '1.5', '', 'abc', 0, 1.5, true, null]) {
      expect(idSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });

  it('listQuerySchema: defaults and bounds', () => {
    expect(listQuerySchema.parse({})).toEqual({ limit: 10, offset: 0 });
    expect(listQuerySchema.parse({ limit: '25', offset: '50', search: '  telefonica ' })).toEqual({
      limit: 25,
      offset: 50,
      search: 'telefonica',
    });
    expect(listQuerySchema.parse({ search: '   ' })).toEqual({ limit: 10, offset: 0 });
    expect(errores(listQuerySchema, { limit: '101' })).toEqual({ limit: 'El límite debe estar entre 1 y 100.' });
    expect(errores(listQuerySchema, { limit: 0 })).toEqual({ limit: 'El límite debe estar entre 1 y 100.' });
    expect(errores(listQuerySchema, { offset: -1 })).toEqual({ offset: 'El desplazamiento no puede ser negativo.' });
  });

  it('parsear throws a VALIDACION DomainError with Spanish issues', () => {
    let error: unknown;
    try {
      parsear(ajustarBwInput, { modo: 'SUBIR', mbps: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const d = error as DomainError;
    expect(d.status).toBe(400);
    expect(d.issues).toEqual([
      { path: 'modo', message: 'Valor no válido. Valores permitidos: AUMENTAR, DISMINUIR.' },
      { path: 'mbps', message: 'Debe ser mayor que 0.' },
    ]);
    expect(d.message).toBe('modo: Valor no válido. Valores permitidos: AUMENTAR, DISMINUIR.');
  });
});

describe('servicioProveedor', () => {
  it('strips the derived capacities and blank cid_interno', () => {
    const s = servicioProveedorCreateInput.parse({
      proveedor_id: '3',
      modalidad: 'dedicado',
      capacidad_comprada: '1000',
      capacidad_vendida: 999,
      capacidad_disponible: 1,
      capacidad_utilizada: 5,
      condicion: 'StandBy',
      cid_interno: '   ',
      limite_sobreventa_pct: 10,
    });
    expect(s).toEqual({
      proveedor_id: 3,
      modalidad: 'DEDICADO',
      capacidad_comprada: 1000,
      condicion: 'STANDBY',
      cid_interno: undefined,
      limite_sobreventa_pct: 10,
    });
    expect(s).not.toHaveProperty('capacidad_vendida');
    expect(
      servicioProveedorCreateInput.parse({ proveedor_id: 3, modalidad: 'COMPARTIDO', cid_interno: null }).cid_interno,
    ).toBeUndefined();
  });

  it('reports one message per field', () => {
    const r = mbpsInput.safeParse(-1.2345);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['No puede ser negativo.']);
  });

  it('refuses bad input in Spanish', () => {
    expect(
      errores(servicioProveedorCreateInput, {
        modalidad: 'ALQUILADO',
        condicion: 'VIVO',
        capacidad_comprada: -5,
        limite_sobreventa_pct: -1,
      }),
    ).toEqual({
      proveedor_id: 'Este campo es obligatorio.',
      modalidad: 'Valor no válido. Valores permitidos: DEDICADO, COMPARTIDO.',
      condicion: 'Valor no válido. Valores permitidos: ACTIVO, STANDBY, RESERVA, INACTIVO, BAJA.',
      capacidad_comprada: 'No puede ser negativo.',
      limite_sobreventa_pct: 'El límite de sobreventa no puede ser negativo.',
    });
  });

  it('update is partial and never sets derived capacities', () => {
    expect(servicioProveedorUpdateInput.parse({ observacion: '', capacidad_disponible: 3 })).toEqual({
      observacion: null,
    });
    expect(servicioProveedorUpdateInput.parse({})).toEqual({});
  });

  itValidaFila('service', servicioProveedorSchema, {
    servicio_id: 88,
    proveedor_id: 3,
    proveedor_nombre: 'TELEFÓNICA',
    nodo_id: null,
    tipo_nodo: null,
    direccion: null,
    modalidad: 'DEDICADO',
    capacidad_comprada: 500,
    capacidad_vendida: 300,
    capacidad_utilizada: 280,
    capacidad_disponible: 200,
    ubicacion_servicio: 'Lima - Miraflores',
    condicion: 'ACTIVO',
    observacion: null,
    cid_proveedor: null,
    cid_interno: 'ICP-1045',
    limite_sobreventa_pct: null,
    created_at: '2026-01-15T10:30:00',
    updated_at: '2026-01-15T10:30:00.000Z',
  });
});

describe('ajustes', () => {
  it('ajustar-capacidad: delta must be a non-zero finite number, motivo optional (blank → null)', () => {
    expect(errores(ajustarCapacidadInput, { delta_disponible: 0, motivo: 'x' })).toEqual({
      delta_disponible: 'Debe ser un número distinto de cero.',
    });
    expect(errores(ajustarCapacidadInput, { delta_disponible: 'mucho', motivo: 7 })).toEqual({
      delta_disponible: 'Debe ser un número.',
      motivo: 'Debe ser un texto.',
    });
    expect(errores(ajustarCapacidadInput, {})).toEqual({
      delta_disponible: 'Este campo es obligatorio.',
    });
    expect(ajustarCapacidadInput.parse({ delta_disponible: 5, motivo: '   ' }).motivo).toBeNull();
    expect(ajustarCapacidadInput.parse({ delta_disponible: 5 }).motivo).toBeUndefined();
    expect(ajustarCapacidadInput.safeParse({ delta_disponible: Number.NaN, motivo: 'x' }).success).toBe(false);
    expect(ajustarCapacidadInput.safeParse({ delta_disponible: '-50', motivo: 'x' }).data?.delta_disponible).toBe(-50);
  });

  it('ajustar-bw: modo is case-insensitive, mbps > 0, optional motivo (the /v1 flag ajustar_servicio: server test)', () => {
    expect(ajustarBwInput.parse({ modo: 'disminuir', mbps: '50.5', motivo: 'Cliente pidió' })).toEqual({
      modo: 'DISMINUIR',
      mbps: 50.5,
      motivo: 'Cliente pidió',
    });
    expect(errores(ajustarBwInput, { modo: 'AUMENTAR', mbps: 0 })).toEqual({ mbps: 'Debe ser mayor que 0.' });
  });
});

describe('conexion', () => {
  it('accepts canonical names and lenient enums, normalising ubigeo names', () => {
    const c = conexionCreateInput.parse({
      servicio_id: 3,
      cliente_id: 5,
      nodo_a: 12,
      tipo_enlace: 'telefonía ip',
      modalidad_enlace: 'gpon',
      enlace_estado: 'Activo',
      enlace_fecha_activacion: '2025-06-01T00:00:00Z',
      bw_contratado: '250',
      departamento_enlace: 'ancash',
      provincia_enlace: 'HUARAZ',
      distrito_enlace: 'independencia',
      asignacion_ip: '192.168.1.1/24',
      equipos_ids: [4, '7'],
      ajustar_servicio: true,
    });
    // A /v1-only flag: the domain's input drops it (rest/v1/conexiones.schemas.ts keeps it).
    expect(c).not.toHaveProperty('ajustar_servicio');
    expect(c).toMatchObject({
      tipo_enlace: 'Telefonia IP',
      modalidad_enlace: 'GPON',
      enlace_estado: 'ACTIVO',
      enlace_fecha_activacion: '2025-06-01',
      bw_contratado: 250,
      departamento_enlace: 'Áncash',
      provincia_enlace: 'Huaraz',
      distrito_enlace: 'Independencia',
      asignacion_ip: '192.168.1.1/24',
      equipos_ids: [4, 7],
    });
  });

  it('keeps a free-text distrito that is not in the list', () => {
    const c = conexionCreateInput.parse({ ...specCrearConexion, distrito_enlace: 'Urb. Los Álamos' });
    expect(c.distrito_enlace).toBe('Urb. Los Álamos');
  });

  it('refuses bad input in Spanish', () => {
    expect(
      errores(conexionCreateInput, {
        ...specCrearConexion,
        tipo_enlace: 'Cable',
        estado: 'VIVO',
        bw_contratado: -1,
        asignacion_ip: '192.168.1.300/24',
        equipos_ids: [1, 2, 1],
        fecha_activacion: '01/06/2025',
      }),
    ).toEqual({
      tipo_enlace:
        'Valor no válido. Valores permitidos: Internet, IPVPN, Fibra Oscura, Seguridad Perimetral, Telefonia IP, Internet P2P, VPN, Transporte, Transito IP, Cableado estructurado.',
      estado: 'Valor no válido. Valores permitidos: PENDIENTE, ACTIVO, SUSPENDIDO, BAJA, INACTIVO, DOWN.',
      bw_contratado: 'No puede ser negativo.',
      asignacion_ip: 'Cada octeto de la dirección IP debe estar entre 0 y 255.',
      equipos_ids: 'Los equipos no pueden repetirse.',
      fecha_activacion: 'Debe ser una fecha con formato AAAA-MM-DD.',
    });
    const { servicio_id: _s, cliente_id: _c, ...sinIds } = specCrearConexion;
    expect(errores(conexionCreateInput, sinIds)).toEqual({
      servicio_id: 'Este campo es obligatorio.',
      cliente_id: 'Este campo es obligatorio.',
    });
  });

  it('refuses contradictory aliases and unknown ubigeo', () => {
    expect(errores(conexionCreateInput, { ...specCrearConexion, enlace_estado: 'BAJA' })).toEqual({
      estado: 'Se enviaron "estado" y "enlace_estado" con valores distintos.',
    });
    expect(conexionCreateInput.parse({ ...specCrearConexion, enlace_estado: 'activo' }).enlace_estado).toBe('ACTIVO');
    expect(errores(conexionCreateInput, { ...specCrearConexion, departamento_enlace: 'Narnia' })).toEqual({
      departamento_enlace: 'El departamento "Narnia" no existe.',
    });
    expect(errores(conexionCreateInput, { ...specCrearConexion, provincia_enlace: 'Huaraz' })).toEqual({
      provincia_enlace: 'La provincia "Huaraz" no pertenece al departamento Lima.',
    });
    expect(errores(conexionCreateInput, { ...specCrearConexion, provincia_enlace: 'Gotham' })).toEqual({
      provincia_enlace: 'La provincia "Gotham" no existe.',
    });
  });

  it('update is partial and also folds aliases', () => {
    expect(conexionUpdateInput.parse({ estado: 'baja' })).toEqual({ enlace_estado: 'BAJA' });
    expect(conexionUpdateInput.parse({ bw_contratado: 300, cid: '' })).toEqual({
      bw_contratado: 300,
      cid_enlace: undefined,
    });
    expect(conexionUpdateInput.parse({})).toEqual({});
  });

  itValidaFila('connection', conexionSchema, {
    enlace_id: 1,
    servicio_id: 3,
    cid_enlace: '257001',
    modalidad_enlace: 'P2P',
    tipo_enlace: 'Internet',
    enlace_estado: 'ACTIVO',
    enlace_fecha_activacion: '2025-06-01',
    bw_contratado: 500,
    bw_disponible: 500,
    bw_utilizado: 0,
    departamento_enlace: 'Lima',
    provincia_enlace: 'Lima',
    distrito_enlace: 'Miraflores',
    direccion_enlace: 'Av. Larco 1150',
    locacion: null,
    cliente_id: 5,
    cliente_razon_social: 'ACME S.A.C.',
    cliente_ruc: '20131312955',
    nodo_a: 12,
    nodo_a_nombre: 'LIM-CORE-01',
    nodo_a_tipo: 'CORE',
    configuracion_nodo_a: null,
    nodo_b: null,
    nodo_b_nombre: null,
    nodo_b_tipo: null,
    configuracion_nodo_b: null,
    asignacion_ip: null,
    equipos_ids: [],
    created_at: '2026-01-15T10:30:00Z',
    updated_at: '2026-01-15T10:30:00Z',
  });
});

describe('reference data', () => {
  it('proveedor: optional RUC validated, estado lenient', () => {
    expect(proveedorCreateInput.parse({ nombre: ' TELEFÓNICA ', ruc: '', estado: 'activo' })).toEqual({
      nombre: 'TELEFÓNICA',
      ruc: null,
      estado: 'ACTIVO',
    });
    expect(errores(proveedorCreateInput, { nombre: '', ruc: '123' })).toEqual({
      nombre: 'Este campo es obligatorio.',
      ruc: 'El RUC debe tener 11 dígitos.',
    });
    expect(proveedorUpdateInput.parse({ email: 'OPS@Telefonica.PE' })).toEqual({ email: 'ops@telefonica.pe' });
    expect(errores(proveedorUpdateInput, { email: 'no-es-correo' })).toEqual({
      email: 'El correo electrónico no es válido.',
    });
    expect(
      proveedorSchema.parse({
        proveedor_id: 1,
        nombre: 'TELEFÓNICA',
        ruc: null,
        estado: 'ACTIVO',
        contacto: null,
        telefono: null,
        email: null,
        created_at: '2026-01-15T10:30:00Z',
        updated_at: '2026-01-15T10:30:00Z',
      }).proveedor_id,
    ).toBe(1);
  });

  it('cliente: RUC required with SUNAT check digit', () => {
    expect(clienteCreateInput.parse({ razon_social: 'SUNAT', ruc: '20131312955' }).ruc).toBe('20131312955');
    expect(errores(clienteCreateInput, { razon_social: 'X', ruc: '20131312954' })).toEqual({
      ruc: 'El dígito verificador del RUC no es válido.',
    });
    expect(errores(clienteCreateInput, { razon_social: 'X' })).toEqual({ ruc: 'Este campo es obligatorio.' });
    expect(errores(clienteCreateInput, { razon_social: 'X', ruc: 20131312955 })).toEqual({
      ruc: 'El RUC debe tener 11 dígitos.',
    });
  });

  it('nodo: ubigeo must exist', () => {
    expect(nodoCreateInput.parse({ nombre: 'LIM-CORE-01', tipo: 'core', ubigeo: '150122' })).toEqual({
      nombre: 'LIM-CORE-01',
      tipo: 'CORE',
      ubigeo: '150122',
    });
    expect(nodoCreateInput.parse({ nombre: 'N', tipo: 'POP', ubigeo: '' }).ubigeo).toBeNull();
    expect(errores(nodoCreateInput, { nombre: 'N', tipo: 'POP', ubigeo: '159999' })).toEqual({
      ubigeo: 'El código de ubigeo no existe.',
    });
    expect(errores(nodoCreateInput, { nombre: 'N', tipo: 'POP', ubigeo: '15012' })).toEqual({
      ubigeo: 'El ubigeo debe ser un código INEI de 2, 4 o 6 dígitos.',
    });
  });

  it('equipo', () => {
    expect(equipoCreateInput.parse({ tipo: 'router', marca: 'Cisco', modelo: 'ISR4331', serial: 'FDO1' })).toEqual({
      tipo: 'ROUTER',
      marca: 'Cisco',
      modelo: 'ISR4331',
      serial: 'FDO1',
    });
    expect(Object.keys(errores(equipoCreateInput, { tipo: 'TOSTADORA' }))).toEqual([
      'tipo',
      'marca',
      'modelo',
      'serial',
    ]);
  });
});

describe('access', () => {
  it('usuario: password of 10+ chars with letters and digits', () => {
    expect(
      usuarioCreateInput.parse({ email: ' Ana@ISP.pe ', nombre: 'Ana', password: 'clave12345', rol: 'Operador' }),
    ).toEqual({ email: 'ana@isp.pe', nombre: 'Ana', password: 'clave12345', rol: 'operador' });
    expect(
      errores(usuarioCreateInput, { email: 'ana@isp.pe', nombre: 'Ana', password: 'corta1', rol: 'root' }),
    ).toEqual({
      password: 'La contraseña debe tener al menos 10 caracteres.',
      rol: 'Valor no válido. Valores permitidos: lector, operador, admin.',
    });
    expect(
      errores(usuarioCreateInput, { email: 'ana@isp.pe', nombre: 'Ana', password: 'solamenteletras', rol: 'admin' }),
    ).toEqual({
      password: 'La contraseña debe incluir al menos un dígito.',
    });
    expect(
      errores(usuarioCreateInput, { email: 'ana@isp.pe', nombre: 'Ana', password: '1234567890', rol: 'admin' }),
    ).toEqual({
      password: 'La contraseña debe incluir al menos una letra.',
    });
  });

  it('login and api tokens', () => {
    expect(loginInput.parse({ email: 'ana@isp.pe', password: 'x' })).toEqual({ email: 'ana@isp.pe', password: 'x' });
    expect(errores(loginInput, { email: 'ana@isp.pe', password: '' })).toEqual({
      password: 'Este campo es obligatorio.',
    });
    expect(apiTokenCreateInput.parse({ nombre: 'zabbix', rol: 'LECTOR' })).toEqual({ nombre: 'zabbix', rol: 'lector' });
  });
});

describe('JSON Schema (OpenAPI) generation', () => {
  it('works for every input (io: input) and output schema', async () => {
    const todos = await import('../src/schemas/index.js');
    let n = 0;
    for (const [nombre, valor] of Object.entries(todos)) {
      if (!(valor instanceof z.ZodType)) continue;
      const esEntrada = /Input$|Query$|QuerySchema$|ParamsSchema$/.test(nombre);
      expect(() => z.toJSONSchema(valor, { io: esEntrada ? 'input' : 'output' }), nombre).not.toThrow();
      n++;
    }
    expect(n).toBeGreaterThan(40);
  });
});
