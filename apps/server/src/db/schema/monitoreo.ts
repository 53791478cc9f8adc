import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { auditColumns, mbps } from './common';

const instante = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * The `monitoreo` binding of a connection or a provider service, and its last reading. Kept apart
 * from the entity tables so a cycle writing 100,000 states never rewrites (nor locks) a connection
 * row; the connection's own `bw_utilizado` is written once per cycle, only when it changes.
 * No foreign key on `objeto_id`: it names one of two tables. Use cases check the row exists.
 */
export const vinculosMonitoreo = pgTable(
  'vinculos_monitoreo',
  {
    objeto: text('objeto').notNull(),
    objeto_id: integer('objeto_id').notNull(),
    fuente: text('fuente').notNull(),
    host: text('host'),
    interfaz: text('interfaz'),
    entrada: text('entrada'),
    salida: text('salida'),
    /** null until the first cycle reads it. */
    estado: text('estado'),
    mensaje: text('mensaje'),
    /** Over the trailing window, from stored samples; kept as they were when a reading fails. */
    p95_mbps: mbps('p95_mbps'),
    max_mbps: mbps('max_mbps'),
    promedio_mbps: mbps('promedio_mbps'),
    muestras: integer('muestras'),
    /** When the values above were computed (the last OK reading). */
    medido_en: instante('medido_en'),
    /** The newest 5-minute sample stored: the next cycle asks the source from its hour on. */
    ultima_muestra_en: instante('ultima_muestra_en'),
    /**
     * The source has been read from this time on (up to the last cycle). Null: never answered. A
     * value after the window's start means the window is still being filled backwards, a few hours
     * per cycle (docs/monitoreo.md, "Filling the window").
     */
    leido_desde: instante('leido_desde'),
    intentado_en: instante('intentado_en'),
    /**
     * What the cycle keeps of the window's whole hours so it need not read them every 5 minutes
     * (services/monitoreo/ventana.ts): [hour it is for, samples, Σ kbps, max kbps, the largest kbps
     * values in descending order…]. `ventana_a` covers the hours between the window's first and the
     * current one; `ventana_b` the same for the next hour but its last one, built during the hour.
     */
    ventana_a: bigint('ventana_a', { mode: 'number' }).array(),
    ventana_b: bigint('ventana_b', { mode: 'number' }).array(),
    /**
     * The window's first hour (partly inside it) as `uso_horario` has it, max(entrada, salida) per
     * 5-minute slot (empty: no row), so the cycles of an hour read it once instead of every cycle.
     * Read again whenever a cycle wrote that hour (ventana.ts).
     */
    primera_hora: instante('primera_hora'),
    primera_kbps: integer('primera_kbps').array(),
    /**
     * The hour being measured (the cycle's current UTC hour) and its 5-minute slots in kbps, as
     * `uso_horario` keeps whole hours. Each cycle rewrites them here, in a row whose updates stay
     * on its page, instead of rewriting an hourly row of the big table; the first cycle of the next
     * hour moves them into `uso_horario` (services/monitoreo/guardar-lote.ts). Readers merge them
     * over `uso_horario` (almacen.ts, leerMuestras).
     */
    hora_actual: instante('hora_actual'),
    actual_entrada_kbps: integer('actual_entrada_kbps').array(),
    actual_salida_kbps: integer('actual_salida_kbps').array(),
    ...auditColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.objeto, t.objeto_id] }),
    index('vinculos_monitoreo_estado_idx').on(t.estado, t.objeto, t.objeto_id),
    // The windows still being filled (leido_desde after the window's start): GET /v1/monitoreo/estado,
    // each cycle's answer and its backfill count or list a handful instead of reading every row.
    index('vinculos_monitoreo_leido_desde_idx').on(t.leido_desde),
    check('vinculos_monitoreo_objeto_ck', sql`${t.objeto} in ('conexion', 'servicio')`),
    check(
      'vinculos_monitoreo_fuente_ck',
      sql`(${t.fuente} = 'zabbix' and ${t.host} is not null and ${t.interfaz} is not null and ${t.entrada} is null and ${t.salida} is null)
       or (${t.fuente} = 'prometheus' and ${t.entrada} is not null and ${t.salida} is not null and ${t.host} is null and ${t.interfaz} is null)`,
    ),
    check('vinculos_monitoreo_estado_ck', sql`${t.estado} is null or ${t.estado} in ('OK', 'SIN_DATOS', 'ERROR')`),
  ],
);

