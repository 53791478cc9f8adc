import { Checkbox, Modal, Select, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ENLACE_ESTADO_LABELS, ENLACE_ESTADOS } from '@troncal/domain/enums';
import { useState } from 'react';
import { FormularioModal } from '../../components/PieModal';
import { errorMessage, pideConfirmarSobreventa } from '../../lib/errors';
import { notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';

/** A state change from the detail page: to BAJA releases bandwidth and equipos, from BAJA reserves again. */
export function CambiarEstadoModal({
  enlace_id,
  estadoActual,
  abierto,
  onClose,
}: {
  enlace_id: number;
  estadoActual: string;
  abierto: boolean;
  onClose: () => void;
}) {
  const [estado, setEstado] = useState<string | null>(null);
  const [motivo, setMotivo] = useState('');
  const [confirma, setConfirma] = useState(false);
  const [pedirConfirmacion, setPedirConfirmacion] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const utils = trpc.useUtils();
  const cambiar = trpc.conexiones.cambiarEstado.useMutation({
    onSuccess: async (r) => {
      notifyOk(`La conexión ${r.conexion.cid_enlace} está ahora ${r.conexion.enlace_estado}.`, 'Estado cambiado.');
      for (const a of r.advertencias) notifications.show({ color: 'yellow', title: 'Sobreventa', message: a });
      await Promise.all([utils.conexiones.invalidate(), utils.servicios.invalidate(), utils.equipos.invalidate()]);
      cerrar();
    },
    onError: (e) => {
      if (pideConfirmarSobreventa(e)) setPedirConfirmacion(true);
      setError(errorMessage(e));
    },
  });
  const cerrar = () => {
    setEstado(null);
    setMotivo('');
    setConfirma(false);
    setPedirConfirmacion(false);
    setError(null);
    onClose();
  };
  return (
    <Modal opened={abierto} onClose={cerrar} title="Cambiar estado" centered>
      <FormularioModal
        onEnviar={() => {
          if (!estado) return setError('Elija el nuevo estado.');
          cambiar.mutate({
            enlace_id,
            enlace_estado: estado,
            motivo: motivo.trim() || undefined,
            confirmar_sobreventa: confirma,
          });
        }}
        error={error}
        tituloError="No se pudo cambiar el estado"
        onCancelar={cerrar}
        guardando={cambiar.isPending}
        rojo={estado === 'BAJA'}
        etiqueta="Cambiar estado"
      >
        <Select
          label="Nuevo estado"
          data={ENLACE_ESTADOS.filter((e) => e !== estadoActual).map((e) => ({
            value: e,
            label: ENLACE_ESTADO_LABELS[e],
          }))}
          value={estado}
          onChange={setEstado}
          withAsterisk
        />
        {estado === 'BAJA' ? (
          <Text size="sm" c="dimmed">
            La baja libera el BW contratado en el servicio del proveedor y deja disponibles sus equipos.
          </Text>
        ) : null}
        <Textarea label="Motivo" value={motivo} onChange={(e) => setMotivo(e.currentTarget.value)} maxLength={500} />
        {pedirConfirmacion ? (
          <Checkbox
            label="Confirmo la sobreventa"
            checked={confirma}
            onChange={(e) => setConfirma(e.currentTarget.checked)}
          />
        ) : null}
      </FormularioModal>
    </Modal>
  );
}
