import { Alert, Button, Card, Group, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import type { Monitoreo } from '@troncal/domain/schemas';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { formatFechaHora, formatMbps } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { AvisoSinFuente, NOMBRE_FUENTE } from './comun';

/** What the form holds: every field as typed, whichever source is chosen ('' = no binding). */
export interface ValorMonitoreo {
  fuente: '' | 'zabbix' | 'prometheus';
  host: string;
  interfaz: string;
  entrada: string;
  salida: string;
}

export const SIN_MONITOREO: ValorMonitoreo = { fuente: '', host: '', interfaz: '', entrada: '', salida: '' };

export function valorMonitoreoDe(m: Monitoreo | null | undefined): ValorMonitoreo {
  if (!m) return SIN_MONITOREO;
  return m.fuente === 'zabbix'
    ? { ...SIN_MONITOREO, fuente: 'zabbix', host: m.host, interfaz: m.interfaz }
    : { ...SIN_MONITOREO, fuente: 'prometheus', entrada: m.entrada, salida: m.salida };
}

/** The binding the form describes (null: none). */
export function monitoreoDe(v: ValorMonitoreo): Monitoreo | null {
  if (v.fuente === 'zabbix') return { fuente: 'zabbix', host: v.host.trim(), interfaz: v.interfaz.trim() };
  if (v.fuente === 'prometheus') return { fuente: 'prometheus', entrada: v.entrada.trim(), salida: v.salida.trim() };
  return null;
}

/**
 * The `monitoreo` of a create/edit body: left out when nothing changed (an edit then leaves the
 * binding alone), null to unbind, the object to bind.
 */
export function monitoreoParaEnviar(
  v: ValorMonitoreo,
  actual: Monitoreo | null | undefined,
): Monitoreo | null | undefined {
  const nuevo = monitoreoDe(v);
  if (JSON.stringify(nuevo) === JSON.stringify(actual ?? null)) return undefined;
  return nuevo;
}

export interface SeccionMonitoreoProps {
  valor: ValorMonitoreo;
  onChange: (v: ValorMonitoreo) => void;
  /** Field errors by path ('monitoreo.host', …) from the schema or the server. */
  errores?: Record<string, string | undefined>;
  /** "la conexión" / "el servicio", for the texts. */
  objeto: 'conexion' | 'servicio';
}

/**
 * The form's "Monitoreo" section: source (none, Zabbix host + interface, Prometheus two PromQL
 * expressions) and "Probar", which asks the source for its newest values without saving anything
 * and shows them, or the source's Spanish error.
 */
export function SeccionMonitoreo({ valor, onChange, errores = {}, objeto }: SeccionMonitoreoProps) {
  const estado = trpc.monitoreo.estado.useQuery(undefined, { staleTime: 60_000 });
  const probar = trpc.monitoreo.probar.useMutation();
  const [errorProbar, setErrorProbar] = useState<string | null>(null);
  const set = (campo: keyof ValorMonitoreo, v: string) => {
    probar.reset();
    setErrorProbar(null);
    onChange({ ...valor, [campo]: v });
  };
  const m = monitoreoDe(valor);
  const completo =
    m !== null && (m.fuente === 'zabbix' ? Boolean(m.host && m.interfaz) : Boolean(m.entrada && m.salida));
  const fuentes = estado.data?.fuentes ?? [];
  const err = (c: string) => errores[`monitoreo.${c}`] || undefined;
  const r = probar.data;

  return (
    <Card withBorder padding="lg" data-testid="seccion-monitoreo">
      <Title order={4} mb={4}>
        Monitoreo
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {objeto === 'conexion'
          ? 'Vinculada, su BW utilizado es el percentil 95 del tráfico medido (24 h) y no se escribe a mano.'
          : 'Vinculado, su capacidad utilizada es el percentil 95 del tráfico medido del enlace (24 h).'}
      </Text>
      <Stack gap="sm">
        {estado.data && fuentes.length === 0 ? <AvisoSinFuente /> : null}
        <SegmentedControl
          value={valor.fuente}
          onChange={(v) => set('fuente', v)}
          data={[
            { value: '', label: 'Sin monitoreo' },
            { value: 'zabbix', label: 'Zabbix' },
            { value: 'prometheus', label: 'Prometheus' },
          ]}
          aria-label="Fuente de monitoreo"
          w="fit-content"
        />
        {errores.monitoreo ? (
          <Text size="sm" c="red" role="alert">
            {errores.monitoreo}
          </Text>
        ) : null}
        {valor.fuente === 'zabbix' ? (
          <Group grow align="flex-start">
            <TextInput
              label="Host de Zabbix"
              description="El «Host name» técnico, no el visible"
              placeholder="pe-lim-core-01"
              value={valor.host}
              onChange={(e) => set('host', e.currentTarget.value)}
              error={err('host')}
              required
            />
            <TextInput
              label="Interfaz"
              description="Como aparece en los ítems: «Interface Gi0/0/1(…)»"
              placeholder="Gi0/0/1"
              value={valor.interfaz}
              onChange={(e) => set('interfaz', e.currentTarget.value)}
              error={err('interfaz')}
              required
            />
          </Group>
        ) : null}
        {valor.fuente === 'prometheus' ? (
          <>
            <Textarea
              label="Entrada (PromQL, bits por segundo)"
              placeholder={'rate(ifHCInOctets{instance="pe-lim-core-01",ifName="Gi0/0/1"}[5m]) * 8'}
              value={valor.entrada}
              onChange={(e) => set('entrada', e.currentTarget.value)}
              error={err('entrada')}
              autosize
              minRows={1}
              ff="monospace"
              required
            />
            <Textarea
              label="Salida (PromQL, bits por segundo)"
              placeholder={'rate(ifHCOutOctets{instance="pe-lim-core-01",ifName="Gi0/0/1"}[5m]) * 8'}
              value={valor.salida}
              onChange={(e) => set('salida', e.currentTarget.value)}
              error={err('salida')}
              autosize
              minRows={1}
              ff="monospace"
              required
            />
          </>
        ) : null}
        {m ? (
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlugConnected size={16} />}
              disabled={!completo}
              loading={probar.isPending}
              onClick={() => {
                setErrorProbar(null);
                probar.mutate({ monitoreo: m }, { onError: (e) => setErrorProbar(errorMessage(e)) });
              }}
            >
              Probar
            </Button>
            <Text size="xs" c="dimmed">
              Consulta {NOMBRE_FUENTE[m.fuente]} sin guardar nada.
            </Text>
          </Group>
        ) : null}
        {errorProbar ? (
          <Alert color="red" variant="light" data-testid="resultado-probar">
            {errorProbar}
          </Alert>
        ) : r ? (
          r.estado === 'OK' ? (
            <Alert color="teal" variant="light" title="La fuente responde" data-testid="resultado-probar">
              Entrada {formatMbps(r.entrada_mbps)} · salida {formatMbps(r.salida_mbps)}
              {r.t ? ` · ${formatFechaHora(r.t)}` : ''}
              {r.detalle ? (
                <Text size="xs" c="dimmed">
                  {r.detalle}
                </Text>
              ) : null}
            </Alert>
          ) : (
            <Alert
              color={r.estado === 'ERROR' ? 'red' : 'yellow'}
              variant="light"
              title={r.estado === 'ERROR' ? 'Error de la fuente' : 'Sin datos'}
              data-testid="resultado-probar"
            >
              {r.message}
            </Alert>
          )
        ) : null}
      </Stack>
    </Card>
  );
}
