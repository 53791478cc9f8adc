import { Modal } from '@mantine/core';
import { useState } from 'react';
import { FormularioModal } from '../../components/PieModal';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { CampoPasswordActual, CamposPasswordNueva, usePasswordNueva } from './CamposPassword';

export function CambiarPasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [actual, setActual] = useState('');
  const nueva = usePasswordNueva();
  const cerrar = () => {
    setActual('');
    nueva.limpiar();
    onClose();
  };
  const cambiar = trpc.auth.cambiarPassword.useMutation({
    onSuccess: () => {
      notifyOk('Su contraseña se cambió. Sus otras sesiones se cerraron.');
      cerrar();
    },
    onError: (e) => notifyError(e, 'No se pudo cambiar la contraseña'),
  });
  const listo = !!actual && nueva.valida;
  return (
    <Modal opened={opened} onClose={cerrar} title="Cambiar contraseña">
      <FormularioModal
        onEnviar={() => {
          if (listo) cambiar.mutate({ actual, nueva: nueva.password });
        }}
        onCancelar={cerrar}
        guardando={cambiar.isPending}
        deshabilitado={!listo}
        etiqueta="Guardar"
      >
        <CampoPasswordActual label="Contraseña actual" value={actual} onChange={setActual} />
        <CamposPasswordNueva campos={nueva} label="Nueva contraseña" />
      </FormularioModal>
    </Modal>
  );
}
