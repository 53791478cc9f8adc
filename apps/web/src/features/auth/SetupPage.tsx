import { Button, Stack, TextInput } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Navigate } from 'react-router';
import { LoadingState } from '../../components/StateViews';
import { errorHttpStatus } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { AuthLayout, AvisoError, useEntrar } from './AuthLayout';
import { CampoCorreo, CamposPasswordNueva, usePasswordNueva } from './CamposPassword';
import { useAuth } from './useAuth';

/** First run: while Troncal has no user, this is the only page it offers. */
export default function SetupPage() {
  const { usuario, necesitaSetup, cargando } = useAuth();
  const utils = trpc.useUtils();
  const entrar = useEntrar();
  const [email, setEmail] = useState('');
  const [nombre, setNombre] = useState('');
  const clave = usePasswordNueva();

  const setup = trpc.auth.setup.useMutation({
    onSuccess: (data) => entrar(data, '/'),
    onError: (error) => {
      // Someone else finished the setup first: the page is gone, the login page takes over.
      if (errorHttpStatus(error) === 409) void utils.auth.estado.invalidate();
    },
  });

  if (cargando) return <LoadingState label="Verificando…" />;
  if (usuario) return <Navigate to="/" replace />;
  if (!necesitaSetup && !setup.isPending) return <Navigate to="/login" replace />;

  const listo = !!email.trim() && !!nombre.trim() && clave.valida;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!listo) return;
    setup.mutate({ email, nombre, password: clave.password });
  };

  return (
    <AuthLayout
      title="Crear administrador"
      description="Troncal aún no tiene usuarios. Cree la cuenta del primer administrador; con ella podrá invitar al resto del equipo."
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <AvisoError error={setup.error} />
          <CampoCorreo autoComplete="username" autoFocus value={email} onChange={setEmail} />
          <TextInput
            label="Nombre"
            autoComplete="name"
            required
            value={nombre}
            onChange={(e) => setNombre(e.currentTarget.value)}
          />
          <CamposPasswordNueva campos={clave} label="Contraseña" />
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
