import { Alert } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { Rol } from '@troncal/domain/enums';
import { ROL_LABELS } from '@troncal/domain/enums';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { LoadingState } from '../../components/StateViews';
import { loginUrl } from './session';
import { useAuth } from './useAuth';

export interface RequireRoleProps {
  /** Minimum role: admin can do what operador can, operador what lector can. */
  rol: Rol;
  children: ReactNode;
  /** Rendered instead when the role is not enough. @default nothing */
  fallback?: ReactNode;
}

/**
 * Shows `children` only to users whose role reaches `rol`: for buttons and actions.
 *
 * ```tsx
 * <RequireRole rol="operador"><Button>Nuevo servicio</Button></RequireRole>
 * ```
 * To show a disabled control instead, use `useAuth().puede('operador')`.
 */
export function RequireRole({ rol, children, fallback = null }: RequireRoleProps) {
  const { puede } = useAuth();
  return <>{puede(rol) ? children : fallback}</>;
}

/** The page a user sees at a route their role cannot use (the server refuses its data anyway). */
export function SinPermiso({ rol }: { rol: Rol }) {
  return (
    <Alert color="orange" variant="light" icon={<IconLock size={20} />} title="Sin permiso" role="alert" my="md">
      Esta página requiere el rol {ROL_LABELS[rol]}. Pida acceso a un administrador.
    </Alert>
  );
}

/** A route element for whole pages: `element: <RequireRolePage rol="admin"><UsuariosPage /></RequireRolePage>`. */
export function RequireRolePage({ rol, children }: { rol: Rol; children: ReactNode }) {
  return (
    <RequireRole rol={rol} fallback={<SinPermiso rol={rol} />}>
      {children}
    </RequireRole>
  );
}

/**
 * Guards the application shell: no user yet → first-run setup; no session → login, coming back to the
 * page that was asked for afterwards.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { usuario, necesitaSetup, cargando, error } = useAuth();
  const location = useLocation();
  if (cargando) return <LoadingState label="Verificando sesión…" />;
  if (necesitaSetup) return <Navigate to="/setup" replace />;
  if (!usuario) {
    // A server that cannot be reached is not a missing session: say so on the login page instead.
    if (error) return <Navigate to={loginUrl(location.pathname, location.search)} replace state={{ error: true }} />;
    return <Navigate to={loginUrl(location.pathname, location.search)} replace />;
  }
  return <>{children}</>;
}
