import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { ROL_COLORS, ROL_LABELS, type Rol } from '@troncal/domain/enums';
import { type FormEvent, useState } from 'react';
import { EstadoPill } from '../../components/EstadoPill';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { formatFechaHora, SIN_DATO } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { DESCRIPCION_ROLES, RolSelect } from './RolSelect';

type Token = {
  token_id: number;
  nombre: string;
  rol: Rol;
  prefijo: string;
  creado_por: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

/** The secret, once: after this modal closes nobody can see it again. */
function TokenCreado({ token, onClose }: { token: string; onClose: () => void }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
        Copie el token ahora y guárdelo en un lugar seguro: no se volverá a mostrar.
      </Alert>
      <TextInput
        label="Token"
        readOnly
        value={token}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        onFocus={(e) => e.currentTarget.select()}
        rightSection={
          <CopyButton value={token} timeout={2000}>
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
        Úselo en la cabecera <Code>Authorization: Bearer {'<token>'}</Code> de las llamadas a <Code>/v1</Code>.
      </Text>
      <Group justify="flex-end">
        <Button onClick={onClose}>Listo</Button>
      </Group>
    </Stack>
  );
}

function NuevoTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const utils = trpc.useUtils();
  const [nombre, setNombre] = useState('');
  const [rol, setRol] = useState<Rol>('lector');
  const [creado, setCreado] = useState<string | null>(null);
  const cerrar = () => {
    setNombre('');
    setRol('lector');
    setCreado(null);
    onClose();
  };
  const crear = trpc.tokens.create.useMutation({
    onSuccess: (t) => {
      setCreado(t.token);
      void utils.tokens.list.invalidate();
    },
    onError: (e) => notifyError(e, 'No se pudo crear el token'),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (nombre.trim()) crear.mutate({ nombre, rol });
  };
  return (
    <Modal
      opened={opened}
      onClose={cerrar}
      title={creado ? 'Token creado' : 'Nuevo token de API'}
      size="lg"
      // The secret must not vanish with a stray click outside the modal.
      closeOnClickOutside={!creado}
    >
      {creado ? (
        <TokenCreado token={creado} onClose={cerrar} />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <TextInput
              label="Nombre"
              description="Para quién o para qué es, p. ej. «Monitoreo NOC»."
              required
              data-autofocus
              value={nombre}
              onChange={(e) => setNombre(e.currentTarget.value)}
            />
            <RolSelect label="Rol" description={DESCRIPCION_ROLES} required value={rol} onChange={setRol} />
            <Group justify="flex-end">
              <Button variant="default" onClick={cerrar}>
                Cancelar
              </Button>
              <Button type="submit" loading={crear.isPending} disabled={!nombre.trim()}>
                Crear token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function RevocarModal({ token, onClose }: { token: Token | null; onClose: () => void }) {
  const utils = trpc.useUtils();
  const revocar = trpc.tokens.revocar.useMutation({
    onSuccess: (t) => {
      notifyOk(`Se revocó el token «${t.nombre}».`);
      void utils.tokens.list.invalidate();
      onClose();
    },
    onError: (e) => notifyError(e, 'No se pudo revocar el token'),
  });
  return (
    <Modal opened={token !== null} onClose={onClose} title="Revocar token">
      <Stack gap="md">
        <Text size="sm">
          Las integraciones que usen «{token?.nombre}» ({token?.prefijo}…) dejarán de funcionar de inmediato. Esta
          acción no se puede deshacer.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button
            color="red"
            loading={revocar.isPending}
            onClick={() => token && revocar.mutate({ id: token.token_id })}
          >
            Revocar
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export default function TokensPage() {
  const lista = trpc.tokens.list.useQuery();
  const [nuevoAbierto, nuevo] = useDisclosure(false);
  const [revocar, setRevocar] = useState<Token | null>(null);
  const tokens = lista.data ?? [];
  return (
    <>
      <PageHeader
        title="Tokens de API"
        description="Credenciales para las integraciones que llaman a /v1. Cada token tiene un rol y puede revocarse."
        actions={
          <Button leftSection={<IconKey size={18} />} onClick={nuevo.open}>
            Nuevo token
          </Button>
        }
      />
      {lista.isPending ? (
        <LoadingState />
      ) : lista.isError ? (
        <ErrorState error={lista.error} onRetry={() => void lista.refetch()} />
      ) : tokens.length === 0 ? (
        <EmptyState
          title="No hay tokens"
          description="Cree uno para cada integración; también puede usar «pnpm troncal tokens:create»."
        />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Tokens de API">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Nombre</Table.Th>
                  <Table.Th>Prefijo</Table.Th>
                  <Table.Th>Rol</Table.Th>
                  <Table.Th>Creado por</Table.Th>
                  <Table.Th>Creado</Table.Th>
                  <Table.Th>Último uso</Table.Th>
                  <Table.Th>Estado</Table.Th>
                  <Table.Th>Acciones</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.map((t) => (
                  <Table.Tr key={t.token_id} data-testid={`token-${t.token_id}`}>
                    <Table.Td fw={500}>{t.nombre}</Table.Td>
                    <Table.Td>
                      <Code>{t.prefijo}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={ROL_COLORS[t.rol]} variant="light">
                        {ROL_LABELS[t.rol]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{t.creado_por ?? <Text c="dimmed">CLI</Text>}</Table.Td>
                    <Table.Td>{formatFechaHora(t.created_at)}</Table.Td>
                    <Table.Td>{t.last_used_at ? formatFechaHora(t.last_used_at) : SIN_DATO}</Table.Td>
                    <Table.Td>
                      {t.revoked_at ? (
                        <Tooltip label={`Revocado el ${formatFechaHora(t.revoked_at)}`}>
                          <span>
                            <EstadoPill estado="BAJA" label="Revocado" />
                          </span>
                        </Tooltip>
                      ) : (
                        <EstadoPill estado="ACTIVO" label="Activo" />
                      )}
                    </Table.Td>
                    <Table.Td>
                      {t.revoked_at ? null : (
                        <Button size="compact-xs" variant="light" color="red" onClick={() => setRevocar(t)}>
                          Revocar
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <NuevoTokenModal opened={nuevoAbierto} onClose={nuevo.close} />
      <RevocarModal token={revocar} onClose={() => setRevocar(null)} />
    </>
  );
}
