/**
 * Progress for long loads: a bar with rate and ETA redrawn in place on a terminal (stderr), plain
 * periodic lines when stderr is a pipe or a file (CI logs), nothing at all when silenced (tests).
 */
export interface Progreso {
  /** `n` more units done; `fase` names what is being written now. */
  avanzar(n: number, fase?: string): void;
  terminar(mensaje?: string): void;
}

export interface SalidaProgreso {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

const fmt = new Intl.NumberFormat('es-PE', { maximumFractionDigits: 0 });

function duracion(segundos: number): string {
  if (!Number.isFinite(segundos) || segundos < 0) return '—';
  if (segundos < 60) return `${Math.ceil(segundos)} s`;
  const m = Math.floor(segundos / 60);
  return `${m} min ${Math.round(segundos - m * 60)} s`;
}

export const progresoSilencioso: Progreso = { avanzar() {}, terminar() {} };

export function crearProgreso(
  total: number,
  unidad: string,
  salida: SalidaProgreso = process.stderr,
  opts: { intervaloTtyMs?: number; intervaloLineasMs?: number; ahora?: () => number } = {},
): Progreso {
  const ahora = opts.ahora ?? (() => performance.now());
  const tty = Boolean(salida.isTTY);
  const intervalo = tty ? (opts.intervaloTtyMs ?? 100) : (opts.intervaloLineasMs ?? 5000);
  const inicio = ahora();
  let hecho = 0;
  let fase = '';
  let ultimo = -Infinity;
  let terminado = false;

  const linea = () => {
    const seg = (ahora() - inicio) / 1000;
    const tasa = seg > 0 ? hecho / seg : 0;
    const pct = total > 0 ? Math.min(100, (hecho / total) * 100) : 100;
    const eta = tasa > 0 ? (total - hecho) / tasa : Number.NaN;
    const cifras = `${pct.toFixed(0).padStart(3)}% ${fmt.format(hecho)}/${fmt.format(total)} ${unidad} · ${fmt.format(tasa)}/s · ETA ${duracion(eta)}`;
    return { pct, cifras: fase ? `${cifras} · ${fase}` : cifras };
  };

  const dibujar = (forzar: boolean) => {
    const t = ahora();
    if (!forzar && t - ultimo < intervalo) return;
    ultimo = t;
    const { pct, cifras } = linea();
    if (tty) {
      const ancho = 24;
      const llenos = Math.round((pct / 100) * ancho);
      const barra = `[${'█'.repeat(llenos)}${'░'.repeat(ancho - llenos)}]`;
      const texto = `${barra} ${cifras}`;
      const max = (salida.columns ?? 120) - 1;
      salida.write(`\r\x1b[2K${texto.length > max ? texto.slice(0, max) : texto}`);
    } else {
      salida.write(`${cifras}\n`);
    }
  };

  return {
    avanzar(n, nuevaFase) {
      if (terminado) return;
      hecho += n;
      if (nuevaFase !== undefined && nuevaFase !== fase) {
        fase = nuevaFase;
      }
      dibujar(false);
    },
    terminar(mensaje) {
      if (terminado) return;
      terminado = true;
      hecho = Math.max(hecho, total);
      if (tty) {
        dibujar(true);
        salida.write('\n');
      }
      const seg = (ahora() - inicio) / 1000;
      salida.write(`${mensaje ?? `${fmt.format(total)} ${unidad}`} en ${duracion(seg)}.\n`);
    },
  };
}
