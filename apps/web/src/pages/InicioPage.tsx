import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'react-router';
import { NAV_ENTRIES } from '../components/nav';
import { PageHeader } from '../components/PageHeader';
import { trpc } from '../lib/trpc';

function EstadoServidor() {
  const health = trpc.health.check.useQuery(undefined, { retry: false, refetchOnWindowFocus: false });
  if (health.isPending)
    return (
      <Badge color="gray" variant="light">
        Verificando servidor…
      </Badge>
    );
  if (health.isError)
    return (
      <Badge color="red" variant="light">
        Servidor sin conexión
      </Badge>
    );
  if (!health.data.ok)
    return (
      <Badge color="orange" variant="light">
        Base de datos no disponible
      </Badge>
    );
  return (
    <Badge color="teal" variant="light">
      Servidor en línea
    </Badge>
  );
}

export default function InicioPage() {
  return (
    <>
      <PageHeader
        title="Inicio"
        description="Inventario de capacidad de red: servicios de proveedor, enlaces de clientes y su capacidad."
        actions={<EstadoServidor />}
      />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {NAV_ENTRIES.map((entry) => {
          const Icon = entry.icon;
          const body = (
            <Group wrap="nowrap" align="flex-start">
              <ThemeIcon variant="light" size="lg" color={entry.enabled ? undefined : 'gray'}>
                <Icon size={20} />
              </ThemeIcon>
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={600}>{entry.label}</Text>
                  {entry.enabled ? null : (
                    <Badge size="xs" color="gray" variant="light">
                      Próximamente
                    </Badge>
                  )}
                </Group>
                {entry.description ? (
                  <Text size="sm" c="dimmed">
                    {entry.description}
                  </Text>
                ) : null}
              </Stack>
            </Group>
          );
          return entry.enabled ? (
            <Card key={entry.to} withBorder padding="md" component={Link} to={entry.to}>
              {body}
            </Card>
          ) : (
            <Card key={entry.to} withBorder padding="md" opacity={0.6} aria-disabled="true">
              {body}
            </Card>
          );
        })}
      </SimpleGrid>
    </>
  );
}
