import { Alert, Modal, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMinus, IconPlus } from '@tabler/icons-react';
import { previewAjusteCapacidad } from '@troncal/domain/capacity';
import { useEffect } from 'react';
import type { AccionFila } from '../../components/AccionesFila';
import { CamposAjuste, SobreventaDelAjuste, useAjusteMbps } from '../../components/CamposAjuste';
import { FormularioModal } from '../../components/PieModal';
import { formatMbps } from '../../lib/format';
import { notifyOk } from '../../lib/notify';
import { aNumero, errorMbps } from '../../lib/numeros';
import { trpc } from '../../lib/trpc';

export type ModoAjuste = 'AUMENTAR' | 'DISMINUIR';

export interface ServicioAjustable {
  servicio_id: number;
  cid_interno: string | null;
  proveedor_nombre: string;
  capacidad_comprada: number;
  capacidad_vendida: number;
  capacidad_utilizada: number;
}

export const TITULO_AJUSTE: Record<ModoAjuste, string> = {
  AUMENTAR: 'Aumentar capacidad',
  DISMINUIR: 'Disminuir capacidad',
};

/** "Aumentar capacidad" and "Disminuir capacidad", as a list row and the detail page offer them. */
export const accionesCapacidad = (abrir: (modo: ModoAjuste) => void, tamanoIcono = 18): AccionFila[] => [
  {
    etiqueta: TITULO_AJUSTE.AUMENTAR,
    icono: <IconPlus size={tamanoIcono} />,
    color: 'teal',
    onClick: () => abrir('AUMENTAR'),
  },
  {
    etiqueta: TITULO_AJUSTE.DISMINUIR,
    icono: <IconMinus size={tamanoIcono} />,
    color: 'orange',
    onClick: () => abrir('DISMINUIR'),
  },
];

