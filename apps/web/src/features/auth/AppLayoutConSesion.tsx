import { AppLayout } from '../../components/AppLayout';
import { UsuarioMenu } from './UsuarioMenu';
import { useAuth } from './useAuth';

/** The shell with the signed-in user's menu and the entries their role may open. */
export function AppLayoutConSesion() {
  const { puede } = useAuth();
  return <AppLayout usuario={<UsuarioMenu />} puede={puede} />;
}
