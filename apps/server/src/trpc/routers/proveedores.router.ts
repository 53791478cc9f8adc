import { casosProveedores } from '../../services/proveedores.service';
import { proveedorEsquemas } from '../../services/referencia.schemas';
import { routerReferencia } from './referencia';

/** Providers; `select` answers each with its services (`estado: 'ACTIVO'` when creating a service). */
export const proveedoresRouter = routerReferencia('proveedores', proveedorEsquemas, casosProveedores);
