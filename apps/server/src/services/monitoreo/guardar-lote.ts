import type { ObjetoMonitoreo, SincronizarRespuesta } from '@troncal/domain/schemas';
import { redondearMbps } from '@troncal/domain/validators';
import { sql } from 'drizzle-orm';
import { type Db, execRows } from '../../db/client';
import { guardarHoras, type HoraUso, kbpsAMbps, MUESTRAS_POR_HORA, pisoHora, repartirHoras } from './almacen';
import type { Lectura, VinculoCiclo } from './lectura';
import type { Reloj } from './lotes';
import { CODIGO_OBJETO } from './objetos';
import { escribirUtilizadoConexiones } from './utilizada';
import { type CacheVentana, resumirVentanasGuardadas } from './ventana';

/**
 * The window summaries to write for a binding: only those that are not the ones it had. A
 * `ventana_b` read without its values (lotes.ts: its two hours only) is never written back.
 */
export function cambios(antes: CacheVentana | undefined, ahora: CacheVentana | undefined) {
  const a = ahora?.a ?? null;
  const b = ahora?.b ?? null;
  const p = ahora?.p ?? null;
  return {
    ...(a === (antes?.a ?? null) ? {} : { ra: true, va: a }),
    ...(b === (antes?.b ?? null) || (b !== null && b.length < 5) ? {} : { rb: true, vb: b }),
    ...(p === (antes?.p ?? null) ? {} : { rp: true, ph: p?.hora ?? null, pk: p?.entrada ?? null }),
  };
}

/** The same hour and slots (the binding's row needs no write of them). */
function mismaHora(a: HoraUso | null, b: HoraUso | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.hora !== b.hora) return false;
  for (let i = 0; i < MUESTRAS_POR_HORA; i++) {
    if ((a.entrada[i] ?? null) !== (b.entrada[i] ?? null) || (a.salida[i] ?? null) !== (b.salida[i] ?? null))
      return false;
  }
  return true;
}

/** Adds the time `fn` takes to the cycle's step `paso` (SincronizarRespuesta.pasos_ms). */
export async function cronometrar<T>(
  pasos: SincronizarRespuesta['pasos_ms'],
  paso: keyof SincronizarRespuesta['pasos_ms'],
  fn: () => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    pasos[paso] += Math.round(performance.now() - t0);
  }
}

/** The current read of every binding, then the backfill of the windows not yet complete. */
export type Pasada = 'actual' | 'relleno';

/** The answer list stays readable when a whole source is down; `errores_total` counts them all. */
const MAX_ERRORES = 1000;

/**
 * Writes one batch: the hours read, then each binding's state in one statement (only where the
 * binding is still the one read, so a rebind meanwhile is not overwritten), then bw_utilizado.
 * A backfill batch changes no state but to OK (older samples found for a SIN_DATOS binding); what
 * it fails to read is read again next cycle, and only the current read reports errors. Returns the
 * bindings not read for lack of time (current read) or read (backfill).
 */
