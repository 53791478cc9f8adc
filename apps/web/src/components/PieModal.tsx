import { Alert, Button, Group } from '@mantine/core';

export interface PieModalProps {
  /** The server's refusal, shown above the buttons. */
  error: string | null;
  tituloError: string;
  onCancelar: () => void;
  guardando: boolean;
  /** Red submit button (a decrease, an oversale). */
  rojo?: boolean;
  etiqueta: string;
}

/** The bottom of a form in a modal: the server's refusal, "Cancelar" and the submit button. */
export function PieModal({ error, tituloError, onCancelar, guardando, rojo, etiqueta }: PieModalProps) {
  return (
    <>
      {error ? (
        <Alert color="red" variant="filled" role="alert" title={tituloError}>
          {error}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancelar}>
          Cancelar
        </Button>
        <Button type="submit" loading={guardando} color={rojo ? 'red' : undefined}>
          {etiqueta}
        </Button>
      </Group>
    </>
  );
}
