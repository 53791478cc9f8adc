import { type Respuesta, trpc } from '../../lib/trpc';
import { CLIENTES } from '../referencia/catalogos';
import { vistaContacto } from '../referencia/contacto';
import { PaginaDetalle, useIdDeRuta } from '../referencia/detalle';

const vista = (c: Respuesta<'clientes', 'byId'>) =>
  vistaContacto(CLIENTES, c, [c.cliente_id, c.razon_social], 'Cliente corporativo');

export default function ClienteDetailPage() {
  const id = useIdDeRuta();
  const query = trpc.clientes.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  return <PaginaDetalle catalogo={CLIENTES} id={id} consulta={query} vista={vista} />;
}
