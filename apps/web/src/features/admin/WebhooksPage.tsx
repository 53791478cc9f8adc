import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy, IconWebhook } from '@tabler/icons-react';
import type { EventoWebhook } from '@troncal/domain/enums';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { EstadoPill } from '../../components/EstadoPill';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { erroresDelServidor } from '../../lib/errors';
import { formatFechaHora, SIN_DATO } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { EventosBadges, EventosCheckboxes } from './WebhookEventos';

export type Webhook = {
  webhook_id: number;
  url: string;
  descripcion: string | null;
  eventos: EventoWebhook[];
  activo: boolean;
  pendientes: number;
  fallidas: number;
  ultima_entrega: string | null;
};

/** The server's message for one field, if the error names it. */
const errorDe = (error: unknown, campo: string): string | undefined => erroresDelServidor(error)[campo];

/** The signing secret, once: after this modal closes nobody can see it again. */
function SecretoCreado({ secreto, onClose }: { secreto: string; onClose: () => void }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
        Copie el secreto ahora y guárdelo en el sistema receptor: no se volverá a mostrar.
      </Alert>
      <TextInput
        label="Secreto de firma"
        readOnly
        value={secreto}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        onFocus={(e) => e.currentTarget.select()}
        rightSection={
          <CopyButton value={secreto} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copiado' : 'Copiar'} withArrow>
                <ActionIcon
                  variant="subtle"
                  color={copied ? 'teal' : 'gray'}
                  onClick={copy}
                  aria-label={copied ? 'Copiado' : 'Copiar'}
                >
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        }
      />
      <Text size="sm" c="dimmed">
        Cada entrega lleva la cabecera <Code>Troncal-Signature: t=…,v1=…</Code>: el HMAC-SHA256 de{' '}
        <Code>{'<t>.<cuerpo>'}</Code> con este secreto. El README explica cómo verificarla.
      </Text>
      <Group justify="flex-end">
        <Button onClick={onClose}>Listo</Button>
      </Group>
    </Stack>
  );
}

function NuevoWebhookModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const utils = trpc.useUtils();
  const [url, setUrl] = useState('');
  const [descripcion, setDescripcion] = useState('');
  const [eventos, setEventos] = useState<EventoWebhook[]>([]);
  const [secreto, setSecreto] = useState<string | null>(null);
  const cerrar = () => {
    setUrl('');
    setDescripcion('');
    setEventos([]);
    setSecreto(null);
    crear.reset();
    onClose();
  };
  const crear = trpc.webhooks.create.useMutation({
    onSuccess: (w) => {
      setSecreto(w.secreto);
      void utils.webhooks.list.invalidate();
    },
    onError: (e) => notifyError(e, 'No se pudo registrar el webhook'),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    crear.mutate({ url, descripcion, eventos });
  };
  return (
    <Modal
      opened={opened}
      onClose={cerrar}
      title={secreto ? 'Webhook registrado' : 'Nuevo webhook'}
      size="lg"
      closeOnClickOutside={!secreto}
    >
      {secreto ? (
        <SecretoCreado secreto={secreto} onClose={cerrar} />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <TextInput
              label="URL"
              description="http:// o https:// del sistema que recibirá los eventos."
              placeholder="https://facturacion.isp.pe/troncal"
              required
              data-autofocus
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={errorDe(crear.error, 'url')}
            />
            <Textarea
              label="Descripción"
              autosize
              minRows={2}
              value={descripcion}
              onChange={(e) => setDescripcion(e.currentTarget.value)}
              error={errorDe(crear.error, 'descripcion')}
            />
            <EventosCheckboxes value={eventos} onChange={setEventos} error={errorDe(crear.error, 'eventos')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={cerrar}>
                Cancelar
              </Button>
              <Button type="submit" loading={crear.isPending} disabled={!url.trim() || eventos.length === 0}>
                Registrar webhook
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function EditarWebhookModal({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  return (
    <Modal opened={webhook !== null} onClose={onClose} title="Editar webhook" size="lg">
      {webhook ? <EditarWebhookForm key={webhook.webhook_id} webhook={webhook} onClose={onClose} /> : null}
    </Modal>
  );
}

function EditarWebhookForm({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const utils = trpc.useUtils();
  const [url, setUrl] = useState(webhook.url);
  const [descripcion, setDescripcion] = useState(webhook.descripcion ?? '');
  const [eventos, setEventos] = useState<EventoWebhook[]>(webhook.eventos);
  const [activo, setActivo] = useState(webhook.activo);
  const actualizar = trpc.webhooks.update.useMutation({
    onSuccess: () => {
      notifyOk('Webhook actualizado.');
      void utils.webhooks.invalidate();
      onClose();
    },
    onError: (e) => notifyError(e, 'No se pudo actualizar el webhook'),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    actualizar.mutate({ id: webhook.webhook_id, datos: { url, descripcion, eventos, activo } });
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <TextInput
          label="URL"
          required
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={errorDe(actualizar.error, 'url')}
        />
        <Textarea
          label="Descripción"
          autosize
          minRows={2}
          value={descripcion}
          onChange={(e) => setDescripcion(e.currentTarget.value)}
        />
        <EventosCheckboxes value={eventos} onChange={setEventos} error={errorDe(actualizar.error, 'eventos')} />
        <Switch
          label="Activo"
          description="Inactivo: no recibe eventos nuevos y sus entregas pendientes esperan."
          checked={activo}
          onChange={(e) => setActivo(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button type="submit" loading={actualizar.isPending} disabled={!url.trim() || eventos.length === 0}>
            Guardar cambios
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EliminarWebhookModal({ webhook, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  const utils = trpc.useUtils();
  const eliminar = trpc.webhooks.eliminar.useMutation({
    onSuccess: () => {
      notifyOk('Webhook eliminado.');
      void utils.webhooks.list.invalidate();
      onClose();
    },
    onError: (e) => notifyError(e, 'No se pudo eliminar el webhook'),
  });
  return (
    <Modal opened={webhook !== null} onClose={onClose} title="Eliminar webhook">
      <Stack gap="md">
        <Text size="sm">
          {webhook?.url} dejará de recibir eventos y se borrará su registro de entregas
          {webhook?.pendientes ? `, con ${webhook.pendientes} entregas pendientes` : ''}. Esta acción no se puede
          deshacer.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button
            color="red"
            loading={eliminar.isPending}
            onClick={() => webhook && eliminar.mutate({ id: webhook.webhook_id })}
          >
            Eliminar
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export default function WebhooksPage() {
  const lista = trpc.webhooks.list.useQuery(undefined, { refetchInterval: 10_000 });
  const [nuevoAbierto, nuevo] = useDisclosure(false);
  const [editar, setEditar] = useState<Webhook | null>(null);
  const [eliminar, setEliminar] = useState<Webhook | null>(null);
  const webhooks = lista.data ?? [];
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Sistemas externos a los que Troncal avisa de cada cambio de conexiones y servicios, con entregas firmadas y reintentos."
        actions={
          <Button leftSection={<IconWebhook size={18} />} onClick={nuevo.open}>
            Nuevo webhook
          </Button>
        }
      />
      {lista.isPending ? (
        <LoadingState />
      ) : lista.isError ? (
        <ErrorState error={lista.error} onRetry={() => void lista.refetch()} />
      ) : webhooks.length === 0 ? (
        <EmptyState
          title="No hay webhooks"
          description="Registre la URL de un sistema (facturación, NOC, tickets) y elija los eventos que debe recibir."
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Webhooks">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>URL</Table.Th>
                  <Table.Th>Eventos</Table.Th>
                  <Table.Th>Estado</Table.Th>
                  <Table.Th>Pendientes</Table.Th>
                  <Table.Th>Fallidas</Table.Th>
                  <Table.Th>Última entrega</Table.Th>
                  <Table.Th>Acciones</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {webhooks.map((w) => (
                  <Table.Tr key={w.webhook_id} data-testid={`webhook-${w.webhook_id}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/admin/webhooks/${w.webhook_id}`} fw={500}>
                        {w.url}
                      </Anchor>
                      {w.descripcion ? (
                        <Text size="xs" c="dimmed">
                          {w.descripcion}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <EventosBadges eventos={w.eventos} />
                    </Table.Td>
                    <Table.Td>
                      <EstadoPill estado={w.activo ? 'ACTIVO' : 'INACTIVO'} label={w.activo ? 'Activo' : 'Inactivo'} />
                    </Table.Td>
                    <Table.Td>{w.pendientes}</Table.Td>
                    <Table.Td>
                      <Text c={w.fallidas > 0 ? 'red' : undefined} size="sm">
                        {w.fallidas}
                      </Text>
                    </Table.Td>
                    <Table.Td>{w.ultima_entrega ? formatFechaHora(w.ultima_entrega) : SIN_DATO}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="light"
                          component={Link}
                          to={`/admin/webhooks/${w.webhook_id}`}
                        >
                          Entregas
                        </Button>
                        <Button size="compact-xs" variant="light" onClick={() => setEditar(w)}>
                          Editar
                        </Button>
                        <Button size="compact-xs" variant="light" color="red" onClick={() => setEliminar(w)}>
                          Eliminar
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <NuevoWebhookModal opened={nuevoAbierto} onClose={nuevo.close} />
      <EditarWebhookModal webhook={editar} onClose={() => setEditar(null)} />
      <EliminarWebhookModal webhook={eliminar} onClose={() => setEliminar(null)} />
    </>
  );
}
