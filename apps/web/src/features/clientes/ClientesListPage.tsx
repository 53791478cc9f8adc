import { keepPreviousData } from '@tanstack/react-query';
import { type Respuesta, trpc } from '../../lib/trpc';
import { CLIENTES } from '../referencia/catalogos';
import { FILTROS_CONTACTO, ListaContactos } from '../referencia/contacto';
import { useListaReferencia } from '../referencia/lista';

const registro = (c: Respuesta<'clientes', 'list'>['data'][number]): [number, string] => [c.cliente_id, c.razon_social];

export default function ClientesListPage() {
  const lista = useListaReferencia(FILTROS_CONTACTO);
  const query = trpc.clientes.list.useQuery(lista.consulta, { placeholderData: keepPreviousData });
  return <ListaContactos catalogo={CLIENTES} lista={lista} query={query} registro={registro} />;
}
