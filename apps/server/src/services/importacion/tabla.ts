import { normalizar } from '@troncal/domain/ubigeo';
import { desneutralizarTexto } from '../exportacion/neutralizar';
import { ErrorArchivo, type ErrorFila, errorDemasiadasFilas, type LimitesImportacion, recortarValor } from './errores';

/** A cell as read: CSV gives text; XLSX gives numbers, booleans and dates as ISO strings. */
export type Celda = string | number | boolean | null;

export interface FilaImportada {
  /** Spreadsheet row number (header = 1). */
  fila: number;
  /** One cell per header column, in header order. */
  celdas: Celda[];
}

export interface TablaImportada {
  formato: 'csv' | 'xlsx';
  /** Header cells as written (trimmed); blank headers become "(columna C)". */
  encabezados: string[];
  /** Row number of the header (1 unless the sheet starts with blank rows). */
  filaEncabezado: number;
  /** Non-blank data rows. */
  filas: FilaImportada[];
  /** Cells over the length limit and values outside the header's columns. */
  errores: ErrorFila[];
  codificacion?: 'utf-8' | 'windows-1252';
  separador?: string;
  hoja?: string;
}

/** "Razón Social", "razon-social" and " RAZON_SOCIAL " all name the field `razon_social`. */
export const normalizarEncabezado = (s: string): string => normalizar(s).replace(/[\s-]+/g, '_');

/**
 * A copy of `s` that owns its characters. Readers slice cells out of large decoded chunks, and V8
 * keeps a slice of 13+ characters as a pointer into its parent: storing the slices would keep every
 * chunk of the file (for XLSX, all of its XML markup) alive as long as the table.
 */
export const desprender = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1));

/** Distinct values per column worth sharing (a 100,000-row file's clients, services or nodes), and their length. */
const DISTINTOS = 8192;
const CORTO = 48;

const vacia = (c: Celda | undefined) => c == null || (typeof c === 'string' && c.trim() === '');

/** Rows as a reader hands them over: the data rows read since the last stretch, and their errors. */
export interface TramoFilas {
  filas: FilaImportada[];
  errores: ErrorFila[];
}

/**
 * A file whose header has been read and whose rows come in stretches as the rest is read, so a
 * 100,000-row file is never held as one table. `tramos` can be iterated once.
 */
export interface LecturaImportada extends Omit<TablaImportada, 'filas' | 'errores'> {
  tramos: AsyncIterable<TramoFilas>;
}

/**
 * Turns the readers' records into rows, applying the rules both formats share: the first
 * non-blank record is the header, blank records are skipped (their numbers still count), text
 * cells lose the apostrophe the exporter added, and the row and cell limits are enforced. Rows
 * wait in `filas` until `tomar()` hands them over.
 */
export class ConstructorTabla {
  encabezados: string[] = [];
  filaEncabezado = 1;
  conEncabezado = false;
  private filas: FilaImportada[] = [];
  private errores: ErrorFila[] = [];
  /** Data rows so far, for the row limit. */
  private total = 0;
  /** Per column, its distinct values so far; null once it has too many to be worth it. */
  private readonly distintos: (Map<string, string> | null | undefined)[] = [];

  constructor(
    readonly formato: 'csv' | 'xlsx',
    private readonly limites: LimitesImportacion,
  ) {}

  /**
   * One string per distinct value of a column ("Lima", a service's CID, a client's RUC), owned by
   * the table (see `desprender`): a 100,000-row file repeats most of its values, and each row kept
   * a copy of each. A column with more than DISTINTOS values (serials, IPs) stops being looked up;
   * long texts (addresses, router configurations) are not kept either.
   */
  private unico(columna: number, s: string): string {
    let vistos = this.distintos[columna];
    if (vistos === null || s.length > CORTO) return desprender(s);
    if (vistos === undefined) {
      vistos = new Map();
      this.distintos[columna] = vistos;
    }
    const previo = vistos.get(s);
    if (previo !== undefined) return previo;
    const propio = desprender(s);
    if (vistos.size < DISTINTOS) vistos.set(propio, propio);
    else this.distintos[columna] = null;
    return propio;
  }

