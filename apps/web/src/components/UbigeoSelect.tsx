import { Autocomplete, type AutocompleteProps, type OptionsFilter, Select, SimpleGrid, Stack } from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import { buscarUbigeo, normalizarTexto, type UbigeoItem, useUbigeo } from '../lib/ubigeo';

/** Accent- and case-insensitive contains-match for ubigeo option lists. */
export const filtroSinTildes: OptionsFilter = ({ options, search, limit }) => {
  const buscado = normalizarTexto(search);
  const result: typeof options = [];
  for (const option of options) {
    if (result.length >= limit) break;
    if ('label' in option && normalizarTexto(option.label).includes(buscado)) result.push(option);
  }
  return result;
};

function aOpciones(items: readonly UbigeoItem[]) {
  return items.map((item) => ({ value: item.codigo, label: item.nombre }));
}

export interface DepartamentoProvincia {
  departamento: string | null;
  provincia: string | null;
}

export interface DepartamentoProvinciaDetalle {
  departamento: UbigeoItem | null;
  provincia: UbigeoItem | null;
}

export interface DepartamentoProvinciaSelectProps {
  /** Names or INEI codes (either is understood on input, whatever `emit` says). */
  value: DepartamentoProvincia;
  /** Receives names or codes as `emit` says; `detalle` always carries both. */
  onChange: (value: DepartamentoProvincia, detalle: DepartamentoProvinciaDetalle) => void;
  /** What `onChange` emits: the name ("Lima") or the INEI code ("15"). @default 'nombre' */
  emit?: 'nombre' | 'codigo';
  required?: boolean;
  disabled?: boolean;
  error?: { departamento?: ReactNode; provincia?: ReactNode };
  /** Side by side (from the `sm` breakpoint) or stacked. @default 'horizontal' */
  layout?: 'horizontal' | 'vertical';
}

/**
 * Linked "Departamento" / "Provincia" selects. Provincia stays disabled until a departamento is chosen
 * and is cleared whenever the departamento changes.
 */
export function DepartamentoProvinciaSelect({
  value,
  onChange,
  emit = 'nombre',
  required,
  disabled,
  error,
  layout = 'horizontal',
}: DepartamentoProvinciaSelectProps) {
  const { ubigeo, error: loadError } = useUbigeo();

  const departamentos = useMemo<UbigeoItem[]>(() => (ubigeo ? ubigeo.departamentos() : []), [ubigeo]);
  const departamento = buscarUbigeo(departamentos, value.departamento);
  const provincias = useMemo<UbigeoItem[]>(
    () => (ubigeo && departamento ? ubigeo.provincias(departamento.codigo) : []),
    [ubigeo, departamento],
  );
  const provincia = buscarUbigeo(provincias, value.provincia);
  const departamentoOptions = useMemo(() => aOpciones(departamentos), [departamentos]);
  const provinciaOptions = useMemo(() => aOpciones(provincias), [provincias]);

  const emitir = (item: UbigeoItem | null) => (item ? (emit === 'codigo' ? item.codigo : item.nombre) : null);
  const cargando = !ubigeo && !loadError;
  const errorCarga = loadError ? 'No se pudo cargar la lista de ubigeos.' : undefined;

  const Layout = layout === 'horizontal' ? SimpleGrid : Stack;
  const layoutProps = layout === 'horizontal' ? { cols: { base: 1, sm: 2 } } : { gap: 'sm' };

  return (
    <Layout {...layoutProps}>
      <Select
        label="Departamento"
        placeholder={cargando ? 'Cargando…' : 'Seleccione un departamento'}
        data={departamentoOptions}
        value={departamento?.codigo ?? null}
        onChange={(codigo) => {
          const nuevo = departamentos.find((item) => item.codigo === codigo) ?? null;
          if (nuevo?.codigo === departamento?.codigo) return;
          onChange({ departamento: emitir(nuevo), provincia: null }, { departamento: nuevo, provincia: null });
        }}
        searchable
        clearable
        filter={filtroSinTildes}
        nothingFoundMessage="Sin coincidencias"
        required={required}
        disabled={disabled || cargando}
        error={error?.departamento ?? errorCarga}
      />
      <Select
        label="Provincia"
        placeholder={departamento ? 'Seleccione una provincia' : 'Elija primero el departamento'}
        data={provinciaOptions}
        value={provincia?.codigo ?? null}
        onChange={(codigo) => {
          const nueva = provincias.find((item) => item.codigo === codigo) ?? null;
          onChange(
            { departamento: emitir(departamento), provincia: emitir(nueva) },
            { departamento, provincia: nueva },
          );
        }}
        searchable
        clearable
        filter={filtroSinTildes}
        nothingFoundMessage="Sin coincidencias"
        required={required}
        disabled={disabled || !departamento}
        error={error?.provincia}
      />
    </Layout>
  );
}

export interface DistritoAutocompleteProps
  extends Omit<AutocompleteProps, 'data' | 'value' | 'onChange' | 'label' | 'filter'> {
  /**
   * Code (preferred: unambiguous) or name of the provincia whose districts are suggested; without it
   * there are no suggestions. `DepartamentoProvinciaSelect`'s `detalle.provincia.codigo` is the code.
   */
  provincia: string | null;
  /** Only needed when `provincia` is a name shared by several departamentos. */
  departamento?: string | null;
  value: string;
  /** `distrito` is the matching district when the text is exactly one of the suggestions. */
  onChange: (value: string, distrito: UbigeoItem | null) => void;
}

/** "Distrito" text field with the provincia's districts as suggestions; free text is allowed. */
export function DistritoAutocomplete({
  provincia,
  departamento,
  value,
  onChange,
  placeholder,
  ...props
}: DistritoAutocompleteProps) {
  const { ubigeo } = useUbigeo();
  const distritos = useMemo<UbigeoItem[]>(() => {
    if (!ubigeo || !provincia) return [];
    try {
      return ubigeo.distritos(provincia, departamento);
    } catch {
      // An ambiguous provincia name without its departamento: offer no suggestions rather than fail.
      return [];
    }
  }, [ubigeo, provincia, departamento]);
  // Autocomplete options are plain strings; district names are unique within a provincia.
  const data = useMemo(() => [...new Set(distritos.map((item) => item.nombre))], [distritos]);

  return (
    <Autocomplete
      label="Distrito"
      placeholder={placeholder ?? (provincia ? 'Escriba o elija un distrito' : 'Distrito')}
      data={data}
      value={value}
      onChange={(texto) => onChange(texto, buscarUbigeo(distritos, texto))}
      filter={filtroSinTildes}
      {...props}
    />
  );
}
