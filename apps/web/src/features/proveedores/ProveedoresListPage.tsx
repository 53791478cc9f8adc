import { keepPreviousData } from '@tanstack/react-query';
import { type Respuesta, trpc } from '../../lib/trpc';
import { PROVEEDORES } from '../referencia/catalogos';
import { FILTROS_CONTACTO, ListaContactos } from '../referencia/contacto';
import { useListaReferencia } from '../referencia/lista';

const registro = (p: Respuesta<'proveedores', 'list'>['data'][number]): [number, string] => [p.proveedor_id, p.nombre];

export default function ProveedoresListPage() {
  const lista = useListaReferencia(FILTROS_CONTACTO);
  const query = trpc.proveedores.list.useQuery(lista.consulta, { placeholderData: keepPreviousData });
  return <ListaContactos catalogo={PROVEEDORES} lista={lista} query={query} registro={registro} />;
}
