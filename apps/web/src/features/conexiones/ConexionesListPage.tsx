import { Button, Card, Code, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { ENLACE_ESTADO_LABELS, ENLACE_ESTADOS } from '@troncal/domain/enums';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { AccionesFila } from '../../components/AccionesFila';
import { Exportar } from '../../components/Exportar';
import { PageHeader } from '../../components/PageHeader';
import { Paginacion, TAMANO_PAGINA } from '../../components/Paginacion';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import tabla from '../../components/tabla.module.css';
import { formatMbps, SIN_DATO } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useUrlState } from '../../lib/url-state';
import { usePuedeOperar } from '../auth';
import { BotonImportar } from '../importacion/BotonImportar';
import { UtilizadoCelda } from '../monitoreo/UsoConexion';
import { AjustarBwModal, type AjusteBwObjetivo } from './AjustarBwModal';
import { EnlaceEstadoPill } from './comun';
import { ubicacionEnlace } from './ubicacion';

/** /conexiones: the links sold to clients, 10 a page, with search and estado in the URL. */
export default function ConexionesListPage() {
  const [filtros, setFiltros] = useUrlState({ page: 1, q: '', estado: '' });
  const [texto, setTexto] = useState(filtros.q);
  const [debounced] = useDebouncedValue(texto, 300);
  const [ajuste, setAjuste] = useState<AjusteBwObjetivo | null>(null);
  const puedeOperar = usePuedeOperar();

  // Only a change of the typed text writes the URL, so back/forward is not undone here.
  const ultimo = useRef(debounced);
  useEffect(() => {
    if (debounced === ultimo.current) return;
    ultimo.current = debounced;
    const q = debounced.trim();
    if (q !== filtros.q) setFiltros({ q }, { replace: true });
  }, [debounced, filtros.q, setFiltros]);
  useEffect(() => {
    setTexto((actual) => (actual.trim() === filtros.q ? actual : filtros.q));
  }, [filtros.q]);

  const lista = trpc.conexiones.list.useQuery(
    {
      limit: TAMANO_PAGINA,
      offset: (filtros.page - 1) * TAMANO_PAGINA,
      search: filtros.q || undefined,
      estado: filtros.estado || undefined,
    },
    { placeholderData: keepPreviousData },
  );
  const datos = lista.data;
  const hayFiltros = Boolean(filtros.q || filtros.estado);

  return (
    <>
      <PageHeader
        title="Conexiones"
        description="Enlaces vendidos a clientes corporativos y el servicio de proveedor que los respalda."
        actions={
          <>
            <Exportar ruta="/v1/conexiones" filtros={{ search: filtros.q, estado: filtros.estado }} />
            <BotonImportar entidad="conexiones" />
            {puedeOperar ? (
              <Button component={Link} to="/conexiones/nueva" leftSection={<IconPlus size={16} />}>
                Nueva servicio cliente
              </Button>
            ) : null}
          </>
        }
      />

      <Card withBorder padding="md" mb="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Búsqueda"
            placeholder="CID, cliente, RUC, ubicación, servicio…"
            leftSection={<IconSearch size={16} />}
            value={texto}
            onChange={(e) => setTexto(e.currentTarget.value)}
            w={{ base: '100%', sm: 340 }}
          />
          <Select
            label="Estado"
            placeholder="Todos"
            data={ENLACE_ESTADOS.map((e) => ({ value: e, label: ENLACE_ESTADO_LABELS[e] }))}
            value={filtros.estado || null}
            onChange={(v) => setFiltros({ estado: v ?? '' })}
            clearable
            w={{ base: '100%', sm: 200 }}
          />
        </Group>
      </Card>

      <Card withBorder padding={0}>
        {lista.isPending ? (
          <LoadingState />
        ) : lista.isError ? (
          <ErrorState error={lista.error} onRetry={() => lista.refetch()} />
        ) : datos && datos.data.length === 0 ? (
          <EmptyState
            title={hayFiltros ? 'Ninguna conexión coincide con el filtro' : 'Aún no hay conexiones'}
            description={
              hayFiltros
                ? 'Cambie la búsqueda o el estado.'
                : 'Una conexión necesita al menos un nodo y un servicio de proveedor registrados.'
            }
            action={
              hayFiltros ? (
                <Button
                  variant="light"
                  onClick={() => {
                    setTexto('');
                    setFiltros({ q: '', estado: '' });
                  }}
                >
                  Limpiar filtros
                </Button>
              ) : puedeOperar ? (
                <Button component={Link} to="/conexiones/nueva">
                  Nueva servicio cliente
                </Button>
              ) : null
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={960}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Conexiones">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>CID</Table.Th>
                  <Table.Th>Tipo de servicio</Table.Th>
                  <Table.Th>Cliente y ubicación</Table.Th>
                  <Table.Th ta="right">Contratado</Table.Th>
                  <Table.Th ta="right">Disponible</Table.Th>
                  <Table.Th ta="right">Utilizado</Table.Th>
                  <Table.Th>Estado</Table.Th>
                  <Table.Th className={tabla.acciones}>Acciones</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {datos?.data.map((c) => {
                  const baja = c.enlace_estado === 'BAJA';
                  return (
                    <Table.Tr key={c.enlace_id} data-cid={c.cid_enlace ?? ''}>
                      <Table.Td>
                        <Code fz="sm">{c.cid_enlace ?? SIN_DATO}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.tipo_enlace ?? SIN_DATO}</Text>
                        <Text size="xs" c="dimmed">
                          {c.modalidad_enlace ?? ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={0}>
                          <Text size="sm" fw={600}>
                            {c.cliente_razon_social ?? SIN_DATO}
                          </Text>
                          <Text size="xs" c="dimmed" data-col="ubicacion">
                            {ubicacionEnlace(c) ?? SIN_DATO}
                          </Text>
                        </Stack>
                      </Table.Td>
                      <Table.Td ta="right" data-col="contratado" className={tabla.cifra}>
                        {formatMbps(c.bw_contratado)}
                      </Table.Td>
                      <Table.Td
                        ta="right"
                        data-col="disponible"
                        c={c.bw_disponible < 0 ? 'red' : undefined}
                        className={tabla.cifra}
                      >
                        {formatMbps(c.bw_disponible)}
                      </Table.Td>
                      <Table.Td ta="right" data-col="utilizado" className={tabla.cifra}>
                        <UtilizadoCelda c={c} />
                      </Table.Td>
                      <Table.Td>
                        <EnlaceEstadoPill estado={c.enlace_estado} />
                      </Table.Td>
                      <Table.Td className={tabla.acciones}>
                        <AccionesFila
                          ver={`/conexiones/${c.enlace_id}`}
                          editar={puedeOperar ? `/conexiones/${c.enlace_id}/editar` : null}
                          acciones={[
                            {
                              etiqueta: 'Aumentar BW',
                              tooltip: baja ? 'La conexión está de baja' : undefined,
                              icono: <IconArrowUp size={18} />,
                              color: 'teal',
                              disabled: baja,
                              onClick: () => setAjuste({ enlace_id: c.enlace_id, modo: 'AUMENTAR' }),
                            },
                            {
                              etiqueta: 'Disminuir BW',
                              tooltip: baja ? 'La conexión está de baja' : undefined,
                              icono: <IconArrowDown size={18} />,
                              color: 'orange',
                              disabled: baja,
                              onClick: () => setAjuste({ enlace_id: c.enlace_id, modo: 'DISMINUIR' }),
                            },
                          ]}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {datos && datos.total > 0 ? (
        <Paginacion
          page={filtros.page}
          pageSize={TAMANO_PAGINA}
          total={datos.total}
          onPageChange={(page) => setFiltros({ page })}
          disabled={lista.isFetching}
        />
      ) : null}

      <AjustarBwModal objetivo={ajuste} onClose={() => setAjuste(null)} />
    </>
  );
}
