import { useState } from 'react';
import type { Envio } from './envio';
import { type ErrorCampo, erroresServidor, errorMessage, pideConfirmarSobreventa } from './errors';

/** What a capacity write would do to its service, as the form computes it from the domain's rules. */
export interface PreviewSobreventa {
  /** The service's disponible now. */
  disponible: number;
  /** Its disponible after the save. */
  resultante: number;
  /** The save is one the server asks to confirm when it leaves the service oversold. */
  exigible: boolean;
}

export const FALTA_CONFIRMAR = 'Marque «Confirmo la sobreventa» para guardar.';

/**
 * The oversale step of a capacity form (a connection's sale, a service's new comprada): the excess
 * the preview shows, the «Confirmo la sobreventa» box, and the server's own refusal when the
 * figures moved since the preview (then the box shows even though the preview saw no excess).
 */
export function usePreviewSobreventa(preview: PreviewSobreventa | null) {
  const [confirma, setConfirma] = useState(false);
  const [pedida, setPedida] = useState(false);
  const exceso = preview?.exigible && preview.resultante < 0 ? -preview.resultante : 0;
  const necesitaConfirmar = exceso > 0 || pedida;
  return {
    preview,
    /** Mbps the service would be oversold by (0: none the preview can see). */
    exceso,
    necesitaConfirmar,
    confirma,
    setConfirma,
    /** The flag to send: false unless the operator ticked a box that was shown. */
    confirmarSobreventa: necesitaConfirmar && confirma,
    /** The message that holds the save back, or null. */
    falta: necesitaConfirmar && !confirma ? FALTA_CONFIRMAR : null,
    /** For the mutation's onError: a 409 asking for the confirmation shows the box. */
    alRechazo: (error: unknown) => {
      if (pideConfirmarSobreventa(error)) setPedida(true);
    },
  };
}

/**
 * A capacity form's save that the server refused: the form unlocks, the server's field errors go on
 * the fields, a 409 asking for the oversale confirmation shows the box (the figures moved since the
 * form loaded: another sale), and the message stands above the buttons.
 */
export function mostrarRechazo(
  error: unknown,
  f: {
    envio: Pick<Envio, 'fallo'>;
    sobreventa: Pick<ReturnType<typeof usePreviewSobreventa>, 'alRechazo'>;
    alCampos: (issues: ErrorCampo[]) => void;
    setErrorGeneral: (mensaje: string) => void;
  },
) {
  f.envio.fallo(error);
  const issues = erroresServidor(error);
  if (issues.length) f.alCampos(issues);
  f.sobreventa.alRechazo(error);
  f.setErrorGeneral(errorMessage(error));
}
