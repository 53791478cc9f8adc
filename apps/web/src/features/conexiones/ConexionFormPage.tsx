import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { deltaEdicionConexion } from '@troncal/domain/capacity';
import { ENLACE_ESTADO_LABELS, type EnlaceEstado, TIPOS_ENLACE, TIPOS_SERVICIO_CLIENTE } from '@troncal/domain/enums';
import { conexionCreateInput, conexionUpdateInput, zodIssues } from '@troncal/domain/schemas';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmarSobreventa } from '../../components/ConfirmarSobreventa';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { DepartamentoProvinciaSelect, DistritoAutocomplete } from '../../components/UbigeoSelect';
import { useEnvio } from '../../lib/envio';
import { errorMessage } from '../../lib/errors';
import { formatMbps } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { PROPS_NUMERO_HONESTO } from '../../lib/numeros';
import { trpc } from '../../lib/trpc';
import { CONDICIONES_FORM, erroresServidor, pideConfirmarSobreventa } from './comun';
import { opcionesProveedorVenta, opcionesServicioVenta } from './opciones';

interface FilaEquipo {
  key: number;
  equipo_id: string | null;
}

interface Valores {
  cliente_id: string | null;
  cid_enlace: string;
  tipo_enlace: string | null;
  bw_contratado: number | string;
  enlace_estado: string | null;
  enlace_fecha_activacion: string;
  departamento_enlace: string | null;
  provincia_enlace: string | null;
  distrito_enlace: string;
  locacion: string;
  direccion_enlace: string;
  modalidad_enlace: string | null;
  proveedor_id: string | null;
  servicio_id: string | null;
  asignacion_ip: string;
  nodo_a: string | null;
  nodo_b: string | null;
  configuracion_nodo_a: string;
  configuracion_nodo_b: string;
  equipos: FilaEquipo[];
}

const VACIO: Valores = {
  cliente_id: null,
  cid_enlace: '',
  tipo_enlace: null,
  bw_contratado: '',
  enlace_estado: 'PENDIENTE',
  enlace_fecha_activacion: '',
  departamento_enlace: null,
  provincia_enlace: null,
  distrito_enlace: '',
  locacion: '',
  direccion_enlace: '',
  modalidad_enlace: null,
  proveedor_id: null,
  servicio_id: null,
  asignacion_ip: '',
  nodo_a: null,
  nodo_b: null,
  configuracion_nodo_a: '',
  configuracion_nodo_b: '',
  equipos: [],
};

type Errores = Record<string, string>;

const id = (v: string | null) => (v ? Number(v) : null);
const texto = (v: string) => (v.trim() === '' ? null : v);
const mbps = (v: number | string) => (v === '' ? undefined : Number(v));

function aPayload(v: Valores) {
  return {
    cliente_id: id(v.cliente_id) ?? undefined,
    cid_enlace: v.cid_enlace.trim() || null,
    tipo_enlace: v.tipo_enlace ?? undefined,
    bw_contratado: mbps(v.bw_contratado),
    enlace_estado: v.enlace_estado ?? undefined,
    enlace_fecha_activacion: texto(v.enlace_fecha_activacion),
    departamento_enlace: v.departamento_enlace,
    provincia_enlace: v.provincia_enlace,
    distrito_enlace: texto(v.distrito_enlace),
    locacion: texto(v.locacion),
    direccion_enlace: texto(v.direccion_enlace),
    modalidad_enlace: v.modalidad_enlace,
    servicio_id: id(v.servicio_id) ?? undefined,
    asignacion_ip: texto(v.asignacion_ip),
    nodo_a: id(v.nodo_a) ?? undefined,
    nodo_b: id(v.nodo_b),
    // Router configuration is pasted verbatim: keep indentation, only blank means none.
    configuracion_nodo_a: v.configuracion_nodo_a.trim() === '' ? null : v.configuracion_nodo_a,
    configuracion_nodo_b: v.configuracion_nodo_b.trim() === '' ? null : v.configuracion_nodo_b,
    equipos_ids: v.equipos.map((e) => id(e.equipo_id)).filter((x): x is number => x !== null),
  };
}

/** Issues keyed by form field (`equipos_ids.1` stays as is, so the row can show it). */
function erroresDe(issues: { path: string; message: string }[]): Errores {
  const out: Errores = {};
  for (const i of issues) {
    const campo = i.path.replace(/^datos\./, '').replace(/^(estado)$/, 'enlace_estado');
    if (campo && !out[campo]) out[campo] = i.message;
  }
  return out;
}

function Seccion({ titulo, children }: { titulo: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={titulo}>
      <Title order={3} size="h4" mb="md">
        {titulo}
      </Title>
      <Stack gap="md">{children}</Stack>
    </Card>
  );
}

