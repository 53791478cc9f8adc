import { Button, Group } from '@mantine/core';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { ESTADO_REGISTRO_LABELS, TIPO_NODO_LABELS } from '@troncal/domain/enums';
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

export default function NodoDetailPage() {
  const params = useParams();
  const id = idDeRuta(params.id);
  const query = trpc.nodos.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  if (id === null) return <NotFoundView />;
  if (query.isPending) return <LoadingState label="Cargando nodo…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const n = query.data;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {n.nombre}
            <EstadoPill estado={n.estado} label={ESTADO_REGISTRO_LABELS[n.estado]} size="lg" />
          </Group>
        }
        description={`Nodo ${TIPO_NODO_LABELS[n.tipo]}`}
        actions={
          <>
            <Button component={Link} to="/nodos" variant="default" leftSection={<IconArrowLeft size={16} />}>
              Nodos
            </Button>
            <SoloOperador>
              <Button component={Link} to={`/nodos/${n.nodo_id}/editar`} leftSection={<IconPencil size={16} />}>
                Editar
              </Button>
            </SoloOperador>
          </>
        }
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
  );
}
