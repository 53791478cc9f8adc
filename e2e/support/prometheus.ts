import {
  levantarPrometheus,
  lineasGauge,
  type PrometheusPrueba,
  sinPrometheus,
} from '../../apps/server/test/helpers/prometheus';

/**
 * The e2e journeys' Prometheus: Debian's real prometheus serving known series (the server tests'
 * helper), started before the server so it runs with TRONCAL_PROMETHEUS_URL. Link "e2e-uplink":
 * entrada 120 Mbps and salida 30 Mbps every 5 minutes from 26 hours before the start on, so a
 * cycle measures p95 = max = average = 120 Mbps. Null (and the monitoring journey says why) when
 * prometheus/promtool are not installed.
 */
export const E2E_PROMETHEUS = {
  enlace: 'e2e-uplink',
  entrada_mbps: 120,
  salida_mbps: 30,
} as const;

export async function iniciarPrometheusE2e(): Promise<PrometheusPrueba | null> {
  if (sinPrometheus()) return null;
  // Up to 3 hours past the start too: the journey runs minutes later, and Prometheus only answers
  // an instant query ("Probar") from a sample within 5 minutes before it. Queries end at "now", so
  // the samples still ahead are never read.
  const ahora = Math.floor(Date.now() / 1000);
  const fin = ahora - (ahora % 300) + 3 * 3600;
  const puntos = Array.from({ length: 29 * 12 + 1 }, (_, i) => ({
    t: fin - (29 * 12 - i) * 300,
    entrada_mbps: E2E_PROMETHEUS.entrada_mbps,
    salida_mbps: E2E_PROMETHEUS.salida_mbps,
  }));
  return levantarPrometheus(
    `${['# TYPE troncal_if_bps gauge', ...lineasGauge(E2E_PROMETHEUS.enlace, puntos)].join('\n')}\n# EOF\n`,
  );
}
