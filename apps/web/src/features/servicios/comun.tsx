import { Badge, Paper, Text } from '@mantine/core';
import { CONDICION_SERVICIO_COLORS, MODALIDAD_SERVICIO_COLORS, type ModalidadServicio } from '@troncal/domain/enums';
import type { ReactNode } from 'react';
import { EstadoPill } from '../../components/EstadoPill';
import { formatMbps } from '../../lib/format';

/** The spec's colours: ACTIVO green, STANDBY/RESERVA blue, INACTIVO/BAJA red. */
export function CondicionPill({ condicion }: { condicion: string | null | undefined }) {
  if (!condicion) return null;
  return <EstadoPill estado={condicion} colores={CONDICION_SERVICIO_COLORS} label={condicion.toUpperCase()} />;
}

export function ModalidadBadge({ modalidad }: { modalidad: string }) {
  return (
    <Badge variant="outline" radius="sm" color={MODALIDAD_SERVICIO_COLORS[modalidad as ModalidadServicio] ?? 'gray'}>
      {modalidad}
    </Badge>
  );
}

/** A small KPI tile; `testId` lets browser tests read one figure without parsing the page. */
export function KpiTile({
  label,
  value,
  hint,
  negativo,
  testId,
}: {
  label: string;
  value: number | null | undefined;
  hint?: ReactNode;
  negativo?: boolean;
  testId?: string;
}) {
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-label={label} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg" c={negativo ? 'red' : undefined} style={{ whiteSpace: 'nowrap' }} data-valor>
        {formatMbps(value)}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}
