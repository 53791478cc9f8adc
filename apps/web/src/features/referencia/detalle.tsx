import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { CabeceraRegistro } from '../../components/CabeceraRegistro';
import { type DatoFicha, Ficha } from '../../components/Ficha';
import { NotFoundView } from '../../components/NotFoundView';
import { type ConsultaRegistro, ErrorState, LoadingState } from '../../components/StateViews';
import { usePuedeOperar } from '../auth';
import { HistorialCambios } from '../cambios/HistorialCambios';
import type { Catalogo } from './catalogos';
import { Auditoria } from './comun';
import { idDeRuta } from './rutas';

/** The `:id` of a catalogue's detail route, or null when it is not one (the page answers 404). */
export const useIdDeRuta = (): number | null => idDeRuta(useParams().id);

/** A catalogue's byId procedure (`trpc.nodos.byId`), as its detail and form pages read one record. */
export interface LecturaPorId<T> {
  useQuery: (entrada: { id: number }, opciones: { enabled: boolean }) => ConsultaRegistro<T>;
}

/** The states around a detail page: 404 for an id that is not one, "Cargando…", the error, the record. */
export function VistaDetalle<T>({
  id,
  consulta,
  cargando,
  children,
}: {
  id: number | null;
  consulta: ConsultaRegistro<T>;
  cargando: string;
  children: (registro: T) => ReactNode;
}) {
  if (id === null) return <NotFoundView />;
  if (consulta.isPending) return <LoadingState label={cargando} />;
  if (consulta.isError || consulta.data === undefined) {
    return <ErrorState error={consulta.error} onRetry={() => consulta.refetch()} />;
  }
  return <>{children(consulta.data)}</>;
}

/** A record's heading with its state, "back to the list" and, for operadores, "Editar". */
export function CabeceraDetalle({
  titulo,
  estado,
  descripcion,
  lista,
  editar,
}: {
  titulo: ReactNode;
  estado: ReactNode;
  descripcion: string;
  /** The list's route and name: `['/nodos', 'Nodos']`. */
  lista: [ruta: string, nombre: string];
  editar: string;
}) {
  const puedeOperar = usePuedeOperar();
  return (
    <CabeceraRegistro
      titulo={titulo}
      estado={estado}
      descripcion={descripcion}
      volver={lista}
      editar={puedeOperar ? editar : null}
    />
  );
}

/** What a catalogue's detail page shows of one record. */
export interface VistaRegistro {
  id: number;
  titulo: string;
  estado: ReactNode;
  descripcion: string;
  datos: DatoFicha[];
}

/**
 * A catalogue record's detail page: 404, "Cargando…" or the error around it; then its heading,
 * its card, when it was registered and changed, and its change history.
 */
export function PaginaDetalle<T extends { created_at: string; updated_at: string }>({
  catalogo,
  porId,
  vista,
}: {
  catalogo: Catalogo;
  porId: LecturaPorId<T>;
  vista: (registro: T) => VistaRegistro;
}) {
  const id = useIdDeRuta();
  const consulta = porId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  return (
    <VistaDetalle id={id} consulta={consulta} cargando={`Cargando ${catalogo.singular}…`}>
      {(registro) => {
        const v = vista(registro);
        return (
          <>
            <CabeceraDetalle
              titulo={v.titulo}
              estado={v.estado}
              descripcion={v.descripcion}
              lista={[catalogo.ruta, catalogo.titulo]}
              editar={`${catalogo.ruta}/${v.id}/editar`}
            />
            <Ficha datos={v.datos} />
            <Auditoria created_at={registro.created_at} updated_at={registro.updated_at} />
            <HistorialCambios entidad={catalogo.singular} id={v.id} />
          </>
        );
      }}
    </VistaDetalle>
  );
}
