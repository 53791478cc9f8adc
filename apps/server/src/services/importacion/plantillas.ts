import {
  CONDICIONES_SERVICIO,
  ENLACE_ESTADOS,
  ESTADOS_EQUIPO,
  ESTADOS_REGISTRO,
  MODALIDADES_SERVICIO,
  TIPOS_ENLACE,
  TIPOS_EQUIPO,
  TIPOS_NODO,
  TIPOS_SERVICIO_CLIENTE,
} from '@troncal/domain/enums';

/** The entities that import, named as their `/v1` path segment. */
export const ENTIDADES_IMPORTACION = [
  'proveedores',
  'clientes',
  'nodos',
  'equipos',
  'servicios-proveedor',
  'conexiones',
] as const;
export type EntidadImportacion = (typeof ENTIDADES_IMPORTACION)[number];

export interface ColumnaPlantilla {
  /** Header: the `/v1` field name. */
  columna: string;
  /** Other headers accepted for it (the spec's payload aliases, shorter natural-key names). */
  alias?: readonly string[];
  requerido: boolean;
  tipo: 'texto' | 'numero' | 'fecha' | 'lista';
  descripcion: string;
  ejemplo: string;
}

export interface Plantilla {
  entidad: EntidadImportacion;
  titulo: string;
  /** The natural key: duplicates inside the file and against the database are found by it. */
  clave: string;
  columnas: readonly ColumnaPlantilla[];
}

const valores = (v: readonly string[]) => `Valores: ${v.join(', ')} (no distingue mayúsculas ni tildes).`;
const MBPS = 'Número en Mbps, de 0 a 10000000, con hasta 3 decimales; admite coma o punto decimal (500,5 o 500.5).';
const col = (
  columna: string,
  requerido: boolean,
  descripcion: string,
  ejemplo: string,
  extra: Partial<ColumnaPlantilla> = {},
): ColumnaPlantilla => ({ columna, requerido, tipo: 'texto', descripcion, ejemplo, ...extra });

const contacto = [
  col('contacto', false, 'Persona de contacto.', 'María Quispe'),
  col('telefono', false, 'Teléfono de contacto (hasta 50 caracteres).', '+51 1 555 0000'),
  col('email', false, 'Correo electrónico de contacto.', 'noc@ejemplo.pe'),
];
const estadoRegistro = col('estado', false, `Si se deja vacío, ACTIVO. ${valores(ESTADOS_REGISTRO)}`, 'ACTIVO');

