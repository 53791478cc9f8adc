import { Badge, Button, Code, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey } from '@tabler/icons-react';
import { ROL_COLORS, ROL_LABELS, type Rol } from '@troncal/domain/enums';
import { useState } from 'react';
import { EstadoPill } from '../../components/EstadoPill';
import { PageHeader } from '../../components/PageHeader';
import { ConfirmarModal, FormularioModal } from '../../components/PieModal';
import { TablaConsulta } from '../../components/TablaDatos';
import { formatFechaHora, SIN_DATO } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { ModalSecreto } from './ModalSecreto';
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
  return (
    <ModalSecreto
      opened={opened}
      onClose={cerrar}
      titulo="Nuevo token de API"
      tituloSecreto="Token creado"
      secreto={creado}
      etiqueta="Token"
      aviso="Copie el token ahora y guárdelo en un lugar seguro"
      ayuda={
        <>
          Úselo en la cabecera <Code>Authorization: Bearer {'<token>'}</Code> de las llamadas a <Code>/v1</Code>.
        </>
      }
    >
      <FormularioModal
        onEnviar={() => {
          if (nombre.trim()) crear.mutate({ nombre, rol });
        }}
        onCancelar={cerrar}
        guardando={crear.isPending}
        deshabilitado={!nombre.trim()}
        etiqueta="Crear token"
      >
        <TextInput
          label="Nombre"
          description="Para quién o para qué es, p. ej. «Monitoreo NOC»."
          required
          data-autofocus
          value={nombre}
          onChange={(e) => setNombre(e.currentTarget.value)}
        />
        <RolSelect label="Rol" description={DESCRIPCION_ROLES} required value={rol} onChange={setRol} />
      </FormularioModal>
    </ModalSecreto>
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
    <ConfirmarModal
      abierto={token !== null}
      onClose={onClose}
      titulo="Revocar token"
      etiqueta="Revocar"
      guardando={revocar.isPending}
      onConfirmar={() => token && revocar.mutate({ id: token.token_id })}
    >
      Las integraciones que usen «{token?.nombre}» ({token?.prefijo}…) dejarán de funcionar de inmediato. Esta acción no
      se puede deshacer.
    </ConfirmarModal>
  );
}

function FilaToken({ t, onRevocar }: { t: Token; onRevocar: () => void }) {
  return (
    <Table.Tr data-testid={`token-${t.token_id}`}>
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
          <Button size="compact-xs" variant="light" color="red" onClick={onRevocar}>
            Revocar
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export default function TokensPage() {
  const lista = trpc.tokens.list.useQuery();
  const [nuevoAbierto, nuevo] = useDisclosure(false);
  const [revocar, setRevocar] = useState<Token | null>(null);
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
      <TablaConsulta
        consulta={lista}
        filas={lista.data ?? []}
        vacio={{
          title: 'No hay tokens',
          description: 'Cree uno para cada integración; también puede usar «pnpm troncal tokens:create».',
        }}
        titulo="Tokens de API"
        minWidth={900}
        columnas={['Nombre', 'Prefijo', 'Rol', 'Creado por', 'Creado', 'Último uso', 'Estado', 'Acciones']}
        fila={(t) => <FilaToken key={t.token_id} t={t} onRevocar={() => setRevocar(t)} />}
      />
      <NuevoTokenModal opened={nuevoAbierto} onClose={nuevo.close} />
      <RevocarModal token={revocar} onClose={() => setRevocar(null)} />
    </>
  );
}
