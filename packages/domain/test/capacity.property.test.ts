import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as capacidad from '../src/capacity/index.js';
import { ENLACE_ESTADOS, type EnlaceEstado } from '../src/enums.js';
import { MBPS_MAX, redondearMbps } from '../src/validators.js';

const SERVICIOS = [1, 2, 3] as const;
/** Mbps with exactly the precision the product allows. */
const mbps = (max = 100_000) => fc.integer({ min: 0, max: max * 1000 }).map((k) => k / 1000);
const estado = fc.constantFrom(...ENLACE_ESTADOS);
const estadoVivo = fc.constantFrom(...ENLACE_ESTADOS.filter((e) => e !== 'BAJA'));
const servicio = fc.constantFrom(...SERVICIOS);

type Op =
  | { t: 'crear'; servicio_id: number; bw: number; estado: EnlaceEstado }
  | { t: 'ajusteBw'; i: number; modo: 'AUMENTAR' | 'DISMINUIR'; mbps: number }
  | { t: 'estado'; i: number; estado: EnlaceEstado }
  | { t: 'servicio'; i: number; servicio_id: number }
  | { t: 'editarBw'; i: number; bw: number }
  | { t: 'manual'; servicio_id: number; delta_disponible: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('crear' as const), servicio_id: servicio, bw: mbps(), estado }),
  fc.record({
    t: fc.constant('ajusteBw' as const),
    i: fc.nat(20),
    modo: fc.constantFrom('AUMENTAR' as const, 'DISMINUIR' as const),
    mbps: mbps(),
  }),
  fc.record({ t: fc.constant('estado' as const), i: fc.nat(20), estado }),
  fc.record({ t: fc.constant('servicio' as const), i: fc.nat(20), servicio_id: servicio }),
  fc.record({ t: fc.constant('editarBw' as const), i: fc.nat(20), bw: mbps() }),
  fc.record({
    t: fc.constant('manual' as const),
    servicio_id: servicio,
    delta_disponible: fc.integer({ min: -50_000_000, max: 50_000_000 }).map((k) => k / 1000),
  }),
);

interface Enlace {
  servicio_id: number;
  bw: number;
  estado: EnlaceEstado;
}
interface Estado {
  vendida: Map<number, number>;
  enlaces: Enlace[];
  ledger: capacidad.MovimientoVendida[];
}

/**
 * A miniature of the server's transaction: compute the rows, check every refusal first, and only
 * then apply everything. Returns whether the operation was applied.
 */
function aplicar(s: Estado, o: Op): boolean {
  const enlace = 'i' in o ? s.enlaces[o.i % Math.max(1, s.enlaces.length)] : undefined;
  if ('i' in o && !enlace) return false;
  let filas: capacidad.MovimientoVendida[] = [];
  let cambio: Partial<Enlace> | null = null;
  try {
    switch (o.t) {
      case 'crear':
        filas = capacidad.deltaCrearConexion({
          servicio_id: o.servicio_id,
          bw_contratado: o.bw,
          enlace_estado: o.estado,
        });
        break;
      case 'ajusteBw': {
        const e = enlace as Enlace;
        const bw = capacidad.validarBwNoNegativo(e.bw, o.modo === 'AUMENTAR' ? o.mbps : -o.mbps);
        filas = capacidad.deltaAjusteBw({
          servicio_id: e.servicio_id,
          modo: o.modo,
          mbps: o.mbps,
          enlace_estado: e.estado,
        });
        cambio = { bw };
        break;
      }
      case 'estado': {
        const e = enlace as Enlace;
        filas = capacidad.deltaCambioEstado({
          servicio_id: e.servicio_id,
          bw_contratado: e.bw,
          estado_anterior: e.estado,
          estado_nuevo: o.estado,
        });
        cambio = { estado: o.estado };
        break;
      }
      case 'servicio': {
        const e = enlace as Enlace;
        filas = capacidad.deltaCambioServicio({
          servicio_anterior: e.servicio_id,
          servicio_nuevo: o.servicio_id,
          bw_contratado: e.bw,
          enlace_estado: e.estado,
        });
        cambio = { servicio_id: o.servicio_id };
        break;
      }
      case 'editarBw': {
        const e = enlace as Enlace;
        filas = capacidad.deltaEditarBw({
          servicio_id: e.servicio_id,
          bw_anterior: e.bw,
          bw_nuevo: o.bw,
          enlace_estado: e.estado,
        });
        cambio = { bw: o.bw };
        break;
      }
      case 'manual':
        filas = capacidad.deltaAjusteCapacidad(o.servicio_id, o.delta_disponible);
        break;
    }
    // Check every row against a scratch copy before touching anything.
    const prueba = new Map(s.vendida);
    for (const f of filas)
      prueba.set(f.servicio_id, capacidad.validarVendidaNoNegativa(prueba.get(f.servicio_id) ?? 0, f.delta_vendida));
    s.vendida = prueba;
  } catch {
    return false;
  }
  s.ledger.push(...filas);
  if (o.t === 'crear') s.enlaces.push({ servicio_id: o.servicio_id, bw: o.bw, estado: o.estado });
  else if (enlace && cambio) Object.assign(enlace, cambio);
  return true;
}

