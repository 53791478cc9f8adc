import { useAuth } from './useAuth';

/**
 * Whether the signed-in user may write (operador or admin): lectores do not see create, edit and
 * adjust actions. The server enforces the same rule; this only keeps dead buttons off the screen.
 */
export function usePuedeOperar(): boolean {
  return useAuth().puede('operador');
}
