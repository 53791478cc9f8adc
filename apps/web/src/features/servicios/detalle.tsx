import { Alert, Badge, Card, Group, Progress, Table, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { NIVEL_ALERTA_COLORS, NIVEL_ALERTA_LABELS, ORIGEN_MOVIMIENTO_LABELS } from '@troncal/domain/enums';
import { useState } from 'react';
import { EstadoPill } from '../../components/EstadoPill';
import { Exportar } from '../../components/Exportar';
import { Ficha } from '../../components/Ficha';
import { paginaConsulta } from '../../components/Paginacion';
import { EmptyState, SegunConsulta } from '../../components/StateViews';
import { TablaDatos } from '../../components/TablaDatos';
import { formatDeltaMbps, formatFechaHora, formatMbps, formatPorcentaje, SIN_DATO } from '../../lib/format';
import { type Respuesta, trpc } from '../../lib/trpc';
import { normalizarTexto } from '../../lib/ubigeo';
import { OrigenUtilizada, PctEnlaceCelda, UsoActualCelda } from '../monitoreo/servicio';
import { UsoMedidoChart } from '../monitoreo/UsoMedidoChart';
import { UsoChart } from './UsoChart';

/** A service as `servicios.detalle` answers it. */
export type ServicioDetalle = Respuesta<'servicios', 'detalle'>;

/** "Uso del enlace": utilizada against comprada, the alert level, and the usage over time. */
export function UsoDelServicio({ d }: { d: ServicioDetalle }) {
  const { servicio: s, kpi, conexiones, muestras } = d;
  const alerta = kpi.nivel_alerta;
  return (
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
  );
}

/** The connections this service backs, searchable, with the biggest consumer on top. */
export function ConexionesDelServicio({ d }: { d: ServicioDetalle }) {
  const { kpi, conexiones, top_consumidor: top } = d;
  const [texto, setTexto] = useState('');
  const filtro = normalizarTexto(texto);
  const visibles = filtro
    ? conexiones.filter((e) =>
        [e.razon_social, e.cid, e.modalidad_enlace, e.enlace_estado].some(
          (v) => v && normalizarTexto(v).includes(filtro),
        ),
      )
    : conexiones;
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <Title order={4}>Conexiones</Title>
        <TextInput
          label="Buscar conexión"
          placeholder="Cliente, CID o estado"
          leftSection={<IconSearch size={16} />}
          value={texto}
          onChange={(e) => setTexto(e.currentTarget.value)}
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
      ) : visibles.length === 0 ? (
        <EmptyState title="Ninguna conexión coincide con la búsqueda" />
      ) : (
        <TablaDatos
          titulo="Conexiones del servicio"
          minWidth={640}
          columnas={[
            'Cliente',
            { titulo: 'Plan contratado', derecha: true },
            { titulo: 'Uso actual', derecha: true },
            { titulo: '% enlace', derecha: true },
            'Estado',
          ]}
        >
          {visibles.map((e) => (
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
        </TablaDatos>
      )}
    </Card>
  );
}

/** "Conciliación": the ledger's vendida against the sum of the connections, and what explains the drift. */
export function Conciliacion({ c }: { c: ServicioDetalle['conciliacion'] }) {
  return (
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
              {formatDeltaMbps(c.deriva)}
            </Text>
          ),
        },
        { label: 'Ajustes manuales', value: formatDeltaMbps(c.ajustes_manuales) },
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
          La deriva de {formatDeltaMbps(c.deriva)} se explica por los ajustes manuales.
        </Text>
      ) : (
        <Alert color="red" mt="md" variant="light">
          Deriva sin explicar: {formatDeltaMbps(c.deriva_sin_explicar)} no corresponden a ajustes manuales.
        </Alert>
      )}
    </Ficha>
  );
}

/** "Historial de capacidad": the service's ledger, a page at a time, with its export. */
export function HistorialCapacidad({ servicio_id }: { servicio_id: number }) {
  const [pagina, setPagina] = useState(1);
  const movs = trpc.servicios.movimientos.useQuery(
    { servicio_id, ...paginaConsulta(pagina) },
    { placeholderData: keepPreviousData },
  );
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Historial de capacidad</Title>
        <Exportar ruta={`/v1/servicios-proveedor/${servicio_id}/movimientos`} />
      </Group>
      <SegunConsulta
        consulta={movs}
        vacia={movs.data?.total === 0}
        vacio={<EmptyState title="Sin movimientos" description="Aún no se ha vendido ni devuelto capacidad." />}
      >
        <TablaDatos
          titulo="Historial de capacidad"
          minWidth={720}
          columnas={[
            'Fecha',
            'Usuario',
            { titulo: 'Δ vendida', derecha: true },
            { titulo: 'Vendida resultante', derecha: true },
            'Motivo',
            'Origen',
          ]}
          paginacion={{
            page: pagina,
            total: movs.data?.total ?? 0,
            onPageChange: setPagina,
            disabled: movs.isFetching,
          }}
        >
          {movs.data?.data.map((m) => (
            <Table.Tr key={m.movimiento_id}>
              <Table.Td>{formatFechaHora(m.created_at)}</Table.Td>
              <Table.Td>{m.usuario_nombre ?? SIN_DATO}</Table.Td>
              <Table.Td ta="right" c={m.delta_vendida > 0 ? 'orange' : 'teal'} fw={600}>
                {formatDeltaMbps(m.delta_vendida)}
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
        </TablaDatos>
      </SegunConsulta>
    </Card>
  );
}
