import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COLUMNAS_EXPORTACION, escribirCsv, escribirXlsx } from '../src/services/exportacion';
import {
  abrirArchivo,
  type EntidadImportacion,
  type ErrorFila,
  leerArchivo,
  type OpcionesValidacion,
  resolverEnMemoria,
  validarImportacion,
} from '../src/services/importacion';

const dir = mkdtempSync(path.join(os.tmpdir(), 'troncal-validacion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const resolver = resolverEnMemoria({
  proveedores: [
    { id: 1, nombre: 'TELEFÓNICA', estado: 'ACTIVO' },
    { id: 2, nombre: 'CLARO', estado: 'INACTIVO' },
  ],
  clientes: [{ id: 5, ruc: '20100070970' }],
  nodos: [
    { id: 12, nombre: 'NODO SAN ISIDRO' },
    { id: 17, nombre: 'NODO MIRAFLORES' },
  ],
  servicios: [
    { id: 3, cid_interno: 'ICP-1045', condicion: 'ACTIVO' },
    { id: 4, cid_interno: 'ICP-9', condicion: 'BAJA' },
  ],
  equipos: [
    { id: 7, serial: 'FDO1', estado: 'DISPONIBLE', cid_enlace: null },
    { id: 8, serial: 'HW2', estado: 'ASIGNADO', cid_enlace: '257000' },
    { id: 9, serial: 'OLD', estado: 'BAJA', cid_enlace: null },
    { id: 10, serial: 'SN10', estado: 'DISPONIBLE', cid_enlace: null },
  ],
  conexiones: [{ id: 40, cid_enlace: '257000' }],
});

let n = 0;
/** A CSV file on disk (Excel's ";" flavour when asked), read and validated as an upload would be. */
async function validar<E extends EntidadImportacion>(entidad: E, lineas: string[], opciones?: OpcionesValidacion) {
  const ruta = path.join(dir, `${entidad}-${++n}.csv`);
  writeFileSync(ruta, `${lineas.join('\r\n')}\r\n`);
  const tabla = await leerArchivo(readFileSync(ruta), 'text/csv');
  return validarImportacion(entidad, tabla, resolver, opciones);
}

const err = (fila: number, columna: string, valor: string, message: string | RegExp) =>
  ({
    fila,
    columna,
    valor,
    message: message instanceof RegExp ? expect.stringMatching(message) : message,
  }) as ErrorFila;

describe('proveedores', () => {
  it('maps a good file to the domain create input (enums case-insensitive, headers by name)', async () => {
    const r = await validar('proveedores', [
      'Nombre;RUC;Estado;Email',
      'ENTEL PERÚ;20106897914;activo;NOC@Entel.PE',
      'BITEL;;Inactivo;',
    ]);
    expect(r).toMatchObject({ ok: true, filas: 2, validas: 2, errores: [], columnasIgnoradas: [] });
    expect(r.registros).toEqual([
      {
        fila: 2,
        existente: null,
        datos: { nombre: 'ENTEL PERÚ', ruc: '20106897914', estado: 'ACTIVO', email: 'noc@entel.pe' },
      },
      { fila: 3, existente: null, datos: { nombre: 'BITEL', ruc: null, estado: 'INACTIVO', email: null } },
    ]);
  });

  it('with existentes: actualizar, an existing natural key is an update, not an error', async () => {
    const r = await validar('proveedores', ['nombre,contacto', 'Telefónica,Ana'], { existentes: 'actualizar' });
    expect(r.ok).toBe(true);
    expect(r.registros).toEqual([{ fila: 2, existente: 1, datos: { nombre: 'Telefónica', contacto: 'Ana' } }]);
  });
});

