import { ActionIcon, Group, Table, Tooltip } from '@mantine/core';
import { IconEdit, IconEye } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import tabla from './tabla.module.css';

export interface AccionFila {
  /** The button's accessible name ("Aumentar BW"). */
  etiqueta: string;
  icono: ReactNode;
  onClick: () => void;
  color?: string;
  disabled?: boolean;
  /** The tooltip when it is not the label (why the action is disabled). */
  tooltip?: string;
}

function Icono({ etiqueta, tooltip, children }: { etiqueta: string; tooltip?: string; children: ReactNode }) {
  return <Tooltip label={tooltip ?? etiqueta}>{children}</Tooltip>;
}

/**
 * A list row's actions cell (kept in view when the table scrolls sideways): icon buttons with a
 * tooltip, "Ver" always; "Editar" and the row's own actions only when `editar` is given (the user
 * may write).
 */
export function AccionesFila({
  ver,
  editar,
  acciones = [],
}: {
  ver: string;
  editar?: string | null;
  acciones?: AccionFila[];
}) {
  return (
    <Table.Td className={tabla.acciones}>
      <Group gap={4} wrap="nowrap">
        <Icono etiqueta="Ver">
          <ActionIcon variant="subtle" component={Link} to={ver} aria-label="Ver">
            <IconEye size={18} />
          </ActionIcon>
        </Icono>
        {editar ? (
          <>
            <Icono etiqueta="Editar">
              <ActionIcon variant="subtle" component={Link} to={editar} aria-label="Editar">
                <IconEdit size={18} />
              </ActionIcon>
            </Icono>
            {acciones.map((a) => (
              <Icono key={a.etiqueta} etiqueta={a.etiqueta} tooltip={a.tooltip}>
                <ActionIcon
                  variant="subtle"
                  color={a.color}
                  aria-label={a.etiqueta}
                  disabled={a.disabled}
                  onClick={a.onClick}
                >
                  {a.icono}
                </ActionIcon>
              </Icono>
            ))}
          </>
        ) : null}
      </Group>
    </Table.Td>
  );
}
