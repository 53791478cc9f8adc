import { Button, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { LoadingState } from '../../components/StateViews';
import { trpc } from '../../lib/trpc';
import { AuthLayout, AvisoError, useEntrar } from './AuthLayout';
import { CampoCorreo, CampoPasswordActual } from './CamposPassword';
import { destinoSeguro } from './session';
import { useAuth } from './useAuth';

export default function LoginPage() {
  const { usuario, necesitaSetup, cargando, error: errorEstado } = useAuth();
  const [params] = useSearchParams();
  const next = destinoSeguro(params.get('next'));
  const entrar = useEntrar();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const login = trpc.auth.login.useMutation({ onSuccess: (data) => entrar(data, next) });

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
          <AvisoError error={login.error ?? errorEstado} />
          <CampoCorreo autoComplete="username" autoFocus value={email} onChange={setEmail} />
          <CampoPasswordActual label="Contraseña" value={password} onChange={setPassword} />
          <Button type="submit" loading={login.isPending} disabled={!email.trim() || !password} fullWidth>
            Ingresar
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
