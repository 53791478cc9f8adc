import { nivelAlerta, porcentajeUso } from '@troncal/domain/capacity';
import type { NivelAlerta } from '@troncal/domain/enums';
import type { DbOrTx } from '../../db/client';
import { obtenerServicio } from '../servicios/leer';
import { emitirEvento } from './emitir';

/** A service whose measured capacidad_utilizada was just rewritten. */
export interface FilaUso {
  servicio_id: number;
  capacidad_comprada: number | string;
  antes: number | string;
  capacidad_utilizada: number | string;
}

const RANGO: Record<NivelAlerta, number> = { NORMAL: 0, ALTO: 1, CRITICO: 2 };

/**
 * `uso.alto` / `uso.critico` when a service's usage crosses the domain's ALTO (> 75 %) or CRÍTICO
 * (> 90 %) threshold upwards, with the same `nivelAlerta` the lists show; staying above a
 * threshold, or going down, emits nothing.
 */
export async function emitirUsoAlto(tx: DbOrTx, filas: readonly FilaUso[]): Promise<void> {
  for (const f of filas) {
    const comprada = Number(f.capacidad_comprada);
    const antes = nivelAlerta(porcentajeUso(Number(f.antes), comprada));
    const despues = nivelAlerta(porcentajeUso(Number(f.capacidad_utilizada), comprada));
    if (RANGO[despues] <= RANGO[antes]) continue;
    const id = Number(f.servicio_id);
    await emitirEvento(tx, {
      evento: despues === 'CRITICO' ? 'uso.critico' : 'uso.alto',
      id,
      datos: async () => ({ ...(await obtenerServicio(tx, id)), nivel_alerta: despues }),
    });
  }
}
