import { Anchor, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconSwitchHorizontal } from '@tabler/icons-react';
import { TIPO_NODO_LABELS, type TipoNodo } from '@troncal/domain/enums';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CabeceraRegistro } from '../../components/CabeceraRegistro';
import { Ficha } from '../../components/Ficha';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { formatFecha, formatFechaHora, formatMbps } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { usePuedeOperar } from '../auth';
import { HistorialCambios } from '../cambios/HistorialCambios';
import { UsoConexion } from '../monitoreo/UsoConexion';
import { AjustarBwModal, type AjusteBwObjetivo, accionesBw } from './AjustarBwModal';
import { CambiarEstadoModal } from './CambiarEstadoModal';
import { EnlaceEstadoPill } from './comun';
import { ConfiguracionNodos, EquiposDeConexion, HistorialBw, MovimientosDeConexion } from './detalle';

const nodo = (nombre: string | null, tipo: string | null) =>
  nombre ? `${nombre}${tipo ? ` (${TIPO_NODO_LABELS[tipo as TipoNodo] ?? tipo})` : ''}` : null;

/** /conexiones/:id: the spec's sections plus configuration, equipos, IP block and bandwidth history. */
export default function ConexionDetailPage() {
  const params = useParams();
  const enlace_id = Number(params.id);
  const valido = Number.isInteger(enlace_id) && enlace_id > 0;
  const [ajuste, setAjuste] = useState<AjusteBwObjetivo | null>(null);
  const [cambiando, setCambiando] = useState(false);
  const puedeOperar = usePuedeOperar();
  const q = trpc.conexiones.byId.useQuery({ enlace_id }, { enabled: valido });

  if (!valido) return <ErrorState title="Conexión no válida" error={new Error('El identificador no es válido.')} />;
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;

  return (
    <>
      <CabeceraRegistro
        titulo={<span>Conexión {c.cid_enlace}</span>}
        estado={<EnlaceEstadoPill estado={c.enlace_estado} />}
        descripcion={`${c.tipo_enlace ?? 'Servicio'} para ${c.cliente_razon_social ?? 'cliente sin nombre'}`}
        volver={['/conexiones', 'Volver a la lista']}
        editar={puedeOperar ? `/conexiones/${c.enlace_id}/editar` : null}
        acciones={[
          ...accionesBw(c, setAjuste, 16),
          {
            etiqueta: 'Cambiar estado',
            icono: <IconSwitchHorizontal size={16} />,
            color: 'gray',
            onClick: () => setCambiando(true),
          },
        ]}
      />

      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Ficha
            titulo="Servicio"
            datos={[
              { label: 'CID', value: c.cid_enlace, testId: 'cid' },
              { label: 'Tipo de servicio', value: c.tipo_enlace },
              { label: 'Modalidad', value: c.modalidad_enlace, testId: 'modalidad' },
              { label: 'Estado', value: <EnlaceEstadoPill estado={c.enlace_estado} />, testId: 'estado' },
              {
                label: 'Fecha de activación',
                value: c.enlace_fecha_activacion ? formatFecha(c.enlace_fecha_activacion) : null,
              },
              { label: 'BW contratado', value: formatMbps(c.bw_contratado), testId: 'bw-contratado' },
              { label: 'BW disponible', value: formatMbps(c.bw_disponible), testId: 'bw-disponible' },
              { label: 'BW utilizado', value: formatMbps(c.bw_utilizado) },
              { label: 'Creado', value: formatFechaHora(c.created_at), testId: 'creado' },
              { label: 'Última modificación', value: formatFechaHora(c.updated_at) },
            ]}
          />
          <Stack gap="lg">
            <Ficha
              titulo="Cliente"
              datos={[
                { label: 'Razón social', value: c.cliente_razon_social, testId: 'razon-social' },
                { label: 'RUC', value: c.cliente_ruc, testId: 'ruc' },
              ]}
            />
            <Ficha
              titulo="Topología"
              datos={[
                { label: 'Nodo A', value: nodo(c.nodo_a_nombre, c.nodo_a_tipo), testId: 'nodo-a' },
                { label: 'Nodo B', value: nodo(c.nodo_b_nombre, c.nodo_b_tipo), testId: 'nodo-b' },
              ]}
            />
          </Stack>
        </SimpleGrid>

        <Ficha
          titulo="Ubicación"
          cols={3}
          datos={[
            { label: 'Departamento', value: c.departamento_enlace },
            { label: 'Provincia', value: c.provincia_enlace },
            { label: 'Distrito', value: c.distrito_enlace },
            { label: 'Dirección', value: c.direccion_enlace },
            { label: 'Locación', value: c.locacion, testId: 'locacion' },
          ]}
        />

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Ficha
            titulo="Servicio del proveedor"
            datos={
              c.servicio
                ? [
                    {
                      label: 'Servicio',
                      value: (
                        <Anchor component={Link} to={`/servicios/detalle/${c.servicio.servicio_id}`}>
                          {c.servicio.cid_interno}
                        </Anchor>
                      ),
                    },
                    { label: 'Proveedor', value: c.servicio.proveedor_nombre },
                    { label: 'Modalidad', value: c.servicio.modalidad },
                    { label: 'Ubicación', value: c.servicio.ubicacion_servicio },
                    { label: 'Capacidad comprada', value: formatMbps(c.servicio.capacidad_comprada) },
                    {
                      label: 'Capacidad disponible',
                      value: (
                        <Text span c={c.servicio.capacidad_disponible < 0 ? 'red' : undefined} fw={600}>
                          {formatMbps(c.servicio.capacidad_disponible)}
                        </Text>
                      ),
                      testId: 'servicio-disponible',
                    },
                  ]
                : [{ label: 'Servicio', value: null }]
            }
          />
          <Ficha
            titulo="Asignación IP"
            datos={[
              {
                label: 'Bloque IP',
                value: c.asignacion_ip ? <Code fz="sm">{c.asignacion_ip}</Code> : null,
                testId: 'asignacion-ip',
              },
            ]}
            cols={1}
          />
        </SimpleGrid>

        <UsoConexion c={c} />
        <ConfiguracionNodos c={c} />
        <EquiposDeConexion equipos={c.equipos} />
        <HistorialBw historial={c.historial_bw} />
        <MovimientosDeConexion movimientos={c.movimientos} />
        <HistorialCambios entidad="conexion" id={c.enlace_id} />
      </Stack>

      <AjustarBwModal objetivo={ajuste} onClose={() => setAjuste(null)} />
      {puedeOperar ? (
        <CambiarEstadoModal
          enlace_id={c.enlace_id}
          estadoActual={c.enlace_estado ?? ''}
          abierto={cambiando}
          onClose={() => setCambiando(false)}
        />
      ) : null}
    </>
  );
}
