import { Button, Card } from '@mantine/core';
import type { ReactNode } from 'react';
import { Paginacion } from './Paginacion';
import { EmptyState, SegunConsulta } from './StateViews';
import { type Columna, TablaDatos } from './TablaDatos';

export interface ResultadosListaProps<T> {
  /** The list query (`{ data, total }` a page). */
  query: {
    isPending: boolean;
    isError: boolean;
    isFetching: boolean;
    error: unknown;
    data: { data: T[]; total: number } | undefined;
    refetch: () => unknown;
  };
  /** The table's accessible name ("Clientes"). */
  titulo: string;
  /** "Cargando clientes…". */
  cargando?: string;
  /** A search or filter is set: an empty page is "none matches", with "Limpiar filtros". */
  filtrado: boolean;
  onLimpiar: () => void;
  /** "Ningún cliente coincide". */
  ninguno: string;
  ningunoDetalle?: string;
  /** "Aún no hay clientes", and what it takes to register one. */
  vacio: string;
  vacioDetalle: string;
  /** The create button, offered again when the list is empty (null for lectores). */
  nuevo: ReactNode;
  columnas: Columna[];
  minWidth: number;
  fila: (item: T) => ReactNode;
  page: number;
  onPageChange: (page: number) => void;
}

/** A paged list's results: loading, error, empty (filtered or not), the table and Anterior / Siguiente. */
export function ResultadosLista<T>(p: ResultadosListaProps<T>) {
  const { query } = p;
  const filas = query.data?.data ?? [];
  const vacio = p.filtrado ? (
    <EmptyState
      title={p.ninguno}
      description={p.ningunoDetalle ?? 'Pruebe con otra búsqueda o quite los filtros.'}
      action={
        <Button variant="default" onClick={p.onLimpiar}>
          Limpiar filtros
        </Button>
      }
    />
  ) : (
    <EmptyState title={p.vacio} description={p.vacioDetalle} action={p.nuevo} />
  );
  const tabla = (
    <Card withBorder padding={0}>
      <SegunConsulta consulta={query} cargando={p.cargando} vacia={filas.length === 0} vacio={vacio}>
        <TablaDatos titulo={p.titulo} columnas={p.columnas} minWidth={p.minWidth} ocupada={query.isFetching}>
          {filas.map(p.fila)}
        </TablaDatos>
      </SegunConsulta>
    </Card>
  );
  return (
    <>
      {tabla}
      {filas.length > 0 ? (
        <Paginacion
          page={p.page}
          total={query.data?.total ?? 0}
          onPageChange={p.onPageChange}
          disabled={query.isFetching}
        />
      ) : null}
    </>
  );
}