describe('clientes', () => {
  it('a missing required column is one error on the header row, and no row is checked', async () => {
    const r = await validar('clientes', ['razon_social,telefono,columna_rara', 'ACME,555,x']);
    expect(r).toMatchObject({ ok: false, filas: 1, validas: 0, columnasIgnoradas: ['columna_rara'] });
    expect(r.errores).toEqual([err(1, 'ruc', '', /^Falta la columna obligatoria "ruc"\. Descargue la plantilla/)]);
  });

  it('an empty file (header only) says so', async () => {
    const r = await validar('clientes', ['razon_social,ruc']);
    expect(r.errores).toEqual([err(2, '', '', 'El archivo no tiene filas de datos debajo del encabezado.')]);
  });
});

describe('nodos', () => {
  it('ubigeo by INEI code, by a code that lost its leading zero, by name; tipo case- and accent-insensitive', async () => {
    const r = await validar('nodos', [
      'nombre,tipo,ubigeo',
      'N1,core,150122',
      'N2,Agregación,10101',
      'N3,acceso,Lima / Lima / San Isidro',
      'N4,EDGE,cusco',
      'N5,pop,',
    ]);
    expect(r.errores).toEqual([]);
    expect(r.registros.map((x) => [x.datos.tipo, x.datos.ubigeo])).toEqual([
      ['CORE', '150122'],
      ['AGREGACION', '010101'],
      ['ACCESO', '150131'],
      ['EDGE', '08'],
      ['POP', null],
    ]);
  });
});

describe('servicios de proveedor', () => {
  it('resolves proveedor and nodo by name and reads numbers with a decimal comma or point', async () => {
    const r = await validar('servicios-proveedor', [
      'proveedor;nodo;modalidad;capacidad_comprada;cid_interno;limite_sobreventa_pct',
      'telefónica;nodo san isidro;dedicado;1.000,5;ICP-2001;10,5',
      'TELEFÓNICA;;Compartido;"500,25";;',
      'Telefónica;;DEDICADO;1,500.75 Mbps;ICP-2002;',
    ]);
    expect(r.errores).toEqual([]);
    expect(r.columnasIgnoradas).toEqual([]);
    expect(r.registros.map((x) => x.datos)).toEqual([
      expect.objectContaining({
        proveedor_id: 1,
        nodo_id: 12,
        modalidad: 'DEDICADO',
        capacidad_comprada: 1000.5,
        cid_interno: 'ICP-2001',
        limite_sobreventa_pct: 10.5,
      }),
      expect.objectContaining({ proveedor_id: 1, modalidad: 'COMPARTIDO', capacidad_comprada: 500.25 }),
      expect.objectContaining({ capacidad_comprada: 1500.75 }),
    ]);
    expect(r.registros[1]?.datos.cid_interno).toBeUndefined();
  });
});

const CABECERA_CONEXION =
  'cid_enlace,servicio_cid_interno,cliente_ruc,tipo_enlace,bw_contratado,enlace_estado,enlace_fecha_activacion,nodo_a_nombre,nodo_b_nombre,departamento_enlace,provincia_enlace,distrito_enlace,asignacion_ip,equipos_seriales';

