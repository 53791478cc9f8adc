import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconEdit, IconMinus, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { NIVEL_ALERTA_COLORS, NIVEL_ALERTA_LABELS, ORIGEN_MOVIMIENTO_LABELS } from '@troncal/domain/enums';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { EstadoPill } from '../../components/EstadoPill';
import { Exportar } from '../../components/Exportar';
import { Ficha } from '../../components/Ficha';
import { PageHeader } from '../../components/PageHeader';
import { Paginacion, TAMANO_PAGINA } from '../../components/Paginacion';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { formatFechaHora, formatMbps, formatNumber, formatPorcentaje, SIN_DATO } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { normalizarTexto } from '../../lib/ubigeo';
import { usePuedeOperar } from '../auth';
import { HistorialCambios } from '../cambios/HistorialCambios';
import { OrigenUtilizada, PctEnlaceCelda, UsoActualCelda } from '../monitoreo/servicio';
import { UsoMedidoChart } from '../monitoreo/UsoMedidoChart';
import { AjusteCapacidadModal, type ModoAjuste } from './AjusteCapacidadModal';
import { CondicionPill, KpiTile, ModalidadBadge } from './comun';
import { UsoChart } from './UsoChart';

const signo = (n: number) => `${n > 0 ? '+' : ''}${formatMbps(n)}`;

