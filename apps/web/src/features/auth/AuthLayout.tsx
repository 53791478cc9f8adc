import { Alert, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconAntenna } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import type { UsuarioActual } from './useAuth';

/** The frame of the pages shown without a session (login, first-run setup). */
export function AuthLayout({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={420} gap="lg">
        <Group gap={8} justify="center" wrap="nowrap">
          <IconAntenna size={30} color="var(--mantine-primary-color-filled)" />
          <Text fw={700} fz={26} c="var(--mantine-primary-color-filled)">
            Troncal
          </Text>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          <Stack gap="md">
            <Stack gap={4}>
              <Title order={1} size="h2">
                {title}
              </Title>
              {description ? (
                <Text size="sm" c="dimmed">
                  {description}
                </Text>
              ) : null}
            </Stack>
            {children}
          </Stack>
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          Inventario de capacidad de red
        </Text>
      </Stack>
    </Center>
  );
}

/** The refusal above a login or setup form, if any. */
export function AvisoError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}

/** Once signed in (login or setup): a new user in this browser starts from an empty cache, then `destino`. */
export function useEntrar() {
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  return (usuario: UsuarioActual, destino: string) => {
    queryClient.removeQueries();
    utils.auth.estado.setData(undefined, { necesitaSetup: false, usuario });
    navigate(destino, { replace: true });
  };
}
