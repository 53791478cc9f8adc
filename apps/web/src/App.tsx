import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Rol } from '@troncal/domain/enums';
import { type ComponentType, lazy, type ReactNode, Suspense, useState } from 'react';
import { createBrowserRouter, type RouteObject, RouterProvider } from 'react-router';
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

/** A page only `rol` may open (others are told they lack permission); `key` remounts it between two routes. */
const soloPara = (rol: Rol, pagina: ReactNode, key?: string) => (
  <RequireRolePage key={key} rol={rol}>
    {pagina}
  </RequireRolePage>
);

/**
 * A record kind's four routes: the list at `ruta`, and below it the new, detail and edit pages. The
 * forms need operador; the `key` remounts the form when moving between "nuevo" and "editar" so no
 * state leaks between records.
 */
const rutasRegistro = (
  ruta: string,
  [nuevo, detalle, editar]: [string, string, string],
  [Lista, Detalle, Formulario]: [ComponentType, ComponentType, ComponentType],
): RouteObject[] => [
  { path: ruta, element: <Lista /> },
  { path: `${ruta}/${nuevo}`, element: soloPara('operador', <Formulario />, 'nuevo') },
  { path: `${ruta}/${detalle}`, element: <Detalle /> },
  { path: `${ruta}/${editar}`, element: soloPara('operador', <Formulario />, 'editar') },
];

/** A catalogue's routes: `/nodos`, `/nodos/nuevo`, `/nodos/:id`, `/nodos/:id/editar`. */
const rutasCatalogo = (ruta: string, Lista: ComponentType, Detalle: ComponentType, Formulario: ComponentType) =>
  rutasRegistro(ruta, ['nuevo', ':id', ':id/editar'], [Lista, Detalle, Formulario]);

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
            element: soloPara('operador', <ImportarPage />),
          },
          // Connections (enlaces): list, "Nueva servicio cliente", detail, edit.
          ...rutasRegistro(
            'conexiones',
            ['nueva', ':id', ':id/editar'],
            [ConexionesListPage, ConexionDetailPage, ConexionFormPage],
          ),
          // Reference data: list, new, detail, edit (see rutasCatalogo).
          ...rutasCatalogo('proveedores', ProveedoresListPage, ProveedorDetailPage, ProveedorFormPage),
          ...rutasCatalogo('clientes', ClientesListPage, ClienteDetailPage, ClienteFormPage),
          ...rutasCatalogo('nodos', NodosListPage, NodoDetailPage, NodoFormPage),
          ...rutasCatalogo('equipos', EquiposListPage, EquipoDetailPage, EquipoFormPage),
          // Provider services ("Enlaces por proveedor"), with the spec's paths.
          ...rutasRegistro(
            'servicios',
            ['crear', 'detalle/:id', 'editar/:id'],
            [ServiciosListPage, ServicioDetallePage, ServicioFormPage],
          ),
          {
            path: 'admin/usuarios',
            element: soloPara('admin', <UsuariosPage />),
          },
          // Every monitoring binding and its state; reading is for everyone, Sincronizar for operador.
          { path: 'monitoreo', element: <MonitoreoPage /> },
          {
            path: 'admin/tokens',
            element: soloPara('admin', <TokensPage />),
          },
          {
            path: 'admin/actividad',
            element: soloPara('admin', <ActividadPage />),
          },
          {
            path: 'admin/webhooks',
            element: soloPara('admin', <WebhooksPage />),
          },
          {
            path: 'admin/webhooks/:id',
            element: soloPara('admin', <WebhookDetailPage />),
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
