import { Button, Group } from '@mantine/core';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { ESTADO_EQUIPO_LABELS, TIPO_EQUIPO_LABELS } from '@troncal/domain/enums';
import { Link, useParams } from 'react-router';
import { EstadoPill } from '../../components/EstadoPill';
import { Ficha } from '../../components/Ficha';
import { NotFoundView } from '../../components/NotFoundView';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { trpc } from '../../lib/trpc';
import { HistorialCambios } from '../cambios/HistorialCambios';
import { Auditoria, SoloOperador } from '../referencia/comun';
import { idDeRuta } from '../referencia/rutas';

export default function EquipoDetailPage() {
  const params = useParams();
  const id = idDeRuta(params.id);
  const query = trpc.equipos.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  if (id === null) return <NotFoundView />;
  if (query.isPending) return <LoadingState label="Cargando equipo…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const e = query.data;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {`${TIPO_EQUIPO_LABELS[e.tipo]} ${e.marca} ${e.modelo}`}
            <EstadoPill estado={e.estado} label={ESTADO_EQUIPO_LABELS[e.estado]} size="lg" />
          </Group>
        }
        description={`SN: ${e.serial}`}
        actions={
          <>
            <Button component={Link} to="/equipos" variant="default" leftSection={<IconArrowLeft size={16} />}>
              Equipos
            </Button>
            <SoloOperador>
              <Button component={Link} to={`/equipos/${e.equipo_id}/editar`} leftSection={<IconPencil size={16} />}>
                Editar
              </Button>
            </SoloOperador>
          </>
        }
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
  );
}
