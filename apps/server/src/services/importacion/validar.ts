import { setImmediate as ceder } from 'node:timers/promises';
import { textoCelda } from './celdas';
import { type ContextoFila, type DatosImportacion, DEFINICIONES, type PedidoReferencia } from './entidades';
import { type ErrorFila, recortarValor } from './errores';
import { type EntidadImportacion, PLANTILLAS, type Plantilla } from './plantillas';
import { buscarReferencias, type ResolverImportacion, SIN_MAYUSCULAS, type TipoReferencia } from './resolver';
import {
  type Celda,
  type FilaImportada,
  type LecturaImportada,
  normalizarEncabezado,
  type TablaImportada,
  type TramoFilas,
} from './tabla';

export interface OpcionesValidacion<T = unknown> {
  /** A row whose natural key exists: an error ('rechazar', the default) or an update ('actualizar'). */
  existentes?: 'rechazar' | 'actualizar';
  /**
   * Takes each valid row as soon as it is checked (and is awaited), instead of `registros` keeping
   * them all: `validar` needs only what the rows add to each service, and the connections' apply
   * writes them a batch at a time.
   */
  alRegistro?: (registro: RegistroImportado<T>) => void | Promise<void>;
}

export interface RegistroImportado<T> {
  fila: number;
  /** The domain create input, ids resolved from the natural keys. */
  datos: T;
  /** Id of the existing record with the same natural key (only with existentes: 'actualizar'). */
  existente: number | null;
}

/** `{ ok, filas, validas, errores }` is the `validar` answer as the issue states it; the rest feeds `aplicar`. */
export interface ResultadoValidacion<T> {
  ok: boolean;
  filas: number;
  validas: number;
  errores: ErrorFila[];
  registros: RegistroImportado<T>[];
  columnasIgnoradas: string[];
}

interface Mapeo {
  indices: Map<string, number>;
  ignoradas: string[];
  errores: ErrorFila[];
}

/** Template columns → header positions, by name or alias, ignoring case, accents and spaces. */
export function mapearEncabezados(
  plantilla: Plantilla,
  tabla: Pick<TablaImportada, 'encabezados' | 'filaEncabezado'>,
): Mapeo {
  const fila = tabla.filaEncabezado;
  const errores: ErrorFila[] = [];
  const posiciones = new Map<string, number>();
  tabla.encabezados.forEach((h, i) => {
    const n = normalizarEncabezado(h);
    if (posiciones.has(n)) {
      errores.push({
        fila,
        columna: h,
        valor: h,
        message: `La columna "${h}" aparece más de una vez en el encabezado.`,
      });
    } else posiciones.set(n, i);
  });
  const indices = new Map<string, number>();
  const usadas = new Set<number>();
  for (const c of plantilla.columnas) {
    const i = [c.columna, ...(c.alias ?? [])].map((n) => posiciones.get(n)).find((x) => x !== undefined);
    if (i !== undefined) {
      indices.set(c.columna, i);
      usadas.add(i);
    } else if (c.requerido) {
      errores.push({
        fila,
        columna: c.columna,
        valor: '',
        message: `Falta la columna obligatoria "${c.columna}". Descargue la plantilla de ${plantilla.titulo.toLowerCase()} para ver las columnas.`,
      });
    }
  }
  const ignoradas = tabla.encabezados.filter((_, i) => !usadas.has(i));
  return { indices, ignoradas, errores };
}

interface EstadoValidacion {
  indices: Map<string, number>;
  errores: ErrorFila[];
  conError: Set<number>;
}

/** One row's view for the entity hooks; a class, so 100,000 rows share its methods. */
class Fila implements ContextoFila {
  constructor(
    private readonly estado: EstadoValidacion,
    readonly fila: number,
    private readonly celdas: Celda[],
  ) {}

  celda(columna: string): Celda | undefined {
    const i = this.estado.indices.get(columna);
    return i === undefined ? undefined : this.celdas[i];
  }

  error(columna: string, message: string): void {
    this.estado.errores.push({ fila: this.fila, columna, valor: textoError(this.celda(columna)), message });
    this.estado.conError.add(this.fila);
  }
}

