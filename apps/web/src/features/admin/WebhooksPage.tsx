import { Anchor, Button, Code, Group, Modal, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconWebhook } from '@tabler/icons-react';
import type { EventoWebhook } from '@troncal/domain/enums';
import { useState } from 'react';
import { Link } from 'react-router';
import { PillActivo } from '../../components/EstadoPill';
import { PageHeader } from '../../components/PageHeader';
import { ConfirmarModal, FormularioModal } from '../../components/PieModal';
import { TablaConsulta } from '../../components/TablaDatos';
import { erroresDelServidor } from '../../lib/errors';
import { formatFechaHora, SIN_DATO } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { ModalSecreto } from './ModalSecreto';
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

/** What the create and edit forms both hold. */
interface DatosWebhook {
  url: string;
  descripcion: string;
  eventos: EventoWebhook[];
}

const completo = (d: DatosWebhook) => Boolean(d.url.trim()) && d.eventos.length > 0;

/** URL, Descripción and Eventos, with the server's refusal under each. */
function CamposWebhook({
  datos,
  onChange,
  error,
  autoFocus,
}: {
  datos: DatosWebhook;
  onChange: (d: DatosWebhook) => void;
  error: unknown;
  autoFocus?: boolean;
}) {
  const errores = erroresDelServidor(error);
  return (
    <>
      <TextInput
        label="URL"
        description="http:// o https:// del sistema que recibirá los eventos."
        placeholder="https://facturacion.isp.pe/troncal"
        required
        data-autofocus={autoFocus || undefined}
        value={datos.url}
        onChange={(e) => onChange({ ...datos, url: e.currentTarget.value })}
        error={errores.url}
      />
      <Textarea
        label="Descripción"
        autosize
        minRows={2}
        value={datos.descripcion}
        onChange={(e) => onChange({ ...datos, descripcion: e.currentTarget.value })}
        error={errores.descripcion}
      />
      <EventosCheckboxes
        value={datos.eventos}
        onChange={(eventos) => onChange({ ...datos, eventos })}
        error={errores.eventos}
      />
    </>
  );
}

const VACIO: DatosWebhook = { url: '', descripcion: '', eventos: [] };

function NuevoWebhookModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const utils = trpc.useUtils();
  const [datos, setDatos] = useState(VACIO);
  const [secreto, setSecreto] = useState<string | null>(null);
  const crear = trpc.webhooks.create.useMutation({
    onSuccess: (w) => {
      setSecreto(w.secreto);
      void utils.webhooks.list.invalidate();
    },
    onError: (e) => notifyError(e, 'No se pudo registrar el webhook'),
  });
  const cerrar = () => {
    setDatos(VACIO);
    setSecreto(null);
    crear.reset();
    onClose();
  };
  return (
    <ModalSecreto
      opened={opened}
      onClose={cerrar}
      titulo="Nuevo webhook"
      tituloSecreto="Webhook registrado"
      secreto={secreto}
      etiqueta="Secreto de firma"
      aviso="Copie el secreto ahora y guárdelo en el sistema receptor"
      ayuda={
        <>
          Cada entrega lleva la cabecera <Code>Troncal-Signature: t=…,v1=…</Code>: el HMAC-SHA256 de{' '}
          <Code>{'<t>.<cuerpo>'}</Code> con este secreto. El README explica cómo verificarla.
        </>
      }
    >
      <FormularioModal
        onEnviar={() => crear.mutate(datos)}
        onCancelar={cerrar}
        guardando={crear.isPending}
        deshabilitado={!completo(datos)}
        etiqueta="Registrar webhook"
      >
        <CamposWebhook datos={datos} onChange={setDatos} error={crear.error} autoFocus />
      </FormularioModal>
    </ModalSecreto>
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
  const [datos, setDatos] = useState<DatosWebhook>({
    url: webhook.url,
    descripcion: webhook.descripcion ?? '',
    eventos: webhook.eventos,
  });
  const [activo, setActivo] = useState(webhook.activo);
  const actualizar = trpc.webhooks.update.useMutation({
    onSuccess: () => {
      notifyOk('Webhook actualizado.');
      void utils.webhooks.invalidate();
      onClose();
    },
    onError: (e) => notifyError(e, 'No se pudo actualizar el webhook'),
  });
  return (
    <FormularioModal
      onEnviar={() => actualizar.mutate({ id: webhook.webhook_id, datos: { ...datos, activo } })}
      onCancelar={onClose}
      guardando={actualizar.isPending}
      deshabilitado={!completo(datos)}
      etiqueta="Guardar cambios"
    >
      <CamposWebhook datos={datos} onChange={setDatos} error={actualizar.error} />
      <Switch
        label="Activo"
        description="Inactivo: no recibe eventos nuevos y sus entregas pendientes esperan."
        checked={activo}
        onChange={(e) => setActivo(e.currentTarget.checked)}
      />
    </FormularioModal>
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
    <ConfirmarModal
      abierto={webhook !== null}
      onClose={onClose}
      titulo="Eliminar webhook"
      etiqueta="Eliminar"
      guardando={eliminar.isPending}
      onConfirmar={() => webhook && eliminar.mutate({ id: webhook.webhook_id })}
    >
      {webhook?.url} dejará de recibir eventos y se borrará su registro de entregas
      {webhook?.pendientes ? `, con ${webhook.pendientes} entregas pendientes` : ''}. Esta acción no se puede deshacer.
    </ConfirmarModal>
  );
}

function FilaWebhook({ w, onEditar, onEliminar }: { w: Webhook; onEditar: () => void; onEliminar: () => void }) {
  const detalle = `/admin/webhooks/${w.webhook_id}`;
  return (
    <Table.Tr data-testid={`webhook-${w.webhook_id}`}>
      <Table.Td>
        <Anchor component={Link} to={detalle} fw={500}>
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
        <PillActivo activo={w.activo} />
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
          <Button size="compact-xs" variant="light" component={Link} to={detalle}>
            Entregas
          </Button>
          <Button size="compact-xs" variant="light" onClick={onEditar}>
            Editar
          </Button>
          <Button size="compact-xs" variant="light" color="red" onClick={onEliminar}>
            Eliminar
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export default function WebhooksPage() {
  const lista = trpc.webhooks.list.useQuery(undefined, { refetchInterval: 10_000 });
  const [nuevoAbierto, nuevo] = useDisclosure(false);
  const [editar, setEditar] = useState<Webhook | null>(null);
  const [eliminar, setEliminar] = useState<Webhook | null>(null);
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
      <TablaConsulta
        consulta={lista}
        filas={lista.data ?? []}
        vacio={{
          title: 'No hay webhooks',
          description:
            'Registre la URL de un sistema (facturación, NOC, tickets) y elija los eventos que debe recibir.',
        }}
        titulo="Webhooks"
        minWidth={900}
        columnas={['URL', 'Eventos', 'Estado', 'Pendientes', 'Fallidas', 'Última entrega', 'Acciones']}
        fila={(w) => (
          <FilaWebhook key={w.webhook_id} w={w} onEditar={() => setEditar(w)} onEliminar={() => setEliminar(w)} />
        )}
      />
      <NuevoWebhookModal opened={nuevoAbierto} onClose={nuevo.close} />
      <EditarWebhookModal webhook={editar} onClose={() => setEditar(null)} />
      <EliminarWebhookModal webhook={eliminar} onClose={() => setEliminar(null)} />
    </>
  );
}
