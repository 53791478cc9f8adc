import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Conexion } from '@troncal/domain/schemas';
import { formatMbps, formatPorcentaje } from '../../lib/format';
import { OrigenValor } from './comun';
import { UsoMedidoChart } from './UsoMedidoChart';

/** p95 > bw_contratado: the connection carries more than it was sold. */
export function excedeContratado(c: Pick<Conexion, 'bw_contratado' | 'medicion'>): boolean {
  const p95 = c.medicion?.p95_mbps;
  return p95 !== null && p95 !== undefined && c.bw_contratado > 0 && p95 > c.bw_contratado;
}

export function ExcedeBadge() {
  return (
    <Badge color="red" variant="filled" size="sm" radius="sm" data-testid="excede-contratado">
      Excede lo contratado
    </Badge>
  );
}

/**
 * The connection detail's usage: "Uso actual" (measured p95 when bound, typed otherwise, and which),
 * "% enlace" against bw_contratado, the "Excede lo contratado" flag and the usage chart.
 */
export function UsoConexion({
  c,
}: {
  c: Pick<Conexion, 'enlace_id' | 'bw_contratado' | 'bw_utilizado' | 'medicion' | 'enlace_estado'>;
}) {
  const pct = c.bw_contratado > 0 ? c.bw_utilizado / c.bw_contratado : null;
  return (
    <Card withBorder padding="lg" data-testid="uso-conexion">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Uso en el tiempo</Title>
        {excedeContratado(c) ? <ExcedeBadge /> : null}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 3 }} mb="md">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Uso actual
          </Text>
          <Group gap={6}>
            <Text fw={700} data-testid="uso-actual">
              {formatMbps(c.bw_utilizado)}
            </Text>
            <OrigenValor medicion={c.medicion} />
          </Group>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            % enlace
          </Text>
          <Text fw={700} c={pct !== null && pct > 1 ? 'red' : undefined} data-testid="pct-enlace">
            {formatPorcentaje(pct)}
          </Text>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Contratado
          </Text>
          <Text fw={700}>{formatMbps(c.bw_contratado)}</Text>
        </Stack>
      </SimpleGrid>
      <UsoMedidoChart
        objeto="conexion"
        id={c.enlace_id}
        editarEn="Editar conexión"
        referencias={[{ label: 'Contratado', valor: c.bw_contratado, color: '#4c6ef5' }]}
      />
    </Card>
  );
}

/** The connections list's "Utilizado" cell: the value, "medido" when it is the p95, and the flag. */
export function UtilizadoCelda({ c }: { c: Pick<Conexion, 'bw_contratado' | 'bw_utilizado' | 'medicion'> }) {
  return (
    <Stack gap={2} align="flex-end">
      <span>{formatMbps(c.bw_utilizado)}</span>
      {c.medicion ? (
        <Text span size="xs" c="teal" data-testid="utilizado-medido">
          medido
        </Text>
      ) : null}
      {excedeContratado(c) ? <ExcedeBadge /> : null}
    </Stack>
  );
}
