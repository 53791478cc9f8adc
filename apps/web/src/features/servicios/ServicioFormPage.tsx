import { trpc } from '../../lib/trpc';
import { useRutaEdicion, VistaEdicion } from '../referencia/formulario';
import { ServicioForm } from './ServicioForm';

/** "Nuevo servicio" (/servicios/crear) and its edit form (/servicios/editar/:id). */
export default function ServicioFormPage() {
  const ruta = useRutaEdicion();
  const actual = trpc.servicios.byId.useQuery(
    { servicio_id: ruta.id ?? 0 },
    { enabled: ruta.editando && ruta.id !== null },
  );
  const nextCid = trpc.servicios.nextCid.useQuery(undefined, { enabled: !ruta.editando, staleTime: 0 });
  // A new service opens with the sequence's next ICP-<n> (or without one if it cannot be read).
  const cid = nextCid.data ? `ICP-${nextCid.data.next}` : null;
  return (
    <VistaEdicion {...ruta} consulta={actual} cargando="Cargando servicio…" espera={nextCid.isPending}>
      {(inicial) => <ServicioForm key={ruta.id ?? 'nuevo'} actual={inicial} cidSugerido={cid} />}
    </VistaEdicion>
  );
}
