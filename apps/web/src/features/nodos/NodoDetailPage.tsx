import { ESTADO_REGISTRO_LABELS, TIPO_NODO_LABELS } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { Ficha } from '../../components/Ficha';
import { trpc } from '../../lib/trpc';
import { HistorialCambios } from '../cambios/HistorialCambios';
import { Auditoria } from '../referencia/comun';
import { CabeceraDetalle, useIdDeRuta, VistaDetalle } from '../referencia/detalle';

export default function NodoDetailPage() {
  const id = useIdDeRuta();
  const query = trpc.nodos.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  return (
    <VistaDetalle id={id} consulta={query} cargando="Cargando nodo…">
      {(n) => (
        <>
          <CabeceraDetalle
            titulo={n.nombre}
            estado={<EstadoPill estado={n.estado} label={ESTADO_REGISTRO_LABELS[n.estado]} size="lg" />}
            descripcion={`Nodo ${TIPO_NODO_LABELS[n.tipo]}`}
            lista={['/nodos', 'Nodos']}
            editar={`/nodos/${n.nodo_id}/editar`}
          />
          <Ficha
            datos={[
              { label: 'Nombre', value: n.nombre },
              { label: 'Tipo', value: TIPO_NODO_LABELS[n.tipo] },
              { label: 'Departamento', value: n.departamento },
              { label: 'Provincia', value: n.provincia },
              { label: 'Distrito', value: n.distrito },
              { label: 'Ubigeo (INEI)', value: n.ubigeo },
              { label: 'Dirección', value: n.direccion },
              { label: 'Estado', value: ESTADO_REGISTRO_LABELS[n.estado] },
            ]}
          />
          <Auditoria created_at={n.created_at} updated_at={n.updated_at} />
          <HistorialCambios entidad="nodo" id={n.nodo_id} />
        </>
      )}
    </VistaDetalle>
  );
}
