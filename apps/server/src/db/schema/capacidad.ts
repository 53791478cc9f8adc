import {
  CONDICIONES_SERVICIO,
  ENLACE_ESTADOS,
  MODALIDADES_SERVICIO,
  ORIGENES_MOVIMIENTO,
  TIPOS_ENLACE,
  TIPOS_SERVICIO_CLIENTE,
} from '@troncal/domain/enums';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  integer,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { usuarios } from './auth';
import { auditColumns, creadoEn, enCheck, mbps } from './common';
import { clientes, equipos, nodos, proveedores } from './referencia';

export const servicioCidSeq = pgSequence('servicio_cid_seq', { startWith: 1001, minValue: 1 });
export const enlaceCidSeq = pgSequence('enlace_cid_seq', { startWith: 257001, minValue: 1 });

export const serviciosProveedor = pgTable(
  'servicios_proveedor',
  {
    servicio_id: serial('servicio_id').primaryKey(),
    proveedor_id: integer('proveedor_id')
      .notNull()
      .references(() => proveedores.proveedor_id),
    nodo_id: integer('nodo_id').references(() => nodos.nodo_id),
    modalidad: text('modalidad', { enum: MODALIDADES_SERVICIO }).notNull(),
    capacidad_comprada: mbps('capacidad_comprada').notNull().default(0),
    capacidad_vendida: mbps('capacidad_vendida').notNull().default(0),
    capacidad_utilizada: mbps('capacidad_utilizada').notNull().default(0),
    // Derived, never written by a client (PRODUCT.md "Capacity").
    capacidad_disponible: mbps('capacidad_disponible').generatedAlwaysAs(sql`capacidad_comprada - capacidad_vendida`),
    ubicacion_servicio: text('ubicacion_servicio'),
    condicion: text('condicion', { enum: CONDICIONES_SERVICIO }).notNull().default('ACTIVO'),
    observacion: text('observacion'),
    cid_proveedor: text('cid_proveedor'),
    cid_interno: text('cid_interno').notNull(),
    limite_sobreventa_pct: mbps('limite_sobreventa_pct'),
    // Free-text search target (trigram-indexed); the provider's name is matched through its own table.
    busqueda: text('busqueda').generatedAlwaysAs(
      sql`lower(coalesce(cid_interno, '') || ' ' || coalesce(cid_proveedor, '') || ' ' || modalidad || ' ' || coalesce(ubicacion_servicio, ''))`,
    ),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('servicios_cid_interno_uq').on(t.cid_interno),
    index('servicios_proveedor_idx').on(t.proveedor_id, t.servicio_id),
    index('servicios_busqueda_trgm').using('gin', sql`${t.busqueda} gin_trgm_ops`),
    check('servicios_comprada_ck', sql`${t.capacidad_comprada} >= 0`),
    check('servicios_vendida_ck', sql`${t.capacidad_vendida} >= 0`),
    check('servicios_utilizada_ck', sql`${t.capacidad_utilizada} >= 0`),
    check('servicios_limite_ck', sql`${t.limite_sobreventa_pct} is null or ${t.limite_sobreventa_pct} >= 0`),
    enCheck('servicios_modalidad_ck', t.modalidad, MODALIDADES_SERVICIO),
    enCheck('servicios_condicion_ck', t.condicion, CONDICIONES_SERVICIO),
  ],
);

