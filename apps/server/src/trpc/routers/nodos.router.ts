import { casosNodos } from '../../services/nodos.service';
import { nodoEsquemas } from '../../services/referencia.schemas';
import { routerReferencia } from './referencia';

/** Nodes; `select` feeds the nodo of a service and nodo A / nodo B of a connection. */
export const nodosRouter = routerReferencia('nodos', nodoEsquemas, casosNodos);
