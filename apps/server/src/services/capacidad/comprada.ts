import { maximoVendida, type PoliticaSobreventa } from '@troncal/domain/capacity';
import { formatearNumero, redondearMbps } from '@troncal/domain/validators';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { conflicto } from '../errores';

export interface CambioComprada {
  /** The service's CID, for the messages. */
  etiqueta: string;
  vendida: number;
  compradaAntes: number;
  limiteAntes: number | null;
  compradaDespues: number;
  limiteDespues: number | null;
  politica: PoliticaSobreventa;
  /** As in moverCapacidad: undefined warns only (/v1); false refuses an unconfirmed oversale. */
  sobreventaConfirmada?: boolean | undefined;
}

/**
 * A service's comprada (or its oversale limit) changing under what is already sold, the service
 * row locked: refused (409) when the new configuration blocks a vendida the old one allowed,
 * refused until confirmed for the SPA, otherwise a warning. Editing anything else on an already
 * oversold service is never refused.
 */
export function revisarCambioComprada(c: CambioComprada): string[] {
  const exceso = redondearMbps(c.vendida - c.compradaDespues);
  if (exceso <= 0 || (c.compradaDespues === c.compradaAntes && c.limiteDespues === c.limiteAntes)) return [];
  const maxAntes = maximoVendida(c.compradaAntes, c.limiteAntes, c.politica);
  const maxDespues = maximoVendida(c.compradaDespues, c.limiteDespues, c.politica);
  const n = formatearNumero;
  if (c.vendida > maxDespues && maxDespues < maxAntes) {
    throw conflicto(
      `El servicio ${c.etiqueta} ya tiene ${n(c.vendida)} Mbps vendidos: ` +
        (c.limiteDespues === null
          ? `no se puede reducir la capacidad comprada a ${n(c.compradaDespues)} Mbps porque la sobreventa no está permitida.`
          : `con ${n(c.compradaDespues)} Mbps comprados y un límite de sobreventa de ${n(c.limiteDespues)} % el máximo vendible es ${n(maxDespues)} Mbps.`),
    );
  }
  const aviso = `El servicio ${c.etiqueta} queda sobrevendido en ${n(exceso)} Mbps (vendidos ${n(c.vendida)} de ${n(c.compradaDespues)} Mbps comprados).`;
  if (c.sobreventaConfirmada === false) {
    throw conflicto(`${aviso} Confirme la sobreventa para guardar.`, [{ path: 'capacidad_comprada', message: aviso }]);
  }
  return [aviso];
}

/** A usage sample of the service as it is now (the chart's points: a purchase, a new comprada). */
export async function registrarMuestra(db: DbOrTx, servicio_id: number): Promise<void> {
  await db.execute(
    sql`insert into muestras_uso (servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada)
        select servicio_id, capacidad_comprada, capacidad_vendida, capacidad_utilizada
          from servicios_proveedor where servicio_id = ${servicio_id}`,
  );
}
