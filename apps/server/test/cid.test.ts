import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { conexiones, serviciosProveedor } from '../src/db/schema';
import { insertarConCid, leerCid, type Secuencia } from '../src/services/cid';
import { usarDb } from './helpers/db';
import { insertProveedor } from './helpers/fixtures';

/** One CID policy for both sequences (services/cid.ts), on real SQL. */

const database = await usarDb({ limpiar: true });
let proveedor_id: number;
beforeEach(async () => {
  proveedor_id = (await insertProveedor(database.db)).proveedor_id;
});

const insertar = (s: Secuencia, cid?: string) =>
  s === 'conexion'
    ? insertarConCid(database.db, 'conexion', { bw_contratado: 1 }, cid)
    : insertarConCid(database.db, 'servicio', { proveedor_id, modalidad: 'DEDICADO' }, cid);

/** A row written around the services (a legacy import), holding a CID the sequence has not reached. */
async function legado(s: Secuencia, cid: string) {
  if (s === 'conexion') await database.db.insert(conexiones).values({ cid_enlace: cid });
  else await database.db.insert(serviciosProveedor).values({ proveedor_id, modalidad: 'DEDICADO', cid_interno: cid });
}

const ESQUEMA = {
  conexion: { primero: 257001, cid: (n: number) => String(n), manual: (n: number) => ` 0${n} `, texto: 'LEGADO-7' },
  servicio: { primero: 1001, cid: (n: number) => `ICP-${n}`, manual: (n: number) => ` icp-${n} `, texto: 'LIM-01' },
} as const;

describe.each(['conexion', 'servicio'] as const)('CID de %s', (s) => {
  const e = ESQUEMA[s];

  it('a blank CID skips numbers already held, and reports the number before it', async () => {
    expect(await leerCid(database.db, s)).toEqual({ next: e.primero, last: e.primero - 1 });
    await legado(s, e.cid(e.primero));
    await legado(s, e.cid(e.primero + 1));
    const r = await insertar(s);
    expect(r).toMatchObject({ cid: e.cid(e.primero + 2), numero: e.primero + 2, anterior: e.primero + 1 });
    expect(await leerCid(database.db, s)).toEqual({ next: e.primero + 3, last: e.primero + 2 });
  });

  it('a manual CID is stored in the scheme’s spelling, moves the sequence past it, never back', async () => {
    const alto = e.primero + 500;
    const r = await insertar(s, e.manual(alto));
    expect(r).toMatchObject({ cid: e.cid(alto), numero: alto, anterior: e.primero - 1 });
    expect((await insertar(s)).cid).toBe(e.cid(alto + 1));
    await insertar(s, e.cid(e.primero + 3));
    expect((await leerCid(database.db, s)).next).toBe(alto + 2);
    const libre = await insertar(s, ` ${e.texto} `);
    expect(libre).toMatchObject({ cid: e.texto, numero: null });
  });

  it('a duplicate, in any spelling or case, is a 409 on the field and writes nothing', async () => {
    await insertar(s, e.cid(e.primero + 9));
    await insertar(s, e.texto);
    const campo = s === 'conexion' ? 'cid_enlace' : 'cid_interno';
    for (const dup of [e.manual(e.primero + 9), e.texto.toLowerCase()]) {
      await expect(insertar(s, dup)).rejects.toMatchObject({ code: 'CONFLICTO', issues: [{ path: campo }] });
    }
    const tabla = s === 'conexion' ? conexiones : serviciosProveedor;
    expect(await database.db.$count(tabla)).toBe(2);
  });

  it('any mix of blank and manual CIDs stays unique, and blanks always come after every manual number (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }), { minLength: 1, maxLength: 12 }),
        async (pasos) => {
          await database.truncate();
          proveedor_id = (await insertProveedor(database.db)).proveedor_id;
          const cids: string[] = [];
          let maximo = e.primero - 1;
          for (const p of pasos) {
            const r = await insertar(s, p === undefined ? undefined : e.cid(e.primero + p)).catch((err) => {
              // Only a manual CID already taken may be refused.
              expect(p !== undefined && cids.includes(e.cid(e.primero + p))).toBe(true);
              expect(err).toMatchObject({ code: 'CONFLICTO' });
              return null;
            });
            if (!r) continue;
            if (p === undefined) expect(r.numero).toBeGreaterThan(maximo);
            maximo = Math.max(maximo, r.numero ?? maximo);
            cids.push(r.cid);
          }
          expect(new Set(cids).size).toBe(cids.length);
        },
      ),
      { numRuns: 10 },
    );
  });
});
