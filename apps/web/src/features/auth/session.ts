import type { QueryClient } from '@tanstack/react-query';
import { errorHttpStatus } from '../../lib/errors';

/** Pages reachable without a session: a 401 there is an answer, not an expiry. */
export const RUTAS_PUBLICAS = ['/login', '/setup'];

/**
 * Only a path of this SPA may be a `next`: `//evil.example` or `https://…` would turn the login page
 * into an open redirect.
 */
export function destinoSeguro(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (RUTAS_PUBLICAS.some((r) => next === r || next.startsWith(`${r}?`))) return '/';
  return next;
}

export function loginUrl(pathname: string, search = ''): string {
  const actual = `${pathname}${search}`;
  return actual === '/' ? '/login' : `/login?next=${encodeURIComponent(actual)}`;
}

/**
 * Any tRPC UNAUTHORIZED (the session expired, was closed elsewhere, or the user was deactivated):
 * forget the cached data and go to the login page, which brings the user back here afterwards.
 * Wired into the QueryCache and MutationCache in App.tsx.
 */
export function alPerderSesion(
  error: unknown,
  queryClient: QueryClient,
  navigate: (to: string, opts: { replace: boolean }) => unknown,
): void {
  if (errorHttpStatus(error) !== 401) return;
  const { pathname, search } = window.location;
  if (RUTAS_PUBLICAS.includes(pathname)) return;
  queryClient.removeQueries();
  void navigate(loginUrl(pathname, search), { replace: true });
}
