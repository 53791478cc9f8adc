import { Select, type SelectProps } from '@mantine/core';
import { ROL_LABELS, ROLES, type Rol } from '@troncal/domain/enums';

const DATA = ROLES.map((r) => ({ value: r, label: ROL_LABELS[r] }));

export const DESCRIPCION_ROLES =
  'Lector: consulta. Operador: crea, edita y ajusta capacidad. Administrador: además usuarios y tokens.';

export interface RolSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  value: Rol | null;
  onChange: (rol: Rol) => void;
}

export function RolSelect({ value, onChange, ...props }: RolSelectProps) {
  return (
    <Select
      data={DATA}
      value={value}
      allowDeselect={false}
      onChange={(v) => {
        if (v) onChange(v as Rol);
      }}
      {...props}
    />
  );
}
