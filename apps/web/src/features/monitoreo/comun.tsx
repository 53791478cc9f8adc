import { Alert, Badge, Code, Text, Tooltip } from '@mantine/core';
import type { FuenteMonitoreo, MedicionMonitoreo } from '@troncal/domain/schemas';
import { formatFechaHora } from '../../lib/format';

export const NOMBRE_FUENTE: Record<FuenteMonitoreo, string> = { zabbix: 'Zabbix', prometheus: 'Prometheus' };

const COLOR_ESTADO: Record<string, string> = { OK: 'teal', SIN_DATOS: 'yellow', ERROR: 'red', PENDIENTE: 'gray' };

/** A binding's state: OK, SIN_DATOS, ERROR, or PENDIENTE before its first cycle. */
export function EstadoMonitoreoPill({ estado }: { estado: string | null | undefined }) {
  const e = estado ?? 'PENDIENTE';
  return (
    <Badge color={COLOR_ESTADO[e] ?? 'gray'} variant="light" radius="sm" data-testid="estado-monitoreo">
      {e === 'SIN_DATOS' ? 'SIN DATOS' : e}
    </Badge>
  );
}

/**
 * Says whether a figure is measured by the monitoring or typed by hand. `medicion` is the record's
 * last reading (null when unbound: typed).
 */
export function OrigenValor({ medicion }: { medicion: MedicionMonitoreo | null | undefined }) {
  if (!medicion) {
    return (
      <Badge size="xs" variant="outline" color="gray" radius="sm" data-testid="origen-valor">
        escrito
      </Badge>
    );
  }
  const texto = medicion.medido_en
    ? `Percentil 95 medido ${formatFechaHora(medicion.medido_en)}${medicion.estado !== 'OK' ? ` (última lectura ${medicion.estado}: ${medicion.mensaje ?? ''})` : ''}`
    : 'Vinculado al monitoreo; aún sin medición.';
  return (
    <Tooltip label={texto} multiline w={280}>
      <Badge
        size="xs"
        variant="light"
        color={medicion.estado === 'ERROR' ? 'red' : medicion.medido_en ? 'teal' : 'gray'}
        radius="sm"
        data-testid="origen-valor"
      >
        {medicion.medido_en ? 'medido' : 'por medir'}
      </Badge>
    </Tooltip>
  );
}

/** Where monitoring is configured, for a server without a source. */
export function AvisoSinFuente() {
  return (
    <Alert color="gray" variant="light" title="Monitoreo sin configurar" data-testid="aviso-sin-fuente">
      <Text size="sm">
        El servidor no tiene una fuente de monitoreo. Defina <Code>TRONCAL_ZABBIX_URL</Code> y{' '}
        <Code>TRONCAL_ZABBIX_TOKEN</Code>, o <Code>TRONCAL_PROMETHEUS_URL</Code>, en el entorno del servidor y
        reinícielo (README, sección Configuración, y docs/monitoreo.md). Hasta entonces el uso es el que se escribe a
        mano.
      </Text>
    </Alert>
  );
}
