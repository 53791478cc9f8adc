import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { RouteErrorPage } from './components/ErrorBoundary';
import { NotFoundView } from './components/NotFoundView';
import { AppLayoutConSesion, RequireAuth, RequireRolePage } from './features/auth';
import { alPerderSesion } from './features/auth/session';
import { errorHttpStatus } from './lib/errors';
import { createTrpcClient, trpc } from './lib/trpc';

// Route pages load on demand so the initial chunk holds only the shell.
const InicioPage = lazy(() => import('./pages/InicioPage'));
const UbigeoPage = lazy(() => import('./features/ubigeo/UbigeoPage'));
const LoginPage = lazy(() => import('./features/auth/LoginPage'));
const SetupPage = lazy(() => import('./features/auth/SetupPage'));
const UsuariosPage = lazy(() => import('./features/admin/UsuariosPage'));
const TokensPage = lazy(() => import('./features/admin/TokensPage'));
const WebhooksPage = lazy(() => import('./features/admin/WebhooksPage'));
const ActividadPage = lazy(() => import('./features/cambios/ActividadPage'));
const WebhookDetailPage = lazy(() => import('./features/admin/WebhookDetailPage'));
const ProveedoresListPage = lazy(() => import('./features/proveedores/ProveedoresListPage'));
const ProveedorFormPage = lazy(() => import('./features/proveedores/ProveedorFormPage'));
const ProveedorDetailPage = lazy(() => import('./features/proveedores/ProveedorDetailPage'));
const ClientesListPage = lazy(() => import('./features/clientes/ClientesListPage'));
const ClienteFormPage = lazy(() => import('./features/clientes/ClienteFormPage'));
const ClienteDetailPage = lazy(() => import('./features/clientes/ClienteDetailPage'));
const NodosListPage = lazy(() => import('./features/nodos/NodosListPage'));
const NodoFormPage = lazy(() => import('./features/nodos/NodoFormPage'));
const NodoDetailPage = lazy(() => import('./features/nodos/NodoDetailPage'));
const EquiposListPage = lazy(() => import('./features/equipos/EquiposListPage'));
const EquipoFormPage = lazy(() => import('./features/equipos/EquipoFormPage'));
const EquipoDetailPage = lazy(() => import('./features/equipos/EquipoDetailPage'));
const ServiciosListPage = lazy(() => import('./features/servicios/ServiciosListPage'));
const ServicioFormPage = lazy(() => import('./features/servicios/ServicioFormPage'));
const ServicioDetallePage = lazy(() => import('./features/servicios/ServicioDetallePage'));
const ConexionesListPage = lazy(() => import('./features/conexiones/ConexionesListPage'));
const ConexionFormPage = lazy(() => import('./features/conexiones/ConexionFormPage'));
const ConexionDetailPage = lazy(() => import('./features/conexiones/ConexionDetailPage'));
const MonitoreoPage = lazy(() => import('./features/monitoreo/MonitoreoPage'));
const ImportarPage = lazy(() => import('./features/importacion/ImportarPage'));

