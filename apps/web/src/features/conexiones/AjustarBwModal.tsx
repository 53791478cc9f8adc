import { Alert, Code, Group, Modal, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { previewAjusteBw } from '@troncal/domain/capacity';
import type { EnlaceEstado, ModoAjusteBw } from '@troncal/domain/enums';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { AccionFila } from '../../components/AccionesFila';
import { CamposAjuste, SobreventaDelAjuste, useAjusteMbps } from '../../components/CamposAjuste';
import { FormularioModal } from '../../components/PieModal';
import { LoadingState } from '../../components/StateViews';
import { errorMessage, pideConfirmarSobreventa } from '../../lib/errors';
import { formatMbps, SIN_DATO } from '../../lib/format';
import { notifyOk } from '../../lib/notify';
import { aNumero, errorMbps, errorTope } from '../../lib/numeros';
import { trpc } from '../../lib/trpc';

export interface AjusteBwObjetivo {
  enlace_id: number;
  modo: ModoAjusteBw;
}

const TITULO: Record<ModoAjusteBw, string> = { AUMENTAR: 'Aumentar BW', DISMINUIR: 'Disminuir BW' };

/** "Aumentar BW" and "Disminuir BW", as a list row and the detail page offer them (not for a BAJA link). */
export function accionesBw(
  c: { enlace_id: number; enlace_estado: string | null },
  abrir: (objetivo: AjusteBwObjetivo) => void,
  tamanoIcono = 18,
): AccionFila[] {
  const baja = c.enlace_estado === 'BAJA';
  const accion = (modo: ModoAjusteBw, icono: ReactNode, color: string): AccionFila => ({
    etiqueta: TITULO[modo],
    tooltip: baja ? 'La conexión está de baja' : undefined,
    icono,
    color,
    disabled: baja,
    onClick: () => abrir({ enlace_id: c.enlace_id, modo }),
  });
  return [
    accion('AUMENTAR', <IconArrowUp size={tamanoIcono} />, 'teal'),
    accion('DISMINUIR', <IconArrowDown size={tamanoIcono} />, 'orange'),
  ];
}

/**
 * "Ajustar BW": the link and its backing service change together in ONE tRPC call (one transaction on
 * the server), not the two calls the old SPA made. The preview is the domain's own math over fresh
 * figures; an oversale needs "Confirmo la sobreventa", and the server re-checks it.
 */
export function AjustarBwModal({ objetivo, onClose }: { objetivo: AjusteBwObjetivo | null; onClose: () => void }) {
  const a = useAjusteMbps();
  const { mbps, confirma, intentado, envio, reiniciar } = a;
  const [forzarConfirmacion, setForzarConfirmacion] = useState(false);
  const utils = trpc.useUtils();
  const modo = objetivo?.modo ?? 'AUMENTAR';
  const campoMbps = useRef<HTMLInputElement>(null);

  // Another link or mode starts a clean form.
  useEffect(() => {
    setForzarConfirmacion(false);
    reiniciar();
  }, [objetivo?.enlace_id, objetivo?.modo, reiniciar]);

  const detalle = trpc.conexiones.byId.useQuery(
    { enlace_id: objetivo?.enlace_id ?? 0 },
    { enabled: objetivo !== null, staleTime: 0 },
  );

  const ajustar = trpc.conexiones.ajustarBw.useMutation({
    trpc: { context: envio.contexto },
    onSuccess: async (r) => {
      notifyOk(r.message, 'BW ajustado.');
      for (const a of r.advertencias) {
        notifications.show({ color: 'yellow', title: 'Sobreventa', message: a, autoClose: 10_000 });
      }
      await Promise.all([utils.conexiones.invalidate(), utils.servicios.invalidate()]);
      onClose();
    },
    onError: (e) => {
      if (pideConfirmarSobreventa(e)) setForzarConfirmacion(true);
      a.alRechazo(e, ['mbps', 'motivo']);
    },
  });

  const c = detalle.data;
  // The loading state had the focus trap settle on ×: once the form is there, typing goes to MBPS.
  const listo = objetivo !== null && c !== undefined;
  useEffect(() => {
    if (listo) campoMbps.current?.focus();
  }, [listo]);

  const cantidad = aNumero(mbps) ?? Number.NaN;
  const errorCantidad = errorMbps(mbps, { positivo: true, requerido: true });
  // The range is checked before any oversale: an absurd amount is refused, not offered for confirmation.
  const errorResultante =
    errorCantidad === null && c && modo === 'AUMENTAR'
      ? errorTope(c.bw_contratado + cantidad, 'El BW del enlace')
      : null;
  const valido = errorCantidad === null && errorResultante === null;
  // A link without a service (or BAJA) moves nothing on the service side of the preview.
  const preview = c
    ? previewAjusteBw({
        bwActual: c.bw_contratado,
        modo,
        mbps: valido ? cantidad : 0,
        servicio: c.servicio
          ? { comprada: c.servicio.capacidad_comprada, vendida: c.servicio.capacidad_vendida }
          : { comprada: 0, vendida: 0 },
        enlace_estado: c.servicio ? (c.enlace_estado as EnlaceEstado | null) : 'BAJA',
      })
    : null;
  const sobreventa = Boolean(preview?.sobreventa && modo === 'AUMENTAR' && c?.servicio);
  const necesitaConfirmar = sobreventa || forzarConfirmacion;
  const enRojo = Boolean(preview && (preview.bwNegativo || preview.sobreventa));

  const enviar = () => {
    a.intentar();
    if (!objetivo || !c || !valido || preview?.bwNegativo) return;
    if (necesitaConfirmar && !confirma) return;
    const entrada = {
      enlace_id: objetivo.enlace_id,
      modo,
      mbps: cantidad,
      motivo: a.motivo.trim() || undefined,
      confirmar_sobreventa: necesitaConfirmar ? confirma : false,
    };
    if (envio.iniciar(entrada)) ajustar.mutate(entrada);
  };

  // A typed amount is judged at once (a negative or a fourth decimal is never rewritten); an empty one on submit.
  const errorCampoMbps =
    a.camposServidor.mbps ?? (intentado || mbps !== '' ? (errorCantidad ?? errorResultante) : null);
  const rojo = (n: number) => (n < 0 ? 'red' : undefined);

  return (
    <Modal opened={objetivo !== null} onClose={onClose} title={`Ajustar BW — ${TITULO[modo]}`} centered size="lg">
      {detalle.isPending ? (
        <LoadingState />
      ) : detalle.isError ? (
        <Alert color="red" role="alert">
          {errorMessage(detalle.error)}
        </Alert>
      ) : c && preview ? (
        <FormularioModal
          onEnviar={enviar}
          error={a.errorServidor}
          tituloError="No se pudo ajustar el BW"
          onCancelar={onClose}
          guardando={envio.bloqueado}
          rojo={enRojo}
          etiqueta="Confirmar"
        >
          <Group gap="xl" data-testid="ajuste-cabecera">
            <div>
              <Text size="xs" c="dimmed">
                CID
              </Text>
              <Code fz="sm">{c.cid_enlace ?? SIN_DATO}</Code>
            </div>
            <div>
              <Text size="xs" c="dimmed">
                Servicio
              </Text>
              <Text size="sm" fw={500}>
                {c.servicio ? `${c.servicio.cid_interno} · ${c.servicio.proveedor_nombre}` : SIN_DATO}
              </Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">
                BW actual
              </Text>
              <Text size="sm" fw={600} data-testid="bw-actual">
                {formatMbps(c.bw_contratado)}
              </Text>
            </div>
          </Group>
          <CamposAjuste
            etiqueta="MBPS"
            descripcion={modo === 'AUMENTAR' ? 'Mbps a aumentar.' : 'Mbps a disminuir.'}
            ajuste={a}
            errorMbps={errorCampoMbps}
            errorMotivo={a.camposServidor.motivo}
            refMbps={campoMbps}
          />

          <Table withTableBorder aria-label="Vista previa" data-testid="preview-bw" c={enRojo ? 'red' : undefined}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">BW resultante</Table.Th>
                <Table.Td ta="right" fw={600} c={rojo(preview.bwResultante)} data-testid="bw-resultante">
                  {formatMbps(preview.bwResultante)}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Servicio disponible actual</Table.Th>
                <Table.Td ta="right" c={rojo(preview.servicioDisponibleActual)} data-testid="disponible-actual">
                  {c.servicio ? formatMbps(preview.servicioDisponibleActual) : SIN_DATO}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Servicio disponible resultante</Table.Th>
                <Table.Td
                  ta="right"
                  fw={600}
                  c={rojo(preview.servicioDisponibleResultante)}
                  data-testid="disponible-resultante"
                >
                  {c.servicio ? formatMbps(preview.servicioDisponibleResultante) : SIN_DATO}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">Servicio vendida</Table.Th>
                <Table.Td ta="right" data-testid="servicio-vendida">
                  {c.servicio
                    ? `${formatMbps(preview.servicioVendidaActual)} → ${formatMbps(preview.servicioVendidaResultante)}`
                    : SIN_DATO}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>

          {preview.bwNegativo ? (
            <Alert color="red" variant="light" role="alert">
              No se puede disminuir por debajo de 0 Mbps: el enlace tiene {formatMbps(c.bw_contratado)} contratados.
            </Alert>
          ) : null}
          {necesitaConfirmar && valido ? (
            <SobreventaDelAjuste ajuste={a} exceso={sobreventa ? -preview.servicioDisponibleResultante : null} />
          ) : null}
        </FormularioModal>
      ) : null}
    </Modal>
  );
}
