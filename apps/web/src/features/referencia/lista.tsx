import { Button, Group } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { CampoBusqueda } from '../../components/CampoBusqueda';
import { Exportar, type ExportarProps } from '../../components/Exportar';
import { FiltroSelect } from '../../components/FiltroSelect';
import { PageHeader } from '../../components/PageHeader';
import { paginaConsulta } from '../../components/Paginacion';
import { ResultadosLista, type ResultadosListaProps } from '../../components/ResultadosLista';
import { useUrlState } from '../../lib/url-state';
import { BotonImportar } from '../importacion/BotonImportar';
import type { Catalogo } from './catalogos';
import { SoloOperador } from './comun';

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
      ...paginaConsulta(f.page),
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

/** "Nuevo …" of a list, for operadores (in the header and again in an empty list). */
export function BotonNuevo({ ruta, children }: { ruta: string; children: ReactNode }) {
  return (
    <SoloOperador>
      <Button component={Link} to={ruta} leftSection={<IconPlus size={16} />}>
        {children}
      </Button>
    </SoloOperador>
  );
}

/** A list's heading: title, what it holds, and Exportar (with the filters on screen), Importar and Nuevo. */
export function CabeceraLista(p: {
  titulo: string;
  descripcion: string;
  /** The list's `/v1` export and the filters it takes. */
  exportar: ExportarProps;
  /** The import's entity, as BotonImportar names it. */
  importar: string;
  nuevo: ReactNode;
}) {
  return (
    <PageHeader
      title={p.titulo}
      description={p.descripcion}
      actions={
        <>
          <Exportar {...p.exportar} />
          <BotonImportar entidad={p.importar} />
          {p.nuevo}
        </>
      }
    />
  );
}

export interface PaginaListaProps<T> extends Pick<ResultadosListaProps<T>, 'query' | 'columnas' | 'fila'> {
  catalogo: Catalogo;
  lista: ListaReferencia;
  desplegables: DesplegableFiltro[];
}

/** A catalogue's list page: header with export, import and create, search, dropdowns, results. */
export function PaginaLista<T>({ catalogo: c, lista, ...p }: PaginaListaProps<T>) {
  const nuevo = <BotonNuevo ruta={`${c.ruta}/nuevo`}>Nuevo {c.singular}</BotonNuevo>;
  return (
    <>
      <CabeceraLista
        titulo={c.titulo}
        descripcion={c.descripcion}
        exportar={{ ruta: `/v1${c.ruta}`, filtros: { search: lista.f.q, ...lista.filtros } }}
        importar={c.plural}
        nuevo={nuevo}
      />
      <Group align="flex-end" mb="md" gap="md">
        <CampoBusqueda value={lista.f.q} onSearch={lista.onSearch} placeholder={c.busqueda} />
        {p.desplegables.map((d) => (
          <FiltroSelect
            key={d.clave}
            label={d.label}
            data={d.data}
            value={lista.filtros[d.clave] ?? null}
            onChange={(v) => lista.setF({ [d.clave]: v ?? '' })}
            w={180}
          />
        ))}
      </Group>
      <ResultadosLista
        query={p.query}
        titulo={c.titulo}
        cargando={`Cargando ${c.plural}…`}
        filtrado={lista.filtrado}
        onLimpiar={lista.reset}
        ninguno={`Ningún ${c.singular} coincide`}
        vacio={`Aún no hay ${c.plural}`}
        vacioDetalle="Registre el primero."
        nuevo={nuevo}
        columnas={p.columnas}
        minWidth={720}
        fila={p.fila}
        page={lista.f.page}
        onPageChange={(page) => lista.setF({ page })}
      />
    </>
  );
}
