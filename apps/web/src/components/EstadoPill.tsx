import { Badge, type BadgeProps, type MantineColor } from '@mantine/core';

/** Colour per state value (upper case keys). */
export type ColoresEstado = Readonly<Record<string, MantineColor>>;

/** Colours for the vocabularies the product uses (enlace_estado, condicion, estados of reference data). */
export const COLORES_ESTADO: ColoresEstado = {
  ACTIVO: 'teal',
  PENDIENTE: 'yellow',
  SUSPENDIDO: 'orange',
  STANDBY: 'blue',
  RESERVA: 'cyan',
  DISPONIBLE: 'teal',
  ASIGNADO: 'blue',
  INACTIVO: 'gray',
  BAJA: 'dark',
  DOWN: 'red',
};

export interface EstadoPillProps extends Omit<BadgeProps, 'color' | 'children'> {
  estado: string | null | undefined;
  /** Colour map, looked up by the upper-cased estado. @default COLORES_ESTADO */
  colores?: ColoresEstado;
  /** Colour for values missing from the map. @default 'gray' */
  colorPorDefecto?: MantineColor;
  /** Text to show instead of the raw value. */
  label?: string;
}

export function EstadoPill({
  estado,
  colores = COLORES_ESTADO,
  colorPorDefecto = 'gray',
  label,
  variant = 'light',
  ...badgeProps
}: EstadoPillProps) {
  if (!estado) return null;
  const key = estado.toUpperCase();
  return (
    <Badge color={colores[key] ?? colorPorDefecto} variant={variant} radius="sm" {...badgeProps}>
      {label ?? key}
    </Badge>
  );
}

/** "Activo" / "Inactivo" of a user or a webhook. */
export function PillActivo({ activo }: { activo: boolean }) {
  return <EstadoPill estado={activo ? 'ACTIVO' : 'INACTIVO'} label={activo ? 'Activo' : 'Inactivo'} />;
}
