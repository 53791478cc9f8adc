import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { SIN_DATO } from '../lib/format';

export interface DatoFicha {
  label: string;
  value: ReactNode;
  /** For browser tests: `data-testid` on the value. */
  testId?: string;
}

export interface FichaProps {
  /** The card's heading; with it the card is a named `section`. */
  titulo?: string;
  /** The label/value pairs, as a `dl`; a blank value shows "—". */
  datos?: DatoFicha[];
  cols?: number;
  /** Below the pairs (or instead of them): a table, a note. */
  children?: ReactNode;
  testId?: string;
}

/** The label/value card of every detail page. */
export function Ficha({ titulo, datos, cols = 2, children, testId }: FichaProps) {
  return (
    <Card withBorder padding="lg" component={titulo ? 'section' : 'div'} aria-label={titulo} data-testid={testId}>
      {titulo ? (
        <Title order={3} size="h4" mb="md">
          {titulo}
        </Title>
      ) : null}
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
