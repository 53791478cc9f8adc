import { Anchor, Badge, Button, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconSend } from '@tabler/icons-react';
import { ESTADO_ENTREGA_COLORS, ESTADO_ENTREGA_LABELS } from '@troncal/domain/enums';
import type { EntregaWebhook } from '@troncal/domain/schemas';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { Paginacion, paginaConsulta } from '../../components/Paginacion';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { TablaConsulta } from '../../components/TablaDatos';
import { formatFechaHora, SIN_DATO } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { EventosBadges } from './WebhookEventos';
import { EditarWebhookModal, type Webhook } from './WebhooksPage';

function FilaEntrega({
  e,
  reintentando,
  onReintentar,
}: {
  e: EntregaWebhook;
  reintentando: boolean;
  onReintentar: () => void;
}) {
  return (
    <Table.Tr data-testid={`entrega-${e.entrega_id}`}>
      <Table.Td>
        <Code>{e.evento}</Code>
      </Table.Td>
      <Table.Td>
        {e.objeto} {e.objeto_id}
      </Table.Td>
      <Table.Td>
        <Tooltip label={e.ultimo_error ?? ''} disabled={!e.ultimo_error} multiline w={360}>
          <Badge color={ESTADO_ENTREGA_COLORS[e.estado]} variant="light">
            {ESTADO_ENTREGA_LABELS[e.estado]}
          </Badge>
        </Tooltip>
        {e.estado === 'PENDIENTE' && e.intentos > 0 && e.proximo_intento ? (
          <Text size="xs" c="dimmed">
            Próximo intento {formatFechaHora(e.proximo_intento)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{e.intentos}</Table.Td>
      <Table.Td>{e.ultimo_codigo ?? SIN_DATO}</Table.Td>
      <Table.Td>{e.duracion_ms === null ? SIN_DATO : `${e.duracion_ms} ms`}</Table.Td>
      <Table.Td>{formatFechaHora(e.entregada_en ?? e.updated_at)}</Table.Td>
      <Table.Td>
        {e.estado === 'ENVIANDO' ? null : (
          <Button size="compact-xs" variant="light" loading={reintentando} onClick={onReintentar}>
            Reintentar
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** One endpoint and its delivery log, newest first: "Enviar prueba" and "Reintentar". */
export default function WebhookDetailPage() {
  const id = Number(useParams().id);
  const [pagina, setPagina] = useState(1);
  const [editar, setEditar] = useState<Webhook | null>(null);
  const utils = trpc.useUtils();
  const webhook = trpc.webhooks.byId.useQuery({ id }, { enabled: Number.isInteger(id) && id > 0 });
  const entregas = trpc.webhooks.entregas.useQuery(
    { id, ...paginaConsulta(pagina) },
    { enabled: webhook.isSuccess, refetchInterval: 2000 },
  );
  const refrescar = () => void utils.webhooks.invalidate();
  const probar = trpc.webhooks.probar.useMutation({
    onSuccess: () => {
      notifyOk('Prueba en cola de envío.');
      setPagina(1);
      refrescar();
    },
    onError: (e) => notifyError(e, 'No se pudo enviar la prueba'),
  });
  const reintentar = trpc.webhooks.reintentar.useMutation({
    onSuccess: () => {
      notifyOk('Entrega en cola de reenvío.');
      refrescar();
    },
    onError: (e) => notifyError(e, 'No se pudo reintentar la entrega'),
  });

  if (webhook.isPending) return <LoadingState />;
  if (webhook.isError) return <ErrorState error={webhook.error} onRetry={() => void webhook.refetch()} />;
  const w = webhook.data;
  const filas = entregas.data?.data ?? [];
  return (
    <>
      <Anchor component={Link} to="/admin/webhooks" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Webhooks
        </Group>
      </Anchor>
      <PageHeader
        title={w.url}
        description={w.descripcion ?? undefined}
        actions={
          <>
            <Button variant="default" onClick={() => setEditar(w)}>
              Editar
            </Button>
            <Button
              leftSection={<IconSend size={18} />}
              loading={probar.isPending}
              disabled={!w.activo}
              onClick={() => probar.mutate({ id })}
            >
              Enviar prueba
            </Button>
          </>
        }
      />
      <Stack gap="md">
        <Group gap="lg">
          <Text size="sm">
            Estado: <b>{w.activo ? 'Activo' : 'Inactivo'}</b>
          </Text>
          <Text size="sm">
            Pendientes: <b>{w.pendientes}</b>
          </Text>
          <Text size="sm">
            Fallidas: <b>{w.fallidas}</b>
          </Text>
          <EventosBadges eventos={w.eventos} />
        </Group>
        <TablaConsulta
          consulta={entregas}
          filas={filas}
          vacio={{
            title: 'Sin entregas todavía',
            description: 'Aparecerán aquí cuando ocurra un evento suscrito, o pulse «Enviar prueba».',
          }}
          titulo="Entregas"
          minWidth={900}
          columnas={['Evento', 'Registro', 'Estado', 'Intentos', 'Código', 'Duración', 'Hora', 'Acciones']}
          fila={(e) => (
            <FilaEntrega
              key={e.entrega_id}
              e={e}
              reintentando={reintentar.isPending && reintentar.variables?.entrega_id === e.entrega_id}
              onReintentar={() => reintentar.mutate({ id, entrega_id: e.entrega_id })}
            />
          )}
        />
        {entregas.data ? <Paginacion page={pagina} total={entregas.data.total} onPageChange={setPagina} /> : null}
      </Stack>
      <EditarWebhookModal webhook={editar} onClose={() => setEditar(null)} />
    </>
  );
}
