import { zodIssues } from '@troncal/domain/schemas';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ajustarBwBody, conexionCreateBody, conexionUpdateBody } from '../src/rest/v1/conexiones.schemas';
import { errorEnvelope, listEnvelope } from '../src/rest/v1/envelopes';
import { servicioCreadoResponse } from '../src/rest/v1/servicios.schemas';

/**
 * The `/v1`-only contract (the `ajustar_servicio` flag, the response envelopes) lives in
 * rest/v1/; the domain's inputs drop the flag (packages/domain/test/schemas.test.ts).
 */

function errores(schema: z.ZodType, data: unknown): Record<string, string> {
  const r = schema.safeParse(data);
  if (r.success) throw new Error(`expected failure, got ${JSON.stringify(r.data)}`);
  return Object.fromEntries(zodIssues(r.error).map((i) => [i.path, i.message]));
}

describe('/v1 schemas', () => {
  it('envelopes', () => {
    expect(errorEnvelope.parse({ ok: false, message: 'x', errors: [{ path: 'a', message: 'b' }] }).ok).toBe(false);
    expect(errorEnvelope.safeParse({ ok: true, message: 'x' }).success).toBe(false);
    const lista = listEnvelope(z.object({ id: z.number() }));
    expect(lista.parse({ ok: true, data: [{ id: 1 }], total: 1, limit: 10, offset: 0 }).total).toBe(1);
  });

  it('servicio creado: the documented 201 response', () => {
    const spec = JSON.parse(`{
      "ok": true,
      "message": "Servicio creado.",
      "servicio_id": 88,
      "cid_generado": 1045,
      "cid_anterior": 1044
    }`);
    expect(servicioCreadoResponse.parse(spec)).toEqual(spec);
  });

  it('ajustar-bw: modo case-insensitive, and the optional ajustar_servicio flag', () => {
    expect(
      ajustarBwBody.parse({ modo: 'disminuir', mbps: '50.5', motivo: 'Cliente pidió', ajustar_servicio: true }),
    ).toEqual({ modo: 'DISMINUIR', mbps: 50.5, motivo: 'Cliente pidió', ajustar_servicio: true });
    expect(errores(ajustarBwBody, { modo: 'AUMENTAR', mbps: 10, ajustar_servicio: 'si' })).toEqual({
      ajustar_servicio: 'Debe ser verdadero o falso.',
    });
  });

  it('conexion create and update: the domain checks and folding, plus ajustar_servicio', () => {
    const c = conexionCreateBody.parse({
      servicio_id: 3,
      cliente_id: 5,
      nodo_a: 12,
      tipo_enlace: 'telefonía ip',
      estado: 'Activo',
      bw_contratado: '250',
      departamento_enlace: 'ancash',
      ajustar_servicio: true,
    });
    expect(c).toMatchObject({
      tipo_enlace: 'Telefonia IP',
      enlace_estado: 'ACTIVO',
      bw_contratado: 250,
      departamento_enlace: 'Áncash',
      ajustar_servicio: true,
    });
    expect(c).not.toHaveProperty('estado');
    expect(conexionUpdateBody.parse({ cid: '300000', ajustar_servicio: false })).toEqual({
      cid_enlace: '300000',
      ajustar_servicio: false,
    });
    expect(errores(conexionUpdateBody, { ajustar_servicio: 'si', nodo_b: 'x' })).toMatchObject({
      ajustar_servicio: 'Debe ser verdadero o falso.',
    });
  });
});
