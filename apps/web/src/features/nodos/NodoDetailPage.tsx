import { ESTADO_REGISTRO_LABELS, TIPO_NODO_LABELS } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { type Respuesta, trpc } from '../../lib/trpc';
import { NODOS } from '../referencia/catalogos';
import { PaginaDetalle, type VistaRegistro } from '../referencia/detalle';

type Nodo = Respuesta<'nodos', 'byId'>;

const vistaNodo = (n: Nodo): VistaRegistro => ({
  id: n.nodo_id,
  titulo: n.nombre,
  estado: <EstadoPill estado={n.estado} label={ESTADO_REGISTRO_LABELS[n.estado]} size="lg" />,
  descripcion: `Nodo ${TIPO_NODO_LABELS[n.tipo]}`,
  datos: [
    { label: 'Nombre', value: n.nombre },
    { label: 'Tipo', value: TIPO_NODO_LABELS[n.tipo] },
    { label: 'Departamento', value: n.departamento },
    { label: 'Provincia', value: n.provincia },
    { label: 'Distrito', value: n.distrito },
    { label: 'Ubigeo (INEI)', value: n.ubigeo },
    { label: 'Dirección', value: n.direccion },
    { label: 'Estado', value: ESTADO_REGISTRO_LABELS[n.estado] },
  ],
});

export default function NodoDetailPage() {
  return <PaginaDetalle catalogo={NODOS} porId={trpc.nodos.byId} vista={vistaNodo} />;
}
