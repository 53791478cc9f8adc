import { ESTADO_REGISTRO_LABELS } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { Ficha } from '../../components/Ficha';
import { trpc } from '../../lib/trpc';
import { HistorialCambios } from '../cambios/HistorialCambios';
import { Auditoria } from '../referencia/comun';
import { datosContacto } from '../referencia/contacto';
import { CabeceraDetalle, useIdDeRuta, VistaDetalle } from '../referencia/detalle';

export default function ProveedorDetailPage() {
  const id = useIdDeRuta();
  const query = trpc.proveedores.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  return (
    <VistaDetalle id={id} consulta={query} cargando="Cargando proveedor…">
      {(p) => (
        <>
          <CabeceraDetalle
            titulo={p.nombre}
            estado={<EstadoPill estado={p.estado} label={ESTADO_REGISTRO_LABELS[p.estado]} size="lg" />}
            descripcion="Proveedor"
            lista={['/proveedores', 'Proveedores']}
            editar={`/proveedores/${p.proveedor_id}/editar`}
          />
          <Ficha datos={[{ label: 'Nombre', value: p.nombre }, ...datosContacto(p)]} />
          <Auditoria created_at={p.created_at} updated_at={p.updated_at} />
          <HistorialCambios entidad="proveedor" id={p.proveedor_id} />
        </>
      )}
    </VistaDetalle>
  );
}
