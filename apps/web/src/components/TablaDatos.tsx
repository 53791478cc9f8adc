import { Card, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { Paginacion, type PaginacionProps } from './Paginacion';
import { type ConsultaEstado, EmptyState, type EmptyStateProps, SegunConsulta } from './StateViews';
import tabla from './tabla.module.css';

/** A column heading: its text, or the text with how the column sits. */
export type Columna =
  | string
  | {
      titulo: string;
      /** Figures: aligned to the right. */
      derecha?: boolean;
      ancho?: number;
      /** The row actions, pinned to the right edge. */
      acciones?: boolean;
    };

export interface TablaDatosProps {
  /** The table's accessible name. */
  titulo: string;
  columnas: Columna[];
  /** Wider than this, the table scrolls sideways. */
  minWidth: number;
  /** While a new page loads. */
  ocupada?: boolean;
  /** The rows. */
  children: ReactNode;
  /** A paged list: "Página … de …", Anterior and Siguiente below the table. */
  paginacion?: PaginacionProps;
}

/** Every list's table: striped, scrolls sideways on narrow windows, one heading row, and its pages. */
export function TablaDatos({ titulo, columnas, minWidth, ocupada, children, paginacion }: TablaDatosProps) {
  return (
    <>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped highlightOnHover verticalSpacing="sm" aria-label={titulo} aria-busy={ocupada}>
          <Table.Thead>
            <Table.Tr>
              {columnas.map((c) =>
                typeof c === 'string' ? (
                  <Table.Th key={c}>{c}</Table.Th>
                ) : (
                  <Table.Th
                    key={c.titulo}
                    ta={c.derecha ? 'right' : undefined}
                    w={c.ancho}
                    className={c.acciones ? tabla.acciones : undefined}
                  >
                    {c.titulo}
                  </Table.Th>
                ),
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {paginacion ? <Paginacion {...paginacion} /> : null}
    </>
  );
}

export interface TablaConsultaProps<T> extends Omit<TablaDatosProps, 'children'> {
  consulta: ConsultaEstado;
  /** The rows the query answered. */
  filas: T[];
  fila: (item: T) => ReactNode;
  /** What an empty answer says. */
  vacio: EmptyStateProps;
}

/** A query's rows in a bordered card: "Cargando…", the error with "Reintentar", the empty state or the table. */
export function TablaConsulta<T>({ consulta, filas, fila, vacio, ...tabla }: TablaConsultaProps<T>) {
  return (
    <Card withBorder padding={0}>
      <SegunConsulta consulta={consulta} vacia={filas.length === 0} vacio={<EmptyState {...vacio} />}>
        <TablaDatos {...tabla}>{filas.map(fila)}</TablaDatos>
      </SegunConsulta>
    </Card>
  );
}
