import { percentil95, SEGUNDOS_HORA, SEGUNDOS_MUESTRA } from '@troncal/domain/capacity';
import { sql } from 'drizzle-orm';
import { type DbOrTx, execRows } from '../db/client';
import { guardarHoras, type HoraUso, MUESTRAS_POR_HORA } from '../services/monitoreo/almacen';
import { crearAzar } from './prng';

/**
 * The demo's measured-traffic history (`db:seed --demo`), so "Uso en el tiempo" means something
 * with no monitoring source: 30 days of 5-minute samples (hourly rows of uso_horario, inside the
 * 35-day hourly retention) for every connection carrying traffic and every service.
 *
 * - A corporate rhythm in Lima time: quiet nights (~20 % of the day's peak), a morning ramp, peaks
 *   around 11:00 and 16:00, a dip at lunch; Saturdays ~55 %, Sundays ~35 %; noise and a few bursts.
 * - Downloads dominate: salida is 25–45 % of entrada, so max(entrada, salida) is entrada.
 * - Each connection's series is scaled so the 95th percentile of its last 24 h is exactly the
 *   bw_utilizado the demo typed: the chart, the p95 line and "Uso actual" agree.
 * - A service's series is the sum of its connections' series, scaled so its last-24 h p95 is its
 *   capacidad_utilizada: the four hot services (78 %, 86 %, 93 %, 97 %) really peak there.
 * - BAJA connections, and those with nothing in use (PENDIENTE, DOWN, INACTIVO), carry no traffic.
 */

const DIAS = 30;
const POR_DIA = 86_400 / SEGUNDOS_MUESTRA;
const LIMA_S = -5 * SEGUNDOS_HORA;

/** The share of the day's peak at a moment: Lima business hours and the weekly rhythm. */
export function ritmo(t: number): number {
  const local = t + LIMA_S;
  const hora = (((local % 86_400) + 86_400) % 86_400) / 3600;
  const dia = new Date(local * 1000).getUTCDay(); // 0 Sunday
  const campana = (h: number, centro: number, ancho: number) => Math.exp(-(((h - centro) / ancho) ** 2));
  const diario =
    0.2 + 0.8 * Math.max(campana(hora, 11, 2.6), 0.95 * campana(hora, 16, 2.8), 0.55 * campana(hora, 20.5, 2));
  const almuerzo = 1 - 0.12 * campana(hora, 13.5, 0.8);
  const semanal = dia === 0 ? 0.35 : dia === 6 ? 0.55 : 1;
  return diario * almuerzo * (semanal + (1 - semanal) * 0.2 * (1 - diario));
}

interface Serie {
  entrada: Float64Array;
  salida: Float64Array;
}

/** A unit-shaped series (peak ≈ 1) for one link: the rhythm with its own noise, lag and bursts. */
function serieBase(az: ReturnType<typeof crearAzar>, inicio: number, n: number): Serie {
  const entrada = new Float64Array(n);
  const salida = new Float64Array(n);
  const desfase = az.entero(-2, 2) * 900;
  const subida = az.real(0.25, 0.45);
  let rafaga = 0;
  for (let i = 0; i < n; i++) {
    const t = inicio + i * SEGUNDOS_MUESTRA;
    if (rafaga === 0 && az.si(0.002)) rafaga = az.entero(2, 9);
    const extra = rafaga > 0 ? az.real(1.05, 1.25) : 1;
    if (rafaga > 0) rafaga--;
    const v = ritmo(t + desfase) * az.real(0.9, 1.1) * extra;
    entrada[i] = v;
    salida[i] = v * subida * az.real(0.85, 1.15);
  }
  return { entrada, salida };
}

/** The p95 of max(entrada, salida) over the last 288 samples (the default 24 h window). */
function p95Ultimo24h(s: Serie): number {
  const n = s.entrada.length;
  const v: number[] = [];
  for (let i = Math.max(0, n - POR_DIA); i < n; i++) v.push(Math.max(s.entrada[i] ?? 0, s.salida[i] ?? 0));
  return percentil95(v) ?? 0;
}

