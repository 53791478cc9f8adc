import { trpc } from '../../lib/trpc';
import { CLIENTES } from '../referencia/catalogos';
import { vistaContacto } from '../referencia/contacto';
import { PaginaDetalle, useIdDeRuta } from '../referencia/detalle';

export default function ClienteDetailPage() {
  const id = useIdDeRuta();
  const query = trpc.clientes.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  return (
    <PaginaDetalle
      catalogo={CLIENTES}
      id={id}
      consulta={query}
      vista={(c) => vistaContacto(c, c.cliente_id, ['Razón social', c.razon_social], 'Cliente corporativo')}
    />
  );
}
