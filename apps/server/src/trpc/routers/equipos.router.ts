import { casosEquipos } from '../../services/equipos.service';
import { equipoEsquemas } from '../../services/referencia.schemas';
import { routerReferencia } from './referencia';

/** Equipos; `select` answers `{ equipo_id, label, estado, … }`, `disponibles: true` only DISPONIBLE ones. */
export const equiposRouter = routerReferencia('equipos', equipoEsquemas, casosEquipos);
