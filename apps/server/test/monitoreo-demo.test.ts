/**
 * `db:seed --demo` writes a believable measured-traffic history (seed/uso-demo.ts): 30 days of
 * 5-minute samples, a daily and weekly rhythm, each connection's last-24 h p95 equal to its typed
 * bw_utilizado, the hot services really peaking above 75 % / 90 %, no traffic on BAJA connections.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execRows } from '../src/db/client';
import { resolverActor } from '../src/seed/comun';
import { sembrarDemo } from '../src/seed/demo';
import { ritmo } from '../src/seed/uso-demo';
import { usoDe } from '../src/services/monitoreo/uso';
import { createTestDb, type TestDatabase } from './helpers/db';

describe('historial de uso de la demo', () => {
  let database: TestDatabase;
  const hora = Math.floor(Date.now() / 3_600_000) * 3_600_000;

  beforeAll(async () => {
    database = await createTestDb();
    const { user } = await resolverActor(database.db);
    await sembrarDemo(database.db, { actor: user, politica: 'warn' });
  }, 240_000);

  afterAll(() => database?.close());

  const q = <T extends Record<string, unknown>>(s: ReturnType<typeof sql>) => execRows<T>(database.db, s);

  it('30 days of hourly rows for every connection that carries traffic, none for BAJA or idle ones', async () => {
    const [r] = await q<{ baja: number; vivas: number; con_uso: number; horas_min: number; horas_max: number }>(
      sql`select
            (select count(*)::int from uso_horario u join conexiones c on u.objeto = 1 and c.enlace_id = u.objeto_id
              where c.enlace_estado = 'BAJA' or c.bw_utilizado = 0) as baja,
            (select count(*)::int from conexiones where enlace_estado <> 'BAJA' and bw_utilizado > 0) as vivas,
            (select count(distinct objeto_id)::int from uso_horario where objeto = 1) as con_uso,
            (select min(n)::int from (select count(*) as n from uso_horario where objeto = 1 group by objeto_id) x) as horas_min,
            (select max(n)::int from (select count(*) as n from uso_horario where objeto = 1 group by objeto_id) x) as horas_max`,
    );
    expect(r?.baja).toBe(0);
    expect(r?.vivas).toBeGreaterThan(50);
    expect(r?.con_uso).toBe(r?.vivas);
    expect(r?.horas_min).toBe(30 * 24);
    expect(r?.horas_max).toBe(30 * 24);
    const [b] = await q<{ n: number }>(sql`select count(*)::int as n from conexiones where enlace_estado = 'BAJA'`);
    expect(b?.n).toBeGreaterThan(0);
  });

  it('each connection’s last-24 h p95 is the bw_utilizado the demo typed', async () => {
    const conexiones = await q<{ enlace_id: number; bw_utilizado: string }>(
      sql`select enlace_id, bw_utilizado from conexiones where enlace_estado <> 'BAJA' and bw_utilizado > 0
           order by enlace_id limit 12`,
    );
    for (const c of conexiones) {
      const u = await usoDe(database.db, 'conexion', c.enlace_id, {
        desde: new Date(hora - 86_400_000),
        hasta: new Date(hora),
      });
      expect(u.muestras).toBe(288);
      expect(u.p95_mbps).toBeCloseTo(Number(c.bw_utilizado), 1);
      expect(u.max_mbps ?? 0).toBeGreaterThan(u.p95_mbps ?? 0);
      expect(u.promedio_mbps ?? 0).toBeLessThan(u.p95_mbps ?? 0);
    }
  });

  it('the four hot services peak above 75 % of what was bought (two above 90 %); the others stay under', async () => {
    const servicios = await q<{ servicio_id: number; capacidad_comprada: string; capacidad_utilizada: string }>(
      sql`select servicio_id, capacidad_comprada, capacidad_utilizada from servicios_proveedor
           where capacidad_comprada > 0 order by servicio_id`,
    );
    let altos = 0;
    let criticos = 0;
    for (const s of servicios) {
      const u = await usoDe(database.db, 'servicio', s.servicio_id, {
        desde: new Date(hora - 86_400_000),
        hasta: new Date(hora),
      });
      if (u.muestras === 0) continue;
      expect(u.p95_mbps).toBeCloseTo(Number(s.capacidad_utilizada), 1);
      const pct = (u.p95_mbps ?? 0) / Number(s.capacidad_comprada);
      if (pct >= 0.9) criticos++;
      else if (pct >= 0.75) altos++;
    }
    expect(altos).toBe(2);
    expect(criticos).toBe(2);
  });

  it('a daily and weekly rhythm: business hours above nights, weekdays above Sundays', async () => {
    // 2025-06-02 is a Monday; Lima is UTC−5.
    const lunes11 = Date.UTC(2025, 5, 2, 16) / 1000;
    const lunes03 = Date.UTC(2025, 5, 2, 8) / 1000;
    const domingo11 = Date.UTC(2025, 5, 1, 16) / 1000;
    expect(ritmo(lunes11)).toBeGreaterThan(0.9);
    expect(ritmo(lunes03)).toBeLessThan(0.3);
    expect(ritmo(domingo11)).toBeLessThan(0.5);

    // The stored data shows it: weekday business-hour average over the night average, for all links.
    const [r] = await q<{ dia: number; noche: number; semana: number; domingo: number }>(
      sql`with m as (
            select u.hora + (i - 1) * interval '5 minutes' as t, e as kbps
              from uso_horario u, unnest(u.entrada_kbps) with ordinality as x(e, i) where u.objeto = 1)
          select avg(kbps) filter (where extract(hour from t at time zone 'America/Lima') between 10 and 17) as dia,
                 avg(kbps) filter (where extract(hour from t at time zone 'America/Lima') between 1 and 5) as noche,
                 avg(kbps) filter (where extract(isodow from t at time zone 'America/Lima') between 1 and 5) as semana,
                 avg(kbps) filter (where extract(isodow from t at time zone 'America/Lima') = 7) as domingo
            from m`,
    );
    expect(Number(r?.dia)).toBeGreaterThan(2.5 * Number(r?.noche));
    expect(Number(r?.semana)).toBeGreaterThan(1.5 * Number(r?.domingo));
  });
});
