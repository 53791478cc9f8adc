import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { TRPCClientError } from '@trpc/client';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatFechaHora, SIN_DATO } from '../../lib/format';
import { RequireRole } from '../auth';

/** Reference-data lists show 10 rows a page (the spec's lists). */
export const TAMANO_PAGINA = 10;

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

export interface DatoFicha {
  label: string;
  value: ReactNode;
}

/** The label/value pairs of a detail page. */
export function Ficha({ datos }: { datos: DatoFicha[] }) {
  return (
    <Card withBorder padding="lg">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="md" component="dl" m={0}>
        {datos.map((d) => (
          <Stack key={d.label} gap={2}>
            <Text component="dt" size="sm" c="dimmed">
              {d.label}
            </Text>
            <Text component="dd" m={0} fw={500}>
              {d.value === null || d.value === undefined || d.value === '' ? SIN_DATO : d.value}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Card>
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

/**
 * The server's field errors (`error.data.errors` from the tRPC error formatter: zod issues or a
 * DomainError's issues) keyed by field; update inputs nest fields under `data.`.
 */
export function erroresDelServidor(error: unknown): ErroresCampo {
  if (!(error instanceof TRPCClientError)) return {};
  const lista = (error.data as { errors?: { path: string; message: string }[] | null } | undefined)?.errors;
  const out: ErroresCampo = {};
  for (const e of lista ?? []) {
    const campo = e.path.replace(/^data\./, '');
    if (campo && !out[campo]) out[campo] = e.message;
  }
  return out;
}

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
