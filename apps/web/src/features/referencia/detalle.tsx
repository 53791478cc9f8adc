import { Button, Group } from '@mantine/core';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { NotFoundView } from '../../components/NotFoundView';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { SoloOperador } from './comun';
import { idDeRuta } from './rutas';

/** The `:id` of a catalogue's detail route, or null when it is not one (the page answers 404). */
export const useIdDeRuta = (): number | null => idDeRuta(useParams().id);

interface ConsultaRegistro<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
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
  return (
    <PageHeader
      title={
        <Group gap="sm" component="span">
          {titulo}
          {estado}
        </Group>
      }
      description={descripcion}
      actions={
        <>
          <Button component={Link} to={lista[0]} variant="default" leftSection={<IconArrowLeft size={16} />}>
            {lista[1]}
          </Button>
          <SoloOperador>
            <Button component={Link} to={editar} leftSection={<IconPencil size={16} />}>
              Editar
            </Button>
          </SoloOperador>
        </>
      }
    />
  );
}
