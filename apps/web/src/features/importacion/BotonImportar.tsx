import { Button } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { Link } from 'react-router';
import { SoloOperador } from '../referencia/comun';

/** "Importar" on an importable list (operador): opens the wizard for that entity. */
export function BotonImportar({ entidad }: { entidad: string }) {
  return (
    <SoloOperador>
      <Button component={Link} to={`/importar/${entidad}`} variant="default" leftSection={<IconUpload size={16} />}>
        Importar
      </Button>
    </SoloOperador>
  );
}
