import { Anchor, Badge, Code, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { ORIGEN_MOVIMIENTO_COLORS, ORIGEN_MOVIMIENTO_LABELS, type OrigenMovimiento } from '@troncal/domain/enums';
import { Link } from 'react-router';
import { Ficha } from '../../components/Ficha';
import { EmptyState } from '../../components/StateViews';
import { TablaDatos } from '../../components/TablaDatos';
import { formatDeltaMbps, formatFechaHora, formatMbps, SIN_DATO } from '../../lib/format';
import type { Respuesta } from '../../lib/trpc';

/** A connection as `conexiones.byId` answers it. */
export type ConexionLeida = Respuesta<'conexiones', 'byId'>;

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

/** "Configuración de nodos": the router configuration pasted for each end, verbatim. */
export function ConfiguracionNodos({ c }: { c: ConexionLeida }) {
  return (
    <Ficha titulo="Configuración de nodos">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <BloqueConfiguracion titulo="Configuración Nodo A" texto={c.configuracion_nodo_a} />
        <BloqueConfiguracion titulo="Configuración Nodo B" texto={c.configuracion_nodo_b} />
      </SimpleGrid>
    </Ficha>
  );
}

export function EquiposDeConexion({ equipos }: { equipos: ConexionLeida['equipos'] }) {
  return (
    <Ficha titulo="Equipos asignados">
      {equipos.length === 0 ? (
        <Text size="sm" c="dimmed">
          Sin equipos asignados.
        </Text>
      ) : (
        <TablaDatos titulo="Equipos asignados" columnas={['Equipo', 'Estado']} minWidth={320}>
          {equipos.map((e) => (
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
        </TablaDatos>
      )}
    </Ficha>
  );
}

const derecha = (titulo: string) => ({ titulo, derecha: true });

export function HistorialBw({ historial }: { historial: ConexionLeida['historial_bw'] }) {
  return (
    <Ficha titulo="Historial de BW">
      {historial.length === 0 ? (
        <EmptyState title="Sin cambios de BW" />
      ) : (
        <TablaDatos
          titulo="Historial de BW"
          minWidth={640}
          columnas={['Fecha', derecha('BW anterior'), derecha('BW nuevo'), derecha('Cambio'), 'Motivo', 'Usuario']}
        >
          {historial.map((h) => (
            <Table.Tr key={h.movimiento_id}>
              <Table.Td>{formatFechaHora(h.created_at)}</Table.Td>
              <Table.Td ta="right">{formatMbps(h.bw_anterior)}</Table.Td>
              <Table.Td ta="right">{formatMbps(h.bw_nuevo)}</Table.Td>
              <Table.Td ta="right" c={h.delta < 0 ? 'orange' : 'teal'}>
                {formatDeltaMbps(h.delta)}
              </Table.Td>
              <Table.Td>{h.motivo ?? SIN_DATO}</Table.Td>
              <Table.Td>{h.usuario_nombre ?? SIN_DATO}</Table.Td>
            </Table.Tr>
          ))}
        </TablaDatos>
      )}
    </Ficha>
  );
}

/** The ledger rows this connection wrote on its service (sale, BW changes, BAJA, moves). */
export function MovimientosDeConexion({ movimientos }: { movimientos: ConexionLeida['movimientos'] }) {
  return (
    <Ficha titulo="Movimientos de capacidad del servicio">
      {movimientos.length === 0 ? (
        <Text size="sm" c="dimmed">
          Esta conexión no ha movido capacidad del servicio.
        </Text>
      ) : (
        <TablaDatos
          titulo="Movimientos de capacidad"
          minWidth={640}
          columnas={['Fecha', 'Origen', derecha('Δ vendida'), derecha('Vendida resultante'), 'Motivo', 'Usuario']}
        >
          {movimientos.map((m) => (
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
              <Table.Td ta="right">{formatDeltaMbps(m.delta_vendida)}</Table.Td>
              <Table.Td ta="right">{formatMbps(m.vendida_resultante)}</Table.Td>
              <Table.Td>{m.motivo ?? SIN_DATO}</Table.Td>
              <Table.Td>{m.usuario_nombre ?? SIN_DATO}</Table.Td>
            </Table.Tr>
          ))}
        </TablaDatos>
      )}
    </Ficha>
  );
}