  /** The rows and errors since the last call. */
  tomar(): TramoFilas {
    const tramo = { filas: this.filas, errores: this.errores };
    this.filas = [];
    this.errores = [];
    return tramo;
  }

  /** `celdas` may be sparse (XLSX skips empty cells). */
  agregar(fila: number, celdas: Celda[]): void {
    let hay = false;
    for (const c of celdas) {
      if (!vacia(c)) {
        hay = true;
        break;
      }
    }
    if (!hay) return;
    if (!this.conEncabezado) {
      this.conEncabezado = true;
      this.filaEncabezado = fila;
      let ultimo = celdas.length - 1;
      while (ultimo >= 0 && vacia(celdas[ultimo])) ultimo--;
      this.encabezados = Array.from({ length: ultimo + 1 }, (_, i) => {
        const c = celdas[i];
        const s = c == null ? '' : String(c).trim();
        return s ? desprender(s) : `(columna ${i + 1})`;
      });
      return;
    }
    if (this.total >= this.limites.filas) throw errorDemasiadasFilas(this.limites);
    this.total++;
    const ancho = this.encabezados.length;
    const fuera = celdas.findIndex((c, i) => i >= ancho && !vacia(c));
    if (fuera >= 0) {
      this.errores.push({
        fila,
        columna: `(columna ${fuera + 1})`,
        valor: recortarValor(String(celdas[fuera])),
        message: `La fila tiene un valor en la columna ${fuera + 1}, que no tiene encabezado (el encabezado tiene ${ancho} columnas).`,
      });
    }
    const limpias: Celda[] = new Array(ancho);
    for (let i = 0; i < ancho; i++) {
      let c = celdas[i] ?? null;
      if (typeof c === 'string') {
        if (c.length > this.limites.caracteresCelda) {
          this.errores.push({
            fila,
            columna: this.encabezados[i] as string,
            valor: recortarValor(c),
            message: `La celda tiene ${c.length} caracteres; el máximo es ${this.limites.caracteresCelda}.`,
          });
          // Kept short: the row is already in error and a huge cell must not be held in memory.
          c = c.slice(0, 200);
        }
        c = this.unico(i, desneutralizarTexto(c));
      }
      limpias[i] = c;
    }
    this.filas.push({ fila, celdas: limpias });
  }
}

/**
 * Drives a reader until its header is read and hands back the reading: `pasos` feeds the builder
 * one chunk of the file per step (and ends the parser after the last). The file's remaining rows
 * are read as `tramos` is iterated, one chunk per stretch; stopping the iteration stops the reader.
 */
export async function abrirLectura(
  constructorTabla: ConstructorTabla,
  pasos: AsyncGenerator<void, void>,
  vacio: string,
): Promise<LecturaImportada> {
  let terminado = false;
  while (!constructorTabla.conEncabezado && !terminado) terminado = (await pasos.next()).done === true;
  if (!constructorTabla.conEncabezado) throw new ErrorArchivo(400, vacio);
  async function* tramos(): AsyncGenerator<TramoFilas> {
    try {
      for (;;) {
        const tramo = constructorTabla.tomar();
        if (tramo.filas.length > 0 || tramo.errores.length > 0) yield tramo;
        if (terminado) return;
        terminado = (await pasos.next()).done === true;
      }
    } finally {
      await pasos.return();
    }
  }
  const { formato, encabezados, filaEncabezado } = constructorTabla;
  return { formato, encabezados, filaEncabezado, tramos: tramos() };
}

/** The whole file as one table (tests and tools; the import reads in stretches). */
export async function tablaCompleta(lectura: LecturaImportada): Promise<TablaImportada> {
  const { tramos, ...cabecera } = lectura;
  const filas: FilaImportada[] = [];
  const errores: ErrorFila[] = [];
  for await (const tramo of tramos) {
    for (const f of tramo.filas) filas.push(f);
    for (const e of tramo.errores) errores.push(e);
  }
  return { ...cabecera, filas, errores };
}