const monospace = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

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
    const c = actual.data;
    setValores({
      cliente_id: c.cliente_id ? String(c.cliente_id) : null,
      cid_enlace: c.cid_enlace ?? '',
      tipo_enlace: c.tipo_enlace,
      bw_contratado: c.bw_contratado,
      enlace_estado: c.enlace_estado,
      enlace_fecha_activacion: c.enlace_fecha_activacion ?? '',
      departamento_enlace: c.departamento_enlace,
      provincia_enlace: c.provincia_enlace,
      distrito_enlace: c.distrito_enlace ?? '',
      locacion: c.locacion ?? '',
      direccion_enlace: c.direccion_enlace ?? '',
      modalidad_enlace: c.modalidad_enlace,
      proveedor_id: c.servicio ? String(c.servicio.proveedor_id) : null,
      servicio_id: c.servicio_id ? String(c.servicio_id) : null,
      asignacion_ip: c.asignacion_ip ?? '',
      nodo_a: c.nodo_a ? String(c.nodo_a) : null,
      nodo_b: c.nodo_b ? String(c.nodo_b) : null,
      configuracion_nodo_a: c.configuracion_nodo_a ?? '',
      configuracion_nodo_b: c.configuracion_nodo_b ?? '',
      equipos: c.equipos_ids.map((equipo_id) => ({ key: siguienteFila.current++, equipo_id: String(equipo_id) })),
    });
    setCargado(true);
  }, [esEdicion, actual.data, cargado]);

  const set = <K extends keyof Valores>(campo: K, valor: Valores[K]) => {
    setValores((v) => ({ ...v, [campo]: valor }));
    setErrores((e) => ({ ...e, [campo]: '' }));
  };

  // --- options -----------------------------------------------------------------------------------
  const opcionesCliente = (clientes.data ?? []).map((c) => ({
    value: String(c.cliente_id),
    label: `${c.razon_social} (RUC ${c.ruc})`,
  }));
  const opcionesNodo = (nodos.data ?? []).map((n) => ({ value: String(n.nodo_id), label: `${n.nombre} (${n.tipo})` }));
  // An edited connection keeps its provider and service even when they no longer take new sales.
  const opcionesProveedor = opcionesProveedorVenta(proveedores.data ?? [], actual.data?.servicio?.proveedor_id);
  const serviciosData = servicios.data ?? [];
  const opcionesServicio = opcionesServicioVenta(serviciosData, actual.data?.servicio_id);
  const elegidos = new Set(valores.equipos.map((e) => e.equipo_id).filter(Boolean));
  const opcionesEquipo = (propio: string | null) =>
    (equipos.data ?? [])
      .filter((e) => String(e.equipo_id) === propio || !elegidos.has(String(e.equipo_id)))
      .map((e) => ({ value: String(e.equipo_id), label: e.label }));
  const sinPrerrequisitos =
    !esEdicion &&
    nodos.data !== undefined &&
    proveedores.data !== undefined &&
    (nodos.data.length === 0 || proveedores.data.every((p) => p.servicios.length === 0));

  // --- oversale preview: what this save would add to the chosen service --------------------------
  const servicioElegido = serviciosData.find((s) => String(s.servicio_id) === valores.servicio_id) ?? null;
  const bwNuevo = Number(valores.bw_contratado) || 0;
  const estadoNuevo = (valores.enlace_estado ?? 'PENDIENTE') as EnlaceEstado;
  const incremento = useMemo(() => {
    if (!servicioElegido) return 0;
    const antes = actual.data
      ? {
          servicio_id: actual.data.servicio_id,
          bw_contratado: actual.data.bw_contratado,
          enlace_estado: actual.data.enlace_estado as EnlaceEstado,
        }
      : { servicio_id: null, bw_contratado: 0, enlace_estado: 'BAJA' as EnlaceEstado };
    return deltaEdicionConexion(antes, {
      servicio_id: servicioElegido.servicio_id,
      bw_contratado: bwNuevo,
      enlace_estado: estadoNuevo,
    })
      .filter((m) => m.servicio_id === servicioElegido.servicio_id)
      .reduce((a, m) => a + m.delta_vendida, 0);
  }, [servicioElegido, actual.data, bwNuevo, estadoNuevo]);
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
          <Seccion titulo="Información del cliente">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label="Cliente corporativo"
                placeholder={clientes.isPending ? 'Cargando…' : 'Elija un cliente'}
                data={opcionesCliente}
                value={valores.cliente_id}
                onChange={(v) => set('cliente_id', v)}
                searchable
                withAsterisk
                nothingFoundMessage="Sin clientes"
                error={errores.cliente_id}
              />
              <TextInput
                label="CID"
                description={esEdicion ? undefined : 'Asignado por el sistema; puede cambiarlo.'}
                value={valores.cid_enlace}
                onChange={(e) => set('cid_enlace', e.currentTarget.value)}
                styles={monospace}
                maxLength={50}
                error={errores.cid_enlace}
              />
              <Select
                label="Tipo de Servicio al Cliente"
                placeholder="Elija el tipo"
                data={[...TIPOS_SERVICIO_CLIENTE]}
                value={valores.tipo_enlace}
                onChange={(v) => set('tipo_enlace', v)}
                withAsterisk
                error={errores.tipo_enlace}
              />
              <Select
                label="Condición"
                data={[
                  ...CONDICIONES_FORM,
                  // An edited link may be INACTIVO or DOWN (set by monitoring or /v1): keep it selectable.
                  ...(actual.data?.enlace_estado && !CONDICIONES_FORM.includes(actual.data.enlace_estado)
                    ? [actual.data.enlace_estado]
                    : []),
                ].map((e) => ({ value: e, label: ENLACE_ESTADO_LABELS[e] }))}
                value={valores.enlace_estado}
                onChange={(v) => set('enlace_estado', v)}
                allowDeselect={false}
                error={errores.enlace_estado}
              />
              <NumberInput
                label="Capacidad contratada (Mbps)"
                value={valores.bw_contratado}
                onChange={(v) => set('bw_contratado', v)}
                {...PROPS_NUMERO_HONESTO}
                withAsterisk
                error={errores.bw_contratado}
              />
              <NumberInput
                label="Capacidad disponible"
                description="Se calcula de la capacidad contratada."
                value={disponibleEnlace}
                readOnly
                variant="filled"
                decimalScale={3}
                thousandSeparator=","
                decimalSeparator="."
              />
              <TextInput
                type="date"
                label="Fecha de activación"
                value={valores.enlace_fecha_activacion}
                onChange={(e) => set('enlace_fecha_activacion', e.currentTarget.value)}
                error={errores.enlace_fecha_activacion}
              />
            </SimpleGrid>
          </Seccion>

          <Seccion titulo="Ubicación Servicio Cliente">
            <DepartamentoProvinciaSelect
              value={{ departamento: valores.departamento_enlace, provincia: valores.provincia_enlace }}
              onChange={(v) => {
                setValores((prev) => ({
                  ...prev,
                  departamento_enlace: v.departamento,
                  provincia_enlace: v.provincia,
                  // Another provincia makes the typed district meaningless.
                  distrito_enlace: v.provincia === prev.provincia_enlace ? prev.distrito_enlace : '',
                }));
              }}
              error={{ departamento: errores.departamento_enlace, provincia: errores.provincia_enlace }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <DistritoAutocomplete
                provincia={valores.provincia_enlace}
                departamento={valores.departamento_enlace}
                value={valores.distrito_enlace}
                onChange={(t) => set('distrito_enlace', t)}
                error={errores.distrito_enlace}
                maxLength={100}
              />
              <TextInput
                label="Locacion"
                placeholder="Lima - San Isidro / Data Center"
                value={valores.locacion}
                onChange={(e) => set('locacion', e.currentTarget.value)}
                maxLength={200}
                error={errores.locacion}
              />
            </SimpleGrid>
            <TextInput
              label="Dirección"
              value={valores.direccion_enlace}
              onChange={(e) => set('direccion_enlace', e.currentTarget.value)}
              maxLength={300}
              error={errores.direccion_enlace}
            />
          </Seccion>

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

          <Seccion titulo="Equipos asignados">
            {valores.equipos.length === 0 ? (
              <Text size="sm" c="dimmed">
                Sin equipos asignados.
              </Text>
            ) : null}
            {valores.equipos.map((fila, i) => (
              <Group key={fila.key} align="flex-end" gap="xs" wrap="nowrap">
                <Select
                  label={`Equipo ${i + 1}`}
                  placeholder={equipos.isPending ? 'Cargando…' : 'tipo | marca | modelo | SN: serie'}
                  data={opcionesEquipo(fila.equipo_id)}
                  value={fila.equipo_id}
                  onChange={(v) => {
                    setValores((prev) => ({
                      ...prev,
                      equipos: prev.equipos.map((f) => (f.key === fila.key ? { ...f, equipo_id: v } : f)),
                    }));
                    setErrores((e) => ({ ...e, [`equipos_ids.${i}`]: '', equipos_ids: '' }));
                  }}
                  searchable
                  nothingFoundMessage="Sin equipos disponibles"
                  error={errores[`equipos_ids.${i}`]}
                  style={{ flex: 1 }}
                />
                <Tooltip label="Quitar equipo">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    mb={errores[`equipos_ids.${i}`] ? 22 : 2}
                    aria-label="Quitar equipo"
                    onClick={() =>
                      setValores((prev) => ({ ...prev, equipos: prev.equipos.filter((f) => f.key !== fila.key) }))
                    }
                  >
                    <span aria-hidden="true">❌</span>
                  </ActionIcon>
                </Tooltip>
              </Group>
            ))}
            {errores.equipos_ids ? (
              <Text size="sm" c="red">
                {errores.equipos_ids}
              </Text>
            ) : null}
            <Group>
              <Button
                variant="light"
                onClick={() =>
                  setValores((prev) => ({
                    ...prev,
                    equipos: [...prev.equipos, { key: siguienteFila.current++, equipo_id: null }],
                  }))
                }
              >
                + Agregar equipo
              </Button>
            </Group>
          </Seccion>

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
