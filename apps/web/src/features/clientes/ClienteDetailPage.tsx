import { type Respuesta, trpc } from '../../lib/trpc';
import { CLIENTES } from '../referencia/catalogos';
import { vistaContacto } from '../referencia/contacto';
import { PaginaDetalle } from '../referencia/detalle';

const vista = (c: Respuesta<'clientes', 'byId'>) =>
  vistaContacto(CLIENTES, c, [c.cliente_id, c.razon_social], 'Cliente corporativo');

export default function ClienteDetailPage() {
  return <PaginaDetalle catalogo={CLIENTES} porId={trpc.clientes.byId} vista={vista} />;
}
