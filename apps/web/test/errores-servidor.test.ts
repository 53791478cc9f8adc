import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { erroresDelServidor, pideConfirmarSobreventa } from '../src/lib/errors';

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

/** The same with an HTTP status, as the server's error formatter sends it. */
function errorHttp(httpStatus: number, errors: { path: string; message: string }[]): Error {
  const result = { error: { message: 'Rechazado.', code: -32600, data: { httpStatus, errors } } };
  return new TRPCClientError('Rechazado.', { result } as never);
}

describe('pideConfirmarSobreventa', () => {
  it("is true for the 409 that asks a sale's confirmation and for a service's new comprada", () => {
    expect(pideConfirmarSobreventa(errorHttp(409, [{ path: 'confirmar_sobreventa', message: 'Confirme.' }]))).toBe(
      true,
    );
    expect(pideConfirmarSobreventa(errorHttp(409, [{ path: 'datos.capacidad_comprada', message: 'Queda…' }]))).toBe(
      true,
    );
  });

  it('is false for a field error that is not a 409, a 409 on another field, or no tRPC error', () => {
    expect(pideConfirmarSobreventa(errorHttp(400, [{ path: 'capacidad_comprada', message: 'No negativo.' }]))).toBe(
      false,
    );
    expect(pideConfirmarSobreventa(errorHttp(409, [{ path: 'datos.cid_interno', message: 'Ya existe.' }]))).toBe(false);
    expect(pideConfirmarSobreventa(new Error('x'))).toBe(false);
  });
});
