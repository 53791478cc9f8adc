import { type Respuesta, trpc } from '../../lib/trpc';
import { PROVEEDORES } from '../referencia/catalogos';
import { vistaContacto } from '../referencia/contacto';
import { PaginaDetalle, useIdDeRuta } from '../referencia/detalle';

const vista = (p: Respuesta<'proveedores', 'byId'>) =>
  vistaContacto(PROVEEDORES, p, [p.proveedor_id, p.nombre], 'Proveedor');

export default function ProveedorDetailPage() {
  const id = useIdDeRuta();
  const query = trpc.proveedores.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  return <PaginaDetalle catalogo={PROVEEDORES} id={id} consulta={query} vista={vista} />;
}