export async function guardarLote(
  db: Db,
  vinculos: VinculoCiclo[],
  lecturas: Lectura[],
  reloj: Reloj,
  pasada: Pasada,
  resultado: SincronizarRespuesta,
  servicios: Set<number>,
) {
  const relleno = pasada === 'relleno';
  const horaActual = pisoHora(reloj.ahora);
  const oks = vinculos.flatMap((v, i) => {
    const l = lecturas[i] as Lectura;
    if (!l.ok) return [];
    const r = repartirHoras(l.horas, v.actual ?? null, v.tablaActual ?? null, horaActual);
    return [{ v, l, ...r }];
  });
  const pasos = resultado.pasos_ms;
  // The hours before the current one; the current one goes with the state, in the binding's row.
  await cronometrar(pasos, 'horas', () =>
    guardarHoras(
      db,
      oks.map(({ v, volcar }) => ({ objeto: CODIGO_OBJETO[v.objeto], id: v.id, horas: volcar })),
    ),
  );

  const estados: Record<string, unknown>[] = [];
  for (const objeto of ['conexion', 'servicio'] as const) {
    const propios = oks.filter((x) => x.v.objeto === objeto);
    const { resumenes, caches } = await cronometrar(pasos, 'ventana', () =>
      resumirVentanasGuardadas(
        db,
        CODIGO_OBJETO[objeto],
        propios.map(({ v, volcar, actual }) => ({
          id: v.id,
          cache: v.cache ?? { a: null, b: null },
          escritas:
            volcar.length === 0 ? null : { desde: (volcar[0] as HoraUso).hora, hasta: (volcar.at(-1) as HoraUso).hora },
          actual,
          // The hour just ended, whole when the binding's row held it (the cycle read it all hour).
          terminada: v.actual?.hora === horaActual - 3600 ? volcar.find((h) => h.hora === horaActual - 3600) : null,
          nuevas: v.nuevo ? volcar : undefined,
        })),
        // The backfill writes old hours: it builds no next-hour summary, the current read does.
        { ahora: reloj.ahora, ventanaS: reloj.ventanaS, fraccionB: relleno ? 0 : reloj.fraccionB },
      ),
    );
    for (const { v, l, actual } of propios) {
      const r = resumenes.get(v.id) ?? { n: 0, p95: null, max: null, promedio: null };
      estados.push({
        objeto,
        id: v.id,
        version: v.version,
        estado: r.n > 0 ? 'OK' : 'SIN_DATOS',
        mensaje:
          r.n > 0 ? null : 'Sin muestras en la ventana de utilización: las lecturas de la fuente son más antiguas.',
        p95: r.n > 0 ? kbpsAMbps(r.p95) : null,
        max: r.n > 0 ? kbpsAMbps(r.max) : null,
        prom: r.n > 0 ? redondearMbps((r.promedio as number) / 1000) : null,
        n: r.n,
        ultima: l.ultima,
        leido: v.desde,
        // A summary kept as it was is not sent again (most cycles, both): ra / rb say what to write.
        ...cambios(v.cache, caches.get(v.id)),
        ...(mismaHora(v.actual ?? null, actual)
          ? {}
          : { rh: true, h: actual?.hora ?? null, he: actual?.entrada ?? null, hs: actual?.salida ?? null }),
      });
    }
  }
  let sinLeer = 0;
  vinculos.forEach((v, i) => {
    const l = lecturas[i] as Lectura;
    if (l.ok) return;
    if (!l.error) {
      sinLeer++;
      return;
    }
    // The source answered and has nothing there: read all the same.
    const leido = l.error.codigo === 'SIN_DATOS' ? v.desde : null;
    if (relleno) {
      if (leido !== null) estados.push({ objeto: v.objeto, id: v.id, version: v.version, estado: null, leido });
      return;
    }
    estados.push({
      objeto: v.objeto,
      id: v.id,
      version: v.version,
      estado: l.error.estado,
      mensaje: l.error.message,
      leido,
    });
  });

  const escritos = await cronometrar(pasos, 'estados', () =>
    execRows<{ objeto: ObjetoMonitoreo; objeto_id: number; estado: string; p95_mbps: unknown }>(
      db,
      sql`update vinculos_monitoreo v set
          estado = coalesce(r.estado, v.estado), mensaje = case when r.estado is null then v.mensaje else r.mensaje end,
          intentado_en = to_timestamp(${reloj.ahora}), leido_desde = least(v.leido_desde, to_timestamp(r.leido)),
          p95_mbps = case when r.estado = 'OK' then r.p95 else v.p95_mbps end,
          max_mbps = case when r.estado = 'OK' then r.max else v.max_mbps end,
          promedio_mbps = case when r.estado = 'OK' then r.prom else v.promedio_mbps end,
          muestras = case when r.estado = 'OK' then r.n else v.muestras end,
          medido_en = case when r.estado = 'OK' then to_timestamp(${reloj.ahora}) else v.medido_en end,
          ultima_muestra_en = case when r.ultima is null then v.ultima_muestra_en
                                   else greatest(v.ultima_muestra_en, to_timestamp(r.ultima)) end,
          ventana_a = case when r.ra then r.va else v.ventana_a end,
          ventana_b = case when r.rb then r.vb else v.ventana_b end,
          primera_hora = case when r.rp then to_timestamp(r.ph) else v.primera_hora end,
          primera_kbps = case when r.rp then r.pk else v.primera_kbps end,
          hora_actual = case when r.rh then to_timestamp(r.h) else v.hora_actual end,
          actual_entrada_kbps = case when r.rh then r.he else v.actual_entrada_kbps end,
          actual_salida_kbps = case when r.rh then r.hs else v.actual_salida_kbps end
        from json_to_recordset(${JSON.stringify(estados)}::json)
          as r(objeto text, id int, version text, estado text, mensaje text, p95 numeric, max numeric,
               prom numeric, n int, ultima bigint, leido bigint, ra boolean, va bigint[], rb boolean, vb bigint[],
               rh boolean, h bigint, he int[], hs int[], rp boolean, ph bigint, pk int[])
       where v.objeto = r.objeto and v.objeto_id = r.id and v.updated_at = r.version::timestamptz
   returning v.objeto, v.objeto_id, v.estado, v.p95_mbps`,
    ),
  );

  if (!relleno) resultado.consultados += vinculos.length - sinLeer;
  const utilizados: { id: number; mbps: number }[] = [];
  for (const e of escritos) {
    if (e.estado === 'OK') {
      if (!relleno) resultado.actualizados++;
      if (e.objeto === 'conexion') utilizados.push({ id: Number(e.objeto_id), mbps: Number(e.p95_mbps) });
      else servicios.add(Number(e.objeto_id));
    }
  }
  for (const e of estados) {
    if (e.estado === 'OK' || relleno) continue;
    resultado.errores_total++;
    if (resultado.errores.length < MAX_ERRORES) {
      resultado.errores.push({
        objeto: e.objeto as ObjetoMonitoreo,
        id: e.id as number,
        estado: e.estado as 'ERROR' | 'SIN_DATOS',
        message: String(e.mensaje),
      });
    }
  }
  const { servicios: afectados } = await cronometrar(pasos, 'utilizado', () =>
    escribirUtilizadoConexiones(db, utilizados),
  );
  for (const s of afectados) servicios.add(s);
  return relleno ? estados.length : sinLeer;
}