describe('conexiones', () => {
  it('resolves every natural key and canonicalises as the forms do', async () => {
    const r = await validar('conexiones', [
      CABECERA_CONEXION,
      '257101,ICP-1045,20100070970,telefonía ip,500,activo,01/06/2025,nodo san isidro,NODO MIRAFLORES,lima,LIMA,miraflores,192.168.1.1/24,FDO1|sn10',
      '257102,ICP-9,20100070970,Internet,"0,5",Baja,2024-12-31,NODO MIRAFLORES,,,,,,HW2',
      '257103,ICP-1045,20100070970,VPN,10,,,NODO MIRAFLORES,,15,1501,150131,,',
    ]);
    expect(r.errores).toEqual([]);
    // Ubigeo columns take INEI codes as well as names, and store the official names.
    expect(r.registros[2]?.datos).toMatchObject({
      departamento_enlace: 'Lima',
      provincia_enlace: 'Lima',
      distrito_enlace: 'San Isidro',
    });
    expect(r.registros[0]?.datos).toEqual({
      cid_enlace: '257101',
      servicio_id: 3,
      cliente_id: 5,
      tipo_enlace: 'Telefonia IP',
      bw_contratado: 500,
      enlace_estado: 'ACTIVO',
      enlace_fecha_activacion: '2025-06-01',
      nodo_a: 12,
      nodo_b: 17,
      departamento_enlace: 'Lima',
      provincia_enlace: 'Lima',
      distrito_enlace: 'Miraflores',
      asignacion_ip: '192.168.1.1/24',
      equipos_ids: [7, 10],
    });
    // A connection in BAJA may sit on a service in BAJA and name an equipo another connection holds.
    expect(r.registros[1]?.datos).toMatchObject({
      servicio_id: 4,
      bw_contratado: 0.5,
      enlace_estado: 'BAJA',
      equipos_ids: [8],
    });
  });

  it('an equipo held by the same connection is fine when that connection is updated', async () => {
    const r = await validar(
      'conexiones',
      [CABECERA_CONEXION, '257000,ICP-1045,20100070970,VPN,10,ACTIVO,,NODO MIRAFLORES,,,,,,HW2'],
      {
        existentes: 'actualizar',
      },
    );
    expect(r.errores).toEqual([]);
    expect(r.registros).toEqual([{ fila: 2, existente: 40, datos: expect.objectContaining({ equipos_ids: [8] }) }]);
  });
});

/** What `/v1/conexiones/listar` gives for one row, plus `equipos_seriales`. */
const CONEXION_V1 = {
  enlace_id: 99,
  cid_enlace: '257300',
  servicio_id: 3,
  servicio_cid_interno: 'ICP-1045',
  proveedor_id: 1,
  proveedor_nombre: 'TELEFÓNICA',
  tipo_enlace: 'IPVPN',
  modalidad_enlace: 'GPON',
  enlace_estado: 'SUSPENDIDO',
  enlace_fecha_activacion: '2025-03-15',
  bw_contratado: 250.125,
  bw_disponible: 200,
  bw_utilizado: 50.125,
  cliente_id: 5,
  cliente_razon_social: 'SUPERMERCADOS PERUANOS S.A.',
  cliente_ruc: '20100070970',
  nodo_a: 12,
  nodo_a_nombre: 'NODO SAN ISIDRO',
  nodo_a_tipo: 'CORE',
  configuracion_nodo_a: 'interface Gi0/0\n  ip address 10.0.0.1 255.255.255.252',
  nodo_b: null,
  nodo_b_nombre: null,
  nodo_b_tipo: null,
  configuracion_nodo_b: null,
  departamento_enlace: 'Lima',
  provincia_enlace: 'Lima',
  distrito_enlace: 'San Isidro',
  direccion_enlace: '=HYPERLINK("http://malo","clic")',
  locacion: '-Sótano 2',
  asignacion_ip: '10.1.2.3/30',
  equipos_ids: [7],
  equipos_seriales: ['FDO1'],
  created_at: '2025-03-15T14:00:00.000Z',
  updated_at: '2025-03-16T14:00:00.000Z',
};

