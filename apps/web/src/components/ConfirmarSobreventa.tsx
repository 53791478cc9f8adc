import { Alert, Checkbox, Stack, Text } from '@mantine/core';
import { formatMbps } from '../lib/format';

export interface ConfirmarSobreventaProps {
  /** Mbps by which the service would be oversold; null when only the server knows (it refused). */
  exceso: number | null;
  confirma: boolean;
  onChange: (confirma: boolean) => void;
  error?: string | null;
  /** The sentence before the checkbox, when "El servicio quedaría sobrevendido en …" does not fit. */
  texto?: string;
}

/** The red box every oversale passes through: what it means and "Confirmo la sobreventa". */
export function ConfirmarSobreventa({ exceso, confirma, onChange, error, texto }: ConfirmarSobreventaProps) {
  return (
    <Alert color="red" variant="light" title="Sobreventa">
      <Stack gap="xs">
        <Text size="sm">
          {texto ??
            (exceso !== null && exceso > 0
              ? `El servicio quedaría sobrevendido en ${formatMbps(exceso)}.`
              : 'El servicio quedaría sobrevendido.')}
        </Text>
        <Checkbox
          label="Confirmo la sobreventa"
          checked={confirma}
          onChange={(e) => onChange(e.currentTarget.checked)}
          error={error ?? undefined}
        />
      </Stack>
    </Alert>
  );
}

/** A form's oversale step (see `usePreviewSobreventa`): the box, when the preview or the server asks for it. */
export function PasoSobreventa({
  paso,
}: {
  paso: { necesitaConfirmar: boolean; exceso: number; confirma: boolean; setConfirma: (confirma: boolean) => void };
}) {
  if (!paso.necesitaConfirmar) return null;
  return <ConfirmarSobreventa exceso={paso.exceso || null} confirma={paso.confirma} onChange={paso.setConfirma} />;
}
