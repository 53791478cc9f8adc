import { trpc } from '../../lib/trpc';
import { useRutaEdicion, VistaEdicion } from '../referencia/formulario';
import { ConexionForm } from './ConexionForm';

/** "Nueva servicio cliente" (/conexiones/nueva) and its edit form (/conexiones/:id/editar). */
export default function ConexionFormPage() {
  const ruta = useRutaEdicion();
  const actual = trpc.conexiones.byId.useQuery(
    { enlace_id: ruta.id ?? 0 },
    { enabled: ruta.editando && ruta.id !== null, staleTime: 0 },
  );
  const nextCid = trpc.conexiones.nextCid.useQuery(undefined, { enabled: !ruta.editando, staleTime: 0 });
  // A new connection opens with the sequence's next CID (or without one if it cannot be read).
  return (
    <VistaEdicion {...ruta} consulta={actual} cargando="Cargando conexión…" espera={nextCid.isPending}>
      {(inicial) => (
        <ConexionForm
          key={ruta.id ?? 'nueva'}
          actual={inicial}
          cidSugerido={nextCid.data ? String(nextCid.data.next) : null}
        />
      )}
    </VistaEdicion>
  );
}