/** A bad file per entity: every error, in order, the counts, and the rows that stay valid. */
const valida = (fila: number) => expect.objectContaining({ fila });
const ARCHIVOS_CON_ERRORES: {
  titulo: string;
  entidad: EntidadImportacion;
  lineas: string[];
  errores: ErrorFila[];
  resumen: { ok: boolean; filas: number; validas: number };
  registros: unknown[];
}[] = [
  {
    titulo:
      'reports every problem at once: RUC check digit, email, enum, blank required, duplicates in the file and in the database',
    entidad: 'proveedores',
    lineas: [
      'nombre,ruc,estado,email',
      'OPTICAL,20100017492,ACTIVO,',
      'WIN,,VIGENTE,no-es-correo',
      ',20100017491,,',
      'telefónica,,,',
      'Optical,,,',
    ],
    errores: [
      err(2, 'ruc', '20100017492', 'El dígito verificador del RUC no es válido.'),
      err(3, 'estado', 'VIGENTE', 'Valor no válido. Valores permitidos: ACTIVO, INACTIVO.'),
      err(3, 'email', 'no-es-correo', 'El correo electrónico no es válido.'),
      err(4, 'nombre', '', 'Este campo es obligatorio.'),
      err(5, 'nombre', 'telefónica', /^Ya existe un proveedor con el nombre "telefónica"\. Para modificarlo/),
      err(6, 'nombre', 'Optical', 'Valor repetido en el archivo: ya aparece en la fila 2.'),
    ],
    resumen: { ok: false, filas: 5, validas: 0 },
    registros: [],
  },
  {
    titulo: 'RUC rules and duplicates by RUC',
    entidad: 'clientes',
    lineas: ['razon_social,ruc', 'A,2010007097', 'B,30100070970', 'C,20100070970', 'D,20106897914', 'E,20106897914'],
    errores: [
      err(2, 'ruc', '2010007097', 'El RUC debe tener 11 dígitos.'),
      err(3, 'ruc', '30100070970', 'El RUC debe empezar con 10, 15, 16, 17 o 20.'),
      err(4, 'ruc', '20100070970', /^Ya existe un cliente con el RUC "20100070970"/),
      err(6, 'ruc', '20106897914', 'Valor repetido en el archivo: ya aparece en la fila 5.'),
    ],
    resumen: { ok: false, filas: 5, validas: 1 },
    registros: [valida(5)],
  },
  {
    titulo: 'ambiguous, unknown and non-existent ubigeos, bad tipo',
    entidad: 'nodos',
    lineas: ['nombre,tipo,ubigeo', 'A,CORE,Miraflores', 'B,CORE,Narnia', 'C,CORE,999999', 'D,TORRE,15'],
    errores: [
      err(2, 'ubigeo', 'Miraflores', /^"Miraflores" corresponde a más de un lugar del Perú\. Use el código INEI/),
      err(3, 'ubigeo', 'Narnia', /^No se encontró el ubigeo "Narnia"/),
      err(4, 'ubigeo', '999999', /^El código de ubigeo 999999 no existe/),
      err(5, 'tipo', 'TORRE', 'Valor no válido. Valores permitidos: CORE, AGREGACION, ACCESO, EDGE, POP, CLIENTE.'),
    ],
    resumen: { ok: false, filas: 4, validas: 0 },
    registros: [],
  },
  {
    titulo: 'serial unique without regard to case, in the file and in the database; required fields',
    entidad: 'equipos',
    lineas: [
      'tipo,marca,modelo,serial,estado',
      'router,Cisco,ISR4331,ABC1,',
      'Switch,Huawei,S5720,abc1,disponible',
      'ONT,Huawei,HG8245,fdo1,',
      'RADIO,,M5,XYZ,ROTO',
    ],
    errores: [
      err(3, 'serial', 'abc1', 'Valor repetido en el archivo: ya aparece en la fila 2.'),
      err(4, 'serial', 'fdo1', /^Ya existe un equipo con el serial "fdo1"/),
      err(5, 'marca', '', 'Este campo es obligatorio.'),
      err(5, 'estado', 'ROTO', 'Valor no válido. Valores permitidos: DISPONIBLE, ASIGNADO, BAJA.'),
    ],
    resumen: { ok: false, filas: 4, validas: 1 },
    registros: [
      { fila: 2, existente: null, datos: { tipo: 'ROUTER', marca: 'Cisco', modelo: 'ISR4331', serial: 'ABC1' } },
    ],
  },
  {
    titulo: 'Mbps ranges, unknown or inactive proveedor, unknown nodo, enum, percentage, CIDs repeated or existing',
    entidad: 'servicios-proveedor',
    lineas: [
      'proveedor_nombre,nodo_nombre,modalidad,capacidad_comprada,cid_interno,limite_sobreventa_pct',
      'GTD,,DEDICADO,-5,,',
      'CLARO,NODO X,DEDICADO,10000001,,',
      'TELEFÓNICA,,MIXTO,1.2345,,2000',
      'TELEFÓNICA,,DEDICADO,mucho,ICP-1045,',
      'TELEFÓNICA,,DEDICADO,,ICP-7,',
      'TELEFÓNICA,,DEDICADO,,ICP-7,',
    ],
    errores: [
      err(
        2,
        'proveedor_nombre',
        'GTD',
        'No existe un proveedor con el nombre "GTD". Regístrelo antes de importar este archivo.',
      ),
      err(2, 'capacidad_comprada', '-5', 'No puede ser negativo.'),
      err(
        3,
        'proveedor_nombre',
        'CLARO',
        'El proveedor "CLARO" está INACTIVO: un servicio necesita un proveedor ACTIVO.',
      ),
      err(3, 'nodo_nombre', 'NODO X', /^No existe un nodo con el nombre "NODO X"/),
      err(3, 'capacidad_comprada', '10000001', 'No puede superar 10,000,000 Mbps.'),
      err(4, 'modalidad', 'MIXTO', 'Valor no válido. Valores permitidos: DEDICADO, COMPARTIDO.'),
      err(4, 'capacidad_comprada', '1.2345', 'Admite como máximo 3 decimales.'),
      err(4, 'limite_sobreventa_pct', '2000', 'El límite de sobreventa no puede superar 1000 %.'),
      err(5, 'capacidad_comprada', 'mucho', 'Debe ser un número.'),
      err(5, 'cid_interno', 'ICP-1045', /^Ya existe un servicio de proveedor con el cid_interno "ICP-1045"/),
      err(7, 'cid_interno', 'ICP-7', 'Valor repetido en el archivo: ya aparece en la fila 6.'),
    ],
    resumen: { ok: false, filas: 6, validas: 1 },
    registros: [valida(6)],
  },
  {
    titulo: 'every rule with a bad file',
    entidad: 'conexiones',
    lineas: [
      CABECERA_CONEXION,
      '257201,ICP-404,20999999999,Cable,,ACTIVO,31/02/2025,NODO SAN ISIDRO,nodo san isidro,,,,300.1.1.1/24,',
      '257202,ICP-9,20100070970,Internet,100,,,NODO X,,,,,10.0.0.1,HW2|OLD|NOPE|FDO1|fdo1',
      '257203,ICP-1045,20106897914,VPN,-1,SUSPENDIDO,,,,,,,,FDO1',
      '257000,ICP-1045,20100070970,VPN,10,ACTIVO,,NODO MIRAFLORES,,,,,,',
      '257205,ICP-1045,20100070970,VPN,10,ACTIVO,,NODO MIRAFLORES,,,,,,',
      '257206,ICP-1045,20100070970,VPN,10,ACTIVO,,NODO MIRAFLORES,,Lima,Cusco,,,',
      '257205,ICP-1045,20100070970,VPN,10.0001,ACTIVO,,NODO MIRAFLORES,,,,,,',
    ],
    errores: [
      err(2, 'servicio_cid_interno', 'ICP-404', /^No existe un servicio de proveedor con el cid_interno "ICP-404"/),
      err(2, 'cliente_ruc', '20999999999', /^No existe un cliente con el RUC "20999999999"/),
      err(2, 'tipo_enlace', 'Cable', /^Valor no válido\. Valores permitidos: Internet, IPVPN, Fibra Oscura/),
      err(2, 'bw_contratado', '', 'Este campo es obligatorio.'),
      err(2, 'enlace_fecha_activacion', '31/02/2025', 'Debe ser una fecha con formato AAAA-MM-DD.'),
      err(2, 'nodo_b_nombre', 'nodo san isidro', 'El nodo B debe ser distinto del nodo A.'),
      err(2, 'asignacion_ip', '300.1.1.1/24', 'Cada octeto de la dirección IP debe estar entre 0 y 255.'),
      err(
        3,
        'servicio_cid_interno',
        'ICP-9',
        'El servicio ICP-9 está dado de baja: no se le pueden asignar conexiones que no estén en BAJA.',
      ),
      err(3, 'nodo_a_nombre', 'NODO X', /^No existe un nodo con el nombre "NODO X"/),
      err(3, 'asignacion_ip', '10.0.0.1', /^La asignación IP debe tener el formato a\.b\.c\.d\/n/),
      err(3, 'equipos_seriales', 'HW2|OLD|NOPE|FDO1|fdo1', 'El equipo fdo1 está repetido en la celda.'),
      err(3, 'equipos_seriales', 'HW2|OLD|NOPE|FDO1|fdo1', 'El equipo HW2 ya está asignado a la conexión 257000.'),
      err(3, 'equipos_seriales', 'HW2|OLD|NOPE|FDO1|fdo1', 'El equipo OLD está dado de baja y no se puede asignar.'),
      err(3, 'equipos_seriales', 'HW2|OLD|NOPE|FDO1|fdo1', /^No existe un equipo con el serial "NOPE"/),
      err(4, 'cliente_ruc', '20106897914', /^No existe un cliente con el RUC/),
      err(4, 'bw_contratado', '-1', 'No puede ser negativo.'),
      err(4, 'nodo_a_nombre', '', 'Este campo es obligatorio.'),
      err(
        4,
        'equipos_seriales',
        'FDO1',
        /^El equipo FDO1 ya está en la conexión de la fila 3; un equipo solo puede estar/,
      ),
      err(5, 'cid_enlace', '257000', /^Ya existe una conexión con el cid_enlace "257000"/),
      // Cross-field checks of the domain schema (provincia within departamento) run once the row's fields are valid.
      err(7, 'provincia_enlace', 'Cusco', 'La provincia "Cusco" no pertenece al departamento Lima.'),
      err(8, 'cid_enlace', '257205', 'Valor repetido en el archivo: ya aparece en la fila 6.'),
      err(8, 'bw_contratado', '10.0001', 'Admite como máximo 3 decimales.'),
    ],
    resumen: { ok: false, filas: 7, validas: 1 },
    registros: [valida(6)],
  },
];

