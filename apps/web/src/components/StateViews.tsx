import { Alert, Button, Center, Loader, EmptyState as MantineEmptyState, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../lib/errors';

export interface EmptyStateProps {
  title?: ReactNode;
  description?: ReactNode;
  icon?: ReactNode;
  /** e.g. a "Nuevo …" button or "Limpiar filtros". */
  action?: ReactNode;
}

export function EmptyState({ title = 'No hay registros', description, icon, action }: EmptyStateProps) {
  return (
    <MantineEmptyState
      py="xl"
      title={title}
      description={description}
      icon={icon ?? <IconInbox size={32} stroke={1.5} />}
      withIndicatorBackground
    >
      {action ? <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions> : null}
    </MantineEmptyState>
  );
}

export interface LoadingStateProps {
  label?: string;
}

export function LoadingState({ label = 'Cargando…' }: LoadingStateProps) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export interface ErrorStateProps {
  error: unknown;
  title?: string;
  /** Shows a "Reintentar" button (e.g. `query.refetch`). */
  onRetry?: () => void;
}

export function ErrorState({ error, title = 'No se pudieron cargar los datos', onRetry }: ErrorStateProps) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={20} />} role="alert" my="md">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Reintentar
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** What a page needs of a query to show its states (a tRPC `useQuery` result). */
export interface ConsultaEstado {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** A query for one record. */
export interface ConsultaRegistro<T> extends ConsultaEstado {
  data: T | undefined;
}

export interface SegunConsultaProps {
  consulta: ConsultaEstado;
  /** "Cargando clientes…"; "Cargando…" by default. */
  cargando?: string;
  /** The query answered nothing to show: `vacio` instead of the content. */
  vacia?: boolean;
  vacio?: ReactNode;
  children: ReactNode;
}

/** A query's states in one place: "Cargando…", the error with "Reintentar", the empty state, the content. */
export function SegunConsulta({ consulta, cargando, vacia, vacio, children }: SegunConsultaProps) {
  if (consulta.isPending) return <LoadingState label={cargando} />;
  if (consulta.isError) return <ErrorState error={consulta.error} onRetry={() => void consulta.refetch()} />;
  return <>{vacia ? vacio : children}</>;
}
