import { ESTADO_REGISTRO_LABELS } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';
import { Ficha } from '../../components/Ficha';
import { trpc } from '../../lib/trpc';
import { HistorialCambios } from '../cambios/HistorialCambios';
import { Auditoria } from '../referencia/comun';
import { datosContacto } from '../referencia/contacto';
import { CabeceraDetalle, useIdDeRuta, VistaDetalle } from '../referencia/detalle';

export default function ClienteDetailPage() {
  const id = useIdDeRuta();
  const query = trpc.clientes.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  return (
    <VistaDetalle id={id} consulta={query} cargando="Cargando cliente…">
      {(p) => (
        <>
          <CabeceraDetalle
            titulo={p.razon_social}
            estado={<EstadoPill estado={p.estado} label={ESTADO_REGISTRO_LABELS[p.estado]} size="lg" />}
            descripcion="Cliente corporativo"
            lista={['/clientes', 'Clientes']}
            editar={`/clientes/${p.cliente_id}/editar`}
          />
          <Ficha datos={[{ label: 'Razón social', value: p.razon_social }, ...datosContacto(p)]} />
          <Auditoria created_at={p.created_at} updated_at={p.updated_at} />
          <HistorialCambios entidad="cliente" id={p.cliente_id} />
        </>
      )}
    </VistaDetalle>
  );
}