export const conexiones = pgTable(
  'conexiones',
  {
    enlace_id: serial('enlace_id').primaryKey(),
    servicio_id: integer('servicio_id').references(() => serviciosProveedor.servicio_id),
    cid_enlace: text('cid_enlace').notNull(),
    modalidad_enlace: text('modalidad_enlace', { enum: TIPOS_ENLACE }),
    tipo_enlace: text('tipo_enlace', { enum: TIPOS_SERVICIO_CLIENTE }),
    enlace_estado: text('enlace_estado', { enum: ENLACE_ESTADOS }).notNull().default('PENDIENTE'),
    enlace_fecha_activacion: date('enlace_fecha_activacion', { mode: 'string' }),
    bw_contratado: mbps('bw_contratado').notNull().default(0),
    bw_utilizado: mbps('bw_utilizado').notNull().default(0),
    bw_disponible: mbps('bw_disponible').generatedAlwaysAs(sql`bw_contratado - bw_utilizado`),
    departamento_enlace: text('departamento_enlace'),
    provincia_enlace: text('provincia_enlace'),
    distrito_enlace: text('distrito_enlace'),
    direccion_enlace: text('direccion_enlace'),
    locacion: text('locacion'),
    cliente_id: integer('cliente_id').references(() => clientes.cliente_id),
    nodo_a: integer('nodo_a').references(() => nodos.nodo_id),
    configuracion_nodo_a: text('configuracion_nodo_a'),
    nodo_b: integer('nodo_b').references(() => nodos.nodo_id),
    configuracion_nodo_b: text('configuracion_nodo_b'),
    asignacion_ip: text('asignacion_ip'),
    ...auditColumns(),
  },
  (t) => [
    uniqueIndex('conexiones_cid_uq').on(t.cid_enlace),
    index('conexiones_servicio_idx').on(t.servicio_id, t.enlace_estado),
    index('conexiones_cliente_idx').on(t.cliente_id),
    index('conexiones_estado_idx').on(t.enlace_estado, t.enlace_id),
    check('conexiones_bw_contratado_ck', sql`${t.bw_contratado} >= 0`),
    check('conexiones_bw_utilizado_ck', sql`${t.bw_utilizado} >= 0`),
    enCheck('conexiones_estado_ck', t.enlace_estado, ENLACE_ESTADOS),
  ],
);

/** The connection a row belongs to: deleting the connection deletes the row. */
function conexionDeLaFila() {
  return integer('enlace_id')
    .notNull()
    .references(() => conexiones.enlace_id, { onDelete: 'cascade' });
}

export const conexionEquipos = pgTable(
  'conexion_equipos',
  {
    enlace_id: conexionDeLaFila(),
    equipo_id: integer('equipo_id')
      .notNull()
      .references(() => equipos.equipo_id),
  },
  (t) => [primaryKey({ columns: [t.enlace_id, t.equipo_id] }), index('conexion_equipos_equipo_idx').on(t.equipo_id)],
);

/** The service a ledger row or usage sample belongs to. */
function servicioDeLaFila() {
  return integer('servicio_id')
    .notNull()
    .references(() => serviciosProveedor.servicio_id);
}

/** Who wrote a history row (null: the system) and when. */
function autoria() {
  return { usuario_id: integer('usuario_id').references(() => usuarios.usuario_id), created_at: creadoEn() };
}

/** The capacity ledger: append-only; Σ delta_vendida per service = capacidad_vendida. */
export const movimientosCapacidad = pgTable(
  'movimientos_capacidad',
  {
    movimiento_id: bigserial('movimiento_id', { mode: 'number' }).primaryKey(),
    servicio_id: servicioDeLaFila(),
    delta_vendida: mbps('delta_vendida').notNull(),
    vendida_resultante: mbps('vendida_resultante').notNull(),
    motivo: text('motivo'),
    origen: text('origen', { enum: ORIGENES_MOVIMIENTO }).notNull(),
    enlace_id: integer('enlace_id').references(() => conexiones.enlace_id),
    ...autoria(),
  },
  (t) => [
    index('movimientos_servicio_idx').on(t.servicio_id, t.movimiento_id),
    index('movimientos_enlace_idx').on(t.enlace_id),
    enCheck('movimientos_origen_ck', t.origen, ORIGENES_MOVIMIENTO),
  ],
);

/** A connection's own bandwidth history (also when /v1 changes the link without touching the service). */
export const movimientosEnlace = pgTable(
  'movimientos_enlace',
  {
    movimiento_id: bigserial('movimiento_id', { mode: 'number' }).primaryKey(),
    enlace_id: conexionDeLaFila(),
    bw_anterior: mbps('bw_anterior').notNull(),
    bw_nuevo: mbps('bw_nuevo').notNull(),
    delta: mbps('delta').notNull(),
    motivo: text('motivo'),
    ...autoria(),
  },
  (t) => [index('movimientos_enlace_enlace_idx').on(t.enlace_id, t.movimiento_id)],
);

/** Recorded usage samples for the service chart: real data only, never simulated. */
export const muestrasUso = pgTable(
  'muestras_uso',
  {
    muestra_id: bigserial('muestra_id', { mode: 'number' }).primaryKey(),
    servicio_id: servicioDeLaFila(),
    capacidad_comprada: mbps('capacidad_comprada').notNull(),
    capacidad_vendida: mbps('capacidad_vendida').notNull(),
    capacidad_utilizada: mbps('capacidad_utilizada').notNull(),
    created_at: creadoEn(),
  },
  (t) => [index('muestras_servicio_idx').on(t.servicio_id, t.created_at)],
);