/** `objeto` (1 connection, 2 service) and its id: the key's first two columns in both usage tables. */
const claveObjeto = () => ({
  objeto: smallint('objeto').notNull(),
  objeto_id: integer('objeto_id').notNull(),
});

/** Primary key (objeto, objeto_id, time), an index on the time, and the objeto check. */
const porObjetoY = (tabla: string, t: { objeto: AnyPgColumn; objeto_id: AnyPgColumn }, tiempo: AnyPgColumn) => [
  primaryKey({ columns: [t.objeto, t.objeto_id, tiempo] }),
  index(`${tabla}_${tiempo.name}_idx`).on(tiempo),
  check(`${tabla}_objeto_ck`, sql`${t.objeto} in (1, 2)`),
];

/**
 * One row per measured object and UTC hour: the hour's twelve 5-minute samples per direction, in
 * kbps (the product's 3-decimal Mbps exactly; int4 holds up to ~2.1 Tbps), null where nothing was
 * measured. `objeto` is 1 for a connection and 2 for a service: a smallint where a text would cost
 * 8 bytes more on each of ~84 million rows at 100,000 connections. Kept 35 days, then summed up
 * into `uso_diario`.
 */
export const usoHorario = pgTable(
  'uso_horario',
  {
    ...claveObjeto(),
    hora: instante('hora').notNull(),
    entrada_kbps: integer('entrada_kbps').array().notNull(),
    salida_kbps: integer('salida_kbps').array().notNull(),
  },
  // The pruning finds hours past retention through the index on the hour instead of scanning.
  (t) => porObjetoY('uso_horario', t, t.hora),
);

/** One row per object and UTC day once its hours leave `uso_horario`; kept 400 days. */
export const usoDiario = pgTable(
  'uso_diario',
  {
    ...claveObjeto(),
    dia: date('dia', { mode: 'string' }).notNull(),
    /** 5-minute samples of the day, and p95/max/average of their max(entrada, salida). */
    muestras: smallint('muestras').notNull(),
    p95_kbps: integer('p95_kbps').notNull(),
    max_kbps: integer('max_kbps').notNull(),
    promedio_kbps: integer('promedio_kbps').notNull(),
    entrada_prom_kbps: integer('entrada_prom_kbps'),
    entrada_max_kbps: integer('entrada_max_kbps'),
    salida_prom_kbps: integer('salida_prom_kbps'),
    salida_max_kbps: integer('salida_max_kbps'),
  },
  (t) => porObjetoY('uso_diario', t, t.dia),
);

/** The last monitoring cycle, whichever process ran it (one row). */
export const monitoreoCiclo = pgTable(
  'monitoreo_ciclo',
  {
    ciclo_id: smallint('ciclo_id').primaryKey().default(1),
    iniciado_en: instante('iniciado_en').notNull(),
    terminado_en: instante('terminado_en'),
    origen: text('origen').notNull(),
    consultados: integer('consultados').notNull().default(0),
    actualizados: integer('actualizados').notNull().default(0),
    errores: integer('errores').notNull().default(0),
    duracion_ms: integer('duracion_ms'),
    /** The last backfill run between cycles (services/monitoreo/sincronizar.ts, `rellenar`). */
    relleno_iniciado_en: instante('relleno_iniciado_en'),
    relleno_terminado_en: instante('relleno_terminado_en'),
    rellenados: integer('rellenados').notNull().default(0),
    relleno_duracion_ms: integer('relleno_duracion_ms'),
  },
  (t) => [check('monitoreo_ciclo_unico_ck', sql`${t.ciclo_id} = 1`)],
);
