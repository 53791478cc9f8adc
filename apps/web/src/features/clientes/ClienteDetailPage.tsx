import { Button, Group } from '@mantine/core';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { ESTADO_REGISTRO_LABELS } from '@troncal/domain/enums';
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

export default function ClienteDetailPage() {
  const params = useParams();
  const id = idDeRuta(params.id);
  const query = trpc.clientes.byId.useQuery({ id: id ?? 0 }, { enabled: id !== null });
  if (id === null) return <NotFoundView />;
  if (query.isPending) return <LoadingState label="Cargando cliente…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const p = query.data;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {p.razon_social}
            <EstadoPill estado={p.estado} label={ESTADO_REGISTRO_LABELS[p.estado]} size="lg" />
          </Group>
        }
        description="Cliente corporativo"
        actions={
          <>
            <Button component={Link} to="/clientes" variant="default" leftSection={<IconArrowLeft size={16} />}>
              Clientes
            </Button>
            <SoloOperador>
              <Button component={Link} to={`/clientes/${p.cliente_id}/editar`} leftSection={<IconPencil size={16} />}>
                Editar
              </Button>
            </SoloOperador>
          </>
        }
      />
      <Ficha
        datos={[
          { label: 'Razón social', value: p.razon_social },
          { label: 'RUC', value: p.ruc },
          { label: 'Estado', value: ESTADO_REGISTRO_LABELS[p.estado] },
          { label: 'Contacto', value: p.contacto },
          { label: 'Teléfono', value: p.telefono },
          { label: 'Correo', value: p.email },
        ]}
      />
      <Auditoria created_at={p.created_at} updated_at={p.updated_at} />
      <HistorialCambios entidad="cliente" id={p.cliente_id} />
    </>
  );
}
