type ClavesTexto<V> = { [K in keyof V]-?: V[K] extends string ? K : never }[keyof V];
type ClavesEleccion<V> = {
  [K in keyof V]-?: null extends V[K] ? (V[K] extends string | null ? K : never) : never;
}[keyof V];

/**
 * Binds a form's inputs to its values: `{...texto('locacion')}` on a TextInput or Textarea,
 * `{...eleccion('nodo_a')}` on a Select — each gets its value, its onChange (through `set`, which
 * also clears the field's error) and its error.
 */
export function enlazarCampos<V>(
  valores: V,
  errores: Partial<Record<string, string>>,
  set: <K extends keyof V>(campo: K, valor: V[K]) => void,
) {
  return {
    texto: <K extends ClavesTexto<V>>(k: K) => ({
      value: valores[k] as string,
      onChange: (e: { currentTarget: { value: string } }) => set(k, e.currentTarget.value as V[K]),
      error: errores[k as string],
    }),
    eleccion: <K extends ClavesEleccion<V>>(k: K) => ({
      value: valores[k] as string | null,
      onChange: (v: string | null) => set(k, v as V[K]),
      error: errores[k as string],
    }),
  };
}