describe('a bad file reports every problem at once', () => {
  it.each(ARCHIVOS_CON_ERRORES)('$entidad: $titulo', async ({ entidad, lineas, errores, resumen, registros }) => {
    const r = await validar(entidad, lineas);
    expect(r.errores).toEqual(errores);
    expect(r).toMatchObject(resumen);
    expect(r.registros).toEqual(registros);
  });
});

describe('export → import', () => {
  for (const formato of ['csv', 'xlsx'] as const) {
    it(`a connections export (${formato}) imports back with the same values, formula text included`, async () => {
      const cols = COLUMNAS_EXPORTACION.conexiones;
      const flujo = formato === 'csv' ? escribirCsv(cols, [CONEXION_V1]) : escribirXlsx(cols, [CONEXION_V1]);
      const partes: Uint8Array[] = [];
      for await (const p of flujo) partes.push(p);
      const ruta = path.join(dir, `export-conexiones.${formato}`);
      writeFileSync(ruta, Buffer.concat(partes));
      const tabla = await leerArchivo(readFileSync(ruta), null);
      const r = await validarImportacion('conexiones', tabla, resolver);
      expect(r.errores).toEqual([]);
      expect(r.columnasIgnoradas).toEqual(
        expect.arrayContaining([
          'enlace_id',
          'nodo_a',
          'bw_disponible',
          'equipos_ids',
          'created_at',
          'cliente_razon_social',
        ]),
      );
      expect(r.registros[0]?.datos).toEqual({
        cid_enlace: '257300',
        servicio_id: 3,
        cliente_id: 5,
        tipo_enlace: 'IPVPN',
        modalidad_enlace: 'GPON',
        bw_contratado: 250.125,
        bw_utilizado: 50.125,
        enlace_estado: 'SUSPENDIDO',
        enlace_fecha_activacion: '2025-03-15',
        nodo_a: 12,
        configuracion_nodo_a: 'interface Gi0/0\n  ip address 10.0.0.1 255.255.255.252',
        // Blank in the file: none (an update with existentes=actualizar clears them).
        nodo_b: null,
        configuracion_nodo_b: null,
        departamento_enlace: 'Lima',
        provincia_enlace: 'Lima',
        distrito_enlace: 'San Isidro',
        direccion_enlace: '=HYPERLINK("http://malo","clic")',
        locacion: '-Sótano 2',
        asignacion_ip: '10.1.2.3/30',
        equipos_ids: [7],
      });
    });
  }
});

