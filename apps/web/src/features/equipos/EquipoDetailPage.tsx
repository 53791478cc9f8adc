import { ESTADO_EQUIPO_LABELS, TIPO_EQUIPO_LABELS } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { Ficha } from '../../components/Ficha';
import { trpc } from '../../lib/trpc';
import { HistorialCambios } from '../cambios/HistorialCambios';
import { Auditoria } from '../referencia/comun';
import { CabeceraDetalle, useIdDeRuta, VistaDetalle } from '../referencia/detalle';

export default function EquipoDetailPage() {
  const id = useIdDeRuta();
  const query = trpc.equipos.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  return (
    <VistaDetalle id={id} consulta={query} cargando="Cargando equipo…">
      {(e) => (
        <>
          <CabeceraDetalle
            titulo={`${TIPO_EQUIPO_LABELS[e.tipo]} ${e.marca} ${e.modelo}`}
            estado={<EstadoPill estado={e.estado} label={ESTADO_EQUIPO_LABELS[e.estado]} size="lg" />}
            descripcion={`SN: ${e.serial}`}
            lista={['/equipos', 'Equipos']}
            editar={`/equipos/${e.equipo_id}/editar`}
          />
          <Ficha
            datos={[
              { label: 'Tipo', value: TIPO_EQUIPO_LABELS[e.tipo] },
              { label: 'Serie', value: e.serial },
              { label: 'Marca', value: e.marca },
              { label: 'Modelo', value: e.modelo },
              { label: 'Estado', value: ESTADO_EQUIPO_LABELS[e.estado] },
              { label: 'Conexión', value: e.cid_enlace },
              { label: 'Observación', value: e.observacion },
            ]}
          />
          <Auditoria created_at={e.created_at} updated_at={e.updated_at} />
          <HistorialCambios entidad="equipo" id={e.equipo_id} />
        </>
      )}
    </VistaDetalle>
  );
}
