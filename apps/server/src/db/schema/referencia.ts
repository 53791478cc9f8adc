import { sql } from 'drizzle-orm';
import { check, index, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditColumns } from './common';

export const proveedores = pgTable(
  'proveedores',
  {
    proveedor_id: serial('proveedor_id').primaryKey(),
    nombre: text('nombre').notNull(),
    ruc: text('ruc'),
    estado: text('estado').notNull().default('ACTIVO'),
    contacto: text('contacto'),
    telefono: text('telefono'),
    email: text('email'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('proveedores_nombre_uq').on(sql`lower(${t.nombre})`),
    check('proveedores_estado_ck', sql`${t.estado} in ('ACTIVO', 'INACTIVO')`),
  ],
);

export const clientes = pgTable(
  'clientes',
  {
    cliente_id: serial('cliente_id').primaryKey(),
    razon_social: text('razon_social').notNull(),
    ruc: text('ruc').notNull(),
    contacto: text('contacto'),
    telefono: text('telefono'),
    email: text('email'),
    estado: text('estado').notNull().default('ACTIVO'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('clientes_ruc_uq').on(t.ruc),
    index('clientes_razon_social_trgm').using('gin', sql`${t.razon_social} gin_trgm_ops`),
    check('clientes_ruc_ck', sql`${t.ruc} ~ '^[0-9]{11}$'`),
    check('clientes_estado_ck', sql`${t.estado} in ('ACTIVO', 'INACTIVO')`),
  ],
);

export const nodos = pgTable(
  'nodos',
  {
    nodo_id: serial('nodo_id').primaryKey(),
    nombre: text('nombre').notNull(),
    tipo: text('tipo').notNull(),
    ubigeo: text('ubigeo'),
    direccion: text('direccion'),
    estado: text('estado').notNull().default('ACTIVO'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('nodos_nombre_uq').on(sql`lower(${t.nombre})`),
    check('nodos_tipo_ck', sql`${t.tipo} in ('CORE', 'AGREGACION', 'ACCESO', 'EDGE', 'POP', 'CLIENTE')`),
    check('nodos_ubigeo_ck', sql`${t.ubigeo} is null or ${t.ubigeo} ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'`),
    check('nodos_estado_ck', sql`${t.estado} in ('ACTIVO', 'INACTIVO')`),
  ],
);

export const equipos = pgTable(
  'equipos',
  {
    equipo_id: serial('equipo_id').primaryKey(),
    tipo: text('tipo').notNull(),
    marca: text('marca').notNull(),
    modelo: text('modelo').notNull(),
    serial: text('serial').notNull(),
    estado: text('estado').notNull().default('DISPONIBLE'),
    observacion: text('observacion'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('equipos_serial_uq').on(sql`lower(${t.serial})`),
    check('equipos_tipo_ck', sql`${t.tipo} in ('ROUTER', 'SWITCH', 'ONT', 'RADIO', 'FIREWALL', 'OTRO')`),
    check('equipos_estado_ck', sql`${t.estado} in ('DISPONIBLE', 'ASIGNADO', 'BAJA')`),
  ],
);
