import type { PoliticaSobreventa } from '@troncal/domain/capacity';
import type { AuthUser } from '../../auth/types';
import { DomainError } from '../../errors';
import type { ErrorFila, LimitesImportacion } from './errores';
import type { EntidadImportacion } from './plantillas';

/** What an import answers, and its refusal (422 with every problem). */

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