export const PLANTILLAS: Readonly<Record<EntidadImportacion, Plantilla>> = {
  proveedores: {
    entidad: 'proveedores',
    titulo: 'Proveedores',
    clave: 'nombre',
    columnas: [
      col(
        'nombre',
        true,
        'Nombre del proveedor; único (sin distinguir mayúsculas). Hasta 120 caracteres.',
        'TELEFÓNICA',
      ),
      col('ruc', false, 'RUC de 11 dígitos con dígito verificador válido (SUNAT).', '20100017491'),
      estadoRegistro,
      ...contacto,
    ],
  },
  clientes: {
    entidad: 'clientes',
    titulo: 'Clientes corporativos',
    clave: 'ruc',
    columnas: [
      col('razon_social', true, 'Razón social del cliente (hasta 200 caracteres).', 'SUPERMERCADOS PERUANOS S.A.'),
      col('ruc', true, 'RUC de 11 dígitos con dígito verificador válido (SUNAT); único.', '20100070970'),
      ...contacto,
      estadoRegistro,
    ],
  },
  nodos: {
    entidad: 'nodos',
    titulo: 'Nodos',
    clave: 'nombre',
    columnas: [
      col(
        'nombre',
        true,
        'Nombre del nodo; único (sin distinguir mayúsculas). Hasta 120 caracteres.',
        'NODO SAN ISIDRO',
      ),
      col('tipo', true, valores(TIPOS_NODO), 'CORE'),
      col(
        'ubigeo',
        false,
        'Código INEI de 2, 4 o 6 dígitos, o el nombre: "Departamento / Provincia / Distrito" (o solo un nombre que no se repita en el Perú).',
        'Lima / Lima / San Isidro',
      ),
      col('direccion', false, 'Dirección física (hasta 300 caracteres).', 'Av. Javier Prado Este 1234'),
      estadoRegistro,
    ],
  },
  equipos: {
    entidad: 'equipos',
    titulo: 'Equipos',
    clave: 'serial',
    columnas: [
      col('tipo', true, valores(TIPOS_EQUIPO), 'ROUTER'),
      col('marca', true, 'Marca (hasta 100 caracteres).', 'Cisco'),
      col('modelo', true, 'Modelo (hasta 100 caracteres).', 'ISR4331'),
      col('serial', true, 'Número de serie; único (sin distinguir mayúsculas).', 'FDO2231A0BC'),
      col('estado', false, `Si se deja vacío, DISPONIBLE. ${valores(ESTADOS_EQUIPO)}`, 'DISPONIBLE'),
      col('observacion', false, 'Notas (hasta 1000 caracteres).', 'Rack 3, bandeja 2'),
    ],
  },
  'servicios-proveedor': {
    entidad: 'servicios-proveedor',
    titulo: 'Servicios de proveedor',
    clave: 'cid_interno',
    columnas: [
      col('proveedor_nombre', true, 'Nombre del proveedor, tal como está registrado y ACTIVO.', 'TELEFÓNICA', {
        alias: ['proveedor'],
      }),
      col('nodo_nombre', false, 'Nombre de un nodo registrado (opcional).', 'NODO SAN ISIDRO', { alias: ['nodo'] }),
      col('modalidad', true, valores(MODALIDADES_SERVICIO), 'DEDICADO'),
      col('capacidad_comprada', false, `Capacidad comprada. ${MBPS}`, '1000', { tipo: 'numero' }),
      col(
        'ubicacion_servicio',
        false,
        'Ubicación del servicio (texto libre, hasta 200 caracteres).',
        'Lima - San Isidro',
      ),
      col('condicion', false, valores(CONDICIONES_SERVICIO), 'ACTIVO'),
      col('observacion', false, 'Notas internas (hasta 2000 caracteres).', 'Fibra oscura troncal'),
      col('cid_proveedor', false, 'Circuito del proveedor (hasta 100 caracteres).', 'TDP-55012'),
      col(
        'cid_interno',
        false,
        'CID interno, único. Vacío: se asigna el siguiente ICP-<n>. Indíquelo para poder reimportar el archivo sin duplicar.',
        'ICP-1045',
      ),
      col(
        'limite_sobreventa_pct',
        false,
        'Porcentaje de sobreventa permitido sobre la capacidad comprada (0 a 1000); vacío: la política general.',
        '10',
        { tipo: 'numero' },
      ),
    ],
  },
  conexiones: {
    entidad: 'conexiones',
    titulo: 'Conexiones',
    clave: 'cid_enlace',
    columnas: [
      col(
        'cid_enlace',
        false,
        'CID del enlace, único. Vacío: se asigna el siguiente. Indíquelo para poder reimportar el archivo sin duplicar.',
        '257001',
        { alias: ['cid'] },
      ),
      col('servicio_cid_interno', true, 'cid_interno del servicio de proveedor que respalda el enlace.', 'ICP-1045'),
      col('cliente_ruc', true, 'RUC del cliente corporativo, ya registrado.', '20100070970'),
      col('tipo_enlace', true, `Tipo de servicio al cliente. ${valores(TIPOS_SERVICIO_CLIENTE)}`, 'Internet'),
      col('modalidad_enlace', false, `Tipo de enlace. ${valores(TIPOS_ENLACE)}`, 'P2P'),
      col('bw_contratado', true, `Capacidad contratada. ${MBPS}`, '500', { tipo: 'numero' }),
      col('bw_utilizado', false, `Capacidad utilizada; vacío: 0. ${MBPS}`, '120,5', { tipo: 'numero' }),
      col(
        'enlace_estado',
        false,
        `Vacío: PENDIENTE. Un enlace que no está en BAJA reserva su bw_contratado en el servicio. ${valores(ENLACE_ESTADOS)}`,
        'ACTIVO',
        { alias: ['estado'] },
      ),
      col(
        'enlace_fecha_activacion',
        false,
        'Fecha de activación: AAAA-MM-DD o DD/MM/AAAA (o una celda de fecha de Excel).',
        '2025-06-01',
        { alias: ['fecha_activacion'], tipo: 'fecha' },
      ),
      col('nodo_a_nombre', true, 'Nombre del nodo A (origen), ya registrado.', 'NODO SAN ISIDRO', {
        alias: ['nodo_a'],
      }),
      col(
        'configuracion_nodo_a',
        false,
        'Configuración pegada del nodo A (hasta 20000 caracteres).',
        'interface Gi0/0',
      ),
      col('nodo_b_nombre', false, 'Nombre del nodo B (destino), distinto del A.', 'NODO MIRAFLORES', {
        alias: ['nodo_b'],
      }),
      col('configuracion_nodo_b', false, 'Configuración pegada del nodo B (hasta 20000 caracteres).', ''),
      col('departamento_enlace', false, 'Departamento (nombre del ubigeo INEI).', 'Lima'),
      col('provincia_enlace', false, 'Provincia del departamento indicado.', 'Lima'),
      col(
        'distrito_enlace',
        false,
        'Distrito (texto libre; se corrige la escritura si coincide con el ubigeo).',
        'Miraflores',
      ),
      col('direccion_enlace', false, 'Dirección de entrega (hasta 300 caracteres).', 'Av. Larco 1150'),
      col(
        'locacion',
        false,
        'Etiqueta descriptiva de la ubicación (hasta 200 caracteres).',
        'Lima - Miraflores / Oficina',
      ),
      col('asignacion_ip', false, 'Bloque IP asignado, a.b.c.d/n.', '192.168.1.1/24'),
      col(
        'equipos_seriales',
        false,
        'Seriales de equipos registrados, separados por |. Un equipo no puede estar en dos enlaces que no estén en BAJA.',
        'FDO2231A0BC|HW5512',
        { tipo: 'lista' },
      ),
    ],
  },
};

export function esEntidadImportacion(s: string): s is EntidadImportacion {
  return (ENTIDADES_IMPORTACION as readonly string[]).includes(s);
}
