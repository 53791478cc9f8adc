import { Button, Code, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { errorMessage } from '../lib/errors';
import { NotFoundView } from './NotFoundView';

export interface ErrorFallbackProps {
  error: unknown;
  /** Defaults to reloading the page, which also recovers from a stale lazy chunk after a deploy. */
  onRetry?: () => void;
}

/** Readable Spanish error screen: never leave the user with a blank page. */
export function ErrorFallback({ error, onRetry }: ErrorFallbackProps) {
  return (
    <Container size="sm" py={48}>
      <Stack gap="md" role="alert">
        <Group gap="sm">
          <IconAlertTriangle size={32} color="var(--mantine-color-red-6)" />
          <Title order={2}>Algo salió mal</Title>
        </Group>
        <Text>Ocurrió un error al mostrar esta pantalla.</Text>
        <Code block>{errorMessage(error)}</Code>
        <Group>
          <Button onClick={onRetry ?? (() => window.location.reload())}>Reintentar</Button>
          <Button component="a" href="/" variant="default">
            Ir al inicio
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}

/** Route `errorElement`: loader/render errors of a route, and 404 responses. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return <NotFoundView />;
    return <ErrorFallback error={new Error(`${error.status} ${error.statusText || ''}`.trim())} />;
  }
  return <ErrorFallback error={error} />;
}

interface AppErrorBoundaryState {
  error: unknown;
  hasError: boolean;
}

/** Top-level boundary for anything outside the router (providers, the router itself). */
export class AppErrorBoundary extends Component<{ children: ReactNode }, AppErrorBoundaryState> {
  override state: AppErrorBoundaryState = { error: null, hasError: false };

  static getDerivedStateFromError(error: unknown): AppErrorBoundaryState {
    return { error, hasError: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Error no controlado en la interfaz', error, info.componentStack);
  }

  override render() {
    if (this.state.hasError) return <ErrorFallback error={this.state.error} />;
    return this.props.children;
  }
}
