import { DomainError, isDomainError } from '@troncal/domain/errors';
import { formatearNumero, MBPS_MAX } from '@troncal/domain/validators';
import { errorPg } from './db/errores-pg';

export { DomainError, isDomainError };

/**
 * Database errors that a service did not anticipate still deserve a 4xx, not a 500: a unique index
 * or a CHECK is the last line of defence and its refusal is the client's business.
 */
export function toDomainError(e: unknown): DomainError | undefined {
  if (isDomainError(e)) return e as DomainError;
  const pg = errorPg(e);
  if (!pg?.code) return undefined;
  switch (pg.code) {
    case '23505':
      return new DomainError(
        'CONFLICTO',
        `Ya existe un registro con ese valor${pg.constraint ? ` (${pg.constraint})` : ''}.`,
      );
    case '23503':
      return new DomainError('CONFLICTO', 'El registro referido no existe o está en uso por otros registros.');
    case '23514':
      return new DomainError(
        'REGLA_NEGOCIO',
        `El valor no cumple una regla de los datos${pg.constraint ? ` (${pg.constraint})` : ''}.`,
      );
    // numeric_value_out_of_range: a figure past what the column holds (bandwidths: numeric(13,3)).
    case '22003':
      return new DomainError(
        'VALIDACION',
        `Un número supera el máximo admitido (${formatearNumero(MBPS_MAX)} Mbps para un ancho de banda).`,
      );
    case '22P02':
    case '22007':
    case '22008':
      return new DomainError('VALIDACION', 'Un valor no tiene el formato esperado.');
    // A NUL character (\u0000) in a text parameter or a JSON value: PostgreSQL cannot store it.
    case '22021':
    case '22P05':
      return new DomainError(
        'VALIDACION',
        'Un texto contiene caracteres no admitidos (por ejemplo, el carácter nulo).',
      );
    // program_limit_exceeded: a NUL in a string built in SQL, a value too long for an index entry.
    case '54000':
      return new DomainError(
        'VALIDACION',
        'Un valor supera un límite de la base de datos (es demasiado largo o contiene caracteres no admitidos).',
      );
    case '22001':
      return new DomainError('VALIDACION', 'Un texto supera la longitud admitida.');
    case '2201W':
    case '2201X':
      return new DomainError('VALIDACION', 'El límite y el desplazamiento deben ser números enteros no negativos.');
    case '40001':
    case '40P01':
      return new DomainError('CONFLICTO', 'Otra operación modificó los mismos datos; vuelva a intentarlo.');
    default:
      return undefined;
  }
}
