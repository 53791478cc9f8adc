import { Anchor, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Paginacion, TAMANO_PAGINA } from '../../components/Paginacion';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { formatFechaHora } from '../../lib/format';
import { RequireRole } from '../auth';

/** Create/edit buttons: only for operadores and admins (the server refuses lectores anyway). */
export function SoloOperador({ children }: { children: ReactNode }) {
  return <RequireRole rol="operador">{children}</RequireRole>;
}

export interface CampoBusquedaProps {
  /** The search as it is in the URL. */
  value: string;
  /** Called (debounced) with the new search; the page writes it to the URL. */
  onSearch: (value: string) => void;
  placeholder?: string;
}

/** "Buscar" box: types freely, writes to the URL 300 ms after the last key, follows back/forward. */
export function CampoBusqueda({ value, onSearch, placeholder }: CampoBusquedaProps) {
  const [texto, setTexto] = useState(value);
  const [debounced] = useDebouncedValue(texto, 300);
  const ultimo = useRef(value);

  // The URL changed from outside (back button, "Limpiar filtros"): show it.
  useEffect(() => {
    if (value !== ultimo.current) {
      ultimo.current = value;
      setTexto(value);
    }
  }, [value]);

  useEffect(() => {
    const limpio = debounced.trim();
    if (limpio !== ultimo.current) {
      ultimo.current = limpio;
      onSearch(limpio);
    }
  }, [debounced, onSearch]);

  return (
    <TextInput
      label="Buscar"
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={texto}
      onChange={(e) => setTexto(e.currentTarget.value)}
      w={{ base: '100%', sm: 320 }}
    />
  );
}

/** "Creado … · Actualizado …" under a detail page. */
export function Auditoria({ created_at, updated_at }: { created_at: string; updated_at: string }) {
  return (
    <Text size="xs" c="dimmed" mt="sm">
      Registrado el {formatFechaHora(created_at)} · Última modificación el {formatFechaHora(updated_at)}
    </Text>
  );
}

/** A link to a record's detail page, used in the first column of each list. */
export function EnlaceDetalle({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} fw={500}>
      {children}
    </Anchor>
  );
}

/** Errors per field, keyed like the form's values. */
export type ErroresCampo = Record<string, string>;

/** Text inputs hold strings; the API wants null for "none". */
export const nulo = (s: string): string | null => (s.trim() === '' ? null : s.trim());

export interface PieFormularioProps {
  guardando: boolean;
  cancelarA: string;
}

/** "Guardar" and "Cancelar" at the bottom of every reference form. */
export function PieFormulario({ guardando, cancelarA }: PieFormularioProps) {
  return (
    <Group justify="flex-end" mt="md">
      <Button component={Link} to={cancelarA} variant="default">
        Cancelar
      </Button>
      <Button type="submit" loading={guardando}>
        Guardar
      </Button>
    </Group>
  );
}

/** Options for a Mantine Select from a vocabulary and its Spanish labels. */
export function opciones<T extends string>(valores: readonly T[], etiquetas: Readonly<Record<T, string>>) {
  return valores.map((v) => ({ value: v, label: etiquetas[v] }));
}

export interface ResultadosReferenciaProps<T> {
  query: {
    isPending: boolean;
    isError: boolean;
    isFetching: boolean;
    error: unknown;
    data: { data: T[]; total: number } | undefined;
    refetch: () => unknown;
  };
  /** Lower-case plural for messages ("clientes") and the table's accessible name ("Clientes"). */
  plural: string;
  titulo: string;
  /** "Ningún cliente coincide". */
  ninguno: string;
  filtrado: boolean;
  onLimpiar: () => void;
  /** The create button, offered again when the list is empty. */
  nuevo: ReactNode;
  page: number;
  onPageChange: (page: number) => void;
  columnas: string[];
  fila: (item: T) => ReactNode;
}

/** Loading, error, empty (filtered or not), the table and Anterior / Siguiente: the same for every catalogue. */
export function ResultadosReferencia<T>(props: ResultadosReferenciaProps<T>) {
  const { query } = props;
  if (query.isPending) return <LoadingState label={`Cargando ${props.plural}…`} />;
  if (query.isError || !query.data) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (query.data.data.length === 0) {
    return props.filtrado ? (
      <EmptyState
        title={props.ninguno}
        description="Pruebe con otra búsqueda o quite los filtros."
        action={
          <Button variant="default" onClick={props.onLimpiar}>
            Limpiar filtros
          </Button>
        }
      />
    ) : (
      <EmptyState title={`Aún no hay ${props.plural}`} description="Registre el primero." action={props.nuevo} />
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover aria-label={props.titulo} aria-busy={query.isFetching}>
          <Table.Thead>
            <Table.Tr>
              {props.columnas.map((c) => (
                <Table.Th key={c}>{c}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{query.data.data.map(props.fila)}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Paginacion
        page={props.page}
        pageSize={TAMANO_PAGINA}
        total={query.data.total}
        onPageChange={props.onPageChange}
        disabled={query.isFetching}
      />
    </>
  );
}
