import { p95DesdeAgregados, SEGUNDOS_HORA, SEGUNDOS_MUESTRA } from '@troncal/domain/capacity';
import type { ObjetoMonitoreo, UsoRespuesta } from '@troncal/domain/schemas';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../../db/client';
import { invalido } from '../errores';
import {
  kbpsAMbps,
  leerMuestras,
  type MuestraGuardada,
  RETENCION_DIARIA_DIAS,
  resumirMuestras,
  valorMuestra,
} from './almacen';
import { CODIGO_OBJETO, exigirObjeto } from './objetos';
import { obtenerVinculo } from './vinculos';

const SEGUNDOS_DIA = 86_400;
/** Points per chart stay in the low thousands: 5-minute up to a week, hourly up to two months. */
export function resolucionPara(segundos: number): number {
  if (segundos <= 7 * SEGUNDOS_DIA) return SEGUNDOS_MUESTRA;
  if (segundos <= 62 * SEGUNDOS_DIA) return SEGUNDOS_HORA;
  return SEGUNDOS_DIA;
}

const RANGO_MAX_S = (RETENCION_DIARIA_DIAS + 1) * SEGUNDOS_DIA;

interface FilaDia {
  t: number | string;
  muestras: number;
  p95_kbps: number;
  max_kbps: number;
  promedio_kbps: number;
  entrada_prom_kbps: number | null;
  salida_prom_kbps: number | null;
}

/**
 * GET …/{id}/uso: the stored series of a connection or service over [desde, hasta) (default the
 * 24 hours up to now), never a query to the source. The p95/max/average are over the range's
 * 5-minute samples; where the range reaches days that only have daily summaries, the p95 is the
 * highest value those summaries allow (never under-reports) and `p95_exacto` is false.
 */
export async function usoDe(
  db: DbOrTx,
  objeto: ObjetoMonitoreo,
  id: number,
  rango: { desde?: Date | undefined; hasta?: Date | undefined },
  ahora: Date = new Date(),
): Promise<UsoRespuesta> {
  const hasta = rango.hasta ?? (rango.desde ? new Date(Math.max(ahora.getTime(), rango.desde.getTime())) : ahora);
  const desde = rango.desde ?? new Date(hasta.getTime() - SEGUNDOS_DIA * 1000);
  if (desde.getTime() >= hasta.getTime()) throw invalido('desde debe ser anterior a hasta.', 'desde');
  const d = Math.floor(desde.getTime() / 1000);
  const h = Math.floor(hasta.getTime() / 1000);
  if (h - d > RANGO_MAX_S) {
    throw invalido(`El rango admite como máximo ${RETENCION_DIARIA_DIAS} días (lo que se conserva).`, 'desde');
  }
  await exigirObjeto(db, objeto, id);
  const codigo = CODIGO_OBJETO[objeto];
  // [desde, hasta): leerMuestras takes (desde, hasta], so shift both by one second.
  const [muestras, dias, vinculo] = await Promise.all([
    leerMuestras(db, codigo, [id], d - 1, h - 1).then((m) => m.get(id) ?? []),
    execRows<FilaDia>(
      db,
      sql`select extract(epoch from dia::timestamp)::bigint as t, muestras, p95_kbps, max_kbps, promedio_kbps,
                 entrada_prom_kbps, salida_prom_kbps
            from uso_diario
           where objeto = ${codigo} and objeto_id = ${id}
             and dia >= (to_timestamp(${d - (d % SEGUNDOS_DIA)}) at time zone 'UTC')::date
             and dia < (to_timestamp(${h}) at time zone 'UTC')::date
           order by dia`,
    ),
    obtenerVinculo(db, objeto, id),
  ]);

  const resolucion = resolucionPara(h - d);
  const serie = [...puntos(muestras, resolucion), ...dias.map(puntoDia)].sort((a, b) => a.t - b.t);

  const r = resumirMuestras(muestras);
  let p95 = r.p95;
  let exacto = true;
  let n = r.n;
  let max = r.max;
  let promedio = r.promedio;
  if (dias.length > 0) {
    const agregados: { n: number; p95_bps: number; max_bps: number; avg_bps: number; muestras_bps?: number[] }[] =
      dias.map((x) => ({
        n: Number(x.muestras),
        p95_bps: Number(x.p95_kbps),
        max_bps: Number(x.max_kbps),
        avg_bps: Number(x.promedio_kbps),
      }));
    if (r.n > 0) {
      const valores = muestras.map(valorMuestra);
      agregados.push({
        n: r.n,
        p95_bps: r.p95 ?? 0,
        max_bps: r.max ?? 0,
        avg_bps: r.promedio ?? 0,
        muestras_bps: valores,
      });
    }
    const cotas = p95DesdeAgregados(agregados);
    p95 = cotas.p95_max_bps;
    exacto = cotas.exacto;
    n = cotas.n;
    max = Math.max(...agregados.map((a) => a.max_bps));
    promedio = agregados.reduce((s, a) => s + a.n * a.avg_bps, 0) / (n || 1);
  }
  return {
    ok: true,
    objeto,
    id,
    desde: desde.toISOString(),
    hasta: hasta.toISOString(),
    resolucion_s: resolucion,
    serie: serie.map((p) => ({
      t: new Date(p.t * 1000).toISOString(),
      entrada_mbps: p.entrada,
      salida_mbps: p.salida,
    })),
    p95_mbps: kbpsAMbps(p95),
    max_mbps: kbpsAMbps(max),
    promedio_mbps: n > 0 ? kbpsAMbps(promedio) : null,
    muestras: n,
    p95_exacto: exacto,
    fuente: vinculo?.monitoreo.fuente ?? null,
    estado: vinculo?.estado ?? null,
    mensaje: vinculo?.mensaje ?? null,
    actualizado_en: vinculo?.medido_en ?? null,
  };
}

interface Punto {
  t: number;
  entrada: number | null;
  salida: number | null;
}

/** Averages per direction over each `resolucion`-second bucket (the 5-minute samples as they are at 300). */
function puntos(muestras: readonly MuestraGuardada[], resolucion: number): Punto[] {
  const cubetas = new Map<number, { se: number; ne: number; ss: number; ns: number }>();
  for (const m of muestras) {
    const t = Math.floor(m.t / resolucion) * resolucion;
    let c = cubetas.get(t);
    if (!c) {
      c = { se: 0, ne: 0, ss: 0, ns: 0 };
      cubetas.set(t, c);
    }
    if (m.entrada !== null) {
      c.se += m.entrada;
      c.ne++;
    }
    if (m.salida !== null) {
      c.ss += m.salida;
      c.ns++;
    }
  }
  return [...cubetas].map(([t, c]) => ({
    t,
    entrada: c.ne ? kbpsAMbps(c.se / c.ne) : null,
    salida: c.ns ? kbpsAMbps(c.ss / c.ns) : null,
  }));
}

const puntoDia = (x: FilaDia): Punto => ({
  t: Number(x.t),
  entrada: x.entrada_prom_kbps === null ? null : kbpsAMbps(Number(x.entrada_prom_kbps)),
  salida: x.salida_prom_kbps === null ? null : kbpsAMbps(Number(x.salida_prom_kbps)),
});
