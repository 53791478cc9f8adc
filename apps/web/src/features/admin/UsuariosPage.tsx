import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { ROL_LABELS, type Rol } from '@troncal/domain/enums';
import { type FormEvent, useState } from 'react';
import { EstadoPill } from '../../components/EstadoPill';
import { Exportar } from '../../components/Exportar';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { formatFechaHora } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { errorConfirmacion, errorPassword, passwordValida, REGLA_PASSWORD } from '../auth/password';
import { useAuth } from '../auth/useAuth';
import { DESCRIPCION_ROLES, RolSelect } from './RolSelect';

type Usuario = {
  usuario_id: number;
  email: string;
  nombre: string;
  rol: Rol;
  activo: boolean;
  created_at: string;
};

function NuevoUsuarioModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const utils = trpc.useUtils();
  const [email, setEmail] = useState('');
  const [nombre, setNombre] = useState('');
  const [rol, setRol] = useState<Rol>('operador');
  const [password, setPassword] = useState('');
  const [confirmacion, setConfirmacion] = useState('');
  const cerrar = () => {
    setEmail('');
    setNombre('');
    setRol('operador');
    setPassword('');
    setConfirmacion('');
    onClose();
  };
  const crear = trpc.usuarios.create.useMutation({
    onSuccess: (u) => {
      notifyOk(`Se creó el usuario ${u.email} (${ROL_LABELS[u.rol]}).`);
      void utils.usuarios.list.invalidate();
      cerrar();
    },
    onError: (e) => notifyError(e, 'No se pudo crear el usuario'),
  });
  const listo = !!email.trim() && !!nombre.trim() && passwordValida(password, confirmacion);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (listo) crear.mutate({ email, nombre, rol, password });
  };
  return (
    <Modal opened={opened} onClose={cerrar} title="Nuevo usuario">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Correo"
            type="email"
            required
            data-autofocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <TextInput label="Nombre" required value={nombre} onChange={(e) => setNombre(e.currentTarget.value)} />
          <RolSelect label="Rol" description={DESCRIPCION_ROLES} required value={rol} onChange={setRol} />
          <PasswordInput
            label="Contraseña"
            description={`${REGLA_PASSWORD} Compártala con la persona por un canal seguro.`}
            autoComplete="new-password"
            required
            value={password}
            error={errorPassword(password)}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label="Confirmar contraseña"
            autoComplete="new-password"
            required
            value={confirmacion}
            error={errorConfirmacion(password, confirmacion)}
            onChange={(e) => setConfirmacion(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={cerrar}>
              Cancelar
            </Button>
            <Button type="submit" loading={crear.isPending} disabled={!listo}>
              Crear usuario
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RestablecerPasswordModal({ usuario, onClose }: { usuario: Usuario | null; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [confirmacion, setConfirmacion] = useState('');
  const cerrar = () => {
    setPassword('');
    setConfirmacion('');
    onClose();
  };
  const actualizar = trpc.usuarios.update.useMutation({
    onSuccess: (u) => {
      notifyOk(`Se restableció la contraseña de ${u.email}; sus sesiones se cerraron.`);
      cerrar();
    },
    onError: (e) => notifyError(e, 'No se pudo restablecer la contraseña'),
  });
  const listo = passwordValida(password, confirmacion);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (usuario && listo) actualizar.mutate({ id: usuario.usuario_id, datos: { password } });
  };
  return (
    <Modal opened={usuario !== null} onClose={cerrar} title={`Restablecer contraseña de ${usuario?.nombre ?? ''}`}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <PasswordInput
            label="Nueva contraseña"
            description={REGLA_PASSWORD}
            autoComplete="new-password"
            required
            data-autofocus
            value={password}
            error={errorPassword(password)}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label="Confirmar contraseña"
            autoComplete="new-password"
            required
            value={confirmacion}
            error={errorConfirmacion(password, confirmacion)}
            onChange={(e) => setConfirmacion(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={cerrar}>
              Cancelar
            </Button>
            <Button type="submit" loading={actualizar.isPending} disabled={!listo}>
              Restablecer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ConfirmarEstadoModal({ usuario, onClose }: { usuario: Usuario | null; onClose: () => void }) {
  const utils = trpc.useUtils();
  const actualizar = trpc.usuarios.update.useMutation({
    onSuccess: (u) => {
      notifyOk(
        u.activo
          ? `${u.nombre} puede volver a ingresar.`
          : `${u.nombre} ya no puede ingresar; sus sesiones se cerraron.`,
      );
      void utils.usuarios.list.invalidate();
      onClose();
    },
    onError: (e) => notifyError(e, 'No se pudo cambiar el estado'),
  });
  const desactivar = usuario?.activo ?? false;
  return (
    <Modal opened={usuario !== null} onClose={onClose} title={desactivar ? 'Desactivar usuario' : 'Activar usuario'}>
      <Stack gap="md">
        <Text size="sm">
          {desactivar
            ? `${usuario?.nombre} (${usuario?.email}) no podrá ingresar y sus sesiones abiertas se cerrarán. Sus registros se conservan.`
            : `${usuario?.nombre} (${usuario?.email}) podrá volver a ingresar con su contraseña.`}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button
            color={desactivar ? 'red' : undefined}
            loading={actualizar.isPending}
            onClick={() => usuario && actualizar.mutate({ id: usuario.usuario_id, datos: { activo: !usuario.activo } })}
          >
            {desactivar ? 'Desactivar' : 'Activar'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export default function UsuariosPage() {
  const { usuario: yo } = useAuth();
  const utils = trpc.useUtils();
  const lista = trpc.usuarios.list.useQuery();
  const [nuevoAbierto, nuevo] = useDisclosure(false);
  const [restablecer, setRestablecer] = useState<Usuario | null>(null);
  const [cambiarEstado, setCambiarEstado] = useState<Usuario | null>(null);
  const cambiarRol = trpc.usuarios.update.useMutation({
    onSuccess: (u) => {
      notifyOk(`${u.nombre} ahora es ${ROL_LABELS[u.rol]}.`);
      void utils.usuarios.list.invalidate();
      // Your own role changed: the header and the menus follow.
      if (u.usuario_id === yo?.usuario_id) void utils.auth.estado.invalidate();
    },
    onError: (e) => {
      notifyError(e, 'No se pudo cambiar el rol');
      void utils.usuarios.list.invalidate();
    },
  });

  const usuarios = lista.data ?? [];
  const adminsActivos = usuarios.filter((u) => u.rol === 'admin' && u.activo).length;
  const esUltimoAdmin = (u: Usuario) => u.rol === 'admin' && u.activo && adminsActivos <= 1;

  return (
    <>
      <PageHeader
        title="Usuarios"
        description="Quién puede ingresar a Troncal y con qué rol."
        actions={
          <>
            <Exportar ruta="/v1/usuarios" />
            <Button leftSection={<IconUserPlus size={18} />} onClick={nuevo.open}>
              Nuevo usuario
            </Button>
          </>
        }
      />
      {lista.isPending ? (
        <LoadingState />
      ) : lista.isError ? (
        <ErrorState error={lista.error} onRetry={() => void lista.refetch()} />
      ) : usuarios.length === 0 ? (
        <EmptyState title="No hay usuarios" />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={980}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Usuarios">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Nombre</Table.Th>
                  <Table.Th>Correo</Table.Th>
                  <Table.Th w={170}>Rol</Table.Th>
                  <Table.Th>Estado</Table.Th>
                  <Table.Th>Creado</Table.Th>
                  <Table.Th>Acciones</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {usuarios.map((u) => {
                  const ultimo = esUltimoAdmin(u);
                  const motivo = 'Es el único administrador activo.';
                  return (
                    <Table.Tr key={u.usuario_id} data-testid={`usuario-${u.email}`}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" fw={500}>
                            {u.nombre}
                          </Text>
                          {u.usuario_id === yo?.usuario_id ? (
                            <Badge size="xs" variant="outline" style={{ flexShrink: 0 }}>
                              Usted
                            </Badge>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>{u.email}</Table.Td>
                      <Table.Td>
                        <Tooltip label={motivo} disabled={!ultimo}>
                          <div>
                            <RolSelect
                              aria-label={`Rol de ${u.nombre}`}
                              size="xs"
                              value={u.rol}
                              disabled={ultimo || !u.activo || cambiarRol.isPending}
                              onChange={(rol) => {
                                if (rol !== u.rol) cambiarRol.mutate({ id: u.usuario_id, datos: { rol } });
                              }}
                            />
                          </div>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <EstadoPill
                          estado={u.activo ? 'ACTIVO' : 'INACTIVO'}
                          label={u.activo ? 'Activo' : 'Inactivo'}
                        />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatFechaHora(u.created_at)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="compact-xs" variant="light" onClick={() => setRestablecer(u)}>
                            Restablecer contraseña
                          </Button>
                          <Tooltip label={motivo} disabled={!(ultimo && u.activo)}>
                            <span>
                              <Button
                                size="compact-xs"
                                variant="light"
                                color={u.activo ? 'red' : 'teal'}
                                disabled={ultimo && u.activo}
                                onClick={() => setCambiarEstado(u)}
                              >
                                {u.activo ? 'Desactivar' : 'Activar'}
                              </Button>
                            </span>
                          </Tooltip>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <NuevoUsuarioModal opened={nuevoAbierto} onClose={nuevo.close} />
      <RestablecerPasswordModal usuario={restablecer} onClose={() => setRestablecer(null)} />
      <ConfirmarEstadoModal usuario={cambiarEstado} onClose={() => setCambiarEstado(null)} />
    </>
  );
}
