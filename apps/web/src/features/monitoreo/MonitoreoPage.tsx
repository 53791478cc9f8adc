import { Anchor, Button, Card, Code, Group, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, SegunConsulta } from '../../components/StateViews';
import { TablaDatos } from '../../components/TablaDatos';
import { formatCantidad, formatFechaHora, formatMbps, formatNumber, SIN_DATO } from '../../lib/format';
import { notifyError, notifyOk } from '../../lib/notify';
import { trpc } from '../../lib/trpc';
import { usePuedeOperar } from '../auth';
import { AvisoSinFuente, EstadoMonitoreoPill, NOMBRE_FUENTE } from './comun';

const POR_PAGINA = 25;
type Filtro = '' | 'ERROR' | 'SIN_DATOS' | 'OK' | 'PENDIENTE';

/** One figure of the summary: a small upper-case heading over its value. */
function Cifra({ titulo, testId, children }: { titulo: string; testId?: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {titulo}
      </Text>
      <Text size="sm" data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

/** Every binding with its state, filterable to ERROR / SIN_DATOS, and a cycle on demand. */
export default function MonitoreoPage() {
  const puedeOperar = usePuedeOperar();
  const utils = trpc.useUtils();
  const [filtro, setFiltro] = useState<Filtro>('');
  const [pagina, setPagina] = useState(1);
  const estado = trpc.monitoreo.estado.useQuery();
  const lista = trpc.monitoreo.listar.useQuery(
    { estado: filtro || undefined, limit: POR_PAGINA, offset: (pagina - 1) * POR_PAGINA },
    { placeholderData: keepPreviousData },
  );
  const sincronizar = trpc.monitoreo.sincronizar.useMutation({
    onSuccess: async (r) => {
      notifyOk(
        `${formatCantidad(r.consultados, 'vínculo consultado', 'vínculos consultados')}, ${r.actualizados} actualizados, ${r.errores_total} con error o sin datos.`,
        'Sincronización terminada',
      );
      await utils.invalidate();
    },
    onError: (e) => notifyError(e, 'No se pudo sincronizar'),
  });

  const fuentes = estado.data?.fuentes ?? [];
  const ciclo = estado.data?.ultimo_ciclo ?? null;
  const resumen = lista.data?.resumen;

  return (
    <>
      <PageHeader
        title="Monitoreo"
        description="Conexiones y servicios vinculados a Zabbix o Prometheus, y el estado de su última lectura."
        actions={
          puedeOperar ? (
            <Button
              leftSection={<IconRefresh size={16} />}
              loading={sincronizar.isPending}
              disabled={fuentes.length === 0}
              onClick={() => sincronizar.mutate()}
            >
              Sincronizar
            </Button>
          ) : null
        }
      />
      <Stack gap="lg">
        {estado.data && fuentes.length === 0 ? <AvisoSinFuente /> : null}
        <Card withBorder padding="md">
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Cifra titulo="Fuentes" testId="fuentes-configuradas">
              {fuentes.length ? fuentes.map((f) => NOMBRE_FUENTE[f]).join(', ') : 'Ninguna'}
            </Cifra>
            <Cifra titulo="Ciclo">
              {estado.data
                ? `cada ${formatNumber(estado.data.intervalo_s)} s · ventana ${estado.data.ventana_h} h`
                : SIN_DATO}
            </Cifra>
            <Cifra titulo="Último ciclo" testId="ultimo-ciclo">
              {ciclo
                ? `${formatFechaHora(ciclo.terminado_en ?? ciclo.iniciado_en)} · ${ciclo.consultados} consultados, ${ciclo.errores} con error`
                : 'Aún ninguno'}
              {estado.data?.ultimo_relleno ? (
                <Text size="xs" c="dimmed">
                  Relleno de ventanas {formatFechaHora(estado.data.ultimo_relleno.iniciado_en)} ·{' '}
                  {formatNumber(estado.data.ultimo_relleno.rellenados)} lecturas hacia atrás
                </Text>
              ) : null}
            </Cifra>
            <Cifra titulo="Vínculos">
              {resumen
                ? `${resumen.OK} OK · ${resumen.SIN_DATOS} sin datos · ${resumen.ERROR} error · ${resumen.PENDIENTE} pendientes`
                : SIN_DATO}
              {estado.data?.ventana_incompleta ? (
                <Text size="xs" c="dimmed" data-testid="ventana-incompleta">
                  {formatNumber(estado.data.ventana_incompleta)} aún completando su ventana de {estado.data.ventana_h} h
                  (unas horas más atrás en cada ciclo)
                </Text>
              ) : null}
            </Cifra>
          </SimpleGrid>
        </Card>

        <Card withBorder padding="lg">
          <Group mb="sm">
            <SegmentedControl
              value={filtro}
              onChange={(v) => {
                setFiltro(v as Filtro);
                setPagina(1);
              }}
              data={[
                { value: '', label: 'Todos' },
                { value: 'ERROR', label: `Error${resumen ? ` (${resumen.ERROR})` : ''}` },
                { value: 'SIN_DATOS', label: `Sin datos${resumen ? ` (${resumen.SIN_DATOS})` : ''}` },
                { value: 'OK', label: 'OK' },
                { value: 'PENDIENTE', label: 'Pendientes' },
              ]}
              aria-label="Filtrar por estado"
            />
          </Group>
          <SegunConsulta
            consulta={lista}
            vacia={lista.data?.total === 0}
            vacio={
              <EmptyState
                title={filtro ? 'Ningún vínculo en ese estado' : 'Aún no hay vínculos'}
                description="Se vincula una conexión o un servicio desde su formulario de edición, sección Monitoreo."
              />
            }
          >
            <TablaDatos
              titulo="Vínculos de monitoreo"
              minWidth={900}
              columnas={['Registro', 'Fuente', 'Estado', { titulo: 'P95', derecha: true }, 'Medido', 'Mensaje']}
              paginacion={{
                page: pagina,
                pageSize: POR_PAGINA,
                total: lista.data?.total ?? 0,
                onPageChange: setPagina,
                disabled: lista.isFetching,
              }}
            >
              {lista.data?.data.map((v) => (
                <Table.Tr key={`${v.objeto}-${v.id}`}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={v.objeto === 'conexion' ? `/conexiones/${v.id}` : `/servicios/detalle/${v.id}`}
                      size="sm"
                    >
                      {v.objeto === 'conexion' ? 'Conexión' : 'Servicio'} {v.etiqueta ?? v.id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{NOMBRE_FUENTE[v.monitoreo.fuente]}</Text>
                    <Code fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {v.monitoreo.fuente === 'zabbix'
                        ? `${v.monitoreo.host} · ${v.monitoreo.interfaz}`
                        : v.monitoreo.entrada}
                    </Code>
                  </Table.Td>
                  <Table.Td>
                    <EstadoMonitoreoPill estado={v.estado} />
                  </Table.Td>
                  <Table.Td ta="right">{formatMbps(v.p95_mbps)}</Table.Td>
                  <Table.Td>
                    {v.medido_en ? formatFechaHora(v.medido_en) : SIN_DATO}
                    {estado.data && ventanaParcial(v.leido_desde, estado.data.ventana_h) ? (
                      <Text size="xs" c="dimmed">
                        sobre lo leído desde {formatFechaHora(v.leido_desde as string)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c={v.estado === 'ERROR' ? 'red' : 'dimmed'}>
                      {v.mensaje ?? SIN_DATO}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </TablaDatos>
          </SegunConsulta>
        </Card>
      </Stack>
    </>
  );
}

/** The figures cover less than the window: the source is still being read backwards. */
const HORA_MS = 3_600_000;
const ventanaParcial = (leidoDesde: string | null, ventanaH: number) =>
  leidoDesde !== null && Date.parse(leidoDesde) > Math.floor((Date.now() - ventanaH * HORA_MS) / HORA_MS) * HORA_MS;
