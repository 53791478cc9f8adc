import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { formatNumber } from '../lib/format';

/** Every list in the SPA shows 10 rows a page (the spec's lists). */
export const TAMANO_PAGINA = 10;

/** A list query's `limit` and `offset` for a 1-based page. */
export const paginaConsulta = (page: number, tamano = TAMANO_PAGINA) => ({
  limit: tamano,
  offset: (page - 1) * tamano,
});

export interface PaginacionProps {
  /** 1-based current page. */
  page: number;
  /** @default TAMANO_PAGINA */
  pageSize?: number;
  /** Total number of records (the API's `total`). */
  total: number;
  onPageChange: (page: number) => void;
  /** Disable the buttons while a page loads. */
  disabled?: boolean;
}

export function totalPaginas(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}

export function Paginacion({ page, pageSize = TAMANO_PAGINA, total, onPageChange, disabled = false }: PaginacionProps) {
  const paginas = totalPaginas(total, pageSize);
  const actual = Math.min(Math.max(1, page), paginas);
  const registros = total === 1 ? 'registro' : 'registros';
  return (
    <Group justify="space-between" mt="md" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        Página {formatNumber(actual)} de {formatNumber(paginas)} · {formatNumber(total)} {registros}
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconChevronLeft size={14} />}
          disabled={disabled || actual <= 1}
          onClick={() => onPageChange(actual - 1)}
        >
          Anterior
        </Button>
        <Button
          variant="default"
          size="xs"
          rightSection={<IconChevronRight size={14} />}
          disabled={disabled || actual >= paginas}
          onClick={() => onPageChange(actual + 1)}
        >
          Siguiente
        </Button>
      </Group>
    </Group>
  );
}
