import { type Respuesta, trpc } from '../../lib/trpc';
import { PROVEEDORES } from '../referencia/catalogos';
import { vistaContacto } from '../referencia/contacto';
import { PaginaDetalle } from '../referencia/detalle';

const vista = (p: Respuesta<'proveedores', 'byId'>) =>
  vistaContacto(PROVEEDORES, p, [p.proveedor_id, p.nombre], 'Proveedor');

export default function ProveedorDetailPage() {
  return <PaginaDetalle catalogo={PROVEEDORES} porId={trpc.proveedores.byId} vista={vista} />;
}
