import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

export interface PieModalProps {
  /** The server's refusal, shown above the buttons. */
  error?: string | null;
  tituloError?: string;
  onCancelar: () => void;
  guardando: boolean;
  /** Red submit button (a decrease, an oversale, a deletion). */
  rojo?: boolean;
  /** The submit button waits for the form to be complete. */
  deshabilitado?: boolean;
  /** A confirmation without a form: the button calls this instead of submitting. */
  onConfirmar?: () => void;
  etiqueta: string;
}

/** The bottom of a modal: the server's refusal, "Cancelar" and the submit (or confirm) button. */
export function PieModal({
  error,
  tituloError,
  onCancelar,
  guardando,
  rojo,
  deshabilitado,
  onConfirmar,
  etiqueta,
}: PieModalProps) {
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
        <Button
          type={onConfirmar ? 'button' : 'submit'}
          loading={guardando}
          disabled={deshabilitado}
          color={rojo ? 'red' : undefined}
          onClick={onConfirmar}
        >
          {etiqueta}
        </Button>
      </Group>
    </>
  );
}

export interface FormularioModalProps extends PieModalProps {
  /** Called on submit (the browser's own submit is prevented). */
  onEnviar: () => void;
  /** The fields. */
  children: ReactNode;
}

/** A form inside a modal: its fields, then the server's refusal, "Cancelar" and the submit button. */
export function FormularioModal({ onEnviar, children, ...pie }: FormularioModalProps) {
  const enviar = (e: FormEvent) => {
    e.preventDefault();
    onEnviar();
  };
  return (
    <form onSubmit={enviar} noValidate>
      <Stack gap="md">
        {children}
        <PieModal {...pie} />
      </Stack>
    </form>
  );
}

export interface ConfirmarModalProps extends Omit<PieModalProps, 'onCancelar' | 'onConfirmar' | 'rojo'> {
  abierto: boolean;
  onClose: () => void;
  titulo: string;
  onConfirmar: () => void;
  /** Red by default: most confirmations undo something. */
  rojo?: boolean;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
}

/** "Are you sure?": what will happen, "Cancelar" and the action's button. */
export function ConfirmarModal({ abierto, onClose, titulo, children, rojo = true, ...pie }: ConfirmarModalProps) {
  return (
    <Modal opened={abierto} onClose={onClose} title={titulo}>
      <Stack gap="md">
        <Text size="sm">{children}</Text>
        <PieModal {...pie} rojo={rojo} onCancelar={onClose} />
      </Stack>
    </Modal>
  );
}
