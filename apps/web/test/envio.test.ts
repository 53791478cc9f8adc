import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { EnvioUnico, nuevaClave } from '../src/lib/envio';
import { cabecerasDe } from '../src/lib/trpc';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A tRPC error as the client builds it from the server's answer with that HTTP status. */
function errorHttp(status: number): Error {
  const result = { error: { message: 'x', code: -32600, data: { httpStatus: status } } };
  return new TRPCClientError('x', { result } as never);
}

function contador() {
  let n = 0;
  return () => `clave-${++n}`;
}

describe('EnvioUnico: one submission at a time, one Idempotency-Key per submission', () => {
  it('refuses a second start while the first is under way (the double click)', () => {
    const envio = new EnvioUnico(contador());
    const cuerpo = { datos: { bw_contratado: 100 } };
    expect(envio.iniciar(cuerpo)).toBe(true);
    expect(envio.ocupado).toBe(true);
    expect(envio.iniciar(cuerpo)).toBe(false);
    expect(envio.iniciar({ otro: 1 })).toBe(false);
    expect(envio.contexto.idempotencyKey).toBe('clave-1');
  });

  it('stays locked after a success: nothing but a failure or a reset unlocks it', () => {
    const envio = new EnvioUnico(contador());
    envio.iniciar({ a: 1 });
    // A success calls nothing: the form is about to be replaced by the next page.
    expect(envio.iniciar({ a: 1 })).toBe(false);
    envio.reiniciar();
    expect(envio.iniciar({ a: 1 })).toBe(true);
    expect(envio.contexto.idempotencyKey).toBe('clave-2');
  });

  it('reuses the key when the same body is sent again after an unknown outcome (network, 5xx, 409)', () => {
    const envio = new EnvioUnico(contador());
    const cuerpo = { nombre: 'LUMEN' };
    for (const error of [new TypeError('Failed to fetch'), errorHttp(503), errorHttp(500), errorHttp(409)]) {
      envio.iniciar(cuerpo);
      expect(envio.contexto.idempotencyKey).toBe('clave-1');
      envio.fallo(error);
      expect(envio.ocupado).toBe(false);
    }
    envio.iniciar({ ...cuerpo });
    expect(envio.contexto.idempotencyKey).toBe('clave-1');
  });

  it('takes a new key for another body, and after a definite refusal (400, 403, 404, 422)', () => {
    const envio = new EnvioUnico(contador());
    envio.iniciar({ bw: 1 });
    envio.fallo(errorHttp(503));
    envio.iniciar({ bw: 2 });
    expect(envio.contexto.idempotencyKey).toBe('clave-2');
    let esperada = 2;
    for (const status of [400, 403, 404, 422]) {
      envio.fallo(errorHttp(status));
      envio.iniciar({ bw: 2 });
      esperada += 1;
      expect(envio.contexto.idempotencyKey).toBe(`clave-${esperada}`);
    }
  });

  it('keeps one context object, so a mutation given it once sends each submission its own key', () => {
    const envio = new EnvioUnico(contador());
    const contexto = envio.contexto;
    envio.iniciar({ a: 1 });
    envio.fallo(errorHttp(422));
    envio.iniciar({ a: 2 });
    expect(envio.contexto).toBe(contexto);
    expect(cabecerasDe({ context: contexto })).toEqual({ 'Idempotency-Key': 'clave-2' });
  });
});

describe('cabecerasDe: the header the mutation link adds', () => {
  it('sends Idempotency-Key only when the operation carries one', () => {
    expect(cabecerasDe({ context: { idempotencyKey: 'abc' } })).toEqual({ 'Idempotency-Key': 'abc' });
    expect(cabecerasDe({ context: {} })).toEqual({});
    expect(cabecerasDe({ context: { idempotencyKey: '' } })).toEqual({});
    expect(cabecerasDe({ context: { idempotencyKey: 12 } })).toEqual({});
  });
});

describe('nuevaClave', () => {
  it('is a fresh UUID v4, also where crypto.randomUUID is missing (plain http on a LAN address)', () => {
    const a = nuevaClave();
    expect(a).toMatch(UUID_V4);
    expect(nuevaClave()).not.toBe(a);
    const original = globalThis.crypto.randomUUID;
    try {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
      const claves = new Set(Array.from({ length: 50 }, () => nuevaClave()));
      expect(claves.size).toBe(50);
      for (const c of claves) expect(c).toMatch(UUID_V4);
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