export default function ServicioDetallePage() {
  const params = useParams();
  const id = Number(params.id);
  const valido = Number.isInteger(id) && id > 0;
  const puedeOperar = usePuedeOperar();
  const [modo, setModo] = useState<ModoAjuste | null>(null);
  const [filtroConexiones, setFiltroConexiones] = useState('');
  const [paginaMovs, setPaginaMovs] = useState(1);

  const detalle = trpc.servicios.detalle.useQuery({ servicio_id: id }, { enabled: valido });
  const movs = trpc.servicios.movimientos.useQuery(
    { servicio_id: id, limit: TAMANO_PAGINA, offset: (paginaMovs - 1) * TAMANO_PAGINA },
    { enabled: valido, placeholderData: keepPreviousData },
  );

  if (!valido) return <ErrorState title="Servicio no válido" error={new Error('El identificador no es válido.')} />;
  if (detalle.isPending) return <LoadingState />;
  if (detalle.isError) return <ErrorState error={detalle.error} onRetry={() => detalle.refetch()} />;

  const { servicio: s, kpi, conexiones, top_consumidor: top, conciliacion: c, muestras } = detalle.data;
  const filtro = normalizarTexto(filtroConexiones);
  const conexionesVisibles = filtro
    ? conexiones.filter((e) =>
        [e.razon_social, e.cid, e.modalidad_enlace, e.enlace_estado].some(
          (v) => v && normalizarTexto(v).includes(filtro),
        ),
      )
    : conexiones;
  const alerta = kpi.nivel_alerta;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span>Servicio</span>
            <Code fz="xl" ff="monospace">
              {s.cid_interno ?? SIN_DATO}
            </Code>
            <CondicionPill condicion={s.condicion} />
          </Group>
        }
        description={`${s.proveedor_nombre}${s.ubicacion_servicio ? ` — ${s.ubicacion_servicio}` : ''}`}
        actions={
          <>
            <Button variant="default" component={Link} to="/servicios" leftSection={<IconArrowLeft size={16} />}>
              Enlaces por proveedor
            </Button>
            {puedeOperar ? (
              <>
                <Button
                  variant="light"
                  component={Link}
                  to={`/servicios/editar/${s.servicio_id}`}
                  leftSection={<IconEdit size={16} />}
                >
                  Editar
                </Button>
                <Button
                  variant="light"
                  color="teal"
                  leftSection={<IconPlus size={16} />}
                  onClick={() => setModo('AUMENTAR')}
                >
                  Aumentar capacidad
                </Button>
                <Button
                  variant="light"
                  color="orange"
                  leftSection={<IconMinus size={16} />}
                  onClick={() => setModo('DISMINUIR')}
                >
                  Disminuir capacidad
                </Button>
              </>
            ) : null}
          </>
        }
      />

      <Stack gap="lg">
        <Ficha
          datos={[
            { label: 'Proveedor', value: s.proveedor_nombre },
            { label: 'Modalidad', value: <ModalidadBadge modalidad={s.modalidad} /> },
            { label: 'Ubicación del servicio', value: s.ubicacion_servicio },
            { label: 'Condición', value: <CondicionPill condicion={s.condicion} /> },
            {
              label: 'Capacidad disponible',
              value: (
                <Text span c={s.capacidad_disponible < 0 ? 'red' : undefined} fw={600}>
                  {formatMbps(s.capacidad_disponible)}
                </Text>
              ),
            },
            { label: 'Observación', value: s.observacion },
            { label: 'CID del proveedor', value: s.cid_proveedor ? <Code>{s.cid_proveedor}</Code> : null },
            {
              label: 'Nodo',
              value: s.nodo_id ? (
                <>
                  {`${s.nodo_nombre ?? `Nodo ${s.nodo_id}`}${s.tipo_nodo ? ` (${s.tipo_nodo})` : ''}`}
                  {s.direccion ? (
                    <Text span display="block" size="xs" c="dimmed">
                      {s.direccion}
                    </Text>
                  ) : null}
                </>
              ) : null,
            },
            {
              label: 'Límite de sobreventa',
              value:
                s.limite_sobreventa_pct === null ? 'Política general' : `${formatNumber(s.limite_sobreventa_pct)} %`,
            },
            { label: 'Registrado', value: formatFechaHora(s.created_at) },
          ]}
        />

        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <KpiTile label="Comprada" value={kpi.capacidad_comprada} testId="detalle-comprada" />
          <KpiTile
            label="Vendida"
            value={kpi.capacidad_vendida}
            hint={`${formatPorcentaje(kpi.pct_vendida / 100)} de lo comprado`}
            testId="detalle-vendida"
          />
          <KpiTile label="Utilizada" value={kpi.capacidad_utilizada} testId="detalle-utilizada" />
          <KpiTile
            label="Disponible"
            value={kpi.capacidad_disponible}
            negativo={kpi.capacidad_disponible < 0}
            hint={kpi.capacidad_disponible < 0 ? 'Sobrevendido' : undefined}
            testId="detalle-disponible"
          />
        </SimpleGrid>

        <Card withBorder padding="lg">
          <Group justify="space-between" mb="xs">
            <Text fw={600}>Uso del enlace</Text>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {formatMbps(kpi.capacidad_utilizada)} de {formatMbps(kpi.capacidad_comprada)} (
                {formatPorcentaje(kpi.pct_uso / 100)})
              </Text>
              <OrigenUtilizada medicion={s.medicion} conexiones={conexiones} />
              {alerta !== 'NORMAL' ? (
                <Badge color={NIVEL_ALERTA_COLORS[alerta]} variant="filled" data-testid="alerta-uso">
                  {NIVEL_ALERTA_LABELS[alerta]}
                </Badge>
              ) : null}
            </Group>
          </Group>
          <Progress
            value={Math.min(100, kpi.pct_uso)}
            color={NIVEL_ALERTA_COLORS[alerta]}
            size="lg"
            aria-label="Uso del enlace"
          />
          <Title order={4} mt="lg" mb="sm">
            Uso en el tiempo
          </Title>
          <UsoMedidoChart
            objeto="servicio"
            id={s.servicio_id}
            editarEn="Editar"
            referencias={[
              { label: 'Comprada', valor: kpi.capacidad_comprada, color: '#868e96' },
              { label: 'Vendida', valor: kpi.capacidad_vendida, color: '#4c6ef5' },
            ]}
            sinDatos={<UsoChart muestras={muestras} />}
          />
        </Card>

        <Card withBorder padding="lg">
          <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
            <Title order={4}>Conexiones</Title>
            <TextInput
              label="Buscar conexión"
              placeholder="Cliente, CID o estado"
              leftSection={<IconSearch size={16} />}
              value={filtroConexiones}
              onChange={(e) => setFiltroConexiones(e.currentTarget.value)}
              w={280}
            />
          </Group>
          {top ? (
            <Group mb="sm" gap="xs">
              <Text size="sm" c="dimmed">
                Mayor consumo:
              </Text>
              <Badge variant="light" color="grape" size="lg" data-testid="top-consumidor">
                {top.razon_social ?? top.cid ?? `Enlace ${top.enlace_id}`} · {formatMbps(top.bw_contratado)} ·{' '}
                {formatPorcentaje(top.pct_enlace / 100)}
              </Badge>
            </Group>
          ) : null}
          {conexiones.length === 0 ? (
            <EmptyState title="Sin conexiones" description="Ninguna conexión usa aún este servicio." />
          ) : conexionesVisibles.length === 0 ? (
            <EmptyState title="Ninguna conexión coincide con la búsqueda" />
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped aria-label="Conexiones del servicio">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Cliente</Table.Th>
                    <Table.Th ta="right">Plan contratado</Table.Th>
                    <Table.Th ta="right">Uso actual</Table.Th>
                    <Table.Th ta="right">% enlace</Table.Th>
                    <Table.Th>Estado</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {conexionesVisibles.map((e) => (
                    <Table.Tr key={e.enlace_id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {e.razon_social ?? SIN_DATO}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {e.cid ?? SIN_DATO}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{formatMbps(e.bw_contratado)}</Table.Td>
                      <Table.Td ta="right">
                        <UsoActualCelda e={e} />
                        <Text size="xs" c="dimmed">
                          disponible {formatMbps(e.bw_disponible)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <PctEnlaceCelda e={e} comprada={kpi.capacidad_comprada} pct={e.pct_enlace} />
                      </Table.Td>
                      <Table.Td>
                        <EstadoPill estado={e.enlace_estado} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>

        <Ficha
          titulo="Conciliación"
          cols={4}
          testId="conciliacion"
          datos={[
            { label: 'Vendida según libro', value: formatMbps(c.vendida_ledger) },
            { label: 'Σ conexiones', value: formatMbps(c.vendida_conexiones) },
            {
              label: 'Deriva',
              value: (
                <Text span fw={600} c={c.deriva_explicada ? undefined : 'red'}>
                  {signo(c.deriva)}
                </Text>
              ),
            },
            { label: 'Ajustes manuales', value: signo(c.ajustes_manuales) },
          ]}
        >
          {!c.libro_cuadra ? (
            <Alert color="red" mt="md" variant="light">
              La vendida del servicio ({formatMbps(c.vendida)}) no coincide con la suma del libro (
              {formatMbps(c.vendida_ledger)}).
            </Alert>
          ) : c.deriva === 0 ? (
            <Text size="sm" c="teal" mt="md">
              Cuadra: la vendida según el libro coincide con la suma de las conexiones.
            </Text>
          ) : c.deriva_explicada ? (
            <Text size="sm" c="dimmed" mt="md">
              La deriva de {signo(c.deriva)} se explica por los ajustes manuales.
            </Text>
          ) : (
            <Alert color="red" mt="md" variant="light">
              Deriva sin explicar: {signo(c.deriva_sin_explicar)} no corresponden a ajustes manuales.
            </Alert>
          )}
        </Ficha>

        <Card withBorder padding="lg">
          <Group justify="space-between" mb="sm">
            <Title order={4}>Historial de capacidad</Title>
            <Exportar ruta={`/v1/servicios-proveedor/${s.servicio_id}/movimientos`} />
          </Group>
          {movs.isPending ? (
            <LoadingState />
          ) : movs.isError ? (
            <ErrorState error={movs.error} onRetry={() => movs.refetch()} />
          ) : movs.data.total === 0 ? (
            <EmptyState title="Sin movimientos" description="Aún no se ha vendido ni devuelto capacidad." />
          ) : (
            <>
              <Table.ScrollContainer minWidth={720}>
                <Table striped aria-label="Historial de capacidad">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Fecha</Table.Th>
                      <Table.Th>Usuario</Table.Th>
                      <Table.Th ta="right">Δ vendida</Table.Th>
                      <Table.Th ta="right">Vendida resultante</Table.Th>
                      <Table.Th>Motivo</Table.Th>
                      <Table.Th>Origen</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {movs.data.data.map((m) => (
                      <Table.Tr key={m.movimiento_id}>
                        <Table.Td>{formatFechaHora(m.created_at)}</Table.Td>
                        <Table.Td>{m.usuario_nombre ?? SIN_DATO}</Table.Td>
                        <Table.Td ta="right" c={m.delta_vendida > 0 ? 'orange' : 'teal'} fw={600}>
                          {signo(m.delta_vendida)}
                        </Table.Td>
                        <Table.Td ta="right">{formatMbps(m.vendida_resultante)}</Table.Td>
                        <Table.Td>{m.motivo ?? SIN_DATO}</Table.Td>
                        <Table.Td>
                          <Text size="sm">{ORIGEN_MOVIMIENTO_LABELS[m.origen]}</Text>
                          {m.cid_enlace ? (
                            <Text size="xs" c="dimmed" ff="monospace">
                              {m.cid_enlace}
                            </Text>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Paginacion
                page={paginaMovs}
                pageSize={TAMANO_PAGINA}
                total={movs.data.total}
                onPageChange={setPaginaMovs}
                disabled={movs.isFetching}
              />
            </>
          )}
        </Card>
      </Stack>
      <HistorialCambios entidad="servicio" id={s.servicio_id} />

      <AjusteCapacidadModal servicio={modo ? s : null} modo={modo ?? 'AUMENTAR'} onClose={() => setModo(null)} />
    </>
  );
}