describe('a file read in stretches', () => {
  // 40,000 equipos: three 1 MB chunks of CSV, many 256 KB inflated chunks of XLSX. Problems spread
  // over the file: an existing serial, a serial repeated 39,000 rows later, cells over the limit.
  const columnas = ['tipo', 'marca', 'modelo', 'serial', 'observacion'].map((campo) => ({ campo }));
  const largas = [9_998, 19_997, 29_996, 39_995];
  const filas = Array.from({ length: 40_000 }, (_, i) => ({
    tipo: 'ONT',
    marca: 'Huawei',
    modelo: 'HG8245',
    serial: i === 39_000 ? 'SN5' : `SN${i}`,
    observacion: largas.includes(i) ? 'x'.repeat(60) : `equipo ${i} en el almacén central de Lima`,
  }));
  const limites = { caracteresCelda: 50 };
  async function archivo(formato: 'csv' | 'xlsx', cols = columnas) {
    const partes: Uint8Array[] = [];
    for await (const p of formato === 'csv' ? escribirCsv(cols, filas) : escribirXlsx(cols, filas)) partes.push(p);
    return Buffer.concat(partes);
  }

  for (const formato of ['csv', 'xlsx'] as const) {
    it(`${formato}: the same report as the whole table, each valid row handed over once, in order`, async () => {
      const bytes = await archivo(formato);
      const entera = await validarImportacion('equipos', await leerArchivo(bytes, null, limites), resolver);
      expect(entera.errores.map((e) => [e.fila, e.columna])).toEqual([
        [12, 'serial'],
        ...largas.slice(0, 3).map((i) => [i + 2, 'observacion']),
        [39_002, 'serial'],
        [largas[3]! + 2, 'observacion'],
      ]);
      expect(entera).toMatchObject({ ok: false, filas: 40_000, validas: 40_000 - 6 });
      const recibidos: unknown[] = [];
      const porTramos = await validarImportacion('equipos', await abrirArchivo(bytes, null, limites), resolver, {
        alRegistro: (r) => {
          recibidos.push(r);
        },
      });
      expect(porTramos).toEqual({ ...entera, registros: [] });
      expect(recibidos).toEqual(entera.registros);
    });
  }

  it("a header without a required column still counts every row and reports the reader's errors", async () => {
    const bytes = await archivo(
      'csv',
      columnas.filter((c) => c.campo !== 'serial'),
    );
    const r = await validarImportacion('equipos', await abrirArchivo(bytes, 'text/csv', limites), resolver);
    expect(r).toMatchObject({ ok: false, filas: 40_000, validas: 0 });
    expect(r.errores.map((e) => [e.fila, e.columna])).toEqual([
      [1, 'serial'],
      ...largas.map((i) => [i + 2, 'observacion']),
    ]);
  });

  it('the row limit refuses the file when the reading reaches it (413), as reading it whole does', async () => {
    const bytes = await archivo('csv');
    const lectura = await abrirArchivo(bytes, 'text/csv', { filas: 30_000 });
    const e = await validarImportacion('equipos', lectura, resolver).catch((x: unknown) => x);
    expect(e).toMatchObject({ statusHttp: 413, message: expect.stringMatching(/más de 30,000 filas/) });
  });
});
