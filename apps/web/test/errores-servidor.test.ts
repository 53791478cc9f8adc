import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { erroresDelServidor } from '../src/features/referencia/comun';

/** A tRPC error as the client builds it from the server's `{ id, datos }` refusal. */
function errorCon(errors: { path: string; message: string }[]): Error {
  const result = { error: { message: 'Datos inválidos.', code: -32600, data: { httpStatus: 400, errors } } };
  return new TRPCClientError('Datos inválidos.', { result } as never);
}

describe('erroresDelServidor', () => {
  it("puts an update's `datos.<campo>` errors on the form field, the first per field", () => {
    const e = errorCon([
      { path: 'datos.nombre', message: 'Ya existe un proveedor con el nombre "LUMEN".' },
      { path: 'datos.nombre', message: 'otro' },
      { path: 'ruc', message: 'El RUC debe tener 11 dígitos.' },
    ]);
    expect(erroresDelServidor(e)).toEqual({
      nombre: 'Ya existe un proveedor con el nombre "LUMEN".',
      ruc: 'El RUC debe tener 11 dígitos.',
    });
  });

  it('ignores what is not a tRPC error', () => {
    expect(erroresDelServidor(new Error('x'))).toEqual({});
  });
});
