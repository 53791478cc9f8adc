import { Alert, Anchor, Button, Group, Select, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatFechaHora } from '../../lib/format';
import { RequireRole } from '../auth';

/** Create/edit buttons: only for operadores and admins (the server refuses lectores anyway). */
export function SoloOperador({ children }: { children: ReactNode }) {
  return <RequireRole rol="operador">{children}</RequireRole>;
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
  /** The server's refusal that is no one field's, above the buttons. */
  error?: string | null;
  /** @default 'Guardar' */
  etiqueta?: string;
}

/** "Guardar" and "Cancelar" at the bottom of every form page, under the refusal if there is one. */
export function PieFormulario({ guardando, cancelarA, error, etiqueta = 'Guardar' }: PieFormularioProps) {
  return (
    <>
      {error ? (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      ) : null}
      <Group justify="flex-end" mt="md">
        <Button component={Link} to={cancelarA} variant="default">
          Cancelar
        </Button>
        <Button type="submit" loading={guardando}>
          {etiqueta}
        </Button>
      </Group>
    </>
  );
}

/** Options for a Mantine Select from a vocabulary and its Spanish labels. */
export function opciones<T extends string>(valores: readonly T[], etiquetas: Readonly<Record<T, string>>) {
  return valores.map((v) => ({ value: v, label: etiquetas[v] }));
}

/** A record's "Estado": one of its vocabulary's values, never blank. */
export function SelectEstado<E extends string>(p: {
  valores: readonly E[];
  etiquetas: Readonly<Record<E, string>>;
  value: E;
  onChange: (estado: E) => void;
  error?: string;
  description?: string;
  disabled?: boolean;
}) {
  return (
    <Select
      label="Estado"
      data={opciones(p.valores, p.etiquetas)}
      value={p.value}
      onChange={(x) => x && p.onChange(x as E)}
      allowDeselect={false}
      error={p.error}
      description={p.description}
      disabled={p.disabled}
    />
  );
}

/** A record's "Tipo": required, blank until one is chosen. */
export function SelectTipo<T extends string>(p: {
  valores: readonly T[];
  etiquetas: Readonly<Record<T, string>>;
  value: T | null;
  onChange: (tipo: T | null) => void;
  error?: string | undefined;
}) {
  return (
    <Select
      label="Tipo"
      required
      placeholder="Seleccione el tipo"
      data={opciones(p.valores, p.etiquetas)}
      value={p.value}
      onChange={(x) => p.onChange(x as T | null)}
      error={p.error}
    />
  );
}