const nuevoEstado = (): Estado => ({ vendida: new Map(), enlaces: [], ledger: [] });
const foto = (s: Estado) => JSON.stringify({ v: [...s.vendida].sort(), e: s.enlaces, l: s.ledger.length });

describe('capacity invariants (property-based)', () => {
  it('disponible = comprada − vendida', () => {
    fc.assert(
      fc.property(mbps(MBPS_MAX), mbps(MBPS_MAX), (comprada, vendida) => {
        const d = capacidad.disponible(comprada, vendida);
        expect(d).toBe(redondearMbps(comprada - vendida));
        expect(redondearMbps(d + vendida)).toBe(comprada);
        expect(capacidad.bwDisponible(comprada, vendida)).toBe(d);
      }),
    );
  });

  it('Σ ledger = vendida, and vendida − manual = Σ bw of live links, after any sequence', () => {
    const contador = { aplicadas: 0, rechazadas: 0 };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const s = nuevoEstado();
        for (const o of ops) {
          const ok = aplicar(s, o);
          contador[ok ? 'aplicadas' : 'rechazadas']++;
        }
        const suma = capacidad.sumarMovimientos(s.ledger);
        for (const id of SERVICIOS) {
          const vendida = s.vendida.get(id) ?? 0;
          expect(suma.get(id) ?? 0).toBe(vendida);
          expect(vendida).toBeGreaterThanOrEqual(0);
          const manual = capacidad.sumarMovimientos(s.ledger.filter((m) => m.origen === 'AJUSTE_MANUAL')).get(id) ?? 0;
          const vivos = s.enlaces
            .filter((e) => e.servicio_id === id && capacidad.reservaCapacidad(e.estado))
            .reduce((acc, e) => redondearMbps(acc + e.bw), 0);
          expect(redondearMbps(vendida - manual)).toBe(vivos);
        }
        for (const e of s.enlaces) expect(e.bw).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
    // Guard against a vacuous run: both paths must have been exercised. The sequences are random
    // (fast-check keeps most of them short): 500 runs applied 1,076–1,197 operations and refused
    // 1,160–1,336 in twelve runs, and once only 998 were applied, so the bound sits well below that.
    expect(contador.aplicadas).toBeGreaterThan(500);
    expect(contador.rechazadas).toBeGreaterThan(100);
  });

  it('refusing a negative never changes state', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), op, (previas, ultima) => {
        const s = nuevoEstado();
        for (const o of previas) aplicar(s, o);
        const antes = foto(s);
        if (!aplicar(s, ultima)) expect(foto(s)).toBe(antes);
      }),
      { numRuns: 500 },
    );
  });

  it('create then BAJA nets to zero', () => {
    fc.assert(
      fc.property(servicio, mbps(), estadoVivo, (servicio_id, bw, e) => {
        const filas = [
          ...capacidad.deltaCrearConexion({ servicio_id, bw_contratado: bw, enlace_estado: e }),
          ...capacidad.deltaCambioEstado({ servicio_id, bw_contratado: bw, estado_anterior: e, estado_nuevo: 'BAJA' }),
        ];
        expect(capacidad.sumarMovimientos(filas).get(servicio_id) ?? 0).toBe(0);
      }),
    );
  });

  it('a service change conserves the total sold', () => {
    fc.assert(
      fc.property(servicio, servicio, mbps(), estado, (a, b, bw, e) => {
        const filas = capacidad.deltaCambioServicio({
          servicio_anterior: a,
          servicio_nuevo: b,
          bw_contratado: bw,
          enlace_estado: e,
        });
        const total = filas.reduce((acc, f) => redondearMbps(acc + f.delta_vendida), 0);
        expect(total).toBe(0);
        expect(filas.every((f) => f.origen === 'CAMBIO_SERVICIO')).toBe(true);
      }),
    );
  });

  it('AUMENTAR then DISMINUIR the same amount nets to zero', () => {
    fc.assert(
      fc.property(servicio, mbps(), (servicio_id, m) => {
        const filas = [
          ...capacidad.deltaAjusteBw({ servicio_id, modo: 'AUMENTAR', mbps: m }),
          ...capacidad.deltaAjusteBw({ servicio_id, modo: 'DISMINUIR', mbps: m }),
        ];
        expect(capacidad.sumarMovimientos(filas).get(servicio_id) ?? 0).toBe(0);
      }),
    );
  });

  it('every delta is already rounded to 3 decimals', () => {
    fc.assert(
      fc.property(
        servicio,
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (s, x, y) => {
          for (const f of capacidad.deltaEditarBw({
            servicio_id: s,
            bw_anterior: x,
            bw_nuevo: y,
            enlace_estado: 'ACTIVO',
          })) {
            expect(redondearMbps(f.delta_vendida)).toBe(f.delta_vendida);
          }
        },
      ),
    );
  });
});
