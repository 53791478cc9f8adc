import { Badge, Button, Group, Modal, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { ROL_LABELS, type Rol } from '@troncal/domain/enums';
import type { Usuario } from '@troncal/domain/schemas';
import { useState } from 'react';
import { PillActivo } from '../../components/EstadoPill';
import { Exportar } from '../../components/Exportar';
import { PageHeader } from '../../components/PageHeader';
import { ConfirmarModal, FormularioModal } from '../../components/PieModal';
import { TablaConsulta } from '../../components/TablaDatos';
import { formatFechaHora } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { CampoCorreo, CamposPasswordNueva, usePasswordNueva } from '../auth/CamposPassword';
import { useAuth } from '../auth/useAuth';
import { DESCRIPCION_ROLES, RolSelect } from './RolSelect';

function NuevoUsuarioModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const utils = trpc.useUtils();
  const [email, setEmail] = useState('');
  const [nombre, setNombre] = useState('');
  const [rol, setRol] = useState<Rol>('operador');
  const clave = usePasswordNueva();
  const cerrar = () => {
    setEmail('');
    setNombre('');
    setRol('operador');
    clave.limpiar();
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
  const listo = !!email.trim() && !!nombre.trim() && clave.valida;
  return (
    <Modal opened={opened} onClose={cerrar} title="Nuevo usuario">
      <FormularioModal
        onEnviar={() => {
          if (listo) crear.mutate({ email, nombre, rol, password: clave.password });
        }}
        onCancelar={cerrar}
        guardando={crear.isPending}
        deshabilitado={!listo}
        etiqueta="Crear usuario"
      >
        <CampoCorreo data-autofocus value={email} onChange={setEmail} />
        <TextInput label="Nombre" required value={nombre} onChange={(e) => setNombre(e.currentTarget.value)} />
        <RolSelect label="Rol" description={DESCRIPCION_ROLES} required value={rol} onChange={setRol} />
        <CamposPasswordNueva campos={clave} label="Contraseña" nota="Compártala con la persona por un canal seguro." />
      </FormularioModal>
    </Modal>
  );
}

function RestablecerPasswordModal({ usuario, onClose }: { usuario: Usuario | null; onClose: () => void }) {
  const clave = usePasswordNueva();
  const cerrar = () => {
    clave.limpiar();
    onClose();
  };
  const actualizar = trpc.usuarios.update.useMutation({
    onSuccess: (u) => {
      notifyOk(`Se restableció la contraseña de ${u.email}; sus sesiones se cerraron.`);
      cerrar();
    },
    onError: (e) => notifyError(e, 'No se pudo restablecer la contraseña'),
  });
  return (
    <Modal opened={usuario !== null} onClose={cerrar} title={`Restablecer contraseña de ${usuario?.nombre ?? ''}`}>
      <FormularioModal
        onEnviar={() => {
          if (usuario && clave.valida)
            actualizar.mutate({ id: usuario.usuario_id, datos: { password: clave.password } });
        }}
        onCancelar={cerrar}
        guardando={actualizar.isPending}
        deshabilitado={!clave.valida}
        etiqueta="Restablecer"
      >
        <CamposPasswordNueva campos={clave} label="Nueva contraseña" autoFocus />
      </FormularioModal>
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
    <ConfirmarModal
      abierto={usuario !== null}
      onClose={onClose}
      titulo={desactivar ? 'Desactivar usuario' : 'Activar usuario'}
      etiqueta={desactivar ? 'Desactivar' : 'Activar'}
      rojo={desactivar}
      guardando={actualizar.isPending}
      onConfirmar={() => usuario && actualizar.mutate({ id: usuario.usuario_id, datos: { activo: !usuario.activo } })}
    >
      {desactivar
        ? `${usuario?.nombre} (${usuario?.email}) no podrá ingresar y sus sesiones abiertas se cerrarán. Sus registros se conservan.`
        : `${usuario?.nombre} (${usuario?.email}) podrá volver a ingresar con su contraseña.`}
    </ConfirmarModal>
  );
}

const MOTIVO_ULTIMO_ADMIN = 'Es el único administrador activo.';

function FilaUsuario(p: {
  u: Usuario;
  usted: boolean;
  /** The only active admin: the role and the state cannot change. */
  ultimoAdmin: boolean;
  cambiandoRol: boolean;
  onRol: (rol: Rol) => void;
  onRestablecer: () => void;
  onCambiarEstado: () => void;
}) {
  const { u, ultimoAdmin: ultimo } = p;
  return (
    <Table.Tr data-testid={`usuario-${u.email}`}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500}>
            {u.nombre}
          </Text>
          {p.usted ? (
            <Badge size="xs" variant="outline" style={{ flexShrink: 0 }}>
              Usted
            </Badge>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>{u.email}</Table.Td>
      <Table.Td>
        <Tooltip label={MOTIVO_ULTIMO_ADMIN} disabled={!ultimo}>
          <div>
            <RolSelect
              aria-label={`Rol de ${u.nombre}`}
              size="xs"
              value={u.rol}
              disabled={ultimo || !u.activo || p.cambiandoRol}
              onChange={p.onRol}
            />
          </div>
        </Tooltip>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <PillActivo activo={u.activo} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatFechaHora(u.created_at)}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="compact-xs" variant="light" onClick={p.onRestablecer}>
            Restablecer contraseña
          </Button>
          <Tooltip label={MOTIVO_ULTIMO_ADMIN} disabled={!(ultimo && u.activo)}>
            <span>
              <Button
                size="compact-xs"
                variant="light"
                color={u.activo ? 'red' : 'teal'}
                disabled={ultimo && u.activo}
                onClick={p.onCambiarEstado}
              >
                {u.activo ? 'Desactivar' : 'Activar'}
              </Button>
            </span>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
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
      <TablaConsulta
        consulta={lista}
        filas={usuarios}
        vacio={{ title: 'No hay usuarios' }}
        titulo="Usuarios"
        minWidth={980}
        columnas={['Nombre', 'Correo', { titulo: 'Rol', ancho: 170 }, 'Estado', 'Creado', 'Acciones']}
        fila={(u) => (
          <FilaUsuario
            key={u.usuario_id}
            u={u}
            usted={u.usuario_id === yo?.usuario_id}
            ultimoAdmin={esUltimoAdmin(u)}
            cambiandoRol={cambiarRol.isPending}
            onRol={(rol) => {
              if (rol !== u.rol) cambiarRol.mutate({ id: u.usuario_id, datos: { rol } });
            }}
            onRestablecer={() => setRestablecer(u)}
            onCambiarEstado={() => setCambiarEstado(u)}
          />
        )}
      />
      <NuevoUsuarioModal opened={nuevoAbierto} onClose={nuevo.close} />
      <RestablecerPasswordModal usuario={restablecer} onClose={() => setRestablecer(null)} />
      <ConfirmarEstadoModal usuario={cambiarEstado} onClose={() => setCambiarEstado(null)} />
    </>
  );
}
