import { Button, Group } from '@mantine/core';
import { IconArrowLeft, IconEdit } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { AccionFila } from './AccionesFila';
import { PageHeader } from './PageHeader';

export interface CabeceraRegistroProps {
  titulo: ReactNode;
  /** The record's state pill, beside the title. */
  estado?: ReactNode;
  descripcion?: ReactNode;
  /** Back to the list: its route and the button's text (`['/nodos', 'Nodos']`). */
  volver: [ruta: string, texto: string];
  /** The edit form's route, or null when the user may not write (then no actions either). */
  editar: string | null;
  /** The record's own actions after "Editar" (the same ones its list row offers). */
  acciones?: AccionFila[];
}

/** A detail page's heading: title and state, "back to the list", and for operadores "Editar" and the actions. */
export function CabeceraRegistro({
  titulo,
  estado,
  descripcion,
  volver,
  editar,
  acciones = [],
}: CabeceraRegistroProps) {
  return (
    <PageHeader
      title={
        <Group gap="sm" component="span">
          {titulo}
          {estado}
        </Group>
      }
      description={descripcion}
      actions={
        <>
          <Button component={Link} to={volver[0]} variant="default" leftSection={<IconArrowLeft size={16} />}>
            {volver[1]}
          </Button>
          {editar ? (
            <>
              <Button component={Link} to={editar} variant="light" leftSection={<IconEdit size={16} />}>
                Editar
              </Button>
              {acciones.map((a) => (
                <Button
                  key={a.etiqueta}
                  variant="light"
                  color={a.color}
                  leftSection={a.icono}
                  disabled={a.disabled}
                  onClick={a.onClick}
                >
                  {a.etiqueta}
                </Button>
              ))}
            </>
          ) : null}
        </>
      }
    />
  );
}
