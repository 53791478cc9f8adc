import { evaluarSobreventa, type PoliticaSobreventa, reservaCapacidad } from '@troncal/domain/capacity';
import type {
  ClienteUpdateInput,
  ConexionUpdateInput,
  EquipoUpdateInput,
  NodoUpdateInput,
  ProveedorUpdateInput,
  ServicioProveedorUpdateInput,
} from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { and, asc, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { auditoria, usuarioId } from '../../auth/auditoria';
import type { AuthUser } from '../../auth/types';
import { type DbOrTx, execRows, type Tx } from '../../db/client';
import { esUnicoViolado } from '../../db/errores-pg';
import { conexionEquipos, conexiones, equipos, serviciosProveedor } from '../../db/schema';
import { enTransaccion } from '../../db/transaccion';
import { DomainError } from '../../errors';
import { registrarCambio, registrarCreaciones } from '../cambios';
import { bloquearServicios } from '../capacidad';
import { avanzarPasadoCids, cidCanonico, tomarCids } from '../cid';
import { actualizarCliente } from '../clientes.service';
import { actualizarConexion } from '../conexiones';
import { actualizarEquipo } from '../equipos.service';
import { conflicto } from '../errores';
import { utilizadaServicioSql } from '../monitoreo/utilizada-sql';
import { actualizarNodo } from '../nodos.service';
import { actualizarProveedor } from '../proveedores.service';
import { actualizarServicio } from '../servicios';
import type { DatosImportacion } from './entidades';
import type { ErrorFila, LimitesImportacion } from './errores';
import { leerArchivo } from './leer';
import type { EntidadImportacion } from './plantillas';
import { resolverSql } from './resolver-sql';
import { type RegistroImportado, validarImportacion } from './validar';

/**
 * The import use case: read the file, validate every row (natural keys resolved in SQL), and for
 * `aplicar` write everything in ONE transaction — or nothing, with the same errors (422).
 * New rows go in as batched multi-row INSERTs; connections that hold capacity write their ledger
 * rows (origin IMPORTACION, motivo naming the file) in one INSERT per batch, and each touched
 * service gets one vendida update and one utilizada recompute, so `vendida = Σ ledger` holds.
 * Rows whose natural key exists (with existentes=actualizar) go through the entity's own update
 * use case, inside the same transaction.
 */

export type ModoImportacion = 'validar' | 'aplicar';

export interface PedidoImportacion {
  entidad: EntidadImportacion;
  bytes: Uint8Array;
  tipoContenido?: string | null | undefined;
  modo: ModoImportacion;
  existentes?: 'rechazar' | 'actualizar' | undefined;
  /** Shown in the ledger's motivo ("Importación desde inventario.xlsx"). */
  nombreArchivo: string;
  usuario: AuthUser | null;
  politica: PoliticaSobreventa;
  limites?: Partial<LimitesImportacion> | undefined;
}

export interface ResultadoValidar {
  ok: boolean;
  filas: number;
  validas: number;
  errores: ErrorFila[];
  advertencias: string[];
}

export interface ResultadoAplicar {
  ok: true;
  filas: number;
  creados: number;
  actualizados: number;
  advertencias: string[];
}

/** A file with any error: 422 with every problem, nothing written. */
export class ErrorImportacion extends DomainError {
  constructor(
    readonly resultado: Omit<ResultadoValidar, 'ok'>,
    aplicando = true,
  ) {
    const n = resultado.errores.length;
    super(
      'REGLA_NEGOCIO',
      `El archivo tiene ${n} ${n === 1 ? 'error' : 'errores'}; ${aplicando ? 'no se importó nada' : 'nada cambió'}. Corríjalos y vuelva a intentarlo.`,
    );
  }
}

/** Rows per INSERT: ~30 columns × 1,000 rows stays under PostgreSQL's 65,535 parameters. */
const LOTE = 1000;

function* lotes<T>(xs: readonly T[], n = LOTE): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

interface Contexto {
  tx: Tx;
  usuario: AuthUser | null;
  politica: PoliticaSobreventa;
  motivo: string;
  /** Rows per natural key, for errors found while writing. */
  filas: number;
}

interface Escrito {
  creados: number;
  actualizados: number;
  advertencias: string[];
}

type Registros<E extends EntidadImportacion> = RegistroImportado<DatosImportacion[E]>[];

export async function importar(db: DbOrTx, p: PedidoImportacion): Promise<ResultadoValidar | ResultadoAplicar> {
  const tabla = await leerArchivo(p.bytes, p.tipoContenido, p.limites);
  const opciones = { existentes: p.existentes ?? 'rechazar' } as const;
  if (p.modo === 'validar') {
    const r = await validarImportacion(p.entidad, tabla, resolverSql(db), opciones);
    const errores = [...r.errores];
    const advertencias: string[] = [];
    if (r.ok && p.entidad === 'conexiones') {
      const prev = await preverCapacidad(db, r.registros as Registros<'conexiones'>, p.politica, false);
      errores.push(...prev.errores);
      advertencias.push(...prev.advertencias);
    }
    // Capacity errors come only when every row was valid: the rows they name are no longer.
    const validas = r.validas - new Set(errores.slice(r.errores.length).map((e) => e.fila)).size;
    const resultado = { filas: r.filas, validas, errores, advertencias };
    // Like every /v1 refusal, a file with errors is ok:false with a 4xx: 422 with the full report.
    if (errores.length > 0) throw new ErrorImportacion(resultado, false);
    return { ok: true, ...resultado };
  }
  return enTransaccion(db, async (tx) => {
    // Validated again inside the transaction: what it checked is what it writes.
    const r = await validarImportacion(p.entidad, tabla, resolverSql(tx), opciones);
    if (!r.ok) throw new ErrorImportacion({ filas: r.filas, validas: r.validas, errores: r.errores, advertencias: [] });
    const ctx: Contexto = {
      tx,
      usuario: p.usuario,
      politica: p.politica,
      motivo: `Importación desde ${p.nombreArchivo}`,
      filas: r.filas,
    };
    const escrito = await escribir(p.entidad, ctx, r.registros);
    return { ok: true as const, filas: r.filas, ...escrito };
  });
}

function escribir(entidad: EntidadImportacion, ctx: Contexto, registros: unknown[]): Promise<Escrito> {
  switch (entidad) {
    case 'proveedores':
      return escribirSimple(
        registros as Registros<'proveedores'>,
        {
          insertar: (lote) =>
            insertarLote(
              ctx.tx,
              'proveedores',
              {
                nombre: 'text',
                ruc: 'text',
                estado: 'text',
                contacto: 'text',
                telefono: 'text',
                email: 'text',
                created_by: 'integer',
                updated_by: 'integer',
              },
              lote.map(({ datos: d }) => ({
                nombre: d.nombre,
                ruc: d.ruc ?? null,
                estado: d.estado ?? 'ACTIVO',
                contacto: d.contacto ?? null,
                telefono: d.telefono ?? null,
                email: d.email ?? null,
                ...auditoria(ctx.usuario),
              })),
              '*',
            ),
          historial: { entidad: 'proveedor', idCampo: 'proveedor_id', usuario: ctx.usuario },
          actualizar: (id, d) => actualizarProveedor(ctx.tx, id, d as ProveedorUpdateInput, ctx.usuario),
        },
        ctx.tx,
      );
    case 'clientes':
      return escribirSimple(
        registros as Registros<'clientes'>,
        {
          insertar: (lote) =>
            insertarLote(
              ctx.tx,
              'clientes',
              {
                razon_social: 'text',
                ruc: 'text',
                contacto: 'text',
                telefono: 'text',
                email: 'text',
                estado: 'text',
                created_by: 'integer',
                updated_by: 'integer',
              },
              lote.map(({ datos: d }) => ({
                razon_social: d.razon_social,
                ruc: d.ruc,
                contacto: d.contacto ?? null,
                telefono: d.telefono ?? null,
                email: d.email ?? null,
                estado: d.estado ?? 'ACTIVO',
                ...auditoria(ctx.usuario),
              })),
              '*',
            ),
          historial: { entidad: 'cliente', idCampo: 'cliente_id', usuario: ctx.usuario },
          actualizar: (id, d) => actualizarCliente(ctx.tx, id, d as ClienteUpdateInput, ctx.usuario),
        },
        ctx.tx,
      );
    case 'nodos':
      return escribirSimple(
        registros as Registros<'nodos'>,
        {
          insertar: (lote) =>
            insertarLote(
              ctx.tx,
              'nodos',
              {
                nombre: 'text',
                tipo: 'text',
                ubigeo: 'text',
                direccion: 'text',
                estado: 'text',
                created_by: 'integer',
                updated_by: 'integer',
              },
              lote.map(({ datos: d }) => ({
                nombre: d.nombre,
                tipo: d.tipo,
                ubigeo: d.ubigeo ?? null,
                direccion: d.direccion ?? null,
                estado: d.estado ?? 'ACTIVO',
                ...auditoria(ctx.usuario),
              })),
              '*',
            ),
          historial: { entidad: 'nodo', idCampo: 'nodo_id', usuario: ctx.usuario },
          actualizar: (id, d) => actualizarNodo(ctx.tx, id, d as NodoUpdateInput, ctx.usuario),
        },
        ctx.tx,
      );
    case 'equipos':
      return escribirSimple(
        registros as Registros<'equipos'>,
        {
          insertar: (lote) =>
            insertarLote(
              ctx.tx,
              'equipos',
              {
                tipo: 'text',
                marca: 'text',
                modelo: 'text',
                serial: 'text',
                estado: 'text',
                observacion: 'text',
                created_by: 'integer',
                updated_by: 'integer',
              },
              lote.map(({ datos: d }) => ({
                tipo: d.tipo,
                marca: d.marca,
                modelo: d.modelo,
                serial: d.serial,
                estado: d.estado ?? 'DISPONIBLE',
                observacion: d.observacion ?? null,
                ...auditoria(ctx.usuario),
              })),
              '*',
            ),
          historial: { entidad: 'equipo', idCampo: 'equipo_id', usuario: ctx.usuario },
          actualizar: (id, d) => actualizarEquipo(ctx.tx, id, d as EquipoUpdateInput, ctx.usuario),
        },
        ctx.tx,
      );
    case 'servicios-proveedor':
      return escribirServicios(ctx, registros as Registros<'servicios-proveedor'>);
    case 'conexiones':
      return escribirConexiones(ctx, registros as Registros<'conexiones'>);
  }
}

/**
 * One `INSERT … SELECT … FROM jsonb_to_recordset($1)`: a batch of rows travels as ONE JSON parameter
 * instead of ~25,000 bound values, which is faster to build and parse and leaves far less garbage
 * on the server (the 100,000-connection benchmark). Absent keys are NULL; omitted columns default.
 */
function insertarLote<R = Record<string, unknown>>(
  tx: DbOrTx,
  tabla: string,
  columnas: Readonly<Record<string, string>>,
  filas: readonly object[],
  returning = '',
): Promise<R[]> {
  const nombres = Object.keys(columnas);
  const lista = sql.raw(nombres.join(', '));
  const tipos = sql.raw(nombres.map((c) => `${c} ${columnas[c]}`).join(', '));
  return execRows<R>(
    tx,
    sql`insert into ${sql.raw(tabla)} (${lista})
        select ${lista} from jsonb_to_recordset(${JSON.stringify(filas)}::jsonb) as x(${tipos})
        ${sql.raw(returning ? `returning ${returning}` : '')}`,
  );
}

const COLUMNAS_CONEXION = {
  cid_enlace: 'text',
  servicio_id: 'integer',
  modalidad_enlace: 'text',
  tipo_enlace: 'text',
  enlace_estado: 'text',
  enlace_fecha_activacion: 'date',
  bw_contratado: 'numeric',
  bw_utilizado: 'numeric',
  departamento_enlace: 'text',
  provincia_enlace: 'text',
  distrito_enlace: 'text',
  direccion_enlace: 'text',
  locacion: 'text',
  cliente_id: 'integer',
  nodo_a: 'integer',
  configuracion_nodo_a: 'text',
  nodo_b: 'integer',
  configuracion_nodo_b: 'text',
  asignacion_ip: 'text',
  created_by: 'integer',
  updated_by: 'integer',
} as const;
const COLUMNAS_LIBRO = {
  servicio_id: 'integer',
  delta_vendida: 'numeric',
  vendida_resultante: 'numeric',
  motivo: 'text',
  origen: 'text',
  enlace_id: 'integer',
  usuario_id: 'integer',
} as const;
const COLUMNAS_HISTORIAL = {
  enlace_id: 'integer',
  bw_anterior: 'numeric',
  bw_nuevo: 'numeric',
  delta: 'numeric',
  motivo: 'text',
  usuario_id: 'integer',
} as const;

/** A unique index refusing a batch (another request created the same key meanwhile): 409, nothing written. */
async function conUnicos<T>(operacion: () => Promise<T>): Promise<T> {
  try {
    return await operacion();
  } catch (e) {
    if (esUnicoViolado(e)) {
      throw conflicto(
        'Otra operación registró uno de los valores del archivo mientras se importaba; vuelva a validar.',
      );
    }
    throw e;
  }
}

async function escribirSimple<T>(
  registros: RegistroImportado<T>[],
  e: {
    insertar: (lote: RegistroImportado<T>[]) => Promise<object[]>;
    actualizar: (id: number, datos: T) => Promise<unknown>;
    /** Each inserted row (RETURNING *) gets its creation row in the change history. */
    historial: { entidad: 'proveedor' | 'cliente' | 'nodo' | 'equipo'; idCampo: string; usuario: AuthUser | null };
  },
  tx: DbOrTx,
): Promise<Escrito> {
  const nuevos = registros.filter((r) => r.existente === null);
  for (const lote of lotes(nuevos)) {
    const filas = await conUnicos(() => e.insertar(lote));
    await registrarCreaciones(tx, { ...e.historial, filas });
  }
  const existentes = registros.filter((r) => r.existente !== null);
  for (const r of existentes) await e.actualizar(r.existente as number, r.datos);
  return { creados: nuevos.length, actualizados: existentes.length, advertencias: [] };
}

async function escribirServicios(ctx: Contexto, registros: Registros<'servicios-proveedor'>): Promise<Escrito> {
  const { tx } = ctx;
  const nuevos = registros.filter((r) => r.existente === null);
  const manuales = nuevos.flatMap((r) => (r.datos.cid_interno ? [cidCanonico('servicio', r.datos.cid_interno)] : []));
  await avanzarPasadoCids(tx, 'servicio', manuales);
  const automaticos = await tomarCids(tx, 'servicio', nuevos.length - manuales.length);
  let k = 0;
  const ids: number[] = [];
  for (const lote of lotes(nuevos)) {
    const filas = await conUnicos(() =>
      tx
        .insert(serviciosProveedor)
        .values(
          lote.map(({ datos: d }) => ({
            cid_interno: d.cid_interno ? cidCanonico('servicio', d.cid_interno) : (automaticos[k++] as string),
            proveedor_id: d.proveedor_id,
            nodo_id: d.nodo_id ?? null,
            modalidad: d.modalidad,
            capacidad_comprada: d.capacidad_comprada ?? 0,
            ubicacion_servicio: d.ubicacion_servicio ?? null,
            condicion: d.condicion ?? 'ACTIVO',
            observacion: d.observacion ?? null,
            cid_proveedor: d.cid_proveedor ?? null,
            limite_sobreventa_pct: d.limite_sobreventa_pct ?? null,
            ...auditoria(ctx.usuario),
          })),
        )
        .returning({ id: serviciosProveedor.servicio_id }),
    );
    ids.push(...filas.map((f) => f.id));
  }
  // The chart's first point of each new service, as crearServicio records it, and its history row.
  for (const lote of lotes(ids, 5000)) {
    await registrarMuestras(tx, lote);
    const filas = await tx.select().from(serviciosProveedor).where(inArray(serviciosProveedor.servicio_id, lote));
    await registrarCreaciones(tx, { entidad: 'servicio', idCampo: 'servicio_id', filas, usuario: ctx.usuario });
  }
  const advertencias: string[] = [];
  const existentes = registros.filter((r) => r.existente !== null);
  for (const r of existentes) {
    const res = await actualizarServicio(tx, {
      id: r.existente as number,
      datos: r.datos as ServicioProveedorUpdateInput,
      usuario: ctx.usuario,
      politica: ctx.politica,
    });
    advertencias.push(...res.advertencias);
  }
  return { creados: nuevos.length, actualizados: existentes.length, advertencias };
}

async function registrarMuestras(tx: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(
    sql`insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
        select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada
          from servicios_proveedor where ${inArray(serviciosProveedor.servicio_id, ids)}`,
  );
}

interface Prevision {
  /** Service id → Mbps the new connections add (only those that hold capacity). */
  deltas: Map<number, number>;
  errores: ErrorFila[];
  advertencias: string[];
}

/**
 * What the new connections do to their services' vendida: warnings for each oversold service, and
 * under a blocking policy (or a service's own limit) an error at the first row that sells on it.
 * `bloquear` locks the services (ascending id) for `aplicar`; `validar` only reads them.
 */
async function preverCapacidad(
  db: DbOrTx,
  registros: Registros<'conexiones'>,
  politica: PoliticaSobreventa,
  bloquear: boolean,
): Promise<Prevision & { caps: Map<number, { vendida: number }> }> {
  const deltas = new Map<number, number>();
  const primera = new Map<number, number>();
  for (const r of registros) {
    if (r.existente !== null || !reservaCapacidad(r.datos.enlace_estado ?? 'PENDIENTE')) continue;
    const id = r.datos.servicio_id;
    deltas.set(id, redondearMbps((deltas.get(id) ?? 0) + r.datos.bw_contratado));
    if (!primera.has(id)) primera.set(id, r.fila);
  }
  const ids = [...deltas.keys()];
  const caps = bloquear
    ? await bloquearServicios(db, ids)
    : new Map(
        (
          await db
            .select({
              servicio_id: serviciosProveedor.servicio_id,
              cid_interno: serviciosProveedor.cid_interno,
              capacidad_comprada: serviciosProveedor.capacidad_comprada,
              capacidad_vendida: serviciosProveedor.capacidad_vendida,
              limite_sobreventa_pct: serviciosProveedor.limite_sobreventa_pct,
            })
            .from(serviciosProveedor)
            .where(inArray(serviciosProveedor.servicio_id, ids.length ? ids : [0]))
        ).map((c) => [c.servicio_id, c]),
      );
  const errores: ErrorFila[] = [];
  const advertencias: string[] = [];
  for (const [id, delta] of [...deltas].sort((a, b) => a[0] - b[0])) {
    const cap = caps.get(id);
    if (!cap || delta <= 0) continue;
    const ev = evaluarSobreventa({
      comprada: cap.capacidad_comprada,
      vendidaActual: cap.capacidad_vendida,
      vendidaResultante: redondearMbps(cap.capacidad_vendida + delta),
      limiteSobreventaPct: cap.limite_sobreventa_pct,
      politica,
      etiqueta: cap.cid_interno,
    });
    if (ev.bloquear) {
      errores.push({
        fila: primera.get(id) ?? 0,
        columna: 'bw_contratado',
        valor: String(delta),
        message: `${ev.advertencias.join(' ')} Las conexiones del archivo suman ${delta} Mbps en este servicio.`,
      });
    } else advertencias.push(...ev.advertencias);
  }
  return {
    deltas,
    errores,
    advertencias,
    caps: new Map([...caps].map(([id, c]) => [id, { vendida: c.capacidad_vendida }])),
  };
}

async function escribirConexiones(ctx: Contexto, registros: Registros<'conexiones'>): Promise<Escrito> {
  const { tx, usuario } = ctx;
  const uid = usuarioId(usuario);
  const advertencias: string[] = [];

  // Existing connections: the edit use case, one by one (connection → equipos → services each).
  const existentes = registros.filter((r) => r.existente !== null);
  for (const r of existentes) {
    const res = await actualizarConexion(tx, {
      id: r.existente as number,
      datos: r.datos as ConexionUpdateInput,
      usuario,
      politica: ctx.politica,
      ajustarServicio: true,
    });
    advertencias.push(...res.advertencias);
  }

  const nuevos = registros.filter((r) => r.existente === null);
  if (nuevos.length === 0) return { creados: 0, actualizados: existentes.length, advertencias };

  // Lock order: (new connections hold no lock yet) → equipos ascending → services ascending.
  const equiposIds = [...new Set(nuevos.flatMap((r) => r.datos.equipos_ids ?? []))].sort((a, b) => a - b);
  for (const lote of lotes(equiposIds, 5000)) {
    await tx
      .select({ id: equipos.equipo_id })
      .from(equipos)
      .where(inArray(equipos.equipo_id, lote))
      .orderBy(asc(equipos.equipo_id))
      .for('no key update');
    const ocupado = await tx
      .select({ cid: conexiones.cid_enlace })
      .from(conexionEquipos)
      .innerJoin(conexiones, sql`${conexiones.enlace_id} = ${conexionEquipos.enlace_id}`)
      .where(and(inArray(conexionEquipos.equipo_id, lote), ne(conexiones.enlace_estado, 'BAJA')))
      .limit(1);
    if (ocupado[0]) {
      throw conflicto(
        `Un equipo del archivo se asignó a la conexión ${ocupado[0].cid} mientras se importaba; vuelva a validar.`,
      );
    }
  }
  const prev = await preverCapacidad(tx, nuevos, ctx.politica, true);
  if (prev.errores.length > 0) {
    throw new ErrorImportacion({ filas: ctx.filas, validas: 0, errores: prev.errores, advertencias: [] });
  }
  advertencias.push(...prev.advertencias);

  // CIDs known before the INSERT: manual ones in the scheme's spelling, the rest drawn at once.
  const manuales = nuevos.flatMap((r) => (r.datos.cid_enlace ? [cidCanonico('conexion', r.datos.cid_enlace)] : []));
  await avanzarPasadoCids(tx, 'conexion', manuales);
  const automaticos = await tomarCids(tx, 'conexion', nuevos.length - manuales.length);
  let k = 0;
  const cids = nuevos.map((r) =>
    r.datos.cid_enlace ? cidCanonico('conexion', r.datos.cid_enlace) : (automaticos[k++] as string),
  );

  const vendida = new Map<number, number>([...prev.caps].map(([id, c]) => [id, c.vendida]));
  for (let i = 0; i < nuevos.length; i += LOTE) {
    const lote = nuevos.slice(i, i + LOTE);
    const loteCids = cids.slice(i, i + LOTE);
    const filas = await conUnicos(() =>
      insertarLote<{ enlace_id: number; cid_enlace: string }>(
        tx,
        'conexiones',
        COLUMNAS_CONEXION,
        lote.map(({ datos: d }, j) => ({
          cid_enlace: loteCids[j],
          servicio_id: d.servicio_id,
          modalidad_enlace: d.modalidad_enlace ?? null,
          tipo_enlace: d.tipo_enlace,
          enlace_estado: d.enlace_estado ?? 'PENDIENTE',
          enlace_fecha_activacion: d.enlace_fecha_activacion ?? null,
          bw_contratado: redondearMbps(d.bw_contratado),
          bw_utilizado: redondearMbps(d.bw_utilizado ?? 0),
          departamento_enlace: d.departamento_enlace ?? null,
          provincia_enlace: d.provincia_enlace ?? null,
          distrito_enlace: d.distrito_enlace ?? null,
          direccion_enlace: d.direccion_enlace ?? null,
          locacion: d.locacion ?? null,
          cliente_id: d.cliente_id,
          nodo_a: d.nodo_a,
          configuracion_nodo_a: d.configuracion_nodo_a ?? null,
          nodo_b: d.nodo_b ?? null,
          configuracion_nodo_b: d.configuracion_nodo_b ?? null,
          asignacion_ip: d.asignacion_ip ?? null,
          ...auditoria(usuario),
        })),
        'enlace_id, cid_enlace',
      ),
    );
    const idDe = new Map(filas.map((f) => [f.cid_enlace, Number(f.enlace_id)]));
    const enlaces = lote.map((r, j) => ({ r, id: idDe.get(loteCids[j] as string) as number }));
    await registrarCreaciones(tx, {
      entidad: 'conexion',
      idCampo: 'enlace_id',
      filas: enlaces.map(({ r, id }, j) => ({
        ...r.datos,
        enlace_id: id,
        cid_enlace: loteCids[j],
        enlace_estado: r.datos.enlace_estado ?? 'PENDIENTE',
        bw_contratado: redondearMbps(r.datos.bw_contratado),
        bw_utilizado: redondearMbps(r.datos.bw_utilizado ?? 0),
      })),
      usuario,
    });

    const vinculos = enlaces.flatMap(({ r, id }) =>
      (r.datos.equipos_ids ?? []).map((equipo_id) => ({ enlace_id: id, equipo_id })),
    );
    if (vinculos.length > 0) {
      await insertarLote(tx, 'conexion_equipos', { enlace_id: 'integer', equipo_id: 'integer' }, vinculos);
    }
    const asignados = enlaces.flatMap(({ r }) =>
      reservaCapacidad(r.datos.enlace_estado ?? 'PENDIENTE') ? (r.datos.equipos_ids ?? []) : [],
    );
    if (asignados.length > 0) {
      // Each equipo this takes from DISPONIBLE gets its state change in the history.
      const cambian = await tx
        .select({ equipo_id: equipos.equipo_id, estado: equipos.estado })
        .from(equipos)
        .where(and(inArray(equipos.equipo_id, asignados), ne(equipos.estado, 'ASIGNADO')));
      for (const e of cambian) {
        await registrarCambio(tx, {
          entidad: 'equipo',
          id: e.equipo_id,
          accion: 'cambiar_estado',
          usuario,
          cambios: [{ campo: 'estado', antes: e.estado, despues: 'ASIGNADO' }],
        });
      }
      await tx
        .update(equipos)
        .set({ estado: 'ASIGNADO', updated_at: sql`now()`, updated_by: uid })
        .where(and(inArray(equipos.equipo_id, asignados), ne(equipos.estado, 'ASIGNADO')));
    }

    const historial = enlaces
      .filter(({ r }) => redondearMbps(r.datos.bw_contratado) !== 0)
      .map(({ r, id }) => {
        const bw = redondearMbps(r.datos.bw_contratado);
        return { enlace_id: id, bw_anterior: 0, bw_nuevo: bw, delta: bw, motivo: ctx.motivo, usuario_id: uid };
      });
    if (historial.length > 0) await insertarLote(tx, 'movimientos_enlace', COLUMNAS_HISTORIAL, historial);

    // One ledger row per connection that holds capacity, with the service's running vendida.
    const libro = enlaces.flatMap(({ r, id }) => {
      const bw = redondearMbps(r.datos.bw_contratado);
      if (bw === 0 || !reservaCapacidad(r.datos.enlace_estado ?? 'PENDIENTE')) return [];
      const resultante = redondearMbps((vendida.get(r.datos.servicio_id) ?? 0) + bw);
      vendida.set(r.datos.servicio_id, resultante);
      return [
        {
          servicio_id: r.datos.servicio_id,
          delta_vendida: bw,
          vendida_resultante: resultante,
          motivo: `${ctx.motivo} (fila ${r.fila})`,
          origen: 'IMPORTACION' as const,
          enlace_id: id,
          usuario_id: uid,
        },
      ];
    });
    if (libro.length > 0) await insertarLote(tx, 'movimientos_capacidad', COLUMNAS_LIBRO, libro);
  }

  // Each touched service once: vendida by the ledger's sum, utilizada recomputed, one usage sample.
  const tocados = [...new Set(nuevos.map((r) => r.datos.servicio_id))].sort((a, b) => a - b);
  const conDelta = [...prev.deltas].filter(([, d]) => d !== 0);
  // The services' vendida movements in their history, as moverCapacidad records them.
  for (const [id, d] of conDelta) {
    const antes = prev.caps.get(id)?.vendida ?? 0;
    await registrarCambio(tx, {
      entidad: 'servicio',
      id,
      accion: 'mover_capacidad',
      usuario,
      cambios: [{ campo: 'capacidad_vendida', antes, despues: redondearMbps(antes + d) }],
    });
  }
  for (const lote of lotes(conDelta, 5000)) {
    const valores = sql.join(
      lote.map(([id, d]) => sql`(${id}::int, ${d}::numeric)`),
      sql`, `,
    );
    await tx.execute(
      sql`update servicios_proveedor s
             set capacidad_vendida = s.capacidad_vendida + v.d, updated_at = now(),
                 updated_by = coalesce(${uid}::int, s.updated_by)
            from (values ${valores}) as v(id, d)
           where s.servicio_id = v.id`,
    );
  }
  for (const lote of lotes(tocados, 5000)) {
    const ids: SQL = sql.join(
      lote.map((id) => sql`${id}::int`),
      sql`, `,
    );
    await tx.execute(
      sql`update servicios_proveedor s set capacidad_utilizada = ${utilizadaServicioSql(sql`s.servicio_id`)}
           where s.servicio_id in (${ids})`,
    );
    await registrarMuestras(tx, lote);
  }
  return { creados: nuevos.length, actualizados: existentes.length, advertencias };
}
