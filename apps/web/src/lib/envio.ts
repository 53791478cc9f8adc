import { useMemo, useState } from 'react';
import { errorHttpStatus } from './errors';

/** What a create mutation hands its link: the `Idempotency-Key` of the submission it belongs to. */
export interface ContextoIdempotente extends Record<string, unknown> {
  idempotencyKey?: string;
}

/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (https, localhost), and an
 * internal tool is often opened over plain http on a LAN address; `getRandomValues` exists in both.
 */
export function nuevaClave(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One form's submissions: at most one at a time, each with its own Idempotency-Key.
 *
 * The key follows the body: sending the same body again after a failure whose outcome is unknown
 * (no answer, 5xx, 409 "en curso") reuses it, so the server answers the first result instead of
 * creating twice; a definite refusal (400, 403, 404, 422…) changed nothing, so the next try is a new
 * submission with a new key, as is any other body.
 */
export class EnvioUnico {
  /** Handed to the mutation once (`trpc: { context }`); its key changes in place per submission. */
  readonly contexto: ContextoIdempotente = {};
  private enCurso = false;
  private firma: string | null = null;

  constructor(private readonly generar: () => string = nuevaClave) {}

  get ocupado(): boolean {
    return this.enCurso;
  }

  /** Starts submitting `cuerpo`; false when a submission is already under way (a second click). */
  iniciar(cuerpo: unknown): boolean {
    if (this.enCurso) return false;
    this.enCurso = true;
    const firma = JSON.stringify(cuerpo) ?? '';
    if (firma !== this.firma || !this.contexto.idempotencyKey) {
      this.firma = firma;
      this.contexto.idempotencyKey = this.generar();
    }
    return true;
  }

  /** The submission failed with `error`: the form unlocks; the key stays unless the refusal was final. */
  fallo(error: unknown): void {
    this.enCurso = false;
    const status = errorHttpStatus(error);
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 409) {
      this.firma = null;
    }
  }

  /** A new subject (a modal opened for another record): forget the previous submission. */
  reiniciar(): void {
    this.enCurso = false;
    this.firma = null;
    delete this.contexto.idempotencyKey;
  }
}

export interface Envio {
  /** True from the first click until an error: a success keeps it locked while the app navigates away. */
  bloqueado: boolean;
  /** For `useMutation({ trpc: { context } })` of a create: sends the submission's Idempotency-Key. */
  contexto: ContextoIdempotente;
  iniciar: (cuerpo: unknown) => boolean;
  fallo: (error: unknown) => void;
  reiniciar: () => void;
}

/**
 * The submit lock of a form or modal. The button stays disabled after a success (never re-enabled
 * there) because the form remains on screen while the next page loads, and a second click then
 * would create a second record; only an error unlocks it.
 */
export function useEnvio(): Envio {
  const [envio] = useState(() => new EnvioUnico());
  const [bloqueado, setBloqueado] = useState(false);
  // Stable functions, so an effect may list them without running on every render.
  const acciones = useMemo(
    () => ({
      iniciar: (cuerpo: unknown) => {
        if (!envio.iniciar(cuerpo)) return false;
        setBloqueado(true);
        return true;
      },
      fallo: (error: unknown) => {
        envio.fallo(error);
        setBloqueado(false);
      },
      reiniciar: () => {
        envio.reiniciar();
        setBloqueado(false);
      },
    }),
    [envio],
  );
  return { bloqueado, contexto: envio.contexto, ...acciones };
}
