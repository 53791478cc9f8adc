import { ActionIcon, Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export interface ModalSecretoProps {
  opened: boolean;
  onClose: () => void;
  /** The form's title, and the title once the secret is shown. */
  titulo: string;
  tituloSecreto: string;
  /** The secret the server returned once; null while the form is shown. */
  secreto: string | null;
  /** The secret's field label ("Token"). */
  etiqueta: string;
  /** "Copie el token ahora y guárdelo en un lugar seguro". */
  aviso: string;
  /** How to use it, below the field. */
  ayuda: ReactNode;
  /** The form that creates the record. */
  children: ReactNode;
}

/**
 * A creation form whose answer carries a secret shown once: after this modal closes nobody can see
 * it again, so a stray click outside does not close it.
 */
export function ModalSecreto(p: ModalSecretoProps) {
  const { secreto } = p;
  return (
    <Modal
      opened={p.opened}
      onClose={p.onClose}
      title={secreto ? p.tituloSecreto : p.titulo}
      size="lg"
      closeOnClickOutside={!secreto}
    >
      {secreto ? (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
            {p.aviso}: no se volverá a mostrar.
          </Alert>
          <TextInput
            label={p.etiqueta}
            readOnly
            value={secreto}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            onFocus={(e) => e.currentTarget.select()}
            rightSection={
              <CopyButton value={secreto} timeout={2000}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copiado' : 'Copiar'} withArrow>
                    <ActionIcon
                      variant="subtle"
                      color={copied ? 'teal' : 'gray'}
                      onClick={copy}
                      aria-label={copied ? 'Copiado' : 'Copiar'}
                    >
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            }
          />
          <Text size="sm" c="dimmed">
            {p.ayuda}
          </Text>
          <Group justify="flex-end">
            <Button onClick={p.onClose}>Listo</Button>
          </Group>
        </Stack>
      ) : (
        p.children
      )}
    </Modal>
  );
}
