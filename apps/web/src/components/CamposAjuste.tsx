import { NumberInput, Textarea } from '@mantine/core';
import { type Ref, useCallback, useState } from 'react';
import { useEnvio } from '../lib/envio';
import { erroresDelServidor, errorMessage } from '../lib/errors';
import { PROPS_NUMERO_HONESTO } from '../lib/numeros';
import { ConfirmarSobreventa } from './ConfirmarSobreventa';

/**
 * The state of a capacity adjustment modal (a link's BW, a service's capacity): the amount, the
 * motive, the oversale confirmation, the submit lock, and the server's refusal.
 */
export function useAjusteMbps() {
  const [mbps, setMbps] = useState<number | string>('');
  const [motivo, setMotivo] = useState('');
  const [confirma, setConfirma] = useState(false);
  const [intentado, setIntentado] = useState(false);
  const [errorServidor, setErrorServidor] = useState<string | null>(null);
  const [camposServidor, setCamposServidor] = useState<Record<string, string>>({});
  const envio = useEnvio();
  const { reiniciar: reiniciarEnvio, fallo } = envio;
  return {
    mbps,
    /** A new amount: the server's words about the old one go. */
    setMbps: (v: number | string) => {
      setMbps(v);
      setCamposServidor({});
    },
    motivo,
    setMotivo,
    confirma,
    setConfirma,
    /** A submit was tried: an empty amount or an unticked box now shows its error. */
    intentado,
    errorServidor,
    camposServidor,
    envio,
    /** Another record or mode: a clean form (stable, for an effect). */
    reiniciar: useCallback(() => {
      setMbps('');
      setMotivo('');
      setConfirma(false);
      setIntentado(false);
      setErrorServidor(null);
      setCamposServidor({});
      reiniciarEnvio();
    }, [reiniciarEnvio]),
    /** A submit starts: the previous refusal goes. */
    intentar: () => {
      setIntentado(true);
      setErrorServidor(null);
      setCamposServidor({});
    },
    /**
     * The server refused: its words go on the fields (e.g. the 10,000,000 Mbps ceiling) when it names
     * one of `campos`; otherwise its message goes above the buttons.
     */
    alRechazo: (e: unknown, campos: string[]) => {
      fallo(e);
      const porCampo = erroresDelServidor(e);
      setCamposServidor(porCampo);
      setErrorServidor(campos.some((k) => porCampo[k]) ? null : errorMessage(e));
    },
  };
}

export type AjusteMbps = ReturnType<typeof useAjusteMbps>;

export interface CamposAjusteProps {
  /** "Mbps" (how the form names the amount). */
  etiqueta: string;
  /** What the amount does in this mode ("Mbps a aumentar."). */
  descripcion: string;
  ajuste: AjusteMbps;
  errorMbps?: string | null;
  errorMotivo?: string | null;
  /** The motive is required (a service's ledger entry needs one). */
  motivoObligatorio?: boolean;
  refMbps?: Ref<HTMLInputElement>;
}

/** A capacity adjustment's amount (positive Mbps, never rewritten) and its motive. */
export function CamposAjuste(p: CamposAjusteProps) {
  return (
    <>
      <NumberInput
        label={p.etiqueta}
        description={p.descripcion}
        value={p.ajuste.mbps}
        onChange={p.ajuste.setMbps}
        {...PROPS_NUMERO_HONESTO}
        withAsterisk
        error={p.errorMbps}
        ref={p.refMbps}
        data-autofocus
      />
      <Textarea
        label="Motivo"
        value={p.ajuste.motivo}
        onChange={(e) => p.ajuste.setMotivo(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={500}
        withAsterisk={p.motivoObligatorio}
        error={p.errorMotivo}
      />
    </>
  );
}

/** The oversale box of an adjustment: its tick lives in the adjustment's state; unticked after a submit, it says so. */
export function SobreventaDelAjuste({
  ajuste,
  exceso,
  texto,
}: {
  ajuste: AjusteMbps;
  exceso: number | null;
  texto?: string;
}) {
  return (
    <ConfirmarSobreventa
      exceso={exceso}
      texto={texto}
      confirma={ajuste.confirma}
      onChange={ajuste.setConfirma}
      error={ajuste.intentado && !ajuste.confirma ? 'Confirme para continuar.' : null}
    />
  );
}
