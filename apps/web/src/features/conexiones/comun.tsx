import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ENLACE_ESTADO_COLORS, ENLACE_ESTADO_LABELS, type EnlaceEstado } from '@troncal/domain/enums';
import { TRPCClientError } from '@trpc/client';
import type { ReactNode } from 'react';
import { EstadoPill } from '../../components/EstadoPill';
import { SIN_DATO } from '../../lib/format';
import { useAuth } from '../auth';

/** The spec's lists show 10 rows a page. */
export const POR_PAGINA = 10;

/** The form's "Condición": the spec's four initial states, in its order. */
export const CONDICIONES_FORM: EnlaceEstado[] = ['PENDIENTE', 'ACTIVO', 'SUSPENDIDO', 'BAJA'];

/** The status pill: upper-case value (ACTIVO, BAJA…) in the vocabulary's colour. */
export function EnlaceEstadoPill({ estado }: { estado: string | null | undefined }) {
  if (!estado) return null;
  // A table column must never cut the state to "ACTI…".
  return (
    <EstadoPill
      estado={estado}
      colores={ENLACE_ESTADO_COLORS}
      label={estado.toUpperCase()}
      styles={{ label: { overflow: 'visible' } }}
    />
  );
}

export const etiquetaEstado = (estado: string) => ENLACE_ESTADO_LABELS[estado as EnlaceEstado] ?? estado;

/** Operador and admin may write; lectores do not see create, edit and adjust actions. */
export function usePuedeOperar(): boolean {
  return useAuth().puede('operador');
}

export interface Dato {
  label: string;
  value: ReactNode;
  /** For browser tests: `data-testid` on the value. */
  testId?: string;
}

/** A named section of the detail page: a heading and its label/value pairs (a `dl`). */
export function Seccion({
  titulo,
  datos,
  children,
  cols = 2,
}: {
  titulo: string;
  datos?: Dato[];
  children?: ReactNode;
  cols?: number;
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={titulo}>
      <Title order={3} size="h4" mb="md">
        {titulo}
      </Title>
      {datos ? (
        <SimpleGrid cols={{ base: 1, sm: cols }} spacing="lg" verticalSpacing="md" component="dl" m={0}>
          {datos.map((d) => (
            <Stack key={d.label} gap={2}>
              <Text component="dt" size="sm" c="dimmed">
                {d.label}
              </Text>
              <Text component="dd" m={0} fw={500} data-testid={d.testId}>
                {d.value === null || d.value === undefined || d.value === '' ? SIN_DATO : d.value}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      ) : null}
      {children}
    </Card>
  );
}

export interface ErrorCampo {
  path: string;
  message: string;
}

/** The server's field errors (`error.data.errors`), e.g. `{ path: 'datos.cliente_id', message }`. */
export function erroresServidor(error: unknown): ErrorCampo[] {
  if (!(error instanceof TRPCClientError)) return [];
  return (error.data as { errors?: ErrorCampo[] | null } | undefined)?.errors ?? [];
}

/** True when the server refused an oversale the operator has not confirmed (a stale preview). */
export function pideConfirmarSobreventa(error: unknown): boolean {
  return erroresServidor(error).some((e) => e.path === 'confirmar_sobreventa');
}
