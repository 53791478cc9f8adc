import { keepPreviousData } from '@tanstack/react-query';
import { trpc } from '../../lib/trpc';
import { PROVEEDORES } from '../referencia/catalogos';
import { FILTROS_CONTACTO, ListaContactos } from '../referencia/contacto';
import { useListaReferencia } from '../referencia/lista';

export default function ProveedoresListPage() {
  const lista = useListaReferencia(FILTROS_CONTACTO);
  const query = trpc.proveedores.list.useQuery(lista.consulta, { placeholderData: keepPreviousData });
  return (
    <ListaContactos
      catalogo={PROVEEDORES}
      lista={lista}
      query={query}
      columnaNombre="Nombre"
      registro={(p) => [p.proveedor_id, p.nombre]}
    />
  );
}
