import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import {
  ACCION_CAMBIO_LABELS,
  type AccionCambio,
  type CanalCambio,
  ENTIDAD_CAMBIO_LABELS,
  type EntidadCambio,
} from '@troncal/domain/enums';
import { useState } from 'react';
import { Link } from 'react-router';
import { TAMANO_PAGINA } from '../../components/Paginacion';
import {
  type ConsultaRegistro,
  EmptyState,
  type EmptyStateProps,
  ErrorState,
  LoadingState,
} from '../../components/StateViews';
import { formatFechaHora } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { etiquetaCampo, etiquetaCanal, formatearValor } from './etiquetas';

/** A change record as `cambios.list` / `cambios.deRegistro` answer it. */
export interface Cambio {
  cambio_id: number;
  accion: AccionCambio;
  entidad: EntidadCambio;
  id: number;
  usuario: {
    usuario_id: number | null;
    nombre: string | null;
    email: string | null;
    token_id: number | null;
    token_nombre: string | null;
  } | null;
  via: CanalCambio;
  solicitud_id: string | null;
  ocurrido_en: string;
  cambios: { campo: string; antes?: unknown; despues?: unknown }[];
}
export type EntidadConHistorial = 'conexion' | 'servicio' | 'proveedor' | 'cliente' | 'nodo' | 'equipo';

/** Where each entity's detail page lives, so the Actividad page can link a change to its record. */
export const RUTA_DETALLE: Partial<Record<Cambio['entidad'], (id: number) => string>> = {
  conexion: (id) => `/conexiones/${id}`,
  servicio: (id) => `/servicios/detalle/${id}`,
  proveedor: (id) => `/proveedores/${id}`,
  cliente: (id) => `/clientes/${id}`,
  nodo: (id) => `/nodos/${id}`,
  equipo: (id) => `/equipos/${id}`,
};

function quien(c: Cambio): string {
  if (!c.usuario) return c.via === 'cli' ? 'Línea de comandos' : 'Sistema';
  const nombre = c.usuario.nombre ?? (c.usuario.usuario_id ? `Usuario ${c.usuario.usuario_id}` : 'Sin usuario');
  return c.usuario.token_nombre ? `${nombre} (token «${c.usuario.token_nombre}»)` : nombre;
}

/** One change: what, who, through where and when, and a before/after table of its fields. */
export function CambioItem({ cambio: c, conEntidad = false }: { cambio: Cambio; conEntidad?: boolean }) {
  const creacion = c.accion === 'crear';
  const ruta = RUTA_DETALLE[c.entidad];
  return (
    <Card withBorder padding="sm" data-testid="cambio">
      <Group gap="xs" mb="xs" wrap="wrap">
        <Badge variant="light">{ACCION_CAMBIO_LABELS[c.accion]}</Badge>
        {conEntidad && (
          <Text size="sm" fw={500}>
            {ENTIDAD_CAMBIO_LABELS[c.entidad]} {ruta ? <Link to={ruta(c.id)}>#{c.id}</Link> : `#${c.id}`}
          </Text>
        )}
        <Text size="sm">{quien(c)}</Text>
        <Text size="sm" c="dimmed">
          vía {etiquetaCanal(c.via)} · {formatFechaHora(c.ocurrido_en)}
        </Text>
      </Group>
      {c.cambios.length > 0 && (
        <Table withTableBorder={false} verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="30%">Campo</Table.Th>
              {!creacion && <Table.Th>Antes</Table.Th>}
              <Table.Th>{creacion ? 'Valor' : 'Después'}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.cambios.map((f) => (
              <Table.Tr key={f.campo}>
                <Table.Td>{etiquetaCampo(f.campo)}</Table.Td>
                {!creacion && <Table.Td c="dimmed">{formatearValor(f.campo, f.antes)}</Table.Td>}
                <Table.Td>{formatearValor(f.campo, f.despues)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/**
 * One page of changes, read with a keyset cursor: its states, the changes and, on the last page
 * loaded, "Cargar más". An empty first page says so; an empty later one says nothing.
 */
export function PaginaCambios({
  consulta: q,
  cargando,
  vacio,
  conEntidad,
  primera,
  ultima,
  onMas,
}: {
  consulta: ConsultaRegistro<{ data: Cambio[]; siguiente: number | null }>;
  cargando: string;
  vacio: EmptyStateProps;
  conEntidad?: boolean;
  primera: boolean;
  ultima: boolean;
  onMas: (siguiente: number) => void;
}) {
  if (q.isPending) return <LoadingState label={cargando} />;
  if (q.isError || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const { data, siguiente } = q.data;
  if (data.length === 0 && primera) return <EmptyState {...vacio} />;
  return (
    <>
      {data.map((c) => (
        <CambioItem key={c.cambio_id} cambio={c} conEntidad={conEntidad} />
      ))}
      {ultima && siguiente !== null && (
        <Group justify="center">
          <Button variant="default" onClick={() => onMas(siguiente)}>
            Cargar más
          </Button>
        </Group>
      )}
    </>
  );
}

/** The cursors of the pages loaded so far (null: the first page), "Cargar más" and starting over. */
export function useCursores() {
  const [cursores, setCursores] = useState<(number | null)[]>([null]);
  return {
    cursores,
    mas: (siguiente: number) => setCursores((prev) => [...prev, siguiente]),
    reiniciar: () => setCursores([null]),
  };
}

function PaginaHistorial(props: {
  entidad: EntidadConHistorial;
  id: number;
  antes_de: number | null;
  ultima: boolean;
  onMas: (siguiente: number) => void;
}) {
  // Always fresh: the page was probably just edited, and edits do not know about this list.
  const q = trpc.cambios.deRegistro.useQuery(
    { entidad: props.entidad, id: props.id, limit: TAMANO_PAGINA, antes_de: props.antes_de },
    { staleTime: 0, refetchOnMount: 'always' },
  );
  return (
    <PaginaCambios
      consulta={q}
      cargando="Cargando historial…"
      vacio={{ title: 'Sin cambios registrados', description: 'Aún no hay cambios en el historial.' }}
      primera={props.antes_de === null}
      ultima={props.ultima}
      onMas={props.onMas}
    />
  );
}

/**
 * "Historial de cambios" for a detail page: who changed what and when, newest first, ten at a time
 * with "Cargar más" (a keyset cursor, so the hundredth page costs what the first does).
 */
export function HistorialCambios({ entidad, id }: { entidad: EntidadConHistorial; id: number }) {
  const { cursores, mas } = useCursores();
  return (
    <Stack gap="sm" mt="xl" component="section" aria-label="Historial de cambios">
      <Group gap="xs">
        <IconHistory size={20} />
        <Title order={3}>Historial de cambios</Title>
      </Group>
      {cursores.map((c, i) => (
        <PaginaHistorial
          key={c ?? 'inicio'}
          entidad={entidad}
          id={id}
          antes_de={c}
          ultima={i === cursores.length - 1}
          onMas={mas}
        />
      ))}
    </Stack>
  );
}