export const router = createBrowserRouter([
  // Without a session: login and, while Troncal has no user, the first admin's creation.
  {
    errorElement: <RouteErrorPage />,
    children: [
      {
        path: 'login',
        element: (
          <Suspense fallback={null}>
            <LoginPage />
          </Suspense>
        ),
      },
      {
        path: 'setup',
        element: (
          <Suspense fallback={null}>
            <SetupPage />
          </Suspense>
        ),
      },
    ],
  },
  {
    element: (
      <RequireAuth>
        <AppLayoutConSesion />
      </RequireAuth>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      {
        // A second boundary inside the layout keeps the header and sidebar on screen when a page fails.
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <InicioPage /> },
          { path: 'ubigeo', element: <UbigeoPage /> },
          {
            path: 'importar/:entidad',
            element: (
              <RequireRolePage rol="operador">
                <ImportarPage />
              </RequireRolePage>
            ),
          },
          // Connections (enlaces): list, "Nueva servicio cliente", detail, edit.
          { path: 'conexiones', element: <ConexionesListPage /> },
          {
            path: 'conexiones/nueva',
            element: (
              <RequireRolePage key="nueva" rol="operador">
                <ConexionFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'conexiones/:id', element: <ConexionDetailPage /> },
          {
            path: 'conexiones/:id/editar',
            element: (
              <RequireRolePage key="editar" rol="operador">
                <ConexionFormPage />
              </RequireRolePage>
            ),
          },
          // Reference data: list, new, detail, edit. Forms need operador; the `key` remounts the form
          // when moving between "nuevo" and "editar" so no state leaks from one record to another.
          { path: 'proveedores', element: <ProveedoresListPage /> },
          {
            path: 'proveedores/nuevo',
            element: (
              <RequireRolePage key="nuevo" rol="operador">
                <ProveedorFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'proveedores/:id', element: <ProveedorDetailPage /> },
          {
            path: 'proveedores/:id/editar',
            element: (
              <RequireRolePage key="editar" rol="operador">
                <ProveedorFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'clientes', element: <ClientesListPage /> },
          {
            path: 'clientes/nuevo',
            element: (
              <RequireRolePage key="nuevo" rol="operador">
                <ClienteFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'clientes/:id', element: <ClienteDetailPage /> },
          {
            path: 'clientes/:id/editar',
            element: (
              <RequireRolePage key="editar" rol="operador">
                <ClienteFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'nodos', element: <NodosListPage /> },
          {
            path: 'nodos/nuevo',
            element: (
              <RequireRolePage key="nuevo" rol="operador">
                <NodoFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'nodos/:id', element: <NodoDetailPage /> },
          {
            path: 'nodos/:id/editar',
            element: (
              <RequireRolePage key="editar" rol="operador">
                <NodoFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'equipos', element: <EquiposListPage /> },
          {
            path: 'equipos/nuevo',
            element: (
              <RequireRolePage key="nuevo" rol="operador">
                <EquipoFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'equipos/:id', element: <EquipoDetailPage /> },
          {
            path: 'equipos/:id/editar',
            element: (
              <RequireRolePage key="editar" rol="operador">
                <EquipoFormPage />
              </RequireRolePage>
            ),
          },
          // Provider services ("Enlaces por proveedor"), with the spec's paths.
          { path: 'servicios', element: <ServiciosListPage /> },
          {
            path: 'servicios/crear',
            element: (
              <RequireRolePage key="crear" rol="operador">
                <ServicioFormPage />
              </RequireRolePage>
            ),
          },
          { path: 'servicios/detalle/:id', element: <ServicioDetallePage /> },
          {
            path: 'servicios/editar/:id',
            element: (
              <RequireRolePage key="editar" rol="operador">
                <ServicioFormPage />
              </RequireRolePage>
            ),
          },
          {
            path: 'admin/usuarios',
            element: (
              <RequireRolePage rol="admin">
                <UsuariosPage />
              </RequireRolePage>
            ),
          },
          // Every monitoring binding and its state; reading is for everyone, Sincronizar for operador.
          { path: 'monitoreo', element: <MonitoreoPage /> },
          {
            path: 'admin/tokens',
            element: (
              <RequireRolePage rol="admin">
                <TokensPage />
              </RequireRolePage>
            ),
          },
          {
            path: 'admin/actividad',
            element: (
              <RequireRolePage rol="admin">
                <ActividadPage />
              </RequireRolePage>
            ),
          },
          {
            path: 'admin/webhooks',
            element: (
              <RequireRolePage rol="admin">
                <WebhooksPage />
              </RequireRolePage>
            ),
          },
          {
            path: 'admin/webhooks/:id',
            element: (
              <RequireRolePage rol="admin">
                <WebhookDetailPage />
              </RequireRolePage>
            ),
          },
          { path: '*', element: <NotFoundView /> },
        ],
      },
    ],
  },
]);

function createQueryClient() {
  // Any UNAUTHORIZED (expired or closed session) sends the user to the login page and back afterwards.
  const onError = (error: unknown) => alPerderSesion(error, queryClient, (to, opts) => router.navigate(to, opts));
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change on retry (bad input, no session, not found); network blips might.
        retry: (failureCount, error) => {
          const status = errorHttpStatus(error);
          if (status !== undefined && status >= 400 && status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createTrpcClient);
  return (
    <trpc.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </trpc.Provider>
  );
}
