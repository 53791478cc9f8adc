import { ESTADO_EQUIPO_LABELS, TIPO_EQUIPO_LABELS } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { type Respuesta, trpc } from '../../lib/trpc';
import { EQUIPOS } from '../referencia/catalogos';
import { PaginaDetalle, type VistaRegistro } from '../referencia/detalle';

type Equipo = Respuesta<'equipos', 'byId'>;

const vistaEquipo = (e: Equipo): VistaRegistro => ({
  id: e.equipo_id,
  titulo: `${TIPO_EQUIPO_LABELS[e.tipo]} ${e.marca} ${e.modelo}`,
  estado: <EstadoPill estado={e.estado} label={ESTADO_EQUIPO_LABELS[e.estado]} size="lg" />,
  descripcion: `SN: ${e.serial}`,
  datos: [
    { label: 'Tipo', value: TIPO_EQUIPO_LABELS[e.tipo] },
    { label: 'Serie', value: e.serial },
    { label: 'Marca', value: e.marca },
    { label: 'Modelo', value: e.modelo },
    { label: 'Estado', value: ESTADO_EQUIPO_LABELS[e.estado] },
    { label: 'Conexión', value: e.cid_enlace },
    { label: 'Observación', value: e.observacion },
  ],
});

export default function EquipoDetailPage() {
  return <PaginaDetalle catalogo={EQUIPOS} porId={trpc.equipos.byId} vista={vistaEquipo} />;
}
