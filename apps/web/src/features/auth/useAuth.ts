import { useQueryClient } from '@tanstack/react-query';
import { ROL_LABELS, type Rol, rolPermite } from '@troncal/domain/enums';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { trpc } from '../../lib/trpc';

export interface UsuarioActual {
  usuario_id: number | null;
  nombre: string;
  email: string | null;
  rol: Rol;
  via: 'sesion' | 'token';
}

export interface Auth {
  /** The signed-in user, or null (anonymous, or still loading). */
  usuario: UsuarioActual | null;
  /** True while Troncal has no user at all: only "Crear administrador" is offered. */
  necesitaSetup: boolean;
  cargando: boolean;
  error: unknown;
  /** Can the current user do what `rol` may do? (admin ⊇ operador ⊇ lector) */
  puede: (rol: Rol) => boolean;
  rolLabel: string | null;
  cerrarSesion: () => Promise<void>;
}

/**
 * Who is signed in, from the server (`auth.estado`), cached by react-query for the whole SPA. Use it to
 * hide or disable what the role cannot do — the server refuses it regardless:
 *
 * ```tsx
 * const { puede } = useAuth();
 * <Button disabled={!puede('operador')}>Nuevo servicio</Button>
 * ```
 */
export function useAuth(): Auth {
  const estado = trpc.auth.estado.useQuery(undefined, { staleTime: 60_000, retry: 1 });
  const logout = trpc.auth.logout.useMutation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const usuario = estado.data?.usuario ?? null;

  const puede = useCallback((rol: Rol) => (usuario ? rolPermite(usuario.rol, rol) : false), [usuario]);

  const cerrarSesion = useCallback(async () => {
    try {
      await logout.mutateAsync();
    } finally {
      // Nothing of the previous user's data stays in memory for the next one.
      queryClient.clear();
      navigate('/login', { replace: true });
    }
  }, [logout, queryClient, navigate]);

  return {
    usuario,
    necesitaSetup: estado.data?.necesitaSetup ?? false,
    cargando: estado.isPending,
    error: estado.error,
    puede,
    rolLabel: usuario ? ROL_LABELS[usuario.rol] : null,
    cerrarSesion,
  };
}
