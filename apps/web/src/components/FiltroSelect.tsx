import { Select, type SelectProps } from '@mantine/core';

export interface FiltroSelectProps extends Pick<SelectProps, 'w' | 'nothingFoundMessage'> {
  label: string;
  data: (string | { value: string; label: string })[];
  value: string | null;
  /** null when cleared: no filter. */
  onChange: (value: string | null) => void;
  /** @default 'Todos' */
  placeholder?: string;
  /** A long list: the user may type to find the option. */
  buscable?: boolean;
}

/** A list's filter dropdown: "Todos" (or "Todas") when nothing is chosen, clearable. */
export function FiltroSelect({ placeholder = 'Todos', buscable, ...p }: FiltroSelectProps) {
  return <Select {...p} placeholder={placeholder} searchable={buscable} clearable />;
}
