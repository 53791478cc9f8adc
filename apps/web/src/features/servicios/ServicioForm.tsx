import { Card, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { CONDICIONES_SERVICIO, MODALIDAD_SERVICIO_LABELS, MODALIDADES_SERVICIO } from '@troncal/domain/enums';
import { servicioProveedorCreateInput, zodIssues } from '@troncal/domain/schemas';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { PasoSobreventa } from '../../components/ConfirmarSobreventa';
import { PageHeader } from '../../components/PageHeader';
import { enlazarCampos } from '../../lib/campos';
import { useEnvio } from '../../lib/envio';
import { formatMbps } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { PROPS_NUMERO_HONESTO } from '../../lib/numeros';
import { mostrarRechazo, usePreviewSobreventa } from '../../lib/sobreventa';
import { type Respuesta, trpc } from '../../lib/trpc';
import { monitoreoParaEnviar, SeccionMonitoreo, valorMonitoreoDe } from '../monitoreo/SeccionMonitoreo';
import { PieFormulario } from '../referencia/comun';
import type { FormularioConCidProps } from '../referencia/formulario';
import { sobreventaPorComprada } from './sobreventa';
import { aPayload, type Errores, erroresDe, VACIO, type Valores, valoresDe } from './valores';

/** A provider service as `servicios.byId` answers it. */
export type ServicioLeido = Respuesta<'servicios', 'byId'>;

/** The provider service's form: "Nuevo servicio" and its edit. */
export function ServicioForm({ actual, cidSugerido }: FormularioConCidProps<ServicioLeido>) {
  const esEdicion = actual !== undefined;
  const navigate = useNavigate();
  const utils = trpc.useUtils();

  const [valores, setValores] = useState<Valores>(() =>
    actual ? valoresDe(actual) : { ...VACIO, cid_interno: cidSugerido ?? '' },
  );
  const [errores, setErrores] = useState<Errores>({});
  const [errorGeneral, setErrorGeneral] = useState<string | null>(null);
  const [monitoreo, setMonitoreo] = useState(() => valorMonitoreoDe(actual?.monitoreo));
  const envio = useEnvio();

  const proveedores = trpc.proveedores.select.useQuery(undefined);
  const nodos = trpc.nodos.select.useQuery(undefined);

  const proveedorActual = actual?.proveedor_id;
  const opcionesProveedor = useMemo(
    () =>
      (proveedores.data ?? []).map((p) => ({
        value: String(p.proveedor_id),
        label: p.estado === 'ACTIVO' ? p.nombre : `${p.nombre} (inactivo)`,
        // A new service needs an ACTIVO provider; an existing one may keep its (now inactive) provider.
        disabled: p.estado !== 'ACTIVO' && p.proveedor_id !== proveedorActual,
      })),
    [proveedores.data, proveedorActual],
  );
  const serviciosPorProveedor = useMemo(
    () => new Map((proveedores.data ?? []).map((p) => [String(p.proveedor_id), p.servicios])),
    [proveedores.data],
  );
  const opcionesNodo = (nodos.data ?? []).map((n) => ({ value: String(n.nodo_id), label: `${n.nombre} (${n.tipo})` }));

  const alTerminar = async (servicio_id: number) => {
    await Promise.all([
      utils.servicios.list.invalidate(),
      utils.servicios.select.invalidate(),
      utils.servicios.nextCid.invalidate(),
      utils.servicios.byId.invalidate({ servicio_id }),
      utils.servicios.detalle.invalidate({ servicio_id }),
      utils.proveedores.select.invalidate(),
    ]);
    navigate(`/servicios/detalle/${servicio_id}`);
  };

  const mostrarErrorServidor = (e: unknown) => {
    mostrarRechazo(e, { envio, sobreventa, setErrorGeneral, alCampos: (issues) => setErrores(erroresDe(issues)) });
    notifyError(e, esEdicion ? 'No se pudo guardar el servicio' : 'No se pudo crear el servicio');
  };

  const crear = trpc.servicios.create.useMutation({
    trpc: { context: envio.contexto },
    onSuccess: async (r) => {
      notifyOk(`CID interno ${r.cid_interno}.`, 'Servicio creado.');
      await alTerminar(r.servicio_id);
    },
    onError: mostrarErrorServidor,
  });
  const actualizar = trpc.servicios.update.useMutation({
    onSuccess: async (r) => {
      notifyOk(`${r.servicio.cid_interno ?? 'Servicio'} guardado.`, 'Servicio actualizado.');
      for (const a of r.advertencias) {
        notifications.show({ color: 'yellow', title: 'Advertencia', message: a, autoClose: 10_000 });
      }
      await alTerminar(r.servicio.servicio_id);
    },
    onError: mostrarErrorServidor,
  });

  const set = <K extends keyof Valores>(campo: K, valor: Valores[K]) => {
    setValores((v) => ({ ...v, [campo]: valor }));
    setErrores((e) => ({ ...e, [campo]: undefined }));
  };
  const { texto, eleccion } = enlazarCampos(valores, errores, set);

  // Lowering comprada below what is sold (or tightening the limit) needs the same confirmation as a sale.
  const porComprada = actual ? sobreventaPorComprada(actual, valores) : null;
  const sobreventa = usePreviewSobreventa(
    porComprada
      ? {
          disponible: porComprada.disponibleActual,
          resultante: porComprada.disponibleResultante,
          exigible: porComprada.cambia,
        }
      : null,
  );

  const guardar = () => {
    setErrorGeneral(null);
    const payload = { ...aPayload(valores), monitoreo: monitoreoParaEnviar(monitoreo, actual?.monitoreo) };
    const parsed = servicioProveedorCreateInput.safeParse(payload);
    if (!parsed.success) {
      setErrores(erroresDe(zodIssues(parsed.error)));
      return;
    }
    if (sobreventa.falta) {
      setErrorGeneral(sobreventa.falta);
      return;
    }
    setErrores({});
    if (actual) {
      const entrada = {
        id: actual.servicio_id,
        datos: parsed.data,
        confirmar_sobreventa: sobreventa.confirmarSobreventa,
      };
      if (envio.iniciar(entrada)) actualizar.mutate(entrada);
    } else {
      // The untouched suggestion is sent blank: the server then takes the next free number even if
      // someone else used the suggested one meanwhile.
      const cid = valores.cid_interno.trim();
      const entrada = { ...parsed.data, cid_interno: cid === cidSugerido ? undefined : parsed.data.cid_interno };
      if (envio.iniciar(entrada)) crear.mutate(entrada);
    }
  };

  const guardando = envio.bloqueado;
  const serviciosDelProveedor = valores.proveedor_id ? (serviciosPorProveedor.get(valores.proveedor_id) ?? []) : [];

  return (
    <>
      <PageHeader
        title={actual ? `Editar servicio ${actual.cid_interno ?? ''}`.trim() : 'Nuevo servicio'}
        description={
          esEdicion
            ? 'La capacidad vendida y la disponible las calcula el sistema; se ajustan desde el libro de capacidad.'
            : 'Servicio de ancho de banda comprado a un proveedor.'
        }
      />
      <Card withBorder padding="lg" maw={900}>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            guardar();
          }}
        >
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label="Proveedor"
                placeholder={proveedores.isPending ? 'Cargando…' : 'Elija un proveedor'}
                data={opcionesProveedor}
                {...eleccion('proveedor_id')}
                searchable
                withAsterisk
                error={errores.proveedor_id}
                nothingFoundMessage="Sin proveedores"
                renderOption={({ option }) => {
                  const servicios = serviciosPorProveedor.get(option.value) ?? [];
                  return (
                    <Stack gap={0}>
                      <Text size="sm">{option.label}</Text>
                      <Text size="xs" c="dimmed">
                        {servicios.length === 0
                          ? 'Sin servicios'
                          : `${servicios.length} ${servicios.length === 1 ? 'servicio' : 'servicios'}: ${servicios
                              .slice(0, 3)
                              .map((s) => s.cid_interno)
                              .join(', ')}${servicios.length > 3 ? '…' : ''}`}
                      </Text>
                    </Stack>
                  );
                }}
              />
              <Select
                label="Nodo"
                placeholder="Sin nodo"
                data={opcionesNodo}
                {...eleccion('nodo_id')}
                searchable
                clearable
                nothingFoundMessage="Sin nodos"
              />
            </SimpleGrid>
            {serviciosDelProveedor.length > 0 ? (
              <Text size="xs" c="dimmed" data-testid="servicios-del-proveedor">
                Servicios existentes del proveedor:{' '}
                {serviciosDelProveedor
                  .map(
                    (s) =>
                      `${s.cid_interno}${s.ubicacion_servicio ? ` (${s.ubicacion_servicio})` : ''} — disponible ${formatMbps(s.capacidad_disponible)}`,
                  )
                  .join(' · ')}
              </Text>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <Select
                label="Modalidad"
                placeholder="Elija la modalidad"
                data={MODALIDADES_SERVICIO.map((m) => ({ value: m, label: `${m} — ${MODALIDAD_SERVICIO_LABELS[m]}` }))}
                {...eleccion('modalidad')}
                withAsterisk
                error={errores.modalidad}
              />
              <NumberInput
                label="Capacidad comprada (Mbps)"
                value={valores.capacidad_comprada}
                onChange={(v) => {
                  set('capacidad_comprada', v);
                  sobreventa.setConfirma(false);
                }}
                {...PROPS_NUMERO_HONESTO}
                error={errores.capacidad_comprada}
              />
              <Select label="Condición" data={[...CONDICIONES_SERVICIO]} {...eleccion('condicion')} />
            </SimpleGrid>
            {porComprada ? (
              <Text size="sm" c={sobreventa.exceso > 0 ? 'red' : 'dimmed'} data-testid="preview-comprada">
                Vendida {formatMbps(porComprada.vendida)} · disponible {formatMbps(porComprada.disponibleActual)}
                {porComprada.cambia ? ` → ${formatMbps(porComprada.disponibleResultante)} al guardar` : ''}
              </Text>
            ) : null}
            <PasoSobreventa paso={sobreventa} />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <TextInput
                label="Ubicación del servicio"
                placeholder="Lima - San Isidro"
                {...texto('ubicacion_servicio')}
                maxLength={200}
              />
              <TextInput
                label="CID interno"
                description={esEdicion ? undefined : 'Sugerido por el sistema; puede cambiarlo.'}
                {...texto('cid_interno')}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                maxLength={50}
              />
              <TextInput label="CID del proveedor" {...texto('cid_proveedor')} maxLength={100} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <NumberInput
                label="Límite de sobreventa (%)"
                description="Vacío: se aplica la política general."
                value={valores.limite_sobreventa_pct}
                onChange={(v) => set('limite_sobreventa_pct', v)}
                {...PROPS_NUMERO_HONESTO}
                thousandSeparator={false}
                error={errores.limite_sobreventa_pct}
              />
            </SimpleGrid>
            <Textarea label="Observación" {...texto('observacion')} autosize minRows={2} maxLength={2000} />
            <SeccionMonitoreo
              objeto="servicio"
              valor={monitoreo}
              onChange={setMonitoreo}
              errores={errores as Record<string, string | undefined>}
            />
            <PieFormulario
              guardando={guardando}
              cancelarA={actual ? `/servicios/detalle/${actual.servicio_id}` : '/servicios'}
              error={errorGeneral}
            />
          </Stack>
        </form>
      </Card>
    </>
  );
}
