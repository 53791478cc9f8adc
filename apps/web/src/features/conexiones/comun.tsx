import { ENLACE_ESTADO_COLORS, ENLACE_ESTADO_LABELS, type EnlaceEstado } from '@troncal/domain/enums';
import { EstadoPill } from '../../components/EstadoPill';

/** The form's "Condición": the spec's four initial states, in its order. */
export const CONDICIONES_FORM: EnlaceEstado[] = ['PENDIENTE', 'ACTIVO', 'SUSPENDIDO', 'BAJA'];

/** The status pill: upper-case value (ACTIVO, BAJA…) in the vocabulary's colour. */
export function EnlaceEstadoPill({ estado }: { estado: string | null | undefined }) {
  if (!estado) return null;
  // A table column must never cut the state to "ACTI…".
  return (
    <EstadoPill
      estado={estado}
      colores={ENLACE_ESTADO_COLORS}
      label={estado.toUpperCase()}
      styles={{ label: { overflow: 'visible' } }}
    />
  );
}

export const etiquetaEstado = (estado: string) => ENLACE_ESTADO_LABELS[estado as EnlaceEstado] ?? estado;
