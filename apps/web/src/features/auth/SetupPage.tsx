import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { LoadingState } from '../../components/StateViews';
import { errorHttpStatus, errorMessage } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';
import { errorConfirmacion, errorPassword, passwordValida, REGLA_PASSWORD } from './password';
import { useAuth } from './useAuth';

/** First run: while Troncal has no user, this is the only page it offers. */
export default function SetupPage() {
  const { usuario, necesitaSetup, cargando } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const [email, setEmail] = useState('');
  const [nombre, setNombre] = useState('');
  const [password, setPassword] = useState('');
  const [confirmacion, setConfirmacion] = useState('');

  const setup = trpc.auth.setup.useMutation({
    onSuccess: (data) => {
      queryClient.removeQueries();
      utils.auth.estado.setData(undefined, { necesitaSetup: false, usuario: data });
      navigate('/', { replace: true });
    },
    onError: (error) => {
      // Someone else finished the setup first: the page is gone, the login page takes over.
      if (errorHttpStatus(error) === 409) void utils.auth.estado.invalidate();
    },
  });

  if (cargando) return <LoadingState label="Verificando…" />;
  if (usuario) return <Navigate to="/" replace />;
  if (!necesitaSetup && !setup.isPending) return <Navigate to="/login" replace />;

  const errPassword = errorPassword(password);
  const errConfirmacion = errorConfirmacion(password, confirmacion);
  const listo = !!email.trim() && !!nombre.trim() && passwordValida(password, confirmacion);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!listo) return;
    setup.mutate({ email, nombre, password });
  };

  return (
    <AuthLayout
      title="Crear administrador"
      description="Troncal aún no tiene usuarios. Cree la cuenta del primer administrador; con ella podrá invitar al resto del equipo."
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {setup.error ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {errorMessage(setup.error)}
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
          <TextInput
            label="Nombre"
            autoComplete="name"
            required
            value={nombre}
            onChange={(e) => setNombre(e.currentTarget.value)}
          />
          <PasswordInput
            label="Contraseña"
            description={REGLA_PASSWORD}
            autoComplete="new-password"
            required
            value={password}
            error={errPassword}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label="Confirmar contraseña"
            autoComplete="new-password"
            required
            value={confirmacion}
            error={errConfirmacion}
            onChange={(e) => setConfirmacion(e.currentTarget.value)}
          />
          <Button
            type="submit"
            loading={setup.isPending}
            disabled={!listo}
            leftSection={<IconShieldCheck size={18} />}
            fullWidth
          >
            Crear administrador
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
