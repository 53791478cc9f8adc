import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundView() {
  return (
    <Container size="sm" py={48}>
      <Stack gap="md" align="flex-start">
        <Text c="dimmed" fw={700} size="xl">
          404
        </Text>
        <Title order={2}>Página no encontrada</Title>
        <Text>La dirección que abrió no existe o fue movida.</Text>
        <Button component={Link} to="/">
          Volver al inicio
        </Button>
      </Stack>
    </Container>
  );
}
