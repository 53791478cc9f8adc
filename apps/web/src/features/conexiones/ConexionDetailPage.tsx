import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconEdit, IconSwitchHorizontal } from '@tabler/icons-react';
import {
  ENLACE_ESTADO_LABELS,
  ENLACE_ESTADOS,
  ORIGEN_MOVIMIENTO_COLORS,
  ORIGEN_MOVIMIENTO_LABELS,
  type OrigenMovimiento,
  TIPO_NODO_LABELS,
  type TipoNodo,
} from '@troncal/domain/enums';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { errorMessage } from '../../lib/errors';
import { formatFecha, formatFechaHora, formatMbps, SIN_DATO } from '../../lib/format';
import { notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { AjustarBwModal, type AjusteBwObjetivo } from './AjustarBwModal';
import { EnlaceEstadoPill, pideConfirmarSobreventa, Seccion, usePuedeOperar } from './comun';

const nodo = (nombre: string | null, tipo: string | null) =>
  nombre ? `${nombre}${tipo ? ` (${TIPO_NODO_LABELS[tipo as TipoNodo] ?? tipo})` : ''}` : null;

function BloqueConfiguracion({ titulo, texto }: { titulo: string; texto: string | null }) {
  return (
    <Stack gap={4}>
      <Text size="sm" c="dimmed">
        {titulo}
      </Text>
      {texto ? (
        <Code block fz="xs" aria-label={titulo}>
          {texto}
        </Code>
      ) : (
        <Text size="sm">{SIN_DATO}</Text>
      )}
    </Stack>
  );
}

/** A state change from the detail page: to BAJA releases bandwidth and equipos, from BAJA reserves again. */
function CambiarEstadoModal({
  enlace_id,
  estadoActual,
  abierto,
  onClose,
}: {
  enlace_id: number;
  estadoActual: string;
  abierto: boolean;
  onClose: () => void;
}) {
  const [estado, setEstado] = useState<string | null>(null);
  const [motivo, setMotivo] = useState('');
  const [confirma, setConfirma] = useState(false);
  const [pedirConfirmacion, setPedirConfirmacion] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const utils = trpc.useUtils();
  const cambiar = trpc.conexiones.cambiarEstado.useMutation({
    onSuccess: async (r) => {
      notifyOk(`La conexión ${r.conexion.cid_enlace} está ahora ${r.conexion.enlace_estado}.`, 'Estado cambiado.');
      for (const a of r.advertencias) notifications.show({ color: 'yellow', title: 'Sobreventa', message: a });
      await Promise.all([utils.conexiones.invalidate(), utils.servicios.invalidate(), utils.equipos.invalidate()]);
      cerrar();
    },
    onError: (e) => {
      if (pideConfirmarSobreventa(e)) setPedirConfirmacion(true);
      setError(errorMessage(e));
    },
  });
  const cerrar = () => {
    setEstado(null);
    setMotivo('');
    setConfirma(false);
    setPedirConfirmacion(false);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={abierto} onClose={cerrar} title="Cambiar estado" centered>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!estado) return setError('Elija el nuevo estado.');
          cambiar.mutate({
            enlace_id,
            enlace_estado: estado,
            motivo: motivo.trim() || undefined,
            confirmar_sobreventa: confirma,
          });
        }}
      >
        <Stack gap="md">
          <Select
            label="Nuevo estado"
            data={ENLACE_ESTADOS.filter((e) => e !== estadoActual).map((e) => ({
              value: e,
              label: ENLACE_ESTADO_LABELS[e],
            }))}
            value={estado}
            onChange={setEstado}
            withAsterisk
          />
          {estado === 'BAJA' ? (
            <Text size="sm" c="dimmed">
              La baja libera el BW contratado en el servicio del proveedor y deja disponibles sus equipos.
            </Text>
          ) : null}
          <Textarea label="Motivo" value={motivo} onChange={(e) => setMotivo(e.currentTarget.value)} maxLength={500} />
          {pedirConfirmacion ? (
            <Checkbox
              label="Confirmo la sobreventa"
              checked={confirma}
              onChange={(e) => setConfirma(e.currentTarget.checked)}
            />
          ) : null}
          {error ? (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={cerrar}>
              Cancelar
            </Button>
            <Button type="submit" loading={cambiar.isPending} color={estado === 'BAJA' ? 'red' : undefined}>
              Cambiar estado
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** /conexiones/:id: the spec's sections plus configuration, equipos, IP block and bandwidth history. */
export default function ConexionDetailPage() {
  const params = useParams();
  const enlace_id = Number(params.id);
  const valido = Number.isInteger(enlace_id) && enlace_id > 0;
  const [ajuste, setAjuste] = useState<AjusteBwObjetivo | null>(null);
  const [cambiando, setCambiando] = useState(false);
  const puedeOperar = usePuedeOperar();
  const q = trpc.conexiones.byId.useQuery({ enlace_id }, { enabled: valido });

  if (!valido) return <ErrorState title="Conexión no válida" error={new Error('El identificador no es válido.')} />;
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const baja = c.enlace_estado === 'BAJA';

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span>Conexión {c.cid_enlace}</span>
            <EnlaceEstadoPill estado={c.enlace_estado} />
          </Group>
        }
        description={`${c.tipo_enlace ?? 'Servicio'} para ${c.cliente_razon_social ?? 'cliente sin nombre'}`}
        actions={
          <>
            <Button variant="default" component={Link} to="/conexiones">
              Volver a la lista
            </Button>
            {puedeOperar ? (
              <>
                <Button
                  variant="light"
                  leftSection={<IconEdit size={16} />}
                  component={Link}
                  to={`/conexiones/${c.enlace_id}/editar`}
                >
                  Editar
                </Button>
                <Button
                  variant="light"
                  color="teal"
                  leftSection={<IconArrowUp size={16} />}
                  disabled={baja}
                  onClick={() => setAjuste({ enlace_id: c.enlace_id, modo: 'AUMENTAR' })}
                >
                  Aumentar BW
                </Button>
                <Button
                  variant="light"
                  color="orange"
                  leftSection={<IconArrowDown size={16} />}
                  disabled={baja}
                  onClick={() => setAjuste({ enlace_id: c.enlace_id, modo: 'DISMINUIR' })}
                >
                  Disminuir BW
                </Button>
                <Button
                  variant="light"
                  color="gray"
                  leftSection={<IconSwitchHorizontal size={16} />}
                  onClick={() => setCambiando(true)}
                >
                  Cambiar estado
                </Button>
              </>
            ) : null}
          </>
        }
      />

      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Seccion
            titulo="Servicio"
            datos={[
              { label: 'CID', value: c.cid_enlace, testId: 'cid' },
              { label: 'Tipo de servicio', value: c.tipo_enlace },
              { label: 'Modalidad', value: c.modalidad_enlace, testId: 'modalidad' },
              { label: 'Estado', value: <EnlaceEstadoPill estado={c.enlace_estado} />, testId: 'estado' },
              {
                label: 'Fecha de activación',
                value: c.enlace_fecha_activacion ? formatFecha(c.enlace_fecha_activacion) : null,
              },
              { label: 'BW contratado', value: formatMbps(c.bw_contratado), testId: 'bw-contratado' },
              { label: 'BW disponible', value: formatMbps(c.bw_disponible), testId: 'bw-disponible' },
              { label: 'BW utilizado', value: formatMbps(c.bw_utilizado) },
              { label: 'Creado', value: formatFechaHora(c.created_at), testId: 'creado' },
              { label: 'Última modificación', value: formatFechaHora(c.updated_at) },
            ]}
          />
          <Stack gap="lg">
            <Seccion
              titulo="Cliente"
              datos={[
                { label: 'Razón social', value: c.cliente_razon_social, testId: 'razon-social' },
                { label: 'RUC', value: c.cliente_ruc, testId: 'ruc' },
              ]}
            />
            <Seccion
              titulo="Topología"
              datos={[
                { label: 'Nodo A', value: nodo(c.nodo_a_nombre, c.nodo_a_tipo), testId: 'nodo-a' },
                { label: 'Nodo B', value: nodo(c.nodo_b_nombre, c.nodo_b_tipo), testId: 'nodo-b' },
              ]}
            />
          </Stack>
        </SimpleGrid>

        <Seccion
          titulo="Ubicación"
          cols={3}
          datos={[
            { label: 'Departamento', value: c.departamento_enlace },
            { label: 'Provincia', value: c.provincia_enlace },
            { label: 'Distrito', value: c.distrito_enlace },
            { label: 'Dirección', value: c.direccion_enlace },
            { label: 'Locación', value: c.locacion, testId: 'locacion' },
          ]}
        />

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Seccion
            titulo="Servicio del proveedor"
            datos={
              c.servicio
                ? [
                    {
                      label: 'Servicio',
                      value: (
                        <Anchor component={Link} to={`/servicios/detalle/${c.servicio.servicio_id}`}>
                          {c.servicio.cid_interno}
                        </Anchor>
                      ),
                    },
                    { label: 'Proveedor', value: c.servicio.proveedor_nombre },
                    { label: 'Modalidad', value: c.servicio.modalidad },
                    { label: 'Ubicación', value: c.servicio.ubicacion_servicio },
                    { label: 'Capacidad comprada', value: formatMbps(c.servicio.capacidad_comprada) },
                    {
                      label: 'Capacidad disponible',
                      value: (
                        <Text span c={c.servicio.capacidad_disponible < 0 ? 'red' : undefined} fw={600}>
                          {formatMbps(c.servicio.capacidad_disponible)}
                        </Text>
                      ),
                      testId: 'servicio-disponible',
                    },
                  ]
                : [{ label: 'Servicio', value: null }]
            }
          />
          <Seccion
            titulo="Asignación IP"
            datos={[
              {
                label: 'Bloque IP',
                value: c.asignacion_ip ? <Code fz="sm">{c.asignacion_ip}</Code> : null,
                testId: 'asignacion-ip',
              },
            ]}
            cols={1}
          />
        </SimpleGrid>

        <Seccion titulo="Configuración de nodos">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <BloqueConfiguracion titulo="Configuración Nodo A" texto={c.configuracion_nodo_a} />
            <BloqueConfiguracion titulo="Configuración Nodo B" texto={c.configuracion_nodo_b} />
          </SimpleGrid>
        </Seccion>

        <Seccion titulo="Equipos asignados">
          {c.equipos.length === 0 ? (
            <Text size="sm" c="dimmed">
              Sin equipos asignados.
            </Text>
          ) : (
            <Table aria-label="Equipos asignados" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Equipo</Table.Th>
                  <Table.Th>Estado</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.equipos.map((e) => (
                  <Table.Tr key={e.equipo_id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/equipos/${e.equipo_id}`} ff="monospace" fz="sm">
                        {e.label}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" radius="sm">
                        {e.estado}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Seccion>

        <Seccion titulo="Historial de BW">
          {c.historial_bw.length === 0 ? (
            <EmptyState title="Sin cambios de BW" />
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Historial de BW" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Fecha</Table.Th>
                    <Table.Th ta="right">BW anterior</Table.Th>
                    <Table.Th ta="right">BW nuevo</Table.Th>
                    <Table.Th ta="right">Cambio</Table.Th>
                    <Table.Th>Motivo</Table.Th>
                    <Table.Th>Usuario</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.historial_bw.map((h) => (
                    <Table.Tr key={h.movimiento_id}>
                      <Table.Td>{formatFechaHora(h.created_at)}</Table.Td>
                      <Table.Td ta="right">{formatMbps(h.bw_anterior)}</Table.Td>
                      <Table.Td ta="right">{formatMbps(h.bw_nuevo)}</Table.Td>
                      <Table.Td ta="right" c={h.delta < 0 ? 'orange' : 'teal'}>
                        {h.delta > 0 ? '+' : ''}
                        {formatMbps(h.delta)}
                      </Table.Td>
                      <Table.Td>{h.motivo ?? SIN_DATO}</Table.Td>
                      <Table.Td>{h.usuario_nombre ?? SIN_DATO}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Seccion>

        <Seccion titulo="Movimientos de capacidad del servicio">
          {c.movimientos.length === 0 ? (
            <Text size="sm" c="dimmed">
              Esta conexión no ha movido capacidad del servicio.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Movimientos de capacidad" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Fecha</Table.Th>
                    <Table.Th>Origen</Table.Th>
                    <Table.Th ta="right">Δ vendida</Table.Th>
                    <Table.Th ta="right">Vendida resultante</Table.Th>
                    <Table.Th>Motivo</Table.Th>
                    <Table.Th>Usuario</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.movimientos.map((m) => (
                    <Table.Tr key={m.movimiento_id}>
                      <Table.Td>{formatFechaHora(m.created_at)}</Table.Td>
                      <Table.Td>
                        <Badge
                          variant="light"
                          radius="sm"
                          color={ORIGEN_MOVIMIENTO_COLORS[m.origen as OrigenMovimiento]}
                          styles={{ label: { overflow: 'visible' } }}
                        >
                          {ORIGEN_MOVIMIENTO_LABELS[m.origen as OrigenMovimiento] ?? m.origen}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">
                        {m.delta_vendida > 0 ? '+' : ''}
                        {formatMbps(m.delta_vendida)}
                      </Table.Td>
                      <Table.Td ta="right">{formatMbps(m.vendida_resultante)}</Table.Td>
                      <Table.Td>{m.motivo ?? SIN_DATO}</Table.Td>
                      <Table.Td>{m.usuario_nombre ?? SIN_DATO}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Seccion>
      </Stack>

      <AjustarBwModal objetivo={ajuste} onClose={() => setAjuste(null)} />
      {puedeOperar ? (
        <CambiarEstadoModal
          enlace_id={c.enlace_id}
          estadoActual={c.enlace_estado ?? ''}
          abierto={cambiando}
          onClose={() => setCambiando(false)}
        />
      ) : null}
    </>
  );
}
