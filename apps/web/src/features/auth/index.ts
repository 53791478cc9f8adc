// Access control for the SPA: other features import from here.
export { AppLayoutConSesion } from './AppLayoutConSesion';
export { RequireAuth, RequireRole, RequireRolePage, SinPermiso } from './RequireRole';
export { type Auth, type UsuarioActual, useAuth } from './useAuth';
export { usePuedeOperar } from './usePuedeOperar';
