import { Button, Card, Code, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMinus, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
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
import { AjusteCapacidadModal, type ModoAjuste, type ServicioAjustable } from './AjusteCapacidadModal';
import { CondicionPill, KpiTile, ModalidadBadge } from './comun';

const MIN_BUSQUEDA = 2;

/** What reaches the URL (and the server): nothing until the text has 2 characters. */
const busquedaEfectiva = (texto: string) => {
  const t = texto.trim();
  return t.length >= MIN_BUSQUEDA ? t : '';
};

export default function ServiciosListPage() {
  const [filtros, setFiltros] = useUrlState({ page: 1, q: '', proveedor: '', cid: '' });
  const [texto, setTexto] = useState(filtros.q);
  const [debounced] = useDebouncedValue(texto, 350);
  const [ajuste, setAjuste] = useState<{ servicio: ServicioAjustable; modo: ModoAjuste } | null>(null);
  const puedeOperar = usePuedeOperar();

  // Only a change of the typed text pushes to the URL, so going back in history is not undone here.
  const ultimoTexto = useRef(debounced);
  useEffect(() => {
    if (debounced === ultimoTexto.current) return;
    ultimoTexto.current = debounced;
    const q = busquedaEfectiva(debounced);
    if (q !== filtros.q) setFiltros({ q }, { replace: true });
  }, [debounced, filtros.q, setFiltros]);

  // Back/forward or a shared link changes the URL: the box follows it.
  useEffect(() => {
    setTexto((actual) => (busquedaEfectiva(actual) === filtros.q ? actual : filtros.q));
  }, [filtros.q]);

  const lista = trpc.servicios.list.useQuery(
    {
      limit: TAMANO_PAGINA,
      offset: (filtros.page - 1) * TAMANO_PAGINA,
      search: filtros.q || undefined,
      proveedor_id: filtros.proveedor ? Number(filtros.proveedor) : undefined,
      cid: filtros.cid || undefined,
    },
    { placeholderData: keepPreviousData },
  );

  const datos = lista.data;
  const opcionesProveedor = (datos?.opciones.proveedores ?? []).map((p) => ({
    value: String(p.proveedor_id),
    label: p.nombre,
  }));
  // Keep the chosen value selectable even when the result set no longer holds it.
  if (filtros.proveedor && !opcionesProveedor.some((o) => o.value === filtros.proveedor)) {
    opcionesProveedor.unshift({ value: filtros.proveedor, label: `Proveedor ${filtros.proveedor}` });
  }
  const opcionesCid = [...(datos?.opciones.cids ?? [])];
  if (filtros.cid && !opcionesCid.includes(filtros.cid)) opcionesCid.unshift(filtros.cid);

  const kpi = datos?.kpi;
  const hayFiltros = Boolean(filtros.q || filtros.proveedor || filtros.cid);

  return (
    <>
      <PageHeader
        title="Enlaces por proveedor"
        description="Servicios comprados a proveedores: capacidad comprada, vendida, utilizada y disponible."
        actions={
          <>
            <Exportar
              ruta="/v1/servicios-proveedor"
              filtros={{ search: filtros.q, proveedor_id: filtros.proveedor, cid: filtros.cid }}
            />
            <BotonImportar entidad="servicios-proveedor" />
            {puedeOperar ? (
              <Button component={Link} to="/servicios/crear" leftSection={<IconPlus size={16} />}>
                Nuevo servicio
              </Button>
            ) : null}
          </>
        }
      />

      <Card withBorder padding="md" mb="md">
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput
              label="Búsqueda"
              placeholder="Proveedor, CID, modalidad o ubicación"
              description={`Desde ${MIN_BUSQUEDA} caracteres.`}
              leftSection={<IconSearch size={16} />}
              value={texto}
              onChange={(e) => setTexto(e.currentTarget.value)}
            />
            <Select
              label="Proveedor"
              placeholder="Todos"
              data={opcionesProveedor}
              value={filtros.proveedor || null}
              onChange={(v) => setFiltros({ proveedor: v ?? '' })}
              searchable
              clearable
              nothingFoundMessage="Sin proveedores"
            />
            <Select
              label="CID"
              placeholder="Todos"
              data={opcionesCid}
              value={filtros.cid || null}
              onChange={(v) => setFiltros({ cid: v ?? '' })}
              searchable
              clearable
              nothingFoundMessage="Sin CID de proveedor"
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" aria-label="Totales del filtro">
            <KpiTile label="Comprada" value={kpi?.capacidad_comprada} testId="kpi-comprada" />
            <KpiTile label="Vendida" value={kpi?.capacidad_vendida} testId="kpi-vendida" />
            <KpiTile label="Utilizada" value={kpi?.capacidad_utilizada} testId="kpi-utilizada" />
            <KpiTile
              label="Disponible"
              value={kpi?.capacidad_disponible}
              negativo={(kpi?.capacidad_disponible ?? 0) < 0}
              testId="kpi-disponible"
            />
          </SimpleGrid>
        </Stack>
      </Card>

      <Card withBorder padding={0}>
        {lista.isPending ? (
          <LoadingState />
        ) : lista.isError ? (
          <ErrorState error={lista.error} onRetry={() => lista.refetch()} />
        ) : datos && datos.data.length === 0 ? (
          <EmptyState
            title={hayFiltros ? 'Ningún servicio coincide con el filtro' : 'Aún no hay servicios'}
            description={hayFiltros ? 'Cambie la búsqueda o los filtros.' : 'Registre el primer servicio de proveedor.'}
            action={
              hayFiltros ? (
                <Button
                  variant="light"
                  onClick={() => {
                    setTexto('');
                    setFiltros({ q: '', proveedor: '', cid: '' });
                  }}
                >
                  Limpiar filtros
                </Button>
              ) : puedeOperar ? (
                <Button component={Link} to="/servicios/crear">
                  Nuevo servicio
                </Button>
              ) : null
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label="Servicios de proveedor">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>CID</Table.Th>
                  <Table.Th>Proveedor + Destino</Table.Th>
                  <Table.Th>Modalidad</Table.Th>
                  <Table.Th>Capacidades</Table.Th>
                  <Table.Th>Estado</Table.Th>
                  <Table.Th className={tabla.acciones}>Acciones</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {datos?.data.map((s) => (
                  <Table.Tr key={s.servicio_id} data-servicio={s.cid_interno ?? ''}>
                    <Table.Td>
                      <Code ff="monospace" fz="sm">
                        {s.cid_interno ?? SIN_DATO}
                      </Code>
                    </Table.Td>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {s.proveedor_nombre}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {s.ubicacion_servicio ?? SIN_DATO}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ModalidadBadge modalidad={s.modalidad} />
                    </Table.Td>
                    <Table.Td className={tabla.cifra}>
                      <Text size="sm">
                        <Text span c="dimmed" size="xs">
                          Contratada:{' '}
                        </Text>
                        {formatMbps(s.capacidad_comprada)}
                      </Text>
                      <Text size="sm" c={s.capacidad_disponible < 0 ? 'red' : undefined}>
                        <Text span c="dimmed" size="xs">
                          Actual:{' '}
                        </Text>
                        {formatMbps(s.capacidad_disponible)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <CondicionPill condicion={s.condicion} />
                    </Table.Td>
                    <Table.Td className={tabla.acciones}>
                      <AccionesFila
                        ver={`/servicios/detalle/${s.servicio_id}`}
                        editar={puedeOperar ? `/servicios/editar/${s.servicio_id}` : null}
                        acciones={[
                          {
                            etiqueta: 'Aumentar capacidad',
                            icono: <IconPlus size={18} />,
                            color: 'teal',
                            onClick: () => setAjuste({ servicio: s, modo: 'AUMENTAR' }),
                          },
                          {
                            etiqueta: 'Disminuir capacidad',
                            icono: <IconMinus size={18} />,
                            color: 'orange',
                            onClick: () => setAjuste({ servicio: s, modo: 'DISMINUIR' }),
                          },
                        ]}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Group px="md" pb="md">
          <div style={{ flex: 1 }}>
            <Paginacion
              page={filtros.page}
              pageSize={TAMANO_PAGINA}
              total={datos?.total ?? 0}
              onPageChange={(page) => setFiltros({ page })}
              disabled={lista.isFetching}
            />
          </div>
        </Group>
      </Card>

      <AjusteCapacidadModal
        servicio={ajuste?.servicio ?? null}
        modo={ajuste?.modo ?? 'AUMENTAR'}
        onClose={() => setAjuste(null)}
      />
    </>
  );
}