/** A figure of the preview: now and after the adjustment (bold when the adjustment moves it). */
function FilaPreview(p: {
  etiqueta: string;
  actual: number;
  resultante: number;
  cambia?: boolean;
  rojo?: boolean;
  testId?: string;
}) {
  return (
    <Table.Tr>
      <Table.Th scope="row">{p.etiqueta}</Table.Th>
      <Table.Td ta="right">{formatMbps(p.actual)}</Table.Td>
      <Table.Td ta="right" c={p.rojo ? 'red' : undefined} fw={p.cambia ? 600 : undefined} data-testid={p.testId}>
        {formatMbps(p.resultante)}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The capacity modal: a positive Mbps amount, its sign from the button that opened it ("Aumentar"
 * returns capacity to the pool: delta_disponible = +d; "Disminuir" sells it: −d). The preview is the
 * domain's own math; refusals from the server are shown here, inline, not only in a toast.
 */
export function AjusteCapacidadModal({
  servicio,
  modo,
  onClose,
}: {
  servicio: ServicioAjustable | null;
  modo: ModoAjuste;
  onClose: () => void;
}) {
  const a = useAjusteMbps();
  const { mbps, motivo, intentado, envio, reiniciar } = a;
  const utils = trpc.useUtils();

  const abierto = servicio !== null;
  // A new service or mode starts a clean form.
  useEffect(() => {
    reiniciar();
  }, [servicio?.servicio_id, modo, reiniciar]);

  const ajustar = trpc.servicios.ajustarCapacidad.useMutation({
    trpc: { context: envio.contexto },
    onSuccess: async (res) => {
      notifyOk(
        `Disponible: ${formatMbps(res.capacidad_disponible)} (vendida ${formatMbps(res.capacidad_vendida)}).`,
        'Capacidad ajustada.',
      );
      for (const a of res.advertencias) {
        notifications.show({ color: 'yellow', title: 'Advertencia', message: a, autoClose: 10_000 });
      }
      await Promise.all([
        utils.servicios.list.invalidate(),
        utils.servicios.detalle.invalidate({ servicio_id: res.servicio_id }),
        utils.servicios.movimientos.invalidate({ servicio_id: res.servicio_id }),
        utils.servicios.byId.invalidate({ servicio_id: res.servicio_id }),
        utils.servicios.select.invalidate(),
      ]);
      onClose();
    },
    onError: (e) => a.alRechazo(e, ['delta_disponible', 'motivo']),
  });

  const cantidad = aNumero(mbps) ?? Number.NaN;
  // Refused before any preview or oversale question: negative, zero, a 4th decimal, past 10,000,000.
  const errorCantidad = errorMbps(mbps, { positivo: true, requerido: true });
  const valido = errorCantidad === null;
  const delta = valido ? (modo === 'AUMENTAR' ? cantidad : -cantidad) : 0;
  const preview = servicio
    ? previewAjusteCapacidad(
        {
          comprada: servicio.capacidad_comprada,
          vendida: servicio.capacidad_vendida,
          utilizada: servicio.capacidad_utilizada,
        },
        delta,
      )
    : null;
  const enRojo = Boolean(preview && (preview.vendidaNegativa || preview.sobreventa));
  const necesitaConfirmar = Boolean(valido && preview?.sobreventa && !preview.vendidaNegativa && delta < 0);

  // A typed amount is judged at once (never rewritten); an empty one on submit.
  const errorCampoMbps = a.camposServidor.delta_disponible ?? (intentado || mbps !== '' ? errorCantidad : null);
  const errorMotivo = a.camposServidor.motivo ?? (intentado && !motivo.trim() ? 'Indique el motivo.' : null);

  const enviar = () => {
    a.intentar();
    if (!servicio || !valido || !motivo.trim()) return;
    if (necesitaConfirmar && !a.confirma) return;
    const entrada = { servicio_id: servicio.servicio_id, delta_disponible: delta, motivo: motivo.trim() };
    if (envio.iniciar(entrada)) ajustar.mutate(entrada);
  };

  const titulo = `${TITULO_AJUSTE[modo]}${servicio?.cid_interno ? ` — ${servicio.cid_interno}` : ''}`;

  return (
    <Modal opened={abierto} onClose={onClose} title={titulo} centered size="lg">
      {servicio && preview ? (
        <FormularioModal
          onEnviar={enviar}
          error={a.errorServidor}
          tituloError="No se pudo ajustar la capacidad"
          onCancelar={onClose}
          guardando={envio.bloqueado}
          rojo={enRojo}
          etiqueta={TITULO_AJUSTE[modo]}
        >
          <Text size="sm" c="dimmed">
            {servicio.proveedor_nombre}.{' '}
            {modo === 'AUMENTAR'
              ? 'Devuelve capacidad al pool (p. ej. un cliente rescindió): la vendida baja y la disponible sube.'
              : 'Reserva capacidad (p. ej. una venta nueva): la vendida sube y la disponible baja.'}
          </Text>
          <CamposAjuste
            etiqueta="Mbps"
            descripcion={modo === 'AUMENTAR' ? 'Cantidad a devolver al pool.' : 'Cantidad a vender.'}
            ajuste={a}
            errorMbps={errorCampoMbps}
            errorMotivo={errorMotivo}
            motivoObligatorio
          />

          <Table
            withTableBorder
            aria-label="Vista previa del ajuste"
            data-testid="preview-ajuste"
            data-en-rojo={enRojo || undefined}
            style={enRojo ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right">Actual</Table.Th>
                <Table.Th ta="right">Resultante</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[
                { etiqueta: 'Comprada', actual: preview.comprada, resultante: preview.comprada },
                {
                  etiqueta: 'Vendida',
                  actual: preview.vendidaActual,
                  resultante: preview.vendidaResultante,
                  cambia: true,
                  rojo: preview.vendidaNegativa,
                },
                {
                  etiqueta: 'Disponible',
                  actual: preview.disponibleActual,
                  resultante: preview.disponibleResultante,
                  cambia: true,
                  rojo: preview.sobreventa,
                  testId: 'disponible-resultante',
                },
                { etiqueta: 'Utilizada', actual: preview.utilizada, resultante: preview.utilizada },
              ].map((f) => (
                <FilaPreview key={f.etiqueta} {...f} />
              ))}
            </Table.Tbody>
          </Table>

          {preview.vendidaNegativa ? (
            <Alert color="red" variant="light">
              No se puede devolver más de lo vendido: el servicio solo tiene {formatMbps(preview.vendidaActual)}{' '}
              vendidos.
            </Alert>
          ) : null}
          {necesitaConfirmar ? (
            <SobreventaDelAjuste
              ajuste={a}
              exceso={-preview.disponibleResultante}
              texto={`La venta supera la capacidad comprada en ${formatMbps(-preview.disponibleResultante)}.`}
            />
          ) : null}
        </FormularioModal>
      ) : null}
    </Modal>
  );
}
