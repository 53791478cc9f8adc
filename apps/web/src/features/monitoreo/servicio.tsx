import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { MedicionMonitoreo } from '@troncal/domain/schemas';
import { formatMbps, formatPorcentaje } from '../../lib/format';
import { OrigenValor } from './comun';

interface ConexionDeServicio {
  enlace_estado: string | null;
  medido?: boolean | undefined;
  bw_contratado: number | null;
  bw_utilizado?: number | null | undefined;
}

/**
 * Where a service's capacidad_utilizada comes from: its own uplink's p95 when the service is bound;
 * otherwise Σ of its live connections, some measured and some typed.
 */
export function OrigenUtilizada({
  medicion,
  conexiones,
}: {
  medicion: MedicionMonitoreo | null | undefined;
  conexiones: readonly ConexionDeServicio[];
}) {
  if (medicion) return <OrigenValor medicion={medicion} />;
  const vivas = conexiones.filter((c) => c.enlace_estado !== 'BAJA');
  const medidas = vivas.filter((c) => c.medido).length;
  const texto =
    medidas === 0
      ? 'Σ de lo escrito en las conexiones'
      : medidas === vivas.length
        ? 'Σ de las conexiones, todas medidas'
        : `Σ de las conexiones: ${medidas} medidas, ${vivas.length - medidas} escritas`;
  return (
    <Tooltip label="El servicio no está vinculado al monitoreo: su utilizada es la suma de sus conexiones vivas.">
      <Badge
        size="xs"
        variant="outline"
        color={medidas > 0 ? 'teal' : 'gray'}
        radius="sm"
        data-testid="origen-utilizada"
      >
        {texto}
      </Badge>
    </Tooltip>
  );
}

/** "Uso actual" of a connection row: the value and whether it is measured or typed. */
export function UsoActualCelda({ e }: { e: ConexionDeServicio }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <span>{formatMbps(e.bw_utilizado ?? null)}</span>
      <Text span size="xs" c={e.medido ? 'teal' : 'dimmed'}>
        {e.medido ? 'medido' : 'escrito'}
      </Text>
      {e.medido && e.bw_contratado && (e.bw_utilizado ?? 0) > e.bw_contratado ? (
        <Badge size="xs" color="red" variant="filled" radius="sm" data-testid="excede-contratado">
          Excede lo contratado
        </Badge>
      ) : null}
    </Group>
  );
}

/**
 * "% enlace" of a connection row: a measured connection's share of what the service bought is
 * what it carries (its p95); an unmeasured one's is what it was sold (`pct_enlace` from the server).
 */
export function PctEnlaceCelda({ e, comprada, pct }: { e: ConexionDeServicio; comprada: number; pct: number }) {
  if (!e.medido || comprada <= 0) return <>{formatPorcentaje(pct / 100)}</>;
  return (
    <Tooltip label="Percentil 95 medido de la conexión sobre la capacidad comprada del servicio.">
      <span>{formatPorcentaje((e.bw_utilizado ?? 0) / comprada)} medido</span>
    </Tooltip>
  );
}
