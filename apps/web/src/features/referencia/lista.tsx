import { Button, Group, Select } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { Exportar } from '../../components/Exportar';
import { PageHeader } from '../../components/PageHeader';
import { TAMANO_PAGINA } from '../../components/Paginacion';
import { useUrlState } from '../../lib/url-state';
import { BotonImportar } from '../importacion/BotonImportar';
import { CampoBusqueda, ResultadosReferencia, type ResultadosReferenciaProps, SoloOperador } from './comun';

type Vocabularios = Record<string, readonly string[]>;
type Filtros<V extends Vocabularios> = { [K in keyof V]: V[K][number] | undefined };

/**
 * A catalogue list's state in the URL: page, search and one dropdown per vocabulary (a value
 * outside it is no filter), and the page of the list query they ask for.
 */
export function useListaReferencia<const V extends Vocabularios>(vocabularios: V) {
  const vacios = Object.fromEntries(Object.keys(vocabularios).map((k) => [k, ''])) as Record<keyof V, string>;
  const [f, setF, reset] = useUrlState({ page: 1, q: '', ...vacios } as { page: number; q: string } & Record<
    string,
    string
  >);
  const filtros = Object.fromEntries(
    Object.entries(vocabularios).map(([k, valores]) => [k, valores.includes(f[k] as string) ? f[k] : undefined]),
  ) as Filtros<V>;
  const onSearch = useCallback((q: string) => setF({ q }, { replace: true }), [setF]);
  return {
    f,
    // The dropdowns' keys are the vocabularies' own: any of them may be set.
    setF: setF as ListaReferencia['setF'],
    reset,
    onSearch,
    filtros,
    filtrado: Boolean(f.q || Object.values(filtros).some(Boolean)),
    /** The list query's input: the page, the search and the filters. */
    consulta: {
      limit: TAMANO_PAGINA,
      offset: (f.page - 1) * TAMANO_PAGINA,
      search: f.q || undefined,
      ...filtros,
    },
  };
}

/** What the page needs of `useListaReferencia`, whatever its vocabularies. */
export interface ListaReferencia {
  f: { page: number; q: string };
  setF(patch: Record<string, string | number>): void;
  reset(): void;
  onSearch(q: string): void;
  filtros: Record<string, string | undefined>;
  filtrado: boolean;
}

export interface DesplegableFiltro {
  clave: string;
  label: string;
  /** The options: a vocabulary and its Spanish labels (`opciones`). */
  data: { value: string; label: string }[];
}

export interface PaginaListaProps<T>
  extends Pick<ResultadosReferenciaProps<T>, 'query' | 'plural' | 'titulo' | 'ninguno' | 'columnas' | 'fila'> {
  lista: ListaReferencia;
  /** `/nodos`: the list's route, its `nuevo` form and its /v1 export. */
  ruta: string;
  /** The import's entity, as BotonImportar names it. */
  importar: 'proveedores' | 'clientes' | 'nodos' | 'equipos';
  descripcion: string;
  /** "Nuevo nodo". */
  nuevo: string;
  placeholder: string;
  desplegables: DesplegableFiltro[];
  children?: ReactNode;
}

/** A catalogue's list page: header with export, import and create, search, dropdowns, results. */
export function PaginaLista<T>(p: PaginaListaProps<T>) {
  const { lista } = p;
  const nuevo = (
    <SoloOperador>
      <Button component={Link} to={`${p.ruta}/nuevo`} leftSection={<IconPlus size={16} />}>
        {p.nuevo}
      </Button>
    </SoloOperador>
  );
  return (
    <>
      <PageHeader
        title={p.titulo}
        description={p.descripcion}
        actions={
          <>
            <Exportar ruta={`/v1${p.ruta}`} filtros={{ search: lista.f.q, ...lista.filtros }} />
            <BotonImportar entidad={p.importar} />
            {nuevo}
          </>
        }
      />
      <Group align="flex-end" mb="md" gap="md">
        <CampoBusqueda value={lista.f.q} onSearch={lista.onSearch} placeholder={p.placeholder} />
        {p.desplegables.map((d) => (
          <Select
            key={d.clave}
            label={d.label}
            placeholder="Todos"
            data={d.data}
            value={lista.filtros[d.clave] ?? null}
            onChange={(v) => lista.setF({ [d.clave]: v ?? '' })}
            clearable
            w={180}
          />
        ))}
      </Group>
      <ResultadosReferencia
        query={p.query}
        plural={p.plural}
        titulo={p.titulo}
        ninguno={p.ninguno}
        filtrado={lista.filtrado}
        onLimpiar={lista.reset}
        nuevo={nuevo}
        page={lista.f.page}
        onPageChange={(page) => lista.setF({ page })}
        columnas={p.columnas}
        fila={p.fila}
      />
    </>
  );
}
