import { casosClientes } from '../../services/clientes.service';
import { clienteEsquemas } from '../../services/referencia.schemas';
import { routerReferencia } from './referencia';

/** Corporate clients; `select` feeds the connections form. */
export const clientesRouter = routerReferencia('clientes', clienteEsquemas, casosClientes);
