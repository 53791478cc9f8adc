import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type EnlaceEstado, TIPOS_ENLACE } from '@troncal/domain/enums';
import { conexionCreateInput, conexionUpdateInput, zodIssues } from '@troncal/domain/schemas';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmarSobreventa } from '../../components/ConfirmarSobreventa';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { useEnvio } from '../../lib/envio';
import { errorMessage } from '../../lib/errors';
import { formatMbps } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { erroresServidor, pideConfirmarSobreventa } from './comun';
import { EquiposAsignados, InformacionCliente, monospace, Seccion, UbicacionCliente } from './formulario';
import {
  opcionesDeClientes,
  opcionesDeEquipos,
  opcionesDeNodos,
  opcionesProveedorVenta,
  opcionesServicioVenta,
} from './opciones';
import { aPayload, type Errores, erroresDe, id, incrementoEnServicio, VACIO, type Valores, valoresDe } from './valores';

/** "Nueva servicio cliente" (/conexiones/nueva) and its edit form (/conexiones/:id/editar). */
export default function ConexionFormPage() {
  const params = useParams();
  const editId = params.id ? Number(params.id) : null;
  const esEdicion = editId !== null;
  const idValido = !esEdicion || (Number.isInteger(editId) && (editId ?? 0) > 0);
  const navigate = useNavigate();
  const utils = trpc.useUtils();

  const [valores, setValores] = useState<Valores>(VACIO);
  const [errores, setErrores] = useState<Errores>({});
  const [errorGeneral, setErrorGeneral] = useState<string | null>(null);
  const [cidSugerido, setCidSugerido] = useState<string | null>(null);
  const [cargado, setCargado] = useState(!esEdicion);
  const [confirma, setConfirma] = useState(false);
  const [forzarConfirmacion, setForzarConfirmacion] = useState(false);
  const siguienteFila = useRef(1);

  const actual = trpc.conexiones.byId.useQuery(
    { enlace_id: editId ?? 0 },
    { enabled: esEdicion && idValido, staleTime: 0 },
  );
  const nextCid = trpc.conexiones.nextCid.useQuery(undefined, { enabled: !esEdicion, staleTime: 0 });
  const clientes = trpc.clientes.select.useQuery(undefined);
  const nodos = trpc.nodos.select.useQuery(undefined);
  const proveedores = trpc.proveedores.select.useQuery(undefined);
  const servicios = trpc.servicios.select.useQuery(
    { proveedor_id: id(valores.proveedor_id) },
    { enabled: valores.proveedor_id !== null, staleTime: 0 },
  );
  const equiposOriginales = useMemo(() => actual.data?.equipos_ids ?? [], [actual.data]);
  const equipos = trpc.equipos.select.useQuery(
    { disponibles: true, incluir: equiposOriginales },
    { enabled: cargado, staleTime: 0 },
  );

  // The CID is pre-filled from the sequence; the user may type another.
  useEffect(() => {
    if (esEdicion || !nextCid.data || cidSugerido !== null) return;
    const sugerido = String(nextCid.data.next);
    setCidSugerido(sugerido);
    setValores((v) => (v.cid_enlace ? v : { ...v, cid_enlace: sugerido }));
  }, [esEdicion, nextCid.data, cidSugerido]);

  useEffect(() => {
    if (!esEdicion || !actual.data || cargado) return;
    setValores(valoresDe(actual.data, () => siguienteFila.current++));
    setCargado(true);
  }, [esEdicion, actual.data, cargado]);

  const set = <K extends keyof Valores>(campo: K, valor: Valores[K]) => {
    setValores((v) => ({ ...v, [campo]: valor }));
    setErrores((e) => ({ ...e, [campo]: '' }));
  };

  // --- options -----------------------------------------------------------------------------------
  const opcionesCliente = opcionesDeClientes(clientes.data ?? []);
  const opcionesNodo = opcionesDeNodos(nodos.data ?? []);
  // An edited connection keeps its provider and service even when they no longer take new sales.
  const opcionesProveedor = opcionesProveedorVenta(proveedores.data ?? [], actual.data?.servicio?.proveedor_id);
  const serviciosData = servicios.data ?? [];
  const opcionesServicio = opcionesServicioVenta(serviciosData, actual.data?.servicio_id);
  const opcionesEquipo = opcionesDeEquipos(equipos.data ?? [], valores.equipos);
  const sinPrerrequisitos =
    !esEdicion &&
    nodos.data !== undefined &&
    proveedores.data !== undefined &&
    (nodos.data.length === 0 || proveedores.data.every((p) => p.servicios.length === 0));

  // --- oversale preview: what this save would add to the chosen service --------------------------
  const servicioElegido = serviciosData.find((s) => String(s.servicio_id) === valores.servicio_id) ?? null;
  const bwNuevo = Number(valores.bw_contratado) || 0;
  const estadoNuevo = (valores.enlace_estado ?? 'PENDIENTE') as EnlaceEstado;
  const incremento = useMemo(
    () => (servicioElegido ? incrementoEnServicio(actual.data, servicioElegido.servicio_id, bwNuevo, estadoNuevo) : 0),
    [servicioElegido, actual.data, bwNuevo, estadoNuevo],
  );
  const disponibleResultante = servicioElegido ? servicioElegido.capacidad_disponible - incremento : null;
  const sobreventa = incremento > 0 && disponibleResultante !== null && disponibleResultante < 0;
  const necesitaConfirmar = sobreventa || forzarConfirmacion;

  // --- saving -------------------------------------------------------------------------------------
  const envio = useEnvio();
  const alError = (e: unknown) => {
    envio.fallo(e);
    const issues = erroresServidor(e);
    if (issues.length) setErrores(erroresDe(issues));
    if (pideConfirmarSobreventa(e)) setForzarConfirmacion(true);
    setErrorGeneral(errorMessage(e));
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
    const payload = aPayload(valores);
    const local: Errores = {};
    if (!valores.servicio_id) local.servicio_id = 'Elija el servicio del proveedor.';
    if (!valores.proveedor_id) local.proveedor_id = 'Elija el proveedor principal.';
    const parsed = esEdicion ? conexionUpdateInput.safeParse(payload) : conexionCreateInput.safeParse(payload);
    if (!parsed.success || Object.keys(local).length > 0) {
      setErrores({ ...(parsed.success ? {} : erroresDe(zodIssues(parsed.error))), ...local });
      return;
    }
    if (necesitaConfirmar && !confirma) {
      setErrorGeneral('Marque «Confirmo la sobreventa» para guardar.');
      return;
    }
    setErrores({});
    const confirmar_sobreventa = necesitaConfirmar ? confirma : false;
    if (esEdicion && editId) {
      const entrada = { id: editId, datos: conexionUpdateInput.parse(payload), confirmar_sobreventa };
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

  if (!idValido) {
    return <ErrorState title="Conexión no válida" error={new Error('El identificador de la conexión no es válido.')} />;
  }
  if (esEdicion && actual.isError) return <ErrorState error={actual.error} onRetry={() => actual.refetch()} />;
  if (esEdicion && !cargado) return <LoadingState />;

  const guardando = envio.bloqueado;
  const utilizado = actual.data?.bw_utilizado ?? 0;
  const disponibleEnlace = valores.bw_contratado === '' ? '' : Number(valores.bw_contratado) - utilizado;

  return (
    <>
      <PageHeader
        title={esEdicion ? `Editar conexión ${actual.data?.cid_enlace ?? ''}`.trim() : 'Nueva servicio cliente'}
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
            clientes={opcionesCliente}
            cargandoClientes={clientes.isPending}
            esEdicion={esEdicion}
            estadoActual={actual.data?.enlace_estado}
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

          <Seccion titulo="Detalles de enlace">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label="Tipo de enlace"
                placeholder="Elija el tipo de enlace"
                data={[...TIPOS_ENLACE]}
                value={valores.modalidad_enlace}
                onChange={(v) => set('modalidad_enlace', v)}
                clearable
                error={errores.modalidad_enlace}
              />
              <TextInput
                label="Asignación IP"
                placeholder="192.168.1.1/24"
                value={valores.asignacion_ip}
                onChange={(e) => set('asignacion_ip', e.currentTarget.value)}
                styles={monospace}
                maxLength={18}
                error={errores.asignacion_ip}
              />
              <Select
                label="Proveedor principal"
                placeholder={proveedores.isPending ? 'Cargando…' : 'Elija un proveedor'}
                data={opcionesProveedor}
                value={valores.proveedor_id}
                onChange={(v) => {
                  setValores((prev) => ({
                    ...prev,
                    proveedor_id: v,
                    servicio_id: v === prev.proveedor_id ? prev.servicio_id : null,
                  }));
                  setErrores((e) => ({ ...e, proveedor_id: '', servicio_id: '' }));
                }}
                searchable
                withAsterisk
                nothingFoundMessage="Sin proveedores"
                error={errores.proveedor_id}
              />
              <Select
                label="Servicio del proveedor"
                placeholder={
                  !valores.proveedor_id
                    ? 'Elija primero el proveedor'
                    : servicios.isPending
                      ? 'Cargando…'
                      : opcionesServicio.length === 0
                        ? 'El proveedor no tiene servicios'
                        : 'Elija un servicio'
                }
                data={opcionesServicio}
                value={valores.servicio_id}
                onChange={(v) => set('servicio_id', v)}
                disabled={!valores.proveedor_id}
                searchable
                withAsterisk
                nothingFoundMessage="Sin servicios"
                error={errores.servicio_id}
              />
            </SimpleGrid>
            {servicioElegido ? (
              <Text size="sm" c={sobreventa ? 'red' : 'dimmed'} data-testid="servicio-elegido">
                {servicioElegido.cid_interno} · {servicioElegido.modalidad} ·{' '}
                {servicioElegido.ubicacion_servicio ?? 'sin ubicación'} · {servicioElegido.condicion} · disponible{' '}
                {formatMbps(servicioElegido.capacidad_disponible)}
                {incremento !== 0 ? ` → ${formatMbps(disponibleResultante)} al guardar` : ''}
              </Text>
            ) : null}
            {necesitaConfirmar ? (
              <ConfirmarSobreventa
                exceso={sobreventa && disponibleResultante !== null ? -disponibleResultante : null}
                confirma={confirma}
                onChange={setConfirma}
              />
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label="Nodo Acceso A"
                placeholder={nodos.isPending ? 'Cargando…' : 'Elija el nodo A'}
                data={opcionesNodo}
                value={valores.nodo_a}
                onChange={(v) => set('nodo_a', v)}
                searchable
                withAsterisk
                nothingFoundMessage="Sin nodos"
                error={errores.nodo_a}
              />
              <Select
                label="Nodo Acceso B"
                placeholder="Elija el nodo B"
                data={opcionesNodo}
                value={valores.nodo_b}
                onChange={(v) => set('nodo_b', v)}
                searchable
                clearable
                nothingFoundMessage="Sin nodos"
                error={errores.nodo_b}
              />
              <Textarea
                label="Configuración Nodo A"
                placeholder={'interface Gi0/0\n ip address 10.0.0.1 255.255.255.252'}
                value={valores.configuracion_nodo_a}
                onChange={(e) => set('configuracion_nodo_a', e.currentTarget.value)}
                autosize
                minRows={4}
                maxRows={16}
                styles={monospace}
                spellCheck={false}
                error={errores.configuracion_nodo_a}
              />
              <Textarea
                label="Configuración Nodo B"
                value={valores.configuracion_nodo_b}
                onChange={(e) => set('configuracion_nodo_b', e.currentTarget.value)}
                autosize
                minRows={4}
                maxRows={16}
                styles={monospace}
                spellCheck={false}
                error={errores.configuracion_nodo_b}
              />
            </SimpleGrid>
          </Seccion>

          <EquiposAsignados
            filas={valores.equipos}
            opciones={opcionesEquipo}
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

          {errorGeneral ? (
            <Alert color="red" variant="light" role="alert">
              {errorGeneral}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button
              variant="default"
              component={Link}
              to={esEdicion && editId ? `/conexiones/${editId}` : '/conexiones'}
            >
              Cancelar
            </Button>
            <Button type="submit" loading={guardando}>
              Guardar conexión
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