interface Pendiente {
  ctx: Fila;
  datos: Record<string, unknown> | null;
  referencias: PedidoReferencia[];
  propia: string | undefined;
}

/** Rows between two turns of the event loop: ~50 ms of work, so other requests are not starved. */
const CEDER_CADA = 2000;

/** Rows validated together, their natural keys resolved in one lookup per type (the resolver's batch). */
const TRAMO = 5000;

const textoError = (c: Celda | undefined) => (c == null ? '' : recortarValor(String(c)));

async function* unTramo(tramo: TramoFilas) {
  yield tramo;
}

/** A table as a reading in one stretch. */
const lecturaDe = ({ filas, errores, ...cabecera }: TablaImportada): LecturaImportada => ({
  ...cabecera,
  tramos: unTramo({ filas, errores }),
});

/**
 * Checks every row of an imported file against the domain schema and the import rules, and
 * reports every problem at once as { fila, columna, valor, message }. Changes nothing: natural
 * keys are resolved through `resolver` in one batch per type and stretch of rows. A reading is
 * checked as it is read: only one stretch of its rows is held at a time.
 */
export async function validarImportacion<E extends EntidadImportacion>(
  entidad: E,
  archivo: TablaImportada | LecturaImportada,
  resolver: ResolverImportacion,
  opciones: OpcionesValidacion<DatosImportacion[E]> = {},
): Promise<ResultadoValidacion<DatosImportacion[E]>> {
  const lectura = 'tramos' in archivo ? archivo : lecturaDe(archivo);
  const plantilla = PLANTILLAS[entidad];
  const def = DEFINICIONES[entidad];
  const mapeo = mapearEncabezados(plantilla, lectura);
  const errores: ErrorFila[] = [...mapeo.errores];
  const conError = new Set<number>();
  let filas = 0;
  const resultado = (validas: number, registros: RegistroImportado<DatosImportacion[E]>[]) => ({
    ok: errores.length === 0,
    filas,
    validas,
    errores,
    registros,
    columnasIgnoradas: mapeo.ignoradas,
  });
  if (mapeo.errores.length > 0) {
    // No row can be checked without its columns; the file is still read for its row count and errors.
    for await (const tramo of lectura.tramos) {
      filas += tramo.filas.length;
      errores.push(...tramo.errores);
    }
    return resultado(0, []);
  }

  const columnaDe = (campo: string) => def.columnaDe?.[campo] ?? campo;
  const estado: EstadoValidacion = { indices: mapeo.indices, errores, conError };

  const registros: RegistroImportado<DatosImportacion[E]>[] = [];
  let validas = 0;
  const guardar =
    opciones.alRegistro ??
    ((r: RegistroImportado<DatosImportacion[E]>) => {
      registros.push(r);
    });
  const enArchivo = new Map<string, number>();
  const entreFilas = def.entreFilas?.();

  // Rows in stretches of at most TRAMO: only one stretch's intermediate objects (row views, schema
  // outputs before their ids, reference requests, the keys to look up) are alive at a time.
  async function validarTramo(tramo: FilaImportada[]) {
    // 1. Each row alone: cells → domain schema, with placeholder ids.
    const pendientes: Pendiente[] = new Array(tramo.length);
    for (const [j, { fila, celdas }] of tramo.entries()) {
      if ((filas + j) % CEDER_CADA === CEDER_CADA - 1) await ceder();
      const ctx = new Fila(estado, fila, celdas);
      const { entrada, referencias } = def.preparar(ctx);
      const r = def.schema.safeParse(entrada);
      if (!r.success) {
        const vistas = new Set<string>();
        for (const issue of r.error.issues) {
          const columna = columnaDe(String(issue.path[0] ?? plantilla.clave));
          if (vistas.has(columna)) continue;
          vistas.add(columna);
          ctx.error(columna, issue.message);
        }
      }
      const datos = r.success ? (r.data as Record<string, unknown>) : null;
      pendientes[j] = { ctx, datos, referencias, propia: textoCelda(ctx.celda(plantilla.clave)) };
    }

    // 2. The stretch's natural keys, one lookup per type: the references and the rows' own keys.
    const claves = new Map<TipoReferencia, Set<string>>();
    const pedir = (tipo: TipoReferencia, clave: string) => {
      const s = claves.get(tipo) ?? new Set<string>();
      claves.set(tipo, s);
      s.add(clave);
    };
    for (const p of pendientes) {
      for (const r of p.referencias) pedir(r.tipo, r.clave);
      if (p.propia) pedir(def.propia, p.propia);
    }
    const encontrados = new Map(
      await Promise.all(
        [...claves].map(async ([tipo, s]) => [tipo, await buscarReferencias(resolver, tipo, [...s])] as const),
      ),
    );

    // 3. Each row again, in order: references, duplicates in the file and in the database.
    for (const [j, p] of pendientes.entries()) {
      if ((filas + j) % CEDER_CADA === CEDER_CADA - 1) await ceder();
      const ctx = p.ctx;
      for (const pedido of p.referencias) {
        const ref = encontrados.get(pedido.tipo)?.get(pedido.clave);
        if (!ref) {
          ctx.error(pedido.columna, mensajeNoExiste(pedido.tipo, pedido.clave));
          continue;
        }
        const problema = def.comprobar?.(pedido, ref, ctx);
        if (problema) ctx.error(pedido.columna, problema);
        else if (p.datos && pedido.indice !== undefined) (p.datos[pedido.campo] as number[])[pedido.indice] = ref.id;
        else if (p.datos) p.datos[pedido.campo] = ref.id;
      }
      entreFilas?.(ctx, ctx.fila);
      let existente: number | null = null;
      const propia = p.propia;
      if (propia) {
        const normal = SIN_MAYUSCULAS.has(def.propia) ? propia.toLowerCase() : propia;
        const previa = enArchivo.get(normal);
        if (previa !== undefined) {
          ctx.error(plantilla.clave, `Valor repetido en el archivo: ya aparece en la fila ${previa}.`);
        } else enArchivo.set(normal, ctx.fila);
        const ref = encontrados.get(def.propia)?.get(propia);
        if (ref && opciones.existentes === 'actualizar') existente = ref.id;
        else if (ref) ctx.error(plantilla.clave, mensajeExiste(def.propia, propia));
      }
      if (p.datos && !conError.has(ctx.fila)) {
        validas++;
        await guardar({ fila: ctx.fila, datos: p.datos as DatosImportacion[E], existente });
      }
    }
  }

  for await (const tramo of lectura.tramos) {
    // The reader's errors (cells too long, values outside the header) come with their rows.
    for (const e of tramo.errores) {
      errores.push(e);
      conError.add(e.fila);
    }
    for (let desde = 0; desde < tramo.filas.length; desde += TRAMO) {
      const parte = tramo.filas.slice(desde, desde + TRAMO);
      await validarTramo(parte);
      filas += parte.length;
    }
  }
  if (filas === 0) {
    const message = 'El archivo no tiene filas de datos debajo del encabezado.';
    errores.push({ fila: lectura.filaEncabezado + 1, columna: '', valor: '', message });
    return resultado(0, []);
  }

  const orden = new Map(plantilla.columnas.map((c, i) => [c.columna, i]));
  errores.sort((a, b) => a.fila - b.fila || (orden.get(a.columna) ?? 99) - (orden.get(b.columna) ?? 99));
  return resultado(validas, registros);
}

const NOMBRES: Record<TipoReferencia, string> = {
  proveedor: 'un proveedor con el nombre',
  cliente: 'un cliente con el RUC',
  nodo: 'un nodo con el nombre',
  servicio: 'un servicio de proveedor con el cid_interno',
  equipo: 'un equipo con el serial',
  conexion: 'una conexión con el cid_enlace',
};

function mensajeNoExiste(tipo: TipoReferencia, clave: string): string {
  return `No existe ${NOMBRES[tipo]} "${clave}". Regístrelo antes de importar este archivo.`;
}

function mensajeExiste(tipo: TipoReferencia, clave: string): string {
  return `Ya existe ${NOMBRES[tipo]} "${clave}". Para modificarlo, importe con la opción de actualizar los existentes.`;
}
