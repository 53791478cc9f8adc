import type { ServicioProveedorUpdateInput } from '@troncal/domain/schemas';
import { inArray } from 'drizzle-orm';
import { auditoria } from '../../auth/auditoria';
import { serviciosProveedor } from '../../db/schema';
import { registrarCreaciones } from '../cambios';
import { avanzarPasadoCids, cidCanonico, tomarCids } from '../cid';
import { actualizarServicio, valoresNuevoServicio } from '../servicios';
import { type Contexto, conUnicos, type Escrito, lotes, type Registros, registrarMuestras } from './lotes';

export async function escribirServicios(ctx: Contexto, registros: Registros<'servicios-proveedor'>): Promise<Escrito> {
  const { tx } = ctx;
  const nuevos = registros.filter((r) => r.existente === null);
  const manuales = nuevos.flatMap((r) => (r.datos.cid_interno ? [cidCanonico('servicio', r.datos.cid_interno)] : []));
  await avanzarPasadoCids(tx, 'servicio', manuales);
  const automaticos = await tomarCids(tx, 'servicio', nuevos.length - manuales.length);
  let k = 0;
  const ids: number[] = [];
  for (const lote of lotes(nuevos)) {
    const filas = await conUnicos(() =>
      tx
        .insert(serviciosProveedor)
        .values(
          lote.map(({ datos: d }) => ({
            cid_interno: d.cid_interno ? cidCanonico('servicio', d.cid_interno) : (automaticos[k++] as string),
            ...valoresNuevoServicio(d),
            ...auditoria(ctx.usuario),
          })),
        )
        .returning({ id: serviciosProveedor.servicio_id }),
    );
    ids.push(...filas.map((f) => f.id));
  }
  // The chart's first point of each new service, as crearServicio records it, and its history row.
  for (const lote of lotes(ids, 5000)) {
    await registrarMuestras(tx, lote);
    const filas = await tx.select().from(serviciosProveedor).where(inArray(serviciosProveedor.servicio_id, lote));
    await registrarCreaciones(tx, { entidad: 'servicio', idCampo: 'servicio_id', filas, usuario: ctx.usuario });
  }
  const advertencias: string[] = [];
  const existentes = registros.filter((r) => r.existente !== null);
  for (const r of existentes) {
    const res = await actualizarServicio(tx, {
      id: r.existente as number,
      datos: r.datos as ServicioProveedorUpdateInput,
      usuario: ctx.usuario,
      politica: ctx.politica,
    });
    advertencias.push(...res.advertencias);
  }
  return { creados: nuevos.length, actualizados: existentes.length, advertencias };
}