/** Scales a series so its last-24 h p95 is `mbps`, into hourly rows in kbps. */
function aHoras(s: Serie, inicio: number, mbps: number): HoraUso[] {
  const p = p95Ultimo24h(s);
  const k = p > 0 ? (mbps * 1000) / p : 0;
  const horas: HoraUso[] = [];
  for (let i = 0; i < s.entrada.length; i += MUESTRAS_POR_HORA) {
    const entrada: number[] = [];
    const salida: number[] = [];
    for (let j = 0; j < MUESTRAS_POR_HORA; j++) {
      entrada.push(Math.round((s.entrada[i + j] ?? 0) * k));
      salida.push(Math.round((s.salida[i + j] ?? 0) * k));
    }
    horas.push({ hora: inicio + i * SEGUNDOS_MUESTRA, entrada, salida });
  }
  return horas;
}

export interface ResumenUsoDemo {
  conexiones: number;
  servicios: number;
  horas: number;
}

/**
 * Writes the history ending at the current hour (`ahora`, Unix seconds; the last sample is the
 * 5-minute slot before it). Same seed, same series.
 */
export async function sembrarUsoDemo(
  db: DbOrTx,
  opts: { semilla?: number; ahora?: number } = {},
): Promise<ResumenUsoDemo> {
  const az = crearAzar((opts.semilla ?? 2025) ^ 0x5a5a);
  const finHora = Math.floor((opts.ahora ?? Date.now() / 1000) / SEGUNDOS_HORA) * SEGUNDOS_HORA;
  const inicio = finHora - DIAS * 86_400;
  const n = DIAS * POR_DIA;

  const conexiones = await execRows<{ enlace_id: number; servicio_id: number | null; bw_utilizado: string | number }>(
    db,
    sql`select enlace_id, servicio_id, bw_utilizado from conexiones
         where enlace_estado <> 'BAJA' and bw_utilizado > 0 order by enlace_id`,
  );
  const servicios = await execRows<{ servicio_id: number; capacidad_utilizada: string | number }>(
    db,
    sql`select servicio_id, capacidad_utilizada from servicios_proveedor order by servicio_id`,
  );

  const filas: { objeto: 1 | 2; id: number; horas: HoraUso[] }[] = [];
  const suma = new Map<number, Serie>();
  for (const c of conexiones) {
    const s = serieBase(az, inicio, n);
    const mbps = Number(c.bw_utilizado);
    filas.push({ objeto: 1, id: Number(c.enlace_id), horas: aHoras(s, inicio, mbps) });
    if (c.servicio_id === null) continue;
    // The service carries what its links carry, each at its own scale.
    const k = mbps / (p95Ultimo24h(s) || 1);
    let t = suma.get(Number(c.servicio_id));
    if (!t) {
      t = { entrada: new Float64Array(n), salida: new Float64Array(n) };
      suma.set(Number(c.servicio_id), t);
    }
    for (let i = 0; i < n; i++) {
      t.entrada[i] = (t.entrada[i] ?? 0) + (s.entrada[i] ?? 0) * k;
      t.salida[i] = (t.salida[i] ?? 0) + (s.salida[i] ?? 0) * k;
    }
  }
  let nServicios = 0;
  for (const s of servicios) {
    const serie = suma.get(Number(s.servicio_id));
    const mbps = Number(s.capacidad_utilizada);
    if (!serie || mbps <= 0) continue;
    filas.push({ objeto: 2, id: Number(s.servicio_id), horas: aHoras(serie, inicio, mbps) });
    nServicios++;
  }
  for (let i = 0; i < filas.length; i += 20) await guardarHoras(db, filas.slice(i, i + 20));
  return {
    conexiones: conexiones.length,
    servicios: nServicios,
    horas: filas.reduce((a, f) => a + f.horas.length, 0),
  };
}
