import { Alert, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { EnlaceEstado } from '@troncal/domain/enums';
import { conexionCreateInput, conexionUpdateInput, zodIssues } from '@troncal/domain/schemas';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { PasoSobreventa } from '../../components/ConfirmarSobreventa';
import { PageHeader } from '../../components/PageHeader';
import { useEnvio } from '../../lib/envio';
import { formatMbps } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { mostrarRechazo, usePreviewSobreventa } from '../../lib/sobreventa';
import { trpc } from '../../lib/trpc';
import { monitoreoParaEnviar, SeccionMonitoreo, valorMonitoreoDe } from '../monitoreo/SeccionMonitoreo';
import { PieFormulario } from '../referencia/comun';
import type { FormularioConCidProps } from '../referencia/formulario';
import type { ConexionLeida } from './detalle';
import { DetallesEnlace } from './detalles-enlace';
import { EquiposAsignados, InformacionCliente, UbicacionCliente } from './formulario';
import {
  opcionesDeClientes,
  opcionesDeEquipos,
  opcionesDeNodos,
  opcionesProveedorVenta,
  opcionesServicioVenta,
} from './opciones';
import { aPayload, type Errores, erroresDe, id, incrementoEnServicio, VACIO, type Valores, valoresDe } from './valores';

/** The four sections of "Nueva servicio cliente" and of a connection's edit, and their save. */
export function ConexionForm({ actual, cidSugerido }: FormularioConCidProps<ConexionLeida>) {
  const esEdicion = actual !== undefined;
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const siguienteFila = useRef(1);
  const [valores, setValores] = useState<Valores>(() =>
    actual ? valoresDe(actual, () => siguienteFila.current++) : { ...VACIO, cid_enlace: cidSugerido ?? '' },
  );
  const [errores, setErrores] = useState<Errores>({});
  const [errorGeneral, setErrorGeneral] = useState<string | null>(null);
  const [monitoreo, setMonitoreo] = useState(() => valorMonitoreoDe(actual?.monitoreo));

  const clientes = trpc.clientes.select.useQuery(undefined);
  const nodos = trpc.nodos.select.useQuery(undefined);
  const proveedores = trpc.proveedores.select.useQuery(undefined);
  const servicios = trpc.servicios.select.useQuery(
    { proveedor_id: id(valores.proveedor_id) },
    { enabled: valores.proveedor_id !== null, staleTime: 0 },
  );
  const equipos = trpc.equipos.select.useQuery(
    { disponibles: true, incluir: actual?.equipos_ids ?? [] },
    { staleTime: 0 },
  );

  const set = <K extends keyof Valores>(campo: K, valor: Valores[K]) => {
    setValores((v) => ({ ...v, [campo]: valor }));
    setErrores((e) => ({ ...e, [campo]: '' }));
  };

  // An edited connection keeps its provider and service even when they no longer take new sales.
  const serviciosData = servicios.data ?? [];
  const sinPrerrequisitos =
    !esEdicion &&
    nodos.data !== undefined &&
    proveedores.data !== undefined &&
    (nodos.data.length === 0 || proveedores.data.every((p) => p.servicios.length === 0));

  // The oversale preview: what this save would add to the chosen service.
  const servicioElegido = serviciosData.find((s) => String(s.servicio_id) === valores.servicio_id) ?? null;
  const bwNuevo = Number(valores.bw_contratado) || 0;
  const estadoNuevo = (valores.enlace_estado ?? 'PENDIENTE') as EnlaceEstado;
  const incremento = useMemo(
    () => (servicioElegido ? incrementoEnServicio(actual, servicioElegido.servicio_id, bwNuevo, estadoNuevo) : 0),
    [servicioElegido, actual, bwNuevo, estadoNuevo],
  );
  const sobreventa = usePreviewSobreventa(
    servicioElegido
      ? {
          disponible: servicioElegido.capacidad_disponible,
          resultante: servicioElegido.capacidad_disponible - incremento,
          exigible: incremento > 0,
        }
      : null,
  );

  const envio = useEnvio();
  const alError = (e: unknown) => {
    mostrarRechazo(e, { envio, sobreventa, setErrorGeneral, alCampos: (issues) => setErrores(erroresDe(issues)) });
    notifyError(e, esEdicion ? 'No se pudo guardar la conexión' : 'No se pudo crear la conexión');
  };
  const alTerminar = async (enlace_id: number, advertencias: string[]) => {
    for (const a of advertencias) {
      notifications.show({ color: 'yellow', title: 'Sobreventa', message: a, autoClose: 10_000 });
    }
    await Promise.all([utils.conexiones.invalidate(), utils.servicios.invalidate(), utils.equipos.invalidate()]);
    navigate(`/conexiones/${enlace_id}`);
  };
  const crear = trpc.conexiones.create.useMutation({
    trpc: { context: envio.contexto },
    onSuccess: async (r) => {
      notifyOk(`CID ${r.cid_enlace}.`, 'Conexión creada.');
      await alTerminar(r.enlace_id, r.advertencias);
    },
    onError: alError,
  });
  const actualizar = trpc.conexiones.update.useMutation({
    onSuccess: async (r) => {
      notifyOk(`CID ${r.conexion.cid_enlace}.`, 'Conexión actualizada.');
      await alTerminar(r.conexion.enlace_id, r.advertencias);
    },
    onError: alError,
  });

  const guardar = () => {
    setErrorGeneral(null);
    const payload = { ...aPayload(valores), monitoreo: monitoreoParaEnviar(monitoreo, actual?.monitoreo) };
    const local: Errores = {};
    if (!valores.servicio_id) local.servicio_id = 'Elija el servicio del proveedor.';
    if (!valores.proveedor_id) local.proveedor_id = 'Elija el proveedor principal.';
    const parsed = actual ? conexionUpdateInput.safeParse(payload) : conexionCreateInput.safeParse(payload);
    if (!parsed.success || Object.keys(local).length > 0) {
      setErrores({ ...(parsed.success ? {} : erroresDe(zodIssues(parsed.error))), ...local });
      return;
    }
    if (sobreventa.falta) {
      setErrorGeneral(sobreventa.falta);
      return;
    }
    setErrores({});
    const confirmar_sobreventa = sobreventa.confirmarSobreventa;
    if (actual) {
      const entrada = { id: actual.enlace_id, datos: conexionUpdateInput.parse(payload), confirmar_sobreventa };
      if (envio.iniciar(entrada)) actualizar.mutate(entrada);
    } else {
      // The untouched suggestion is sent blank: the server then takes the next free number even if
      // someone used the suggested one meanwhile.
      const datos = conexionCreateInput.parse(payload);
      const cid = valores.cid_enlace.trim();
      const entrada = {
        datos: { ...datos, cid_enlace: cid === cidSugerido ? undefined : datos.cid_enlace },
        confirmar_sobreventa,
      };
      if (envio.iniciar(entrada)) crear.mutate(entrada);
    }
  };

  const utilizado = actual?.bw_utilizado ?? 0;
  const disponibleEnlace = valores.bw_contratado === '' ? '' : Number(valores.bw_contratado) - utilizado;
  const preview = sobreventa.preview;

  return (
    <>
      <PageHeader
        title={actual ? `Editar conexión ${actual.cid_enlace ?? ''}`.trim() : 'Nueva servicio cliente'}
        description="Enlace vendido a un cliente corporativo, respaldado por un servicio de proveedor."
      />
      {sinPrerrequisitos ? (
        <Alert color="orange" variant="light" mb="md" role="alert" title="Faltan datos de referencia">
          Para crear una conexión debe registrar al menos un nodo y un servicio de proveedor.
        </Alert>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          guardar();
        }}
      >
        <Stack gap="lg" maw={1000}>
          <InformacionCliente
            valores={valores}
            errores={errores}
            set={set}
            clientes={opcionesDeClientes(clientes.data ?? [])}
            cargandoClientes={clientes.isPending}
            esEdicion={esEdicion}
            estadoActual={actual?.enlace_estado}
            disponibleEnlace={disponibleEnlace}
          />
          <UbicacionCliente
            valores={valores}
            errores={errores}
            set={set}
            onUbicacion={(v) =>
              setValores((prev) => ({
                ...prev,
                departamento_enlace: v.departamento,
                provincia_enlace: v.provincia,
                // Another provincia makes the typed district meaningless.
                distrito_enlace: v.provincia === prev.provincia_enlace ? prev.distrito_enlace : '',
              }))
            }
          />
          <DetallesEnlace
            valores={valores}
            errores={errores}
            set={set}
            onProveedor={(v) => {
              setValores((prev) => ({
                ...prev,
                proveedor_id: v,
                servicio_id: v === prev.proveedor_id ? prev.servicio_id : null,
              }));
              setErrores((e) => ({ ...e, proveedor_id: '', servicio_id: '' }));
            }}
            proveedores={{
              opciones: opcionesProveedorVenta(proveedores.data ?? [], actual?.servicio?.proveedor_id),
              cargando: proveedores.isPending,
            }}
            servicios={{
              opciones: opcionesServicioVenta(serviciosData, actual?.servicio_id),
              cargando: servicios.isPending,
            }}
            nodos={{ opciones: opcionesDeNodos(nodos.data ?? []), cargando: nodos.isPending }}
          >
            {servicioElegido && preview ? (
              <Text size="sm" c={sobreventa.exceso > 0 ? 'red' : 'dimmed'} data-testid="servicio-elegido">
                {servicioElegido.cid_interno} · {servicioElegido.modalidad} ·{' '}
                {servicioElegido.ubicacion_servicio ?? 'sin ubicación'} · {servicioElegido.condicion} · disponible{' '}
                {formatMbps(preview.disponible)}
                {incremento !== 0 ? ` → ${formatMbps(preview.resultante)} al guardar` : ''}
              </Text>
            ) : null}
            <PasoSobreventa paso={sobreventa} />
          </DetallesEnlace>

          <EquiposAsignados
            filas={valores.equipos}
            opciones={opcionesDeEquipos(equipos.data ?? [], valores.equipos)}
            cargando={equipos.isPending}
            errores={errores}
            onElegir={(key, i, equipo_id) => {
              setValores((prev) => ({
                ...prev,
                equipos: prev.equipos.map((f) => (f.key === key ? { ...f, equipo_id } : f)),
              }));
              setErrores((e) => ({ ...e, [`equipos_ids.${i}`]: '', equipos_ids: '' }));
            }}
            onQuitar={(key) => setValores((prev) => ({ ...prev, equipos: prev.equipos.filter((f) => f.key !== key) }))}
            onAgregar={() =>
              setValores((prev) => ({
                ...prev,
                equipos: [...prev.equipos, { key: siguienteFila.current++, equipo_id: null }],
              }))
            }
          />

          <SeccionMonitoreo objeto="conexion" valor={monitoreo} onChange={setMonitoreo} errores={errores} />

          <PieFormulario
            guardando={envio.bloqueado}
            cancelarA={actual ? `/conexiones/${actual.enlace_id}` : '/conexiones'}
            error={errorGeneral}
            etiqueta="Guardar conexión"
          />
        </Stack>
      </form>
    </>
  );
}
