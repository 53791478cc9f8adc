import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';

export interface CampoBusquedaProps {
  /** The search as it is in the URL. */
  value: string;
  /** Called (debounced) with the new search; the page writes it to the URL. */
  onSearch: (value: string) => void;
  placeholder?: string;
  /** @default 'Buscar' */
  label?: string;
  description?: string;
  /** Fewer characters than this search nothing (the URL keeps no search). @default 1 */
  minimo?: number;
  /** Milliseconds after the last key. @default 300 */
  espera?: number;
}

/** The search box of a list: types freely, writes to the URL after the last key, follows back/forward. */
export function CampoBusqueda({
  value,
  onSearch,
  placeholder,
  label = 'Buscar',
  description,
  minimo = 1,
  espera = 300,
}: CampoBusquedaProps) {
  const [texto, setTexto] = useState(value);
  const [debounced] = useDebouncedValue(texto, espera);
  const ultimo = useRef(value);

  // The URL changed from outside (back button, "Limpiar filtros", a shared link): show it.
  useEffect(() => {
    if (value !== ultimo.current) {
      ultimo.current = value;
      setTexto(value);
    }
  }, [value]);

  useEffect(() => {
    const limpio = debounced.trim();
    const efectivo = limpio.length >= minimo ? limpio : '';
    if (efectivo !== ultimo.current) {
      ultimo.current = efectivo;
      onSearch(efectivo);
    }
  }, [debounced, minimo, onSearch]);

  return (
    <TextInput
      label={label}
      description={description}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={texto}
      onChange={(e) => setTexto(e.currentTarget.value)}
      w={{ base: '100%', sm: 320 }}
    />
  );
}
