import { ESTADOS_EQUIPO, ESTADOS_REGISTRO, TIPOS_EQUIPO, TIPOS_NODO } from '@troncal/domain/enums';
import { sql } from 'drizzle-orm';
import { check, index, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditColumns, enCheck } from './common';

export const proveedores = pgTable(
  'proveedores',
  {
    proveedor_id: serial('proveedor_id').primaryKey(),
    nombre: text('nombre').notNull(),
    ruc: text('ruc'),
    estado: text('estado', { enum: ESTADOS_REGISTRO }).notNull().default('ACTIVO'),
    contacto: text('contacto'),
    telefono: text('telefono'),
    email: text('email'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('proveedores_nombre_uq').on(sql`lower(${t.nombre})`),
    enCheck('proveedores_estado_ck', t.estado, ESTADOS_REGISTRO),
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
    estado: text('estado', { enum: ESTADOS_REGISTRO }).notNull().default('ACTIVO'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('clientes_ruc_uq').on(t.ruc),
    index('clientes_razon_social_trgm').using('gin', sql`${t.razon_social} gin_trgm_ops`),
    check('clientes_ruc_ck', sql`${t.ruc} ~ '^[0-9]{11}$'`),
    enCheck('clientes_estado_ck', t.estado, ESTADOS_REGISTRO),
  ],
);

export const nodos = pgTable(
  'nodos',
  {
    nodo_id: serial('nodo_id').primaryKey(),
    nombre: text('nombre').notNull(),
    tipo: text('tipo', { enum: TIPOS_NODO }).notNull(),
    ubigeo: text('ubigeo'),
    direccion: text('direccion'),
    estado: text('estado', { enum: ESTADOS_REGISTRO }).notNull().default('ACTIVO'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('nodos_nombre_uq').on(sql`lower(${t.nombre})`),
    enCheck('nodos_tipo_ck', t.tipo, TIPOS_NODO),
    check('nodos_ubigeo_ck', sql`${t.ubigeo} is null or ${t.ubigeo} ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'`),
    enCheck('nodos_estado_ck', t.estado, ESTADOS_REGISTRO),
  ],
);

export const equipos = pgTable(
  'equipos',
  {
    equipo_id: serial('equipo_id').primaryKey(),
    tipo: text('tipo', { enum: TIPOS_EQUIPO }).notNull(),
    marca: text('marca').notNull(),
    modelo: text('modelo').notNull(),
    serial: text('serial').notNull(),
    estado: text('estado', { enum: ESTADOS_EQUIPO }).notNull().default('DISPONIBLE'),
    observacion: text('observacion'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('equipos_serial_uq').on(sql`lower(${t.serial})`),
    enCheck('equipos_tipo_ck', t.tipo, TIPOS_EQUIPO),
    enCheck('equipos_estado_ck', t.estado, ESTADOS_EQUIPO),
  ],
);
