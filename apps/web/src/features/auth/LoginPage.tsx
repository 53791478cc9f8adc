import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoadingState } from '../../components/StateViews';
import { errorMessage } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';
import { destinoSeguro } from './session';
import { useAuth } from './useAuth';

export default function LoginPage() {
  const { usuario, necesitaSetup, cargando, error: errorEstado } = useAuth();
  const [params] = useSearchParams();
  const next = destinoSeguro(params.get('next'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const login = trpc.auth.login.useMutation({
    onSuccess: (data) => {
      // A new user in this browser starts from an empty cache.
      queryClient.removeQueries();
      utils.auth.estado.setData(undefined, { necesitaSetup: false, usuario: data });
      navigate(next, { replace: true });
    },
  });

  if (cargando) return <LoadingState label="Verificando sesión…" />;
  if (necesitaSetup) return <Navigate to="/setup" replace />;
  if (usuario) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password });
  };

  return (
    <AuthLayout title="Iniciar sesión" description="Ingrese con su correo y contraseña.">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {login.error ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {errorMessage(login.error)}
            </Alert>
          ) : errorEstado ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {errorMessage(errorEstado)}
            </Alert>
          ) : null}
          <TextInput
            label="Correo"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Contraseña"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={login.isPending} disabled={!email.trim() || !password} fullWidth>
            Ingresar
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
