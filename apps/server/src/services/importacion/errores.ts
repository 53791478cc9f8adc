import { DomainError } from '@troncal/domain/errors';
import { formatearNumero } from '@troncal/domain/validators';

/** One problem of an imported file, located the way a person finds it in the spreadsheet. */
export interface ErrorFila {
  /** Spreadsheet row number: the header is row 1, the first data row is row 2. */
  fila: number;
  /** The column header (the `/v1` field name for known columns). */
  columna: string;
  /** What the cell held, as text (cut to 200 characters). */
  valor: string;
  message: string;
}

export interface LimitesImportacion {
  /** File size in bytes. */
  bytes: number;
  /** Data rows (the header not counted). */
  filas: number;
  /** Characters in one cell. */
  caracteresCelda: number;
}

/**
 * 200,000 rows leaves room over the 100,000-connection benchmark, whose file weighs 18 MB as CSV
 * (10 MB as XLSX) with the usual columns filled; 60 MB leaves room for long addresses and pasted
 * configurations. 20,000 characters per cell is the longest field the domain accepts
 * (configuracion_nodo_a/b): a lower cap would refuse a file this system exported.
 */
export const LIMITES_POR_DEFECTO: Readonly<LimitesImportacion> = {
  bytes: 60 * 1024 * 1024,
  filas: 200_000,
  caracteresCelda: 20_000,
};

export const limitesCon = (parciales?: Partial<LimitesImportacion>): LimitesImportacion => ({
  ...LIMITES_POR_DEFECTO,
  ...parciales,
});

/**
 * A whole-file refusal. It is a DomainError('VALIDACION') so every transport already maps it, and
 * overrides `status` (what `/v1`'s error handler sends) for the two statuses the domain has no code
 * for: 413 (too large) and 415 (not a CSV or XLSX).
 */
export class ErrorArchivo extends DomainError {
  readonly statusHttp: 400 | 413 | 415;

  constructor(statusHttp: 400 | 413 | 415, message: string, issues?: { path: string; message: string }[]) {
    super('VALIDACION', message, issues);
    this.statusHttp = statusHttp;
  }

  override get status(): number {
    return this.statusHttp;
  }
}

const mb = (bytes: number) => formatearNumero(Math.round((bytes / (1024 * 1024)) * 10) / 10);

export function exigirTamano(bytes: number, limites: LimitesImportacion): void {
  if (bytes > limites.bytes) {
    throw new ErrorArchivo(
      413,
      `El archivo pesa ${mb(bytes)} MB y el máximo admitido es ${mb(limites.bytes)} MB. Divídalo en archivos más pequeños.`,
    );
  }
}

export function errorDemasiadasFilas(limites: LimitesImportacion): ErrorArchivo {
  return new ErrorArchivo(
    413,
    `El archivo tiene más de ${formatearNumero(limites.filas)} filas de datos, el máximo por importación. Divídalo en archivos más pequeños.`,
  );
}

export const recortarValor = (s: string): string => (s.length > 200 ? `${s.slice(0, 200)}…` : s);
