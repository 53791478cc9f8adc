import { Anchor, Badge, Code, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { ORIGEN_MOVIMIENTO_COLORS, ORIGEN_MOVIMIENTO_LABELS, type OrigenMovimiento } from '@troncal/domain/enums';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Ficha } from '../../components/Ficha';
import { TablaDatos, type TablaDatosProps } from '../../components/TablaDatos';
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

/** A titled card of the detail page holding a table, or a line saying there is nothing yet. */
function FichaTabla<T>({
  titulo,
  nombreTabla = titulo,
  vacio,
  filas,
  fila,
  ...tabla
}: Omit<TablaDatosProps, 'children'> & {
  /** The table's accessible name, when it is not the card's title. */
  nombreTabla?: string;
  vacio: string;
  filas: T[];
  fila: (item: T) => ReactNode;
}) {
  return (
    <Ficha titulo={titulo}>
      {filas.length === 0 ? (
        <Text size="sm" c="dimmed">
          {vacio}
        </Text>
      ) : (
        <TablaDatos titulo={nombreTabla} {...tabla}>
          {filas.map(fila)}
        </TablaDatos>
      )}
    </Ficha>
  );
}

export function EquiposDeConexion({ equipos }: { equipos: ConexionLeida['equipos'] }) {
  return (
    <FichaTabla
      titulo="Equipos asignados"
      vacio="Sin equipos asignados."
      minWidth={320}
      columnas={['Equipo', 'Estado']}
      filas={equipos}
      fila={(e) => (
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
      )}
    />
  );
}

const derecha = (titulo: string) => ({ titulo, derecha: true });

export function HistorialBw({ historial }: { historial: ConexionLeida['historial_bw'] }) {
  return (
    <FichaTabla
      titulo="Historial de BW"
      vacio="Sin cambios de BW."
      minWidth={640}
      columnas={['Fecha', derecha('BW anterior'), derecha('BW nuevo'), derecha('Cambio'), 'Motivo', 'Usuario']}
      filas={historial}
      fila={(h) => (
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
      )}
    />
  );
}

/** The ledger rows this connection wrote on its service (sale, BW changes, BAJA, moves). */
export function MovimientosDeConexion({ movimientos }: { movimientos: ConexionLeida['movimientos'] }) {
  return (
    <FichaTabla
      titulo="Movimientos de capacidad del servicio"
      nombreTabla="Movimientos de capacidad"
      vacio="Esta conexión no ha movido capacidad del servicio."
      minWidth={640}
      columnas={['Fecha', 'Origen', derecha('Δ vendida'), derecha('Vendida resultante'), 'Motivo', 'Usuario']}
      filas={movimientos}
      fila={(m) => (
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
      )}
    />
  );
}
