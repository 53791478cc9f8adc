import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { errorConfirmacion, errorPassword, passwordValida, REGLA_PASSWORD } from './password';

export function CambiarPasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [actual, setActual] = useState('');
  const [nueva, setNueva] = useState('');
  const [confirmacion, setConfirmacion] = useState('');
  const cerrar = () => {
    setActual('');
    setNueva('');
    setConfirmacion('');
    onClose();
  };
  const cambiar = trpc.auth.cambiarPassword.useMutation({
    onSuccess: () => {
      notifyOk('Su contraseña se cambió. Sus otras sesiones se cerraron.');
      cerrar();
    },
    onError: (e) => notifyError(e, 'No se pudo cambiar la contraseña'),
  });
  const listo = !!actual && passwordValida(nueva, confirmacion);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (listo) cambiar.mutate({ actual, nueva });
  };
  return (
    <Modal opened={opened} onClose={cerrar} title="Cambiar contraseña">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <PasswordInput
            label="Contraseña actual"
            autoComplete="current-password"
            required
            value={actual}
            onChange={(e) => setActual(e.currentTarget.value)}
          />
          <PasswordInput
            label="Nueva contraseña"
            description={REGLA_PASSWORD}
            autoComplete="new-password"
            required
            value={nueva}
            error={errorPassword(nueva)}
            onChange={(e) => setNueva(e.currentTarget.value)}
          />
          <PasswordInput
            label="Confirmar contraseña"
            autoComplete="new-password"
            required
            value={confirmacion}
            error={errorConfirmacion(nueva, confirmacion)}
            onChange={(e) => setConfirmacion(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={cerrar}>
              Cancelar
            </Button>
            <Button type="submit" loading={cambiar.isPending} disabled={!listo}>
              Guardar
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
