import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esperarListo, puertoLibre } from './monitoreo';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';

/** Why Prometheus tests skip, or null when Debian's prometheus and promtool are installed. */
export const sinPrometheus = (): string | null =>
  existsSync(PROMETHEUS) && existsSync(PROMTOOL)
    ? null
    : `no están ${PROMETHEUS} y ${PROMTOOL} (apt-get install prometheus)`;

export interface PrometheusPrueba {
  url: string;
  cerrar(): void;
}

/**
 * A real prometheus on a free 127.0.0.1 port serving exactly `openMetrics` (an OpenMetrics text
 * ending in "# EOF"), turned into TSDB blocks by promtool; nothing is scraped.
 */
export async function levantarPrometheus(openMetrics: string): Promise<PrometheusPrueba> {
  const dir = mkdtempSync(join(tmpdir(), 'troncal-prom-'));
  writeFileSync(join(dir, 'datos.om'), openMetrics);
  const bloques = spawnSync(
    PROMTOOL,
    ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'datos.om'), join(dir, 'tsdb')],
    { encoding: 'utf8' },
  );
  if (bloques.status !== 0) throw new Error(`promtool falló: ${bloques.stderr || bloques.stdout}`);
  writeFileSync(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
  const puerto = await puertoLibre();
  const log = openSync(join(dir, 'prometheus.log'), 'w');
  const proceso: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${puerto}`,
      '--storage.tsdb.retention.time=60d',
      '--log.level=warn',
    ],
    { stdio: ['ignore', log, log] },
  );
  const url = `http://127.0.0.1:${puerto}`;
  await esperarListo(`${url}/-/ready`);
  return {
    url,
    cerrar() {
      if (proceso.pid) process.kill(proceso.pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** OpenMetrics gauge lines `troncal_if_bps{enlace, dir}` for one link, values in Mbps. */
export function lineasGauge(
  enlace: string,
  puntos: readonly { t: number; entrada_mbps: number; salida_mbps: number }[],
): string[] {
  return puntos.flatMap((p) => [
    `troncal_if_bps{enlace="${enlace}",dir="in"} ${p.entrada_mbps * 1e6} ${p.t}`,
    `troncal_if_bps{enlace="${enlace}",dir="out"} ${p.salida_mbps * 1e6} ${p.t}`,
  ]);
}

export const bindingGauge = (enlace: string) => ({
  fuente: 'prometheus' as const,
  entrada: `troncal_if_bps{enlace="${enlace}",dir="in"}`,
  salida: `troncal_if_bps{enlace="${enlace}",dir="out"}`,
});
